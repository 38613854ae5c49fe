import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DESKTOP_SETTINGS_FILE, DesktopSettingsStore } from './desktop-settings';

describe('DesktopSettingsStore', () => {
  let home: string;
  const warnings: string[] = [];
  const log = { warn: (m: string) => warnings.push(m) };
  afterEach(() => {
    rmSync(home, { recursive: true, force: true });
    warnings.length = 0;
  });

  it('defaults without a file, persists updates, reads them back', () => {
    home = mkdtempSync(join(tmpdir(), 'desk-'));
    const store = new DesktopSettingsStore(home, log);
    expect(store.value).toEqual({
      paletteShortcut: 'CommandOrControl+Shift+L', watchFolder: null, dropShelf: false, startAtLogin: false, notifyDelivered: true, notifyAttention: true, paused: false,
    });
    store.update({ watchFolder: '/home/u/CRM', paused: true });
    expect(new DesktopSettingsStore(home, log).value).toMatchObject({ watchFolder: '/home/u/CRM', paused: true });
    expect(warnings).toEqual([]);
  });

  it('keeps valid fields of a partly broken file, and survives garbage', () => {
    home = mkdtempSync(join(tmpdir(), 'desk-'));
    writeFileSync(join(home, DESKTOP_SETTINGS_FILE), JSON.stringify({ dropShelf: true, paused: 'yes', extra: 1 }));
    expect(new DesktopSettingsStore(home, log).value).toMatchObject({ dropShelf: true, paused: false });
    writeFileSync(join(home, DESKTOP_SETTINGS_FILE), '{nope');
    expect(new DesktopSettingsStore(home, log).value.dropShelf).toBe(false);
    expect(warnings).toEqual(['desktop settings partly invalid; those fields use defaults', 'desktop settings unreadable; using defaults']);
  });

  it('refuses an invalid update and leaves the file as it was', () => {
    home = mkdtempSync(join(tmpdir(), 'desk-'));
    const store = new DesktopSettingsStore(home, log);
    store.update({ dropShelf: true });
    const before = readFileSync(join(home, DESKTOP_SETTINGS_FILE), 'utf8');
    expect(() => store.update({ paletteShortcut: 'x'.repeat(200) })).toThrow();
    expect(readFileSync(join(home, DESKTOP_SETTINGS_FILE), 'utf8')).toBe(before);
    expect(store.value.dropShelf).toBe(true);
  });
});
