import { describe, expect, it } from 'vitest';
import { calls, events } from '../../app/contract/api';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type ConnectorBridge } from '../../app/contract/bridge';
import { ok } from '../../app/contract/result';
import { APP_ENTRY_URL } from './app-origin';
import { BRIDGE_GLOBAL, exposeConnectorBridge } from './preload-bridge';
import { createElectronStandIn, standInFrame } from './test-support/electron-stand-in';

function preloaded() {
  const electron = createElectronStandIn();
  const ipcRenderer = electron.ipcRenderer(standInFrame({ url: APP_ENTRY_URL }));
  exposeConnectorBridge(electron.contextBridge, ipcRenderer);
  const bridge = electron.contextBridge.exposed.get(BRIDGE_GLOBAL) as ConnectorBridge;
  return { electron, ipcRenderer, bridge };
}

describe('preload bridge (checklist items 3 and 20)', () => {
  it('exposes exactly one global, `connector`', () => {
    const { electron } = preloaded();
    expect([...electron.contextBridge.exposed.keys()]).toEqual(['connector']);
  });

  it('is a frozen object holding only the functions call and on', () => {
    const { bridge } = preloaded();
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'on']);
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    expect(Object.getPrototypeOf(bridge)).toBe(Object.prototype);
  });

  it('sends every contract call on the one fixed channel', async () => {
    const { electron, ipcRenderer, bridge } = preloaded();
    electron.ipcMain.handle(IPC_CALL_CHANNEL, () => ok('pong'));
    for (const name of Object.keys(calls) as Array<keyof typeof calls>) {
      expect(await bridge.call(name, {})).toEqual({ ok: true, value: 'pong' });
    }
    expect(new Set(ipcRenderer.invoked.map((i) => i.channel))).toEqual(new Set([IPC_CALL_CHANNEL]));
    expect(ipcRenderer.invoked[0]!.args).toEqual([{ name: Object.keys(calls)[0], input: {} }]);
  });

  it.each(['fs.readFile', 'constructor', '__proto__', 'toString', '', 'connector:call'])(
    'refuses %j without touching IPC',
    async (name) => {
      const { ipcRenderer, bridge } = preloaded();
      const result = await bridge.call(name as never, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
      expect(ipcRenderer.invoked).toEqual([]);
    },
  );

  it('turns a failed invoke (no handler, main crashed) into a Result', async () => {
    const { bridge } = preloaded();
    expect(await bridge.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('hands listeners the payload only, never the IpcRendererEvent, and only for their event', () => {
    const { ipcRenderer, bridge } = preloaded();
    const received: unknown[][] = [];
    bridge.on('mail.removed', (...args: unknown[]) => void received.push(args));
    ipcRenderer.deliver(IPC_EVENT_CHANNEL, { name: 'mail.removed', payload: { id: 'm1' } });
    ipcRenderer.deliver(IPC_EVENT_CHANNEL, { name: 'progress', payload: { topic: 'x', done: 1, total: 1, label: '' } });
    ipcRenderer.deliver(IPC_EVENT_CHANNEL, 'garbage');
    ipcRenderer.deliver('some-other-channel', { name: 'mail.removed', payload: { id: 'm2' } });
    expect(received).toEqual([[{ id: 'm1' }]]);
    expect(JSON.stringify(received)).not.toContain('sender');
  });

  it('listens on the one fixed event channel and unsubscribes', () => {
    const { ipcRenderer, bridge } = preloaded();
    const received: unknown[] = [];
    const off = bridge.on('progress', (p) => void received.push(p));
    expect(ipcRenderer.listeners.count(IPC_EVENT_CHANNEL)).toBe(1);
    off();
    expect(ipcRenderer.listeners.count(IPC_EVENT_CHANNEL)).toBe(0);
    ipcRenderer.deliver(IPC_EVENT_CHANNEL, { name: 'progress', payload: {} });
    expect(received).toEqual([]);
  });

  it('accepts every contract event and refuses others', () => {
    const { bridge } = preloaded();
    for (const name of Object.keys(events) as Array<keyof typeof events>) bridge.on(name, () => {})();
    expect(() => bridge.on('ipc:raw' as never, () => {})).toThrow(TypeError);
    expect(() => bridge.on('progress', 'not a function' as never)).toThrow(TypeError);
  });
});
