import type { Handlers } from '../../app/api/handlers';
import type { Logger } from '../../app/log';
import { applyLoginItem, loginItemPlan, type LoginItemElectron } from './login-item';
import type { AppWindows } from './main-window';
import { notificationsFor, showNotification, type NotificationElectron } from './notifications';
import { setPaletteShortcut, type GlobalShortcutPort, type ShortcutStatus } from './palette-shortcut';
import { importPaths, type PathImportOutcome } from './path-intake';
import { createPopup, type Popup, type PopupConstructorPort } from './popup-window';
import { paletteWindowOptions, PALETTE_URL, SHELF_URL, shelfWindowOptions } from './popup-windows';
import type { DesktopSettingsStore } from './desktop-settings';
import type { DesktopStatus } from './desktop-status';
import { createAppTray, type AppTray, type TrayElectron } from './tray';
import type { TrayAction } from './tray-model';
import { watchFolder, type WatchFolder } from './watch-folder';
import type { MainWindowSettings } from './window-options';

/**
 * Everything that makes the shell a desktop citizen beyond its main window: tray, quick-link
 * palette behind a global shortcut, drop shelf, watch folder, files handed over by the OS,
 * notifications and start at login. Built once by main.ts after the core is up.
 */

export interface DesktopElectron<Image = unknown, MenuT = unknown> extends TrayElectron<Image, MenuT>, NotificationElectron, LoginItemElectron {
  BrowserWindow: PopupConstructorPort;
  globalShortcut: GlobalShortcutPort;
}

export type WatchStatus = { state: 'off' } | { state: 'watching'; dir: string } | { state: 'failed'; dir: string; reason: string };

export interface DesktopDeps {
  handlers: Pick<Handlers, 'mail.list' | 'mail.import' | 'outbox.status' | 'outbox.setPaused'>;
  status: DesktopStatus;
  settings: DesktopSettingsStore;
  windows: AppWindows;
  window: MainWindowSettings;
  showMainWindow(): void;
  /** Asks the window to show one captured email (the `desktop.showMail` event). */
  showMail?(id: string): void;
  isAppFocused(): boolean;
  quit(): void;
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  isPackaged: boolean;
  execPath: string;
  userHome: string;
  log: Logger;
}

export interface DesktopShell {
  /** Files from the command line, a second launch, macOS open-file, a tray drop or the watch folder. */
  openFiles(paths: readonly string[]): Promise<PathImportOutcome[]>;
  readonly shortcut: ShortcutStatus;
  setShortcut(accelerator: string | null): ShortcutStatus;
  readonly watch: WatchStatus;
  setWatchFolder(dir: string | null): WatchStatus;
  setDropShelf(open: boolean): void;
  setStartAtLogin(enabled: boolean): Promise<void>;
  setPaused(paused: boolean): void;
  showPalette(): void;
  /**
   * Lets the palette and shelf really close. Must run on 'before-quit': Electron closes every
   * window before 'will-quit', and a window whose close is prevented (ours hide instead) cancels
   * the quit.
   */
  prepareQuit(): void;
  dispose(): void;
}

