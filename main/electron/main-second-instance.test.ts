import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { electronModuleStandIn, StandInWindow } from './test-support/electron-stand-in';

vi.mock('electron', async () => (await import('./test-support/electron-stand-in')).electronModuleStandIn());

const savedHome = process.env.CONNECTOR_HOME;
const home = mkdtempSync(join(tmpdir(), 'electron-second-'));

afterAll(() => {
  if (savedHome === undefined) delete process.env.CONNECTOR_HOME;
  else process.env.CONNECTOR_HOME = savedHome;
  rmSync(home, { recursive: true, force: true });
});

it('a second instance on the same data home quits without opening the core or a window', async () => {
  const electron = electronModuleStandIn();
  electron.app.lockAvailable = false;
  process.env.CONNECTOR_HOME = home;
  await import('./main');
  electron.app.becomeReady();
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(electron.app.calls).toEqual(['setPath:userData', 'enableSandbox', 'registerSchemesAsPrivileged', 'requestSingleInstanceLock', 'quit']);
  expect(electron.ipcMain.handlers.size).toBe(0);
  expect(StandInWindow.instances).toHaveLength(0);
});
