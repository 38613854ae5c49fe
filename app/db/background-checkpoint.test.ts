import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointInBackground } from './background-checkpoint';
import { openDatabase } from './open';
import type { Migration } from './migrate';

const table: Migration = { version: 1, name: 'rows', up: (db) => db.exec('CREATE TABLE r (id INTEGER PRIMARY KEY, v BLOB)') };

function fresh() {
  const file = join(mkdtempSync(join(tmpdir(), 'ckpt-')), 'db.sqlite');
  const db = openDatabase(file, { migrations: [table] });
  // Start from an empty WAL, so every page written below reaches the file only by a checkpoint.
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { file, db };
}

/** ~4 MB in 400 small transactions, as the outbox writes: far more than one automatic checkpoint's 1 000 pages. */
function write(db: ReturnType<typeof openDatabase>) {
  const ins = db.prepare('INSERT INTO r (v) VALUES (randomblob(10000))');
  for (let i = 0; i < 400; i++) db.transaction(() => ins.run())();
}

const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('WAL checkpoints on a thread of their own', () => {
  it('the writing connection never checkpoints; the thread copies the WAL into the file; stop, close and reopen keep every row', async () => {
    const { file, db } = fresh();
    const before = statSync(file).size;
    let frames = 0;
    const cp = checkpointInBackground(db, file, { intervalMs: 20, onCheckpoint: (n) => (frames += n) });
    expect(cp.active).toBe(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    write(db);
    // Pages reach the database file only through checkpoints, and this connection makes none.
    // (The thread reports a checkpoint once it has returned, a moment after the file has grown.)
    await until(() => statSync(file).size >= before + 4_000_000 && frames > 1000);
    await cp.stop();
    expect(cp.active).toBe(false);
    db.close();
    const again = openDatabase(file, { migrations: [table] });
    expect(again.prepare('SELECT count(*) FROM r').pluck().get()).toBe(400);
    expect(again.pragma('integrity_check', { simple: true })).toBe('ok');
    again.close();
  });

  it('control: with the automatic checkpoint off and no thread, the file does not grow', async () => {
    const { file, db } = fresh();
    const before = statSync(file).size;
    db.pragma('wal_autocheckpoint = 0');
    write(db);
    await new Promise((r) => setTimeout(r, 200));
    expect(statSync(file).size).toBe(before);
    db.close();
  });

  it('a thread that cannot start gives the connection its automatic checkpoint back, and says why', async () => {
    const { file, db } = fresh();
    const errors: string[] = [];
    const cp = checkpointInBackground(db, file, { intervalMs: 20, modulePath: join(tmpdir(), 'no-such-module.js'), onError: (m) => errors.push(m) });
    await until(() => errors.length > 0);
    expect(cp.active).toBe(false);
    expect(errors[0]).toMatch(/no-such-module|Cannot find module/);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    const before = statSync(file).size;
    write(db);
    expect(statSync(file).size).toBeGreaterThan(before);
    await cp.stop();
    db.close();
  });
});
