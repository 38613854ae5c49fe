import type { ShellHandlers } from '../../app/api/handlers';
import type { DesktopView } from '../../app/contract/desktop';
import { AppError } from '../../app/errors';

/** Browser mode has no tray, palette, shelf, watch folder or start at login: it says so. */
export const UNAVAILABLE_DESKTOP: DesktopView = {
  available: false,
  settings: {
    paletteShortcut: null,
    watchFolder: null,
    dropShelf: false,
    startAtLogin: false,
    notifyDelivered: false,
    notifyAttention: false,
    paused: false,
  },
  shortcut: { state: 'off' },
  watch: { state: 'off' },
  features: { trayDrop: false, shelf: false, startAtLogin: 'unsupported' },
};

function notHere(): never {
  throw new AppError('NOT_AVAILABLE', 'This is part of the desktop app; it is not available in browser mode.');
}

/**
 * The shell's own calls where there is no desktop integration: browser mode, or an Electron app
 * whose tray and palette failed to start. Reading says "unavailable"; changing is refused.
 */
export function unavailableShellHandlers(): ShellHandlers {
  return {
    'desktop.get': async () => UNAVAILABLE_DESKTOP,
    'desktop.update': async () => notHere(),
    'desktop.chooseWatchFolder': async () => notHere(),
    // A web page must never make the app read files by path.
    'mail.importPaths': async () => notHere(),
  };
}
