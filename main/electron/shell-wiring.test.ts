import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IPC_EVENT_CHANNEL } from '../../app/contract/bridge';
import { APP_ENTRY_URL, APP_SCHEME } from './app-origin';
import { prepareApp } from './app-setup';
import { createEventSink } from './connector-ipc';
import { AppWindows, openMainWindow } from './main-window';
import { createElectronStandIn, StandInWindow } from './test-support/electron-stand-in';

const silent = { error: () => {} };
const settings = { preloadPath: '/app/dist/electron/preload.cjs', devTools: false };

describe('prepareApp (before ready)', () => {
  it('moves the profile under the data home, sandboxes everything, registers app:// and takes the lock — in that order', () => {
    const electron = createElectronStandIn();
    expect(prepareApp(electron, '/data/home')).toBe('primary');
    expect(electron.app.calls).toEqual(['setPath:userData', 'enableSandbox', 'registerSchemesAsPrivileged', 'requestSingleInstanceLock']);
    expect(electron.app.paths.get('userData')).toBe(join('/data/home', 'chromium'));
  });

  it('registers app:// as standard and secure, without CSP bypass or service workers', () => {
    const electron = createElectronStandIn();
    prepareApp(electron, '/h');
    expect(electron.protocol.privileged).toHaveLength(1);
    const [scheme] = electron.protocol.privileged;
    expect(scheme!.scheme).toBe(APP_SCHEME);
    expect(scheme!.privileges).toMatchObject({ standard: true, secure: true });
    expect(scheme!.privileges?.bypassCSP).toBeFalsy();
    expect(scheme!.privileges?.allowServiceWorkers).toBeFalsy();
    expect(scheme!.privileges?.corsEnabled).toBeFalsy();
  });

  it('quits a second instance on the same data home', () => {
    const electron = createElectronStandIn();
    electron.app.lockAvailable = false;
    expect(prepareApp(electron, '/h')).toBe('second-instance');
    expect(electron.app.calls.at(-1)).toBe('quit');
  });

  it('refuses to run after ready, when sandboxing and scheme registration would be too late', () => {
    const electron = createElectronStandIn();
    electron.app.ready = true;
    expect(() => prepareApp(electron, '/h')).toThrow(/before the app is ready/);
    expect(electron.app.calls).toEqual([]);
  });
});

describe('openMainWindow', () => {
  it('builds the window from mainWindowOptions and loads the bundle over app://', async () => {
    const electron = createElectronStandIn();
    const windows = new AppWindows();
    openMainWindow(electron, windows, settings, silent);
    expect(StandInWindow.instances).toHaveLength(1);
    const [window] = StandInWindow.instances;
    expect(window!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: settings.preloadPath });
    expect(window!.webContents.getURL()).toBe(APP_ENTRY_URL);
    expect(window!.shown).toBe(false);
    window!.listeners.emit('ready-to-show');
    expect(window!.shown).toBe(true);
    expect(windows.first()).toBe(window);
  });

  it('forgets a window once it is closed', () => {
    const electron = createElectronStandIn();
    const windows = new AppWindows();
    openMainWindow(electron, windows, settings, silent);
    StandInWindow.instances[0]!.close();
    expect(windows.size).toBe(0);
    expect(windows.first()).toBeUndefined();
  });
});

describe('createEventSink', () => {
  it("sends {name, payload} on the event channel to the app's own live windows only", () => {
    const electron = createElectronStandIn();
    const windows = new AppWindows();
    openMainWindow(electron, windows, settings, silent);
    openMainWindow(electron, windows, settings, silent);
    openMainWindow(electron, windows, settings, silent);
    const [live, strayed, closed] = StandInWindow.instances;
    strayed!.webContents.url = 'https://elsewhere.example/';
    closed!.close();
    const stranger = new StandInWindow({});
    void stranger.loadURL(APP_ENTRY_URL);

    const emit = createEventSink(() => windows.contents());
    emit('mail.removed', { id: 'm1' });

    expect(live!.webContents.sent).toEqual([{ channel: IPC_EVENT_CHANNEL, args: [{ name: 'mail.removed', payload: { id: 'm1' } }] }]);
    expect(strayed!.webContents.sent).toEqual([]);
    expect(closed!.webContents.sent).toEqual([]);
    expect(stranger.webContents.sent).toEqual([]);
  });
});
