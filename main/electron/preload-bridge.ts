import { fail, isCallName, isEventName, type CallName, type EventName, type Result } from '../../app/contract/plain';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type ConnectorBridge } from '../../app/contract/bridge';

/**
 * The preload's whole job (security checklist items 3 and 20): hand the page a frozen object
 * with exactly the contract's `call` and `on`, each bound to one fixed channel. The page never
 * sees ipcRenderer, a channel name or an IpcRendererEvent.
 */

export interface IpcRendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface ContextBridgePort {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

export const BRIDGE_GLOBAL = 'connector';

function isEventEnvelope(message: unknown): message is { name: EventName; payload: unknown } {
  return typeof message === 'object' && message !== null && 'name' in message && isEventName(message.name);
}

export function createConnectorBridge(ipcRenderer: IpcRendererPort): ConnectorBridge {
  const bridge: ConnectorBridge = {
    async call(name: CallName, input: unknown): Promise<Result<unknown>> {
      if (!isCallName(name)) return fail('UNKNOWN_CALL', `unknown call ${String(name).slice(0, 80)}`);
      try {
        return (await ipcRenderer.invoke(IPC_CALL_CHANNEL, { name, input })) as Result<unknown>;
      } catch {
        // Electron rejects with its own wrapper text when main has no handler or crashed mid-call.
        return fail('INTERNAL', 'The app core did not answer.');
      }
    },
    on(event: EventName, listener: (payload: unknown) => void): () => void {
      if (!isEventName(event)) throw new TypeError(`unknown event ${String(event).slice(0, 80)}`);
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      const relay = (_ipcEvent: unknown, message: unknown) => {
        if (isEventEnvelope(message) && message.name === event) listener(message.payload);
      };
      ipcRenderer.on(IPC_EVENT_CHANNEL, relay);
      return () => {
        ipcRenderer.removeListener(IPC_EVENT_CHANNEL, relay);
      };
    },
  };
  return Object.freeze(bridge);
}

export function exposeConnectorBridge(contextBridge: ContextBridgePort, ipcRenderer: IpcRendererPort): void {
  contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createConnectorBridge(ipcRenderer));
}
