import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventName, EventPayload } from '../../app/contract/api';
import { createCore, type Core } from '../../app/core';
import type { Logger } from '../../app/log';
import { DesktopUpdate, DesktopView, ImportPathsInput, ImportPathsOutput } from './desktop-contract';
import { createDesktopHandlers, desktopFeatures } from './desktop-handlers';
import { DesktopSettingsStore } from './desktop-settings';
import { startDesktop, type DesktopShell } from './desktop-shell';
import { DesktopStatus } from './desktop-status';
import { AppWindows } from './main-window';
import { PALETTE_URL, SHELF_URL } from './popup-windows';
import { createElectronStandIn, type StandInMenu, StandInNotification, StandInTray, StandInWindow } from './test-support/electron-stand-in';

/** The desktop integration against the electron stand-in and the real core (real parser process). */
describe('startDesktop', () => {
  const electron = createElectronStandIn();
  const warnings: string[] = [];
  const log: Logger = { info: () => {}, warn: (m) => warnings.push(m), error: () => {} };
  let home: string;
  let userHome: string;
  let watchDir: string;
  let core: Core;
  let desktop: DesktopShell;
  const status = new DesktopStatus('closed');
  let mainShown = 0;
  let quit = 0;
  const tray = () => StandInTray.instances[0]!;
  const menu = () => tray().menu as StandInMenu;
  const eml = (subject: string) => `From: Ada <ada@example.com>\r\nTo: b@example.com\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@x>\r\n\r\nbody\r\n`;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'desktop-home-'));
    userHome = mkdtempSync(join(tmpdir(), 'desktop-user-'));
    watchDir = join(userHome, 'CRM drop');
    mkdirSync(watchDir);
    const settings = new DesktopSettingsStore(home, log);
    settings.update({ watchFolder: watchDir, paletteShortcut: 'Ctrl+Alt+K', startAtLogin: true });
    core = await createCore({
      home,
      shell: 'electron',
      log,
      emit: <K extends EventName>(name: K, payload: EventPayload<K>) => status.onEvent(name, payload),
    });
    desktop = await startDesktop(electron, {
      handlers: core.handlers,
      status,
      settings,
      windows: new AppWindows(),
      window: { preloadPath: '/app/preload.cjs', devTools: false },
      showMainWindow: () => mainShown++,
      isAppFocused: () => false,
      quit: () => quit++,
      platform: 'linux',
      env: { XDG_SESSION_TYPE: 'x11', XDG_CONFIG_HOME: join(userHome, '.config') },
      isPackaged: true,
      execPath: '/opt/connector/connector',
      userHome,
      log,
    });
  });

  afterAll(async () => {
    desktop.dispose();
    await core.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(userHome, { recursive: true, force: true });
  });

  it('starts with a tray, the saved shortcut registered, the shelf offered (not darwin), login item written', () => {
    expect(StandInTray.instances).toHaveLength(1);
    expect(desktop.shortcut).toEqual({ state: 'registered', accelerator: 'Ctrl+Alt+K' });
    expect(menu().item('Drop shelf').checked).toBe(false);
    expect(desktop.watch).toEqual({ state: 'watching', dir: watchDir });
    expect(existsSync(join(userHome, '.config', 'autostart', 'vtenext-mail-connector.desktop'))).toBe(true);
  });

  it('a file dropped on the tray (or handed over by the OS) is imported and becomes the last email', async () => {
    const path = join(userHome, 'Offer.eml');
    writeFileSync(path, eml('Offer 2026'));
    tray().dropFiles([path]);
    await vi.waitFor(() => expect(menu().item(/^Link last email/).label).toBe('Link last email: Offer 2026'), { timeout: 20_000 });
    const outcomes = await desktop.openFiles([join(userHome, 'notes.txt')]);
    expect(outcomes).toMatchObject([{ ok: false, code: 'UNSUPPORTED_FORMAT' }]);
  });

  it('a mail saved into the watch folder is captured', async () => {
    writeFileSync(join(watchDir, 'Saved.eml'), eml('Saved from New Outlook'));
    await vi.waitFor(() => expect(status.state.recent[0]?.subject).toBe('Saved from New Outlook'), { timeout: 20_000 });
  });

  it('the shortcut and "Link last email" open the palette; the shelf toggles from the tray', () => {
    electron.globalShortcut.press('Ctrl+Alt+K');
    const palette = StandInWindow.instances.find((w) => w.webContents.getURL() === PALETTE_URL);
    expect(palette?.isVisible()).toBe(true);
    palette!.blur();
    menu().press(/^Link last email/);
    expect(palette!.isVisible()).toBe(true);
    menu().press('Drop shelf');
    expect(StandInWindow.instances.find((w) => w.webContents.getURL() === SHELF_URL)?.isVisible()).toBe(true);
    expect(menu().item('Drop shelf').checked).toBe(true);
  });

  it('pause is remembered and stops the core sender; open and quit reach the shell', async () => {
    menu().press('Pause sync');
    expect(status.state.paused).toBe(true);
    expect(new DesktopSettingsStore(home, log).value.paused).toBe(true);
    await expect.poll(async () => (await core.handlers['outbox.status']({})).paused).toBe(true);
    menu().press('Open vtenext Mail Connector');
    menu().press('Quit');
    expect([mainShown, quit]).toEqual([1, 1]);
  });

  it('queue changes notify: delivered and needs attention', () => {
    status.setPaused(false);
    status.setQueue({ online: true, waiting: 2, attention: 0 });
    status.setQueue({ online: true, waiting: 0, attention: 1 });
    expect(StandInNotification.shown.map((n) => n.options.title)).toEqual(['An email needs your attention', 'Email filed in vtenext']);
    expect(tray().title).toBe('1!');
  });

  it('proposed calls: desktop.get/update/chooseWatchFolder and mail.importPaths, validated by the proposed schemas', async () => {
    const changed: unknown[] = [];
    const h = createDesktopHandlers({ desktop, settings: new DesktopSettingsStore(home, log), features: desktopFeatures('linux', true), dialog: electron.dialog, changed: (v) => changed.push(v) });
    const view = DesktopView.parse(await h['desktop.get']());
    expect(view.features).toEqual({ trayDrop: false, shelf: true, startAtLogin: 'xdg-autostart' });
    expect(view.watch).toEqual({ state: 'watching', dir: watchDir });
    expect(DesktopUpdate.safeParse({ watchFolder: '/home/u/.ssh' }).success).toBe(false); // only the OS dialog picks a folder
    const off = DesktopView.parse(await h['desktop.update'](DesktopUpdate.parse({ watchFolder: null, notifyDelivered: false })));
    expect(off.watch).toEqual({ state: 'off' });
    electron.dialog.nextOpenPath = userHome;
    const picked = DesktopView.parse(await h['desktop.chooseWatchFolder']());
    expect(picked.watch).toEqual({ state: 'watching', dir: userHome });
    expect(changed).toHaveLength(2);
    const good = join(userHome, 'Dropped.eml');
    writeFileSync(good, eml('Dropped from Outlook'));
    const outcomes = ImportPathsOutput.parse(await h['mail.importPaths'](ImportPathsInput.parse({ paths: ['relative.eml', good] })));
    expect(outcomes).toMatchObject([{ path: 'relative.eml', ok: false, code: 'INVALID_INPUT' }, { path: good, ok: true, subject: 'Dropped from Outlook' }]);
    expect(desktopFeatures('darwin', true)).toEqual({ trayDrop: true, shelf: false, startAtLogin: 'electron' });
    expect(desktopFeatures('linux', false).startAtLogin).toBe('unsupported');
  });

  it('a taken shortcut is reported, and the old one is released', () => {
    electron.globalShortcut.taken.add('Ctrl+Alt+J');
    expect(desktop.setShortcut('Ctrl+Alt+J')).toMatchObject({ state: 'failed', reason: /another application/ });
    expect(electron.globalShortcut.registered.size).toBe(0);
    expect(warnings).toContain('the quick-link shortcut is not available');
  });
});
