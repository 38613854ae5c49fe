import { describe, expect, it } from 'vitest';
import { AppWindows } from './main-window';
import { paletteWindowOptions, PALETTE_URL, SHELF_URL, shelfWindowOptions } from './popup-windows';
import { createPopup } from './popup-window';
import { createElectronStandIn, StandInWindow } from './test-support/electron-stand-in';
import { mainWindowOptions } from './window-options';

const settings = { preloadPath: '/app/dist/electron/preload.cjs', devTools: false };
const log = { error: () => {} };

describe('palette and shelf window options', () => {
  it.each([
    ['palette', paletteWindowOptions(settings)],
    ['shelf', shelfWindowOptions(settings)],
  ])('%s: the main window’s hardened preferences, small, frameless, on top, off the taskbar', (_name, options) => {
    expect(options.webPreferences).toEqual({ ...mainWindowOptions(settings).webPreferences, backgroundThrottling: false });
    expect(options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, devTools: false });
    expect(options).toMatchObject({ frame: false, alwaysOnTop: true, skipTaskbar: true, show: false, resizable: false });
    expect(options.width).toBeLessThanOrEqual(560);
  });

  it('load pages of the bundle origin', () => {
    expect(PALETTE_URL).toBe('app://bundle/palette/palette.html');
    expect(SHELF_URL).toBe('app://bundle/palette/shelf.html');
  });
});

describe('createPopup (against the stand-in)', () => {
  const setup = (hideOnBlur: boolean) => {
    const electron = createElectronStandIn();
    const windows = new AppWindows();
    const popup = createPopup(electron, windows, { options: paletteWindowOptions(settings), url: PALETTE_URL, hideOnBlur }, log);
    return { popup, windows };
  };

  it('creates its window on first show only, and reuses it', () => {
    const { popup, windows } = setup(true);
    expect(StandInWindow.instances).toHaveLength(0);
    popup.show();
    popup.hide();
    popup.show();
    expect(StandInWindow.instances).toHaveLength(1);
    const [w] = StandInWindow.instances;
    expect(w!.webContents.getURL()).toBe(PALETTE_URL);
    expect(w!.focused).toBe(true);
    expect(popup.visible).toBe(true);
    expect(windows.size).toBe(1); // events from the core reach it like any app window
  });

  it('the page’s window.close() (Esc) hides instead of destroying; blur hides the palette', () => {
    const { popup } = setup(true);
    popup.show();
    const [w] = StandInWindow.instances;
    expect(w!.requestClose().prevented).toBe(true);
    expect(popup.visible).toBe(false);
    popup.show();
    w!.blur();
    expect(popup.visible).toBe(false);
    expect(w!.destroyed).toBe(false);
  });

  it('the shelf stays put on blur; toggle flips it', () => {
    const { popup } = setup(false);
    popup.toggle();
    StandInWindow.instances[0]!.blur();
    expect(popup.visible).toBe(true);
    popup.toggle();
    expect(popup.visible).toBe(false);
  });

  it('after release (quitting) a close really closes, and a later show makes a new window', () => {
    const { popup } = setup(true);
    popup.show();
    popup.release();
    expect(StandInWindow.instances[0]!.requestClose().prevented).toBe(false);
    expect(popup.visible).toBe(false);
    popup.show();
    expect(StandInWindow.instances).toHaveLength(2);
  });
});
