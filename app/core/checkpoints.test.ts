import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../log';
import { appPaths } from '../paths';
import { createCore } from '.';

describe('the core app database', () => {
  it('checkpoints on its own thread from start to close (no fallback to the writing thread), and closes clean', async () => {
    const home = mkdtempSync(join(tmpdir(), 'core-ckpt-'));
    const warnings: string[] = [];
    const log: Logger = { info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
    const core = await createCore({ home, shell: 'headless', log, emit: () => undefined });
    // A thread that cannot load better-sqlite3 fails at once, and the core says so.
    await new Promise((r) => setTimeout(r, 300));
    await core.close();
    expect(warnings).toEqual([]);
    const wal = `${appPaths(home).appDb}-wal`;
    // The last connection to close checkpoints and removes the WAL: nothing was left open.
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
  });
});
