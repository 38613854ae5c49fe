import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_ORIGIN } from './app-origin';
import { mainWindowOptions, type MainWindowSettings } from './window-options';

/**
 * The two small windows beside the main one. Both run the same bundle origin under the same
 * sandboxed, isolated preferences as the main window — they are taken from mainWindowOptions,
 * not restated, so hardening one hardens all.
 */
export const PALETTE_URL = `${APP_ORIGIN}/palette/palette.html`;
export const SHELF_URL = `${APP_ORIGIN}/palette/shelf.html`;

function securePreferences(settings: MainWindowSettings): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return { ...mainWindowOptions(settings).webPreferences, backgroundThrottling: false };
}

/** What the palette and the shelf share: small, frameless, always on top, out of the taskbar. */
const POPUP_FRAME = {
  show: false,
  frame: false,
  resizable: false,
  minimizable: false,
  maximizable: false,
  fullscreenable: false,
  skipTaskbar: true,
  alwaysOnTop: true,
} as const satisfies BrowserWindowConstructorOptions;

export function paletteWindowOptions(settings: MainWindowSettings): BrowserWindowConstructorOptions {
  return {
    ...POPUP_FRAME,
    width: 560,
    height: 380,
    title: 'Quick link',
    backgroundColor: '#ffffff',
    webPreferences: securePreferences(settings),
  };
}

/** A small always-on-top target for drops where the tray icon cannot take them (Windows, Linux). */
export function shelfWindowOptions(settings: MainWindowSettings): BrowserWindowConstructorOptions {
  return {
    ...POPUP_FRAME,
    width: 132,
    height: 132,
    title: 'Drop emails here',
    backgroundColor: '#1f5fbf',
    webPreferences: securePreferences(settings),
  };
}
