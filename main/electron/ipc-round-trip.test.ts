import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unavailableShellHandlers } from '../headless/shell-handlers';
import { createDispatcher } from '../../app/api/dispatch';
import type { ConnectorBridge } from '../../app/contract/bridge';
import { createCore, type Core } from '../../app/core';
import { silentLogger } from '../../app/log';
import { APP_ENTRY_URL } from './app-origin';
import { createEventSink, registerConnectorIpc } from './connector-ipc';
import { AppWindows, openMainWindow } from './main-window';
import { BRIDGE_GLOBAL, createConnectorBridge, exposeConnectorBridge } from './preload-bridge';
import { createElectronStandIn, standInFrame, StandInWindow } from './test-support/electron-stand-in';

/**
 * The whole Electron path with the real core: page → preload bridge → (stand-in) IPC →
 * secureHandle → shared dispatcher → core, and core events → event sink → window → bridge
 * listener. Only Electron itself is played by the stand-in.
 */
describe('IPC round trip with the real core', () => {
  let home: string;
  let core: Core;
  const electron = createElectronStandIn();
  const windows = new AppWindows();

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'electron-ipc-'));
    core = await createCore({ home, shell: 'electron', emit: createEventSink(() => windows.contents()), log: silentLogger });
    registerConnectorIpc(electron, createDispatcher({ ...core.handlers, ...unavailableShellHandlers() }, silentLogger), silentLogger);
    openMainWindow(electron, windows, { preloadPath: 'unused', devTools: false }, silentLogger);
  });

  afterAll(async () => {
    await core?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  function pageBridge(frameUrl = APP_ENTRY_URL, sub = false) {
    const top = standInFrame({ url: APP_ENTRY_URL });
    const ipcRenderer = electron.ipcRenderer(sub ? standInFrame({ url: frameUrl, parent: top }) : standInFrame({ url: frameUrl }));
    return { ipcRenderer, bridge: createConnectorBridge(ipcRenderer) };
  }

  it('answers app.info from the app window, reporting the electron shell', async () => {
    const { bridge } = pageBridge();
    expect(await bridge.call('app.info', {})).toMatchObject({ ok: true, value: { shell: 'electron' } });
  });

  it('validates input against the contract after the sender check', async () => {
    const { bridge } = pageBridge();
    expect(await bridge.call('mail.get', { id: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await bridge.call('mail.get', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses the same call from a sub-frame or a foreign page', async () => {
    expect(await pageBridge(APP_ENTRY_URL, true).bridge.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await pageBridge('https://evil.example/').bridge.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('refuses a raw envelope that names no contract call, even from the app window', async () => {
    const { ipcRenderer } = pageBridge();
    expect(await ipcRenderer.invoke('connector:call', { name: 'db.exec', input: {} })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await ipcRenderer.invoke('connector:call', { name: 'app.info', input: {}, extra: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it("delivers core events to the window's page as payloads", async () => {
    const [window] = StandInWindow.instances;
    const { ipcRenderer } = pageBridge();
    const context = createElectronStandIn();
    exposeConnectorBridge(context.contextBridge, ipcRenderer);
    const bridge = context.contextBridge.exposed.get(BRIDGE_GLOBAL) as ConnectorBridge;
    const removed: unknown[] = [];
    bridge.on('mail.removed', (p) => void removed.push(p));

    const emit = createEventSink(() => windows.contents());
    emit('mail.removed', { id: 'm-1' });
    // Play Electron's transport: what main sent to the window arrives in that window's renderer.
    for (const { channel, args } of window!.webContents.sent) ipcRenderer.deliver(channel, ...args);
    expect(removed).toEqual([{ id: 'm-1' }]);
  });
});
