import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { IPC_CALL_CHANNEL } from '../../app/contract/bridge';
import { APP_ENTRY_URL } from './app-origin';
import { electronModuleStandIn, standInFrame, StandInTray, StandInWindow } from './test-support/electron-stand-in';

vi.mock('electron', async () => (await import('./test-support/electron-stand-in')).electronModuleStandIn());

/** When the tray cannot be created the app still works as a plain windowed app. */
const electron = electronModuleStandIn();
const savedHome = process.env.CONNECTOR_HOME;
let home: string;
let appRoot: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'electron-notray-'));
  appRoot = mkdtempSync(join(tmpdir(), 'electron-notray-app-'));
  mkdirSync(join(appRoot, 'dist', 'renderer'), { recursive: true });
  writeFileSync(join(appRoot, 'dist', 'renderer', 'index.html'), '<!doctype html><title>bundle</title>');
  electron.app.appPath = appRoot;
  process.env.CONNECTOR_HOME = home;
  StandInTray.failWith = new Error('no tray host');
  await import('./main');
  electron.app.becomeReady();
  await vi.waitFor(() => expect(StandInWindow.instances).toHaveLength(1), { timeout: 20_000 });
});

afterAll(() => {
  if (savedHome === undefined) delete process.env.CONNECTOR_HOME;
  else process.env.CONNECTOR_HOME = savedHome;
  rmSync(home, { recursive: true, force: true });
  rmSync(appRoot, { recursive: true, force: true });
});

it('files handed over by a second launch go straight to the core', async () => {
  writeFileSync(join(home, 'Direct.eml'), 'From: Ada <ada@example.com>\r\nSubject: Straight in\r\nMessage-ID: <d1@x>\r\n\r\nbody\r\n');
  electron.app.emit('second-instance', ['/usr/bin/electron', '.', 'Direct.eml'], home);
  const top = standInFrame({ url: APP_ENTRY_URL });
  await vi.waitFor(
    async () => {
      const list = (await electron.ipcMain.invokeFrom(top, IPC_CALL_CHANNEL, { name: 'mail.list', input: {} })) as { value: Array<{ subject: string }> };
      expect(list.value.map((m) => m.subject)).toEqual(['Straight in']);
    },
    { timeout: 20_000 },
  );
});

it('closing the last window quits, so no invisible instance keeps the data home locked', () => {
  expect(StandInTray.instances).toHaveLength(0);
  electron.app.emit('window-all-closed');
  expect(electron.app.calls).toContain('quit');
});
