import type { BrowserWindowConstructorOptions } from 'electron';
import type { PreventableEventPort, WindowPort } from './electron-ports';
import type { AppWindows, OpenWindowLog } from './main-window';

export interface PopupWindowPort extends WindowPort {
  on(event: 'closed' | 'blur', listener: () => void): unknown;
  on(event: 'close', listener: (event: PreventableEventPort) => void): unknown;
  hide(): void;
  isVisible(): boolean;
}

export type PopupConstructorPort = new (options: BrowserWindowConstructorOptions) => PopupWindowPort;

export interface Popup {
  show(): void;
  hide(): void;
  toggle(): void;
  readonly visible: boolean;
  /** Lets the window really close (app quit); until then a close only hides it. */
  release(): void;
}

/**
 * A small window created on first use and kept hidden between uses, so the shortcut opens it
 * without a cold start. The page dismisses itself with window.close() (Esc); that close is turned
 * into a hide here, which keeps the page's state and needs no extra IPC call.
 */
export function createPopup(
  electron: { BrowserWindow: PopupConstructorPort },
  windows: AppWindows,
  spec: { options: BrowserWindowConstructorOptions; url: string; hideOnBlur: boolean },
  log: OpenWindowLog,
): Popup {
  let window: PopupWindowPort | undefined;
  let releasing = false;

  const ensure = (): PopupWindowPort => {
    if (window && !window.isDestroyed()) return window;
    const created = new electron.BrowserWindow(spec.options);
    windows.add(created);
    created.on('close', (event) => {
      if (releasing) return;
      event.preventDefault();
      created.hide();
    });
    if (spec.hideOnBlur) created.on('blur', () => created.hide());
    created.on('closed', () => {
      if (window === created) window = undefined;
    });
    created.loadURL(spec.url).catch((err: unknown) => log.error(`loading ${spec.url} failed`, err));
    window = created;
    return created;
  };

  const popup: Popup = {
    show() {
      const w = ensure();
      w.show();
      w.focus();
    },
    hide() {
      if (window && !window.isDestroyed()) window.hide();
    },
    toggle() {
      if (popup.visible) popup.hide();
      else popup.show();
    },
    get visible() {
      return window !== undefined && !window.isDestroyed() && window.isVisible();
    },
    release() {
      releasing = true;
    },
  };
  return popup;
}
