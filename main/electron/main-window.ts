import { APP_ENTRY_URL } from './app-origin';
import type { WindowConstructorPort, WindowPort } from './electron-ports';
import { mainWindowOptions, type MainWindowSettings } from './window-options';

/**
 * The windows this shell opened. Events from the core go to these and nothing else, and a second
 * launch focuses the first of them.
 */
export class AppWindows {
  readonly #windows = new Set<WindowPort>();

  add(window: WindowPort): void {
    this.#windows.add(window);
    window.on('closed', () => this.#windows.delete(window));
  }

  *contents() {
    for (const window of this.#windows) if (!window.isDestroyed()) yield window.webContents;
  }

  first(): WindowPort | undefined {
    for (const window of this.#windows) if (!window.isDestroyed()) return window;
    return undefined;
  }

  get size(): number {
    return this.#windows.size;
  }
}

export interface OpenWindowLog {
  error(message: string, err?: unknown): void;
}

/** Creates the app window on the bundle origin; shown once painted to avoid a white flash. */
export function openMainWindow(
  electron: { BrowserWindow: WindowConstructorPort },
  windows: AppWindows,
  settings: MainWindowSettings,
  log: OpenWindowLog,
): WindowPort {
  const window = new electron.BrowserWindow(mainWindowOptions(settings));
  windows.add(window);
  window.once('ready-to-show', () => window.show());
  window.loadURL(APP_ENTRY_URL).catch((err: unknown) => log.error('loading the renderer failed', err));
  return window;
}