export async function startDesktop<Image, MenuT>(electron: DesktopElectron<Image, MenuT>, deps: DesktopDeps): Promise<DesktopShell> {
  const { status, settings, log } = deps;
  // macOS tray icons take file drops; elsewhere a shelf window stands in (market-research §4).
  const shelfAvailable = deps.platform !== 'darwin';
  const palette: Popup = createPopup(electron, deps.windows, { options: paletteWindowOptions(deps.window), url: PALETTE_URL, hideOnBlur: true }, log);
  const shelf: Popup | null = shelfAvailable
    ? createPopup(electron, deps.windows, { options: shelfWindowOptions(deps.window), url: SHELF_URL, hideOnBlur: false }, log)
    : null;

  const openFiles = async (paths: readonly string[]) => {
    const outcomes = await importPaths(paths, (fileName, bytes) => deps.handlers['mail.import']({ fileName, bytes }));
    for (const o of outcomes) if (!o.ok) log.warn('a file handed to the app was not imported', { code: o.code, message: o.message });
    return outcomes;
  };

  let shortcut: ShortcutStatus = { state: 'off' };
  const setShortcut = (accelerator: string | null) => {
    shortcut = setPaletteShortcut(electron.globalShortcut, shortcut, accelerator, deps, () => palette.show());
    if (shortcut.state === 'failed') log.warn('the quick-link shortcut is not available', { accelerator: shortcut.accelerator, reason: shortcut.reason });
    return shortcut;
  };

  let watcher: WatchFolder | undefined;
  let watch: WatchStatus = { state: 'off' };
  const setWatchFolder = (dir: string | null) => {
    watcher?.close();
    watcher = undefined;
    if (dir === null) return (watch = { state: 'off' });
    watch = { state: 'watching', dir };
    watcher = watchFolder({
      dir,
      initialScan: true,
      onFile: (path) => void openFiles([path]),
      onError: (err) => {
        watch = { state: 'failed', dir, reason: err.message };
        log.warn('the watch folder stopped', { dir, reason: err.message });
      },
    });
    return watch;
  };

  const setDropShelf = (open: boolean) => {
    if (!shelf) return;
    if (open) shelf.show();
    else shelf.hide();
    status.setShelf(open ? 'open' : 'closed');
  };

  const setPaused = (paused: boolean) => {
    settings.update({ paused });
    status.setPaused(paused);
    void deps.handlers['outbox.setPaused']({ paused }).catch((err: unknown) => log.error('pausing the outbox failed', err));
  };

  const onAction = (action: TrayAction) => {
    switch (action.type) {
      case 'open-mail':
        deps.showMainWindow();
        deps.showMail?.(action.id);
        return;
      case 'open-window':
      case 'show-attention':
        deps.showMainWindow();
        return;
      case 'link-last':
        palette.show();
        return;
      case 'toggle-pause':
        setPaused(!status.state.paused);
        return;
      case 'toggle-shelf': {
        const open = status.state.shelf !== 'open';
        settings.update({ dropShelf: open });
        setDropShelf(open);
        return;
      }
      case 'quit':
        deps.quit();
        return;
    }
  };

  status.setPaused(settings.value.paused);
  // A pause chosen in an earlier session holds from the start: the core starts its sender otherwise.
  if (settings.value.paused) void deps.handlers['outbox.setPaused']({ paused: true }).catch((err: unknown) => log.error('pausing the outbox failed', err));
  status.setShelf(shelfAvailable ? 'closed' : 'unavailable');
  try {
    status.seed(await deps.handlers['mail.list']({}));
    const outbox = await deps.handlers['outbox.status']({});
    status.setQueue({ online: outbox.online, waiting: outbox.waiting, attention: outbox.needsAttention });
  } catch (err) {
    log.error('could not read the inbox and outbox for the tray', err);
  }

  const tray: AppTray = createAppTray(electron, status.state, { onAction, onDropFiles: (files) => void openFiles(files) });
  let previous = status.state;
  const unsubscribe = status.subscribe((next) => {
    tray.update(next);
    const prefs = { delivered: settings.value.notifyDelivered, attention: settings.value.notifyAttention };
    for (const n of notificationsFor(previous, next, { prefs, appFocused: deps.isAppFocused() })) {
      showNotification(electron, n, () => deps.showMainWindow());
    }
    previous = next;
  });

  setShortcut(settings.value.paletteShortcut);
  setWatchFolder(settings.value.watchFolder);
  if (settings.value.dropShelf) setDropShelf(true);

  const setStartAtLogin = async (enabled: boolean) => {
    settings.update({ startAtLogin: enabled });
    await applyLoginItem(electron, loginItemPlan({ ...deps, enabled, home: deps.userHome }));
  };
  if (settings.value.startAtLogin) await setStartAtLogin(true).catch((err: unknown) => log.error('start at login could not be set', err));

  return {
    openFiles,
    get shortcut() {
      return shortcut;
    },
    setShortcut: (accelerator) => {
      settings.update({ paletteShortcut: accelerator });
      return setShortcut(accelerator);
    },
    get watch() {
      return watch;
    },
    setWatchFolder: (dir) => {
      settings.update({ watchFolder: dir });
      return setWatchFolder(dir);
    },
    setDropShelf: (open) => {
      settings.update({ dropShelf: open });
      setDropShelf(open);
    },
    setStartAtLogin,
    setPaused,
    showPalette: () => palette.show(),
    prepareQuit() {
      palette.release();
      shelf?.release();
    },
    dispose() {
      unsubscribe();
      setPaletteShortcut(electron.globalShortcut, shortcut, null, deps, () => {});
      watcher?.close();
      palette.release();
      shelf?.release();
      tray.destroy();
    },
  };
}
