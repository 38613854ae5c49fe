import { z } from 'zod';
import type { EmitEvent } from '../../app/api/handlers';
import type { Dispatch } from '../../app/api/dispatch';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../app/contract/bridge';
import { isAppUrl } from './app-origin';
import type { IpcMainPort, SenderContentsPort } from './electron-ports';
import { secureHandle, type SecureHandleLog } from './secure-handle';

/**
 * The envelope the preload sends on the call channel. Only its shape is checked here; the
 * shared dispatcher then checks the name against the contract and the input against its schema.
 */
export const CallEnvelope = z
  .object({ name: z.string().min(1).max(100), input: z.unknown() })
  .strict();

/** Wires the contract's single call channel to the shared dispatcher. Returns an unregister function. */
export function registerConnectorIpc(electron: { ipcMain: IpcMainPort }, dispatch: Dispatch, log: SecureHandleLog): () => void {
  return secureHandle(electron, IPC_CALL_CHANNEL, CallEnvelope, ({ name, input }) => dispatch(name, input), log);
}

/**
 * How the core's events reach the renderer: only the webContents of windows this shell opened,
 * and only while they still show the bundle, so an event never lands in a destroyed window or a
 * page that somehow left the app origin.
 */
export function createEventSink(appContents: () => Iterable<SenderContentsPort>): EmitEvent {
  return (name, payload) => {
    for (const contents of appContents()) {
      if (contents.isDestroyed() || !isAppUrl(contents.getURL())) continue;
      contents.send(IPC_EVENT_CHANNEL, { name, payload });
    }
  };
}
