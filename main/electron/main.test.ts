import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CALL_CHANNEL } from '../../app/contract/bridge';
import { APP_ENTRY_URL, APP_SCHEME } from './app-origin';
import { electronModuleStandIn, standInFrame, type StandInMenu, StandInTray, StandInWindow } from './test-support/electron-stand-in';

// main.ts imports 'electron' itself (it is the composition root); here that import is the stand-in.
vi.mock('electron', async () => (await import('./test-support/electron-stand-in')).electronModuleStandIn());

/** The composition root, run end to end against the electron stand-in and the real core. */
describe('main.ts (composition root)', () => {
  const electron = electronModuleStandIn();
  let home: string;
  let appRoot: string;
  const savedHome = process.env.CONNECTOR_HOME;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'electron-main-'));
    appRoot = mkdtempSync(join(tmpdir(), 'electron-app-'));
    mkdirSync(join(appRoot, 'dist', 'renderer'), { recursive: true });
    writeFileSync(join(appRoot, 'dist', 'renderer', 'index.html'), '<!doctype html><title>bundle</title>');
    electron.app.appPath = appRoot;
    process.env.CONNECTOR_HOME = home;
    await import('./main');
  });

  afterAll(async () => {
    if (savedHome === undefined) delete process.env.CONNECTOR_HOME;
    else process.env.CONNECTOR_HOME = savedHome;
    rmSync(home, { recursive: true, force: true });
    rmSync(appRoot, { recursive: true, force: true });
  });

  it('does the pre-ready work before ready, on the CONNECTOR_HOME profile', () => {
    expect(electron.app.ready).toBe(false);
    expect(electron.app.calls).toEqual(['setPath:userData', 'enableSandbox', 'registerSchemesAsPrivileged', 'requestSingleInstanceLock']);
    expect(electron.app.paths.get('userData')).toBe(join(home, 'chromium'));
    expect(electron.protocol.privileged.map((s) => s.scheme)).toEqual([APP_SCHEME]);
    expect(StandInWindow.instances).toHaveLength(0);
  });

  it('on ready: guards the session, serves app://, registers the one IPC channel, opens the window on the bundle', async () => {
    electron.app.becomeReady();
    await vi.waitFor(() => expect(StandInWindow.instances).toHaveLength(1), { timeout: 20_000 });
    const session = electron.session.defaultSession;
    expect(session.permissionRequestHandler).toBeDefined();
    expect(session.permissionCheckHandler).toBeDefined();
    expect(session.beforeRequest).toBeDefined();
    expect([...session.protocolHandlers.keys()]).toEqual([APP_SCHEME]);
    expect([...electron.ipcMain.handlers.keys()]).toEqual([IPC_CALL_CHANNEL]);
    const [window] = StandInWindow.instances;
    expect(window!.webContents.getURL()).toBe(APP_ENTRY_URL);
    expect(window!.options.webPreferences?.preload).toBe(join(appRoot, 'dist', 'electron', 'preload.cjs'));
    expect(window!.options.webPreferences?.devTools).toBe(true);
  });

  it('serves the bundle through the registered protocol handler', async () => {
    const handler = electron.session.defaultSession.protocolHandlers.get(APP_SCHEME)!;
    const res = await handler(new Request(APP_ENTRY_URL));
    expect(await res.text()).toContain('<title>bundle</title>');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('guards every webContents the app creates', () => {
    const [window] = StandInWindow.instances;
    expect(window!.webContents.navigate('will-navigate', 'https://app.example.com.attacker.com/').prevented).toBe(true);
    expect(window!.webContents.openWindow('https://example.com')).toEqual({ action: 'deny' });
    expect(window!.webContents.attachWebview('https://example.com').prevented).toBe(true);
  });

  it('answers the app window over IPC with the real core, and refuses a sub-frame', async () => {
    const top = standInFrame({ url: APP_ENTRY_URL });
    expect(await electron.ipcMain.invokeFrom(top, IPC_CALL_CHANNEL, { name: 'app.info', input: {} })).toMatchObject({
      ok: true,
      value: { shell: 'electron', locale: 'en' },
    });
    const sub = standInFrame({ url: APP_ENTRY_URL, parent: top });
    expect(await electron.ipcMain.invokeFrom(sub, IPC_CALL_CHANNEL, { name: 'app.info', input: {} })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
  });

  it('focuses the existing window when a second instance starts', () => {
    const [window] = StandInWindow.instances;
    window!.minimized = true;
    electron.app.emit('second-instance', ['/opt/connector/connector'], home);
    expect(window!.minimized).toBe(false);
    expect(window!.focused).toBe(true);
  });

  it('puts a tray up, stays running when the last window closes, and a Dock click (activate) reopens it', async () => {
    await vi.waitFor(() => expect(StandInTray.instances).toHaveLength(1), { timeout: 20_000 });
    const [window] = StandInWindow.instances;
    window!.close();
    expect(electron.app.emit('window-all-closed').prevented).toBe(false);
    expect(electron.app.calls).not.toContain('quit');
    electron.app.emit('activate');
    const reopened = StandInWindow.instances.filter((w) => w.webContents.getURL() === APP_ENTRY_URL && !w.destroyed);
    expect(reopened).toHaveLength(1);
    reopened[0]!.listeners.emit('ready-to-show');
    expect(reopened[0]!.shown).toBe(true);
  });

  it('imports the files a second launch ("open with") hands over, and macOS open-file drops', async () => {
    writeFileSync(join(home, 'Offer.eml'), 'From: Ada <ada@example.com>\r\nSubject: Handed over\r\nMessage-ID: <h1@x>\r\n\r\nbody\r\n');
    writeFileSync(join(home, 'Mac.eml'), 'From: Ada <ada@example.com>\r\nSubject: From Finder\r\nMessage-ID: <h2@x>\r\n\r\nbody\r\n');
    // Unpackaged: argv[1] is the app path, so the file is the third item, relative to the launch directory.
    electron.app.emit('second-instance', ['/usr/bin/electron', '.', '--hidden', 'Offer.eml'], home);
    const tray = StandInTray.instances[0]!;
    await vi.waitFor(() => expect((tray.menu as StandInMenu).item(/^Link last email/).label).toBe('Link last email: Handed over'), { timeout: 20_000 });
    expect(electron.app.emit('open-file', join(home, 'Mac.eml')).prevented).toBe(true);
    await vi.waitFor(() => expect((tray.menu as StandInMenu).item(/^Link last email/).label).toBe('Link last email: From Finder'), { timeout: 20_000 });
    const top = standInFrame({ url: APP_ENTRY_URL });
    const list = (await electron.ipcMain.invokeFrom(top, IPC_CALL_CHANNEL, { name: 'mail.list', input: {} })) as { value: Array<{ subject: string }> };
    expect(list.value.map((m) => m.subject).sort()).toEqual(['From Finder', 'Handed over']);
  });

  it('the palette shortcut is registered and opens the palette page', () => {
    electron.globalShortcut.press('CommandOrControl+Shift+L');
    expect(StandInWindow.instances.find((w) => w.webContents.getURL() === 'app://bundle/palette/palette.html')?.isVisible()).toBe(true);
  });

  it('before quitting, the palette stops turning its close into a hide (a prevented close would cancel the quit)', () => {
    const palette = StandInWindow.instances.find((w) => w.webContents.getURL() === 'app://bundle/palette/palette.html')!;
    expect(palette.requestClose().prevented).toBe(true);
    electron.app.emit('before-quit');
    expect(palette.requestClose().prevented).toBe(false);
  });

  it('holds the quit until the core has closed, then quits; the tray and shortcut go first', async () => {
    expect(electron.app.emit('will-quit').prevented).toBe(true);
    expect(StandInTray.instances[0]!.destroyed).toBe(true);
    expect(electron.globalShortcut.registered.size).toBe(0);
    await vi.waitFor(() => expect(electron.app.calls.at(-1)).toBe('quit'));
    // The second will-quit (from that app.quit()) goes through.
    expect(electron.app.emit('will-quit').prevented).toBe(false);
  });
});
