import type * as electron from 'electron';
import type { z } from 'zod';
import { fail, type Result } from '../../app/contract/result';
import type { InvokeEventPort, IpcMainPort } from './electron-ports';
import { isTrustedSender } from './sender-policy';

export interface SecureHandleLog {
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, err?: unknown): void;
}

type Assignable<T extends U, U> = T;
/** Fails to compile if Electron's real invoke event stops fitting the port the guard reads. */
export type RealInvokeEventFitsPort = Assignable<electron.IpcMainInvokeEvent, InvokeEventPort>;

/**
 * The only way this shell registers an IPC handler (security checklist item 17): the sender
 * frame is checked first, then the message envelope is parsed with `schema`, and only then does
 * `fn` run. Failures come back as a Result, never as a thrown error whose text Electron would
 * forward to the page. Returns a function that removes the handler.
 *
 * The first parameter is named `electron` on purpose: eslint-plugin-electron-security
 * recognises `electron.ipcMain.handle(…)` and then verifies the sender guard below, which it
 * could not do for an arbitrarily named injected object.
 */
export function secureHandle<S extends z.ZodType>(
  electron: { ipcMain: IpcMainPort },
  channel: string,
  schema: S,
  fn: (message: z.output<S>) => Promise<Result<unknown>>,
  log: SecureHandleLog,
): () => void {
  electron.ipcMain.handle(channel, async (event, message) => {
    if (!isTrustedSender(event.senderFrame)) {
      log.warn('IPC from an untrusted frame refused', {
        channel,
        frameUrl: event.senderFrame?.url.slice(0, 200) ?? null,
        subFrame: event.senderFrame ? event.senderFrame.parent !== null : null,
      });
      return fail('UNAUTHORIZED', 'This request did not come from the app window.');
    }
    const parsed = schema.safeParse(message);
    if (!parsed.success) return fail('INVALID_INPUT', `malformed message on ${channel}`);
    try {
      return await fn(parsed.data);
    } catch (err) {
      log.error(`IPC handler for ${channel} failed`, err);
      return fail('INTERNAL', 'Something went wrong inside the app. The details are in the log.');
    }
  });
  return () => electron.ipcMain.removeHandler(channel);
}
