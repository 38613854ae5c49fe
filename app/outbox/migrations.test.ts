import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../db/migrate';
import { openDatabase } from '../db/open';
import { appMigrations } from '../store/migrations';
import { JobStore } from './job-store';

const plan = (db: ReturnType<typeof openDatabase>, sql: string, ...args: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join('; ');

describe('app migration 6: outbox snapshots apart from job rows, the queue in sending order', () => {
  it('upgrades a version-5 file with queued and finished jobs in place; every job keeps its snapshot', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'outbox-m6-')), 'app.sqlite');
    const v5 = openDatabase(file, { migrations: appMigrations.slice(0, 5) });
    expect(schemaVersion(v5)).toBe(5);
    const snapshot = (i: number) =>
      JSON.stringify({
        mailId: `m${i}`, sha256: 'f'.repeat(64), fileName: `m${i}.eml`, messageId: `<m${i}@x>`, subject: `Mail ${i}`, date: null,
        from: [{ name: 'Anna', address: 'anna@client.example' }], to: [], cc: [], bcc: [], replyTo: [], inReplyTo: null, references: [],
        text: null, html: `<p>${'x'.repeat(40_000)}</p>`, clientKey: null,
      });
    const insert = v5.prepare(
      `INSERT INTO outbox_jobs (id, account_id, mail_id, mail_sha256, message_id, subject, snapshot_json, dedupe_key, state, created_at, updated_at, done_at)
       VALUES (?, 'a', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    v5.transaction(() => {
      for (let i = 0; i < 30; i++) {
        const done = i < 20;
        const t = `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z`;
        insert.run(`job-${i}`, `m${i}`, 'f'.repeat(64), `<m${i}@x>`, `Mail ${i}`, snapshot(i), `k${i}`, done ? 'done' : 'queued', t, t, done ? t : null);
        v5.prepare("INSERT INTO outbox_targets (job_id, pos, ws_id, state) VALUES (?, 0, '3x1', ?)").run(`job-${i}`, done ? 'linked' : 'pending');
      }
    })();
    v5.close();

    const db = openDatabase(file, { migrations: appMigrations });
    expect(schemaVersion(db)).toBe(6);
    const cols = (db.prepare('PRAGMA table_info(outbox_jobs)').all() as { name: string }[]).map((c) => c.name);
    expect(cols).not.toContain('snapshot_json');
    const store = new JobStore(db);
    for (let i = 0; i < 30; i++) expect(store.snapshot(`job-${i}`)).toMatchObject({ mailId: `m${i}`, subject: `Mail ${i}`, html: `<p>${'x'.repeat(40_000)}</p>` });
    expect(store.countByState()).toMatchObject({ done: 20, queued: 10 });
    expect(store.list(5).map((j) => j.id)).toEqual([...[15, 16, 17, 18, 19], ...Array.from({ length: 10 }, (_, k) => 20 + k)].map((i) => `job-${i}`));
    expect(store.get('job-3')!.targets).toEqual([{ wsId: '3x1', state: 'linked', problem: null }]);

    // The sender walks the queue in order through the new index, with no sort of the whole queue
    // (the job store names that index, so without it every outbox statement would fail to prepare).
    const queue = plan(db, "SELECT id FROM outbox_jobs INDEXED BY outbox_jobs_queue_order WHERE state IN ('queued', 'waiting') ORDER BY created_at, id");
    expect(queue).toContain('outbox_jobs_queue_order');
    expect(queue).not.toContain('TEMP B-TREE');
    expect(store.nextTwoDue(Date.now(), 0, new Set()).job!.id).toBe('job-20');
    // Status counts come from an index alone.
    expect(plan(db, 'SELECT state, count(*) AS n FROM outbox_jobs GROUP BY state')).toMatch(/COVERING INDEX/);

    // Pruning takes the snapshot and the targets with the job.
    expect(store.pruneFinished('2026-01-01T00:00:10.000Z')).toBe(10);
    expect(db.prepare('SELECT count(*) FROM outbox_snapshots').pluck().get()).toBe(20);
    expect(db.prepare('SELECT count(*) FROM outbox_targets').pluck().get()).toBe(20);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
