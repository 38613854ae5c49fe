import { isAbsolute } from 'node:path';
import type { DesktopSettingsStore } from './desktop-settings';
import type { DesktopShell } from './desktop-shell';
import type { DesktopUpdate, DesktopView } from './desktop-contract';
import { loginItemPlan } from './login-item';
import type { PathImportOutcome } from './path-intake';

export function desktopFeatures(platform: NodeJS.Platform, isPackaged: boolean): DesktopView['features'] {
  const plan = loginItemPlan({ platform, enabled: true, isPackaged, execPath: '', env: {}, home: '' });
  return { trayDrop: platform === 'darwin', shelf: platform !== 'darwin', startAtLogin: plan.kind === 'unsupported' ? 'unsupported' : plan.kind };
}

/**
 * The shell's side of the proposed calls (desktop-contract.ts). Plain async functions keyed by
 * the proposed names, so once the names are in the contract main.ts can hand
 * `{ ...core.handlers, ...desktopHandlers }` to the dispatcher, which validates inputs first.
 */

export interface FolderDialogPort {
  showOpenDialog(options: { title: string; properties: Array<'openDirectory' | 'createDirectory'> }): Promise<{ canceled: boolean; filePaths: string[] }>;
}

export interface DesktopHandlerDeps {
  desktop: DesktopShell;
  settings: DesktopSettingsStore;
  features: DesktopView['features'];
  dialog: FolderDialogPort;
  /** Pushes `desktop.changed` to the windows. */
  changed(view: DesktopView): void;
}

export function createDesktopHandlers(deps: DesktopHandlerDeps) {
  const view = (): DesktopView => ({ available: true, settings: deps.settings.value, shortcut: deps.desktop.shortcut, watch: deps.desktop.watch, features: deps.features });
  const announce = () => {
    const v = view();
    deps.changed(v);
    return v;
  };
  return {
    'desktop.get': async (): Promise<DesktopView> => view(),
    'desktop.update': async (patch: DesktopUpdate): Promise<DesktopView> => {
      if (patch.paletteShortcut !== undefined) deps.desktop.setShortcut(patch.paletteShortcut);
      if (patch.watchFolder === null) deps.desktop.setWatchFolder(null);
      if (patch.dropShelf !== undefined) deps.desktop.setDropShelf(patch.dropShelf);
      if (patch.startAtLogin !== undefined) await deps.desktop.setStartAtLogin(patch.startAtLogin);
      if (patch.paused !== undefined) deps.desktop.setPaused(patch.paused);
      const notify = {
        ...(patch.notifyDelivered !== undefined ? { notifyDelivered: patch.notifyDelivered } : {}),
        ...(patch.notifyAttention !== undefined ? { notifyAttention: patch.notifyAttention } : {}),
      };
      if (Object.keys(notify).length > 0) deps.settings.update(notify);
      return announce();
    },
    'desktop.chooseWatchFolder': async (): Promise<DesktopView> => {
      const picked = await deps.dialog.showOpenDialog({ title: 'Choose the folder to watch for saved emails', properties: ['openDirectory', 'createDirectory'] });
      const dir = picked.filePaths[0];
      if (!picked.canceled && dir) deps.desktop.setWatchFolder(dir);
      return announce();
    },
    /** Only absolute paths to mail files are read (path-intake.ts filters further); the rest are refused unread. */
    'mail.importPaths': async ({ paths }: { paths: string[] }): Promise<PathImportOutcome[]> => {
      const imported = await deps.desktop.openFiles(paths.filter((p) => isAbsolute(p)));
      return paths.map((path): PathImportOutcome => {
        if (!isAbsolute(path)) return { path, ok: false, code: 'INVALID_INPUT', message: 'not an absolute path' };
        return imported.shift()!;
      });
    },
  };
}
