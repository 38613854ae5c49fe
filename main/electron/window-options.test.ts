import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from './window-options';

describe('mainWindowOptions (checklist items 2–4, 6, 8–11)', () => {
  const prefs = mainWindowOptions({ preloadPath: '/app/dist/electron/preload.cjs', devTools: false }).webPreferences!;

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['navigateOnDragDrop', false],
  ] as const)('%s is explicitly %s', (key, value) => {
    expect(prefs[key]).toBe(value);
  });

  it('enables no Blink features and sets no partition or session of its own', () => {
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.partition).toBeUndefined();
    expect(prefs.session).toBeUndefined();
  });

  it('uses the given preload and no other script injection', () => {
    expect(prefs.preload).toBe('/app/dist/electron/preload.cjs');
    expect(prefs.additionalArguments).toBeUndefined();
  });

  it('turns DevTools off when asked (packaged builds)', () => {
    expect(prefs.devTools).toBe(false);
    expect(mainWindowOptions({ preloadPath: 'p', devTools: true }).webPreferences!.devTools).toBe(true);
  });

  it('stays hidden until painted', () => {
    expect(mainWindowOptions({ preloadPath: 'p', devTools: false }).show).toBe(false);
  });
});
