import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FUSED_WIRE, inspect, missingInputs, pack } from './packed-layout-check.mjs';

const builderInstalled = (() => {
  try {
    createRequire(import.meta.url).resolve('electron-builder/cli.js');
    return true;
  } catch {
    return false;
  }
})();
const missing = missingInputs();
const skipWhy = !builderInstalled ? 'electron-builder is not installed' : missing.length > 0 ? `the app is not built (npm run build): ${missing.join(', ')}` : null;

/**
 * PACKED LAYOUT WITH A STAND-IN ELECTRON — NOT A RUNNABLE APP. electron-builder packs the built
 * app around a stand-in Electron directory (toolchain.md §6); this checks the archive layout and
 * that the afterPack fuse hook ran on the packed executable. ~10–20 s.
 */
describe.skipIf(skipWhy !== null)(skipWhy ? `packed layout with a stand-in Electron — SKIPPED: ${skipWhy}` : 'packed layout with a stand-in Electron (not a runnable app)', () => {
  const out = mkdtempSync(join(tmpdir(), 'packed-layout-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('app.asar holds the built app and runtime deps only; natives unpacked; fuses flipped by the afterPack hook', async () => {
    const unpacked = await pack(out);
    const r = inspect(unpacked);
    expect(r.problems).toEqual([]);
    expect(r.wire).toBe(FUSED_WIRE);
    expect(r.nativeOutside).toEqual([
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/keytar/build/Release/keytar.node',
    ]);
  }, 240_000);
});
