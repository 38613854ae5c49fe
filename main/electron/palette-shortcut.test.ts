import { describe, expect, it } from 'vitest';
import { acceleratorProblem, DEFAULT_PALETTE_SHORTCUT, isWaylandSession, setPaletteShortcut, type ShortcutStatus } from './palette-shortcut';
import { StandInGlobalShortcut } from './test-support/electron-stand-in';

const x11 = { platform: 'linux' as const, env: { XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' } };
const wayland = { platform: 'linux' as const, env: { XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0' } };
const off: ShortcutStatus = { state: 'off' };

describe('acceleratorProblem', () => {
  it.each([DEFAULT_PALETTE_SHORTCUT, 'Ctrl+Alt+K', 'Cmd+Shift+Space', 'Alt+F12', 'Super+1', 'Control+Shift+/'])('accepts %s', (a) => {
    expect(acceleratorProblem(a)).toBeNull();
  });

  it.each([
    ['L', /modifier/],
    ['Ctrl+', /empty part/],
    ['Ctrl+Shift', /needs a key/],
    ['Hyper+L', /not a modifier/],
    ['Ctrl+Ctrl+L', /repeated/],
    ['Ctrl+Banana', /not a key/],
    ['Ctrl+F25', /not a key/],
  ])('refuses %s', (a, why) => {
    expect(acceleratorProblem(a)).toMatch(why);
  });
});

describe('isWaylandSession', () => {
  it.each<[NodeJS.Platform, Record<string, string>, boolean]>([
    ['linux', { XDG_SESSION_TYPE: 'wayland' }, true],
    ['linux', { WAYLAND_DISPLAY: 'wayland-0' }, true],
    ['linux', { XDG_SESSION_TYPE: 'x11' }, false],
    ['darwin', { WAYLAND_DISPLAY: 'x' }, false],
  ])('%s %o → %s', (platform, env, expected) => {
    expect(isWaylandSession(platform, env)).toBe(expected);
  });
});

describe('setPaletteShortcut (against the stand-in globalShortcut)', () => {
  it('registers, and the key opens the palette', () => {
    const gs = new StandInGlobalShortcut();
    let pressed = 0;
    const status = setPaletteShortcut(gs, off, 'Ctrl+Alt+K', x11, () => pressed++);
    expect(status).toEqual({ state: 'registered', accelerator: 'Ctrl+Alt+K' });
    gs.press('Ctrl+Alt+K');
    expect(pressed).toBe(1);
  });

  it('reports a shortcut another app holds, so the settings can say so', () => {
    const gs = new StandInGlobalShortcut();
    gs.taken.add('Ctrl+Alt+K');
    expect(setPaletteShortcut(gs, off, 'Ctrl+Alt+K', x11, () => {})).toEqual({
      state: 'failed',
      accelerator: 'Ctrl+Alt+K',
      reason: 'another application already uses this shortcut',
    });
  });

  it('on Wayland: a refused registration explains the portal, an accepted one is marked unverified', () => {
    const gs = new StandInGlobalShortcut();
    gs.taken.add('Ctrl+Alt+K');
    expect(setPaletteShortcut(gs, off, 'Ctrl+Alt+K', wayland, () => {})).toMatchObject({ state: 'failed', reason: /Wayland/ });
    expect(setPaletteShortcut(gs, off, 'Ctrl+Alt+J', wayland, () => {})).toMatchObject({ state: 'unverified', accelerator: 'Ctrl+Alt+J', reason: /Wayland/ });
  });

  it('refuses invalid text without calling Electron, and reports an Electron throw', () => {
    const gs = new StandInGlobalShortcut();
    expect(setPaletteShortcut(gs, off, 'K', x11, () => {})).toMatchObject({ state: 'failed', reason: /modifier/ });
    expect(gs.registered.size).toBe(0);
    const throwing = { register: () => { throw new Error('Error processing argument'); }, unregister: () => {}, isRegistered: () => false };
    expect(setPaletteShortcut(throwing, off, 'Ctrl+K', x11, () => {})).toMatchObject({ state: 'failed', reason: 'Error processing argument' });
  });

  it('moving or turning off releases the old combination', () => {
    const gs = new StandInGlobalShortcut();
    const first = setPaletteShortcut(gs, off, 'Ctrl+Alt+K', x11, () => {});
    const second = setPaletteShortcut(gs, first, 'Ctrl+Alt+J', x11, () => {});
    expect([...gs.registered.keys()]).toEqual(['Ctrl+Alt+J']);
    expect(setPaletteShortcut(gs, second, null, x11, () => {})).toEqual({ state: 'off' });
    expect(gs.registered.size).toBe(0);
  });
});
