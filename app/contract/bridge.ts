import type { CallName, EventName } from './api';
import type { Result } from './result';

/**
 * The only object the renderer gets from a shell. In Electron the preload exposes it as
 * `window.connector` through contextBridge; in browser mode the renderer builds one over the
 * loopback WebSocket. Both carry exactly the contract's calls and events, nothing else.
 */
export interface ConnectorBridge {
  call(name: CallName, input: unknown): Promise<Result<unknown>>;
  /** Returns an unsubscribe function. Listeners receive the payload only, never a transport event. */
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** IPC channel names, fixed: one for calls, one for events. */
export const IPC_CALL_CHANNEL = 'connector:call';
export const IPC_EVENT_CHANNEL = 'connector:event';
