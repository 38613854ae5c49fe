import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
import { OutboxLock } from './lock';
import { createOutbox } from './outbox';
import { openAppDb, tmpHome } from './test-support/harness';

const here = dirname(fileURLToPath(import.meta.url));

function outboxOn(file: string) {
  const db = openAppDb(file);
  const outbox = createOutbox({ db, clientFor: () => Promise.reject(new Error('no CRM in this test')), spool: { pathOf: () => '/nonexistent' }, log: silentLogger });
  return { db, outbox };
}

describe('single-instance outbox lock', () => {
  it('refuses a second outbox on the same database while the first drains, in one process', async () => {
    const file = join(tmpHome(), 'app.sqlite');
    const a = outboxOn(file);
    const b = outboxOn(file);
    const first = new OutboxLock(a.db);
    first.acquire();
    await expect(b.outbox.drain()).rejects.toMatchObject({ code: 'STORAGE_FAILED', details: { reason: 'outbox_locked', pid: process.pid } });
    first.release();
    await expect(b.outbox.drain()).resolves.toMatchObject({ remaining: 0 });
    a.db.close();
    b.db.close();
  });

  it('refuses while another live process holds it, and takes over once that process is SIGKILLed', async () => {
    const file = join(tmpHome(), 'app.sqlite');
    const { db, outbox } = outboxOn(file);
    const holder = spawn(process.execPath, ['--import', 'tsx', resolve(here, 'test-support/lock-holder.ts'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((ok, fail) => {
      holder.stdout.on('data', (d: Buffer) => d.toString().includes('holding') && ok());
      holder.on('exit', (c) => fail(new Error(`holder exited ${c}`)));
    });
    await expect(outbox.drain()).rejects.toMatchObject({ details: { reason: 'outbox_locked', pid: holder.pid } });
    const exited = new Promise((ok) => holder.on('exit', ok));
    holder.kill('SIGKILL');
    await exited;
    // Its row is still there, but its pid is gone: the lock is free.
    expect(db.prepare('SELECT pid FROM outbox_lock').pluck().get()).toBe(holder.pid);
    await expect(outbox.drain()).resolves.toMatchObject({ remaining: 0, stoppedBy: null });
    db.close();
  }, 30_000);

  it('treats a holder on another host as alive until its heartbeat goes stale', () => {
    const file = join(tmpHome(), 'app.sqlite');
    const db = openAppDb(file);
    let t = Date.parse('2026-01-01T00:00:00Z');
    const now = () => new Date(t);
    db.prepare("INSERT INTO outbox_lock VALUES (1, 'elsewhere', 1, 'another-host', ?, ?)").run(now().toISOString(), now().toISOString());
    const lock = new OutboxLock(db, { now, staleMs: 60_000 });
    expect(() => lock.acquire()).toThrow(/Another instance/);
    t += 61_000;
    lock.acquire();
    expect(db.prepare('SELECT owner FROM outbox_lock').pluck().get()).toBe(lock.owner);
    lock.release();
    expect(db.prepare('SELECT count(*) FROM outbox_lock').pluck().get()).toBe(0);
    db.close();
  });
});
