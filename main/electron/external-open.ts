import type * as electron from 'electron';
import { isSafeExternalUrl } from './external-url';

export interface ExternalOpenPorts {
  shell: { openExternal(url: string): Promise<void> };
  dialog: { showMessageBox(options: electron.MessageBoxOptions): Promise<{ response: number }> };
}

type Assignable<T extends U, U> = T;
/** Fails to compile if Electron's real shell/dialog stop fitting these ports (nothing passes them in yet). */
export type RealElectronFitsExternalOpenPorts = Assignable<Pick<typeof electron, 'shell' | 'dialog'>, ExternalOpenPorts>;

export type ExternalOpenOutcome = 'opened' | 'refused' | 'cancelled';

/**
 * The one way the app hands a URL to the OS (checklist item 15), for "open this record in the
 * CRM" and links in an email: the URL must pass isSafeExternalUrl and the user must confirm,
 * seeing the full URL, because a link's text in an email says nothing about where it goes.
 * Not wired to a contract call yet: the call that needs it will come with the CRM link feature.
 *
 * The parameter is named `electron` so eslint-plugin-electron-security sees
 * `electron.shell.openExternal` and checks the URL guard before it.
 */
export async function openExternalWithConsent(electron: ExternalOpenPorts, url: unknown): Promise<ExternalOpenOutcome> {
  if (!isSafeExternalUrl(url)) return 'refused';
  const { response } = await electron.dialog.showMessageBox({
    type: 'question',
    buttons: ['Open', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
    message: 'Open this link outside the app?',
    detail: url,
  });
  if (response !== 0) return 'cancelled';
  await electron.shell.openExternal(url);
  return 'opened';
}
