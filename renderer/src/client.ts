import { calls, type CallInput, type CallName, type CallOutput, type EventName, type EventPayload, events } from '../../app/contract/api';
import type { ConnectorBridge } from '../../app/contract/bridge';
import type { Result } from '../../app/contract/result';
import { createWebSocketBridge, takeToken } from './bridge-ws';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    connector?: ConnectorBridge;
    /** Electron only: the path of a dropped file, so the core copies it before the mail client deletes it. */
    connectorFiles?: { pathForFile(file: File): string };
  }
}

/**
 * The renderer's typed view of the contract. Outputs are validated here too: a shell bug
 * should surface as a clear error, not as undefined deep inside a component.
 */
export interface Client {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<Result<CallOutput<K>>>;
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
}

export function createClient(bridge: ConnectorBridge): Client {
  return {
    async call(name, input) {
      const result = await bridge.call(name, input);
      if (!result.ok) return result;
      const parsed = calls[name].output.safeParse(result.value);
      if (!parsed.success) return { ok: false, error: { code: 'INTERNAL', message: `unexpected answer to ${name}` } };
      return { ok: true, value: parsed.data as CallOutput<typeof name> };
    },
    on(event, listener) {
      return bridge.on(event, (payload) => {
        const parsed = events[event].safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<typeof event>);
      });
    },
  };
}

export function connectToShell(): Client | null {
  if (window.connector) return createClient(window.connector);
  const token = takeToken();
  return token ? createClient(createWebSocketBridge(token)) : null;
}
