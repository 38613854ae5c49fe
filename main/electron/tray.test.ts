import { describe, expect, it } from 'vitest';
import { createAppTray } from './tray';
import { TRAY_ICON_PX, trayIconPng } from './tray-icon';
import type { TrayAction, TrayIconState, TrayState } from './tray-model';
import { createElectronStandIn, StandInImage, type StandInMenu, StandInTray } from './test-support/electron-stand-in';

const base: TrayState = { online: true, syncing: false, paused: false, waiting: 0, attention: 0, recent: [], shelf: 'closed' };

describe('tray icons', () => {
  const states: TrayIconState[] = ['online', 'offline', 'syncing', 'waiting', 'attention'];

  it('are 32×32 RGBA PNGs, one distinct image per state', () => {
    const pngs = states.map(trayIconPng);
    for (const png of pngs) {
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(TRAY_ICON_PX);
      expect(png.readUInt32BE(20)).toBe(TRAY_ICON_PX);
      expect(png[25]).toBe(6); // colour type RGBA
    }
    expect(new Set(pngs.map((p) => p.toString('base64'))).size).toBe(states.length);
  });
});

describe('createAppTray (against the electron stand-in)', () => {
  const setup = () => {
    const electron = createElectronStandIn();
    const actions: TrayAction[] = [];
    const drops: string[][] = [];
    const tray = createAppTray(electron, base, { onAction: (a) => actions.push(a), onDropFiles: (f) => drops.push(f) });
    const [icon] = StandInTray.instances;
    return { tray, icon: icon!, actions, drops, menu: () => icon!.menu as StandInMenu };
  };

  it('shows the state icon at scale factor 2, the tooltip and the menu', () => {
    const { icon, menu } = setup();
    expect(icon.image).toBeInstanceOf(StandInImage);
    expect((icon.image as StandInImage).scaleFactor).toBe(2);
    expect((icon.image as StandInImage).png.equals(trayIconPng('online'))).toBe(true);
    expect(icon.toolTip).toBe('vtenext Mail Connector — Online');
    expect(menu().template.map((i) => i.label ?? i.type)).toEqual([
      'Online', 'separator', 'Link last email', 'separator', 'Open vtenext Mail Connector', 'Drop shelf', 'Pause sync', 'separator', 'Quit',
    ]);
  });

  it('menu items dispatch their actions', () => {
    const { menu, actions } = setup();
    menu().press('Pause sync');
    menu().press('Quit');
    menu().press('Open vtenext Mail Connector');
    expect(actions).toEqual([{ type: 'toggle-pause' }, { type: 'quit' }, { type: 'open-window' }]);
  });

  it('re-renders on change, and an unchanged state costs nothing', () => {
    const { tray, icon, menu } = setup();
    const before = icon.updates;
    tray.update({ ...base });
    expect(icon.updates).toBe(before);
    tray.update({ ...base, attention: 2, recent: [{ id: 'm1', subject: 'Offer', from: 'Ada' }] });
    expect(icon.updates).toBe(before + 1);
    expect((icon.image as StandInImage).png.equals(trayIconPng('attention'))).toBe(true);
    expect(icon.title).toBe('2!');
    expect(menu().item(/^Link last email/).label).toBe('Link last email: Offer');
  });

  it('hands files dropped on the icon (macOS) to the intake, and a click opens the window', () => {
    const { icon, drops, actions } = setup();
    icon.dropFiles(['/Users/a/Desktop/Offer.eml']);
    icon.click();
    expect(drops).toEqual([['/Users/a/Desktop/Offer.eml']]);
    expect(actions).toEqual([{ type: 'open-window' }]);
  });
});
