import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyLoginItem, autostartEntry, loginItemPlan } from './login-item';
import { createElectronStandIn } from './test-support/electron-stand-in';

const base = { enabled: true, isPackaged: true, execPath: '/opt/vtenext/vtenext-mail-connector', env: {}, home: '/home/u' };

describe('loginItemPlan', () => {
  it.each(['darwin', 'win32'] as const)('%s: Electron login item, started hidden', (platform) => {
    expect(loginItemPlan({ ...base, platform })).toEqual({ kind: 'electron', settings: { openAtLogin: true, openAsHidden: true, args: ['--hidden'] } });
    expect(loginItemPlan({ ...base, platform, enabled: false })).toMatchObject({ settings: { openAtLogin: false } });
  });

  it('linux: an XDG autostart entry, under XDG_CONFIG_HOME when set, the AppImage path when packaged as one', () => {
    expect(loginItemPlan({ ...base, platform: 'linux' })).toMatchObject({ kind: 'xdg-autostart', file: '/home/u/.config/autostart/vtenext-mail-connector.desktop' });
    const plan = loginItemPlan({ ...base, platform: 'linux', env: { XDG_CONFIG_HOME: '/cfg', APPIMAGE: '/home/u/Apps/Connector.AppImage' } });
    expect(plan).toMatchObject({ file: '/cfg/autostart/vtenext-mail-connector.desktop' });
    expect(plan.kind === 'xdg-autostart' && plan.contents).toContain('Exec=/home/u/Apps/Connector.AppImage --hidden');
    expect(loginItemPlan({ ...base, platform: 'linux', enabled: false })).toMatchObject({ contents: null });
  });

  it('not offered for a development run or an unknown platform', () => {
    expect(loginItemPlan({ ...base, platform: 'darwin', isPackaged: false }).kind).toBe('unsupported');
    expect(loginItemPlan({ ...base, platform: 'aix' }).kind).toBe('unsupported');
  });

  it('quotes an Exec path with spaces and escapes specials (Desktop Entry spec)', () => {
    expect(autostartEntry('/opt/My App/run')).toContain('Exec="/opt/My App/run" --hidden');
    expect(autostartEntry('/opt/a$b"c/run')).toContain('Exec="/opt/a\\$b\\"c/run" --hidden');
  });
});

describe('applyLoginItem', () => {
  const dir = mkdtempSync(join(tmpdir(), 'autostart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes and removes the autostart file for real', async () => {
    const electron = createElectronStandIn();
    const on = loginItemPlan({ ...base, platform: 'linux', env: { XDG_CONFIG_HOME: dir } });
    await applyLoginItem(electron, on);
    const file = join(dir, 'autostart', 'vtenext-mail-connector.desktop');
    expect(readFileSync(file, 'utf8')).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
    expect(statSync(file).mode & 0o777).toBe(0o644);
    await applyLoginItem(electron, loginItemPlan({ ...base, platform: 'linux', enabled: false, env: { XDG_CONFIG_HOME: dir } }));
    expect(existsSync(file)).toBe(false);
  });

  it('passes the Electron settings through on macOS/Windows', async () => {
    const electron = createElectronStandIn();
    await applyLoginItem(electron, loginItemPlan({ ...base, platform: 'win32' }));
    expect(electron.app.loginItemSettings).toEqual([{ openAtLogin: true, openAsHidden: true, args: ['--hidden'] }]);
  });
});
