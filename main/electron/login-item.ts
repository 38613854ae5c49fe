import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Optional start at login. macOS and Windows have Electron's login-item API; Linux desktops
 * follow the XDG autostart spec (a .desktop file in ~/.config/autostart), which Electron does
 * not write, so it is done here. The app starts hidden in the tray when launched this way.
 */

export const HIDDEN_ARG = '--hidden';

export type LoginItemPlan =
  | { kind: 'electron'; settings: { openAtLogin: boolean; openAsHidden: boolean; args: string[] } }
  | { kind: 'xdg-autostart'; file: string; contents: string | null }
  | { kind: 'unsupported'; reason: string };

export function loginItemPlan(opts: {
  platform: NodeJS.Platform;
  enabled: boolean;
  isPackaged: boolean;
  execPath: string;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
}): LoginItemPlan {
  if (!opts.isPackaged) return { kind: 'unsupported', reason: 'start at login is available in the installed app only' };
  if (opts.platform === 'darwin' || opts.platform === 'win32') {
    return { kind: 'electron', settings: { openAtLogin: opts.enabled, openAsHidden: true, args: [HIDDEN_ARG] } };
  }
  if (opts.platform === 'linux') {
    // An AppImage's execPath is inside a temporary mount; the stable path is in APPIMAGE.
    const exec = opts.env.APPIMAGE ?? opts.execPath;
    const configHome = opts.env.XDG_CONFIG_HOME || join(opts.home, '.config');
    return {
      kind: 'xdg-autostart',
      file: join(configHome, 'autostart', 'vtenext-mail-connector.desktop'),
      contents: opts.enabled ? autostartEntry(exec) : null,
    };
  }
  return { kind: 'unsupported', reason: `no start-at-login support on ${opts.platform}` };
}

/** Desktop Entry spec: Exec arguments with spaces or specials are double-quoted, with \ " ` $ escaped. */
export function autostartEntry(exec: string): string {
  const quoted = /[\s"'`$\\]/.test(exec) ? `"${exec.replace(/(["`$\\])/g, '\\$1')}"` : exec;
  return ['[Desktop Entry]', 'Type=Application', 'Name=vtenext Mail Connector', `Exec=${quoted} ${HIDDEN_ARG}`, 'X-GNOME-Autostart-enabled=true', 'NoDisplay=true', ''].join('\n');
}

export interface LoginItemElectron {
  app: { setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden: boolean; args: string[] }): void };
}

export async function applyLoginItem(electron: LoginItemElectron, plan: LoginItemPlan): Promise<void> {
  switch (plan.kind) {
    case 'electron':
      electron.app.setLoginItemSettings(plan.settings);
      return;
    case 'xdg-autostart':
      if (plan.contents === null) {
        await rm(plan.file, { force: true });
      } else {
        await mkdir(join(plan.file, '..'), { recursive: true });
        await writeFile(plan.file, plan.contents, { mode: 0o644 });
      }
      return;
    case 'unsupported':
      return;
  }
}
