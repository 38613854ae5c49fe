import type { MenuItemConstructorOptions } from 'electron';
import { trayIconPng } from './tray-icon';
import { trayModel, type TrayAction, type TrayIconState, type TrayMenuItem, type TrayState } from './tray-model';

/** The slices of Tray, Menu and nativeImage the tray needs (see electron-ports.ts for why). */
export interface TrayPort<Image, MenuT> {
  setImage(image: Image): void;
  setToolTip(text: string): void;
  setTitle(title: string): void;
  setContextMenu(menu: MenuT): void;
  on(event: 'drop-files', listener: (event: unknown, files: string[]) => void): unknown;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

/** Generic over Electron's NativeImage and Menu, which the shell only passes along. */
export interface TrayElectron<Image = unknown, MenuT = unknown> {
  Tray: new (image: Image) => TrayPort<Image, MenuT>;
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): MenuT };
  nativeImage: { createFromBuffer(buffer: Buffer, options: { scaleFactor: number }): Image };
}

export interface TrayHandlers {
  onAction(action: TrayAction): void;
  /** Files dropped on the icon (macOS only: other platforms' tray icons are no drop targets). */
  onDropFiles(paths: string[]): void;
}

export function menuTemplate(items: readonly TrayMenuItem[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.kind === 'separator') return { type: 'separator' };
    const { action } = item;
    return {
      type: item.kind === 'checkbox' ? 'checkbox' : 'normal',
      label: item.label ?? '',
      enabled: item.enabled ?? true,
      ...(item.kind === 'checkbox' ? { checked: item.checked ?? false } : {}),
      ...(action ? { click: () => onAction(action) } : {}),
    };
  });
}

export interface AppTray {
  update(state: TrayState): void;
  destroy(): void;
}

/** Creates the tray icon and re-renders it from `TrayState`; skips work when nothing changed. */
export function createAppTray<Image, MenuT>(electron: TrayElectron<Image, MenuT>, initial: TrayState, handlers: TrayHandlers): AppTray {
  const images = new Map<TrayIconState, Image>();
  const image = (state: TrayIconState) => {
    let img = images.get(state);
    if (!img) {
      img = electron.nativeImage.createFromBuffer(trayIconPng(state), { scaleFactor: 2 });
      images.set(state, img);
    }
    return img;
  };
  const first = trayModel(initial);
  const tray = new electron.Tray(image(first.icon));
  tray.on('drop-files', (_event, files) => handlers.onDropFiles(files));
  // On Windows a left click is how people open a tray app; elsewhere it opens the menu anyway.
  tray.on('click', () => handlers.onAction({ type: 'open-window' }));
  let shown = '';
  const render = (state: TrayState) => {
    const view = trayModel(state);
    const key = JSON.stringify(view);
    if (key === shown) return;
    shown = key;
    tray.setImage(image(view.icon));
    tray.setToolTip(view.tooltip);
    tray.setTitle(view.title);
    tray.setContextMenu(electron.Menu.buildFromTemplate(menuTemplate(view.menu, handlers.onAction)));
  };
  render(initial);
  return { update: render, destroy: () => tray.destroy() };
}
