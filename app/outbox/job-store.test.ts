import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/open';
import { JobStore } from './job-store';
import { openAppDb, tmpHome } from './test-support/harness';
import type { JobState } from './types';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

interface Row {
  id: string;
  account: string;
  messageId: string;
  state: JobState;
  createdAt: number;
  nextAttemptAt: number | null;
  createSentAt: number | null;
  messageWsId: string | null;
}

function insertJobs(db: Database.Database, rows: readonly Row[]): void {
  const job = db.prepare(
    `INSERT INTO outbox_jobs (id, account_id, mail_id, mail_sha256, message_id, subject, dedupe_key, state, next_attempt_at, message_ws_id, create_sent_at, created_at, updated_at)
     VALUES (?, ?, 'm', ?, ?, 's', ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const r of rows) {
      job.run(r.id, r.account, 'f'.repeat(64), r.messageId, `k-${r.id}`, r.state, r.nextAttemptAt === null ? null : iso(r.nextAttemptAt), r.messageWsId, r.createSentAt === null ? null : iso(r.createSentAt), iso(r.createdAt), iso(r.createdAt));
    }
  })();
}

/** The rule as the drain states it (outbox issue §3, settle time): the oracle for the SQL. */
function dueOracle(rows: readonly Row[], nowMs: number, settleMs: number, skip: ReadonlySet<string>): string[] {
  const live = (r: Row) => r.state !== 'done' && r.state !== 'cancelled';
  const at = (r: Row) => {
    const unresolved = rows.filter((s) => s.account === r.account && s.messageId === r.messageId && s.messageWsId === null && s.createSentAt !== null && live(s)).map((s) => s.createSentAt!);
    return Math.max(r.nextAttemptAt ?? 0, unresolved.length > 0 ? Math.max(...unresolved) + settleMs : 0);
  };
  return rows
    .filter((r) => r.state === 'queued' || r.state === 'waiting')
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((r) => !skip.has(r.account) && at(r) <= nowMs)
    .map((r) => r.id);
}

describe('job store', () => {
  const open: Database.Database[] = [];
  const fresh = () => {
    const db = openAppDb(join(tmpHome('job-store-'), 'app.sqlite'));
    open.push(db);
    return db;
  };
  afterEach(() => {
    for (const db of open.splice(0)) db.close();
  });

  it('takes the first two due jobs exactly as the settle and retry rule says (random queues, accounts, clocks)', () => {
    const db = fresh();
    const store = new JobStore(db);
    const row = fc.record({
      account: fc.constantFrom('a', 'b', 'c'),
      messageId: fc.constantFrom('<1@x>', '<2@x>', '<3@x>', '<4@x>'),
      state: fc.constantFrom<JobState>('queued', 'waiting', 'needs_attention', 'done', 'cancelled', 'failed'),
      createdAt: fc.integer({ min: 0, max: 20 }).map((s) => T0 + s * 1000),
      nextAttemptAt: fc.option(fc.integer({ min: -60, max: 60 }).map((s) => T0 + s * 1000)),
      createSentAt: fc.option(fc.integer({ min: -120, max: 10 }).map((s) => T0 + s * 1000)),
      messageWsId: fc.option(fc.constant('31x9')),
    });
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 14 }),
        fc.integer({ min: -30, max: 90 }),
        fc.constantFrom(0, 5_000, 60_000),
        fc.subarray(['a', 'b', 'c']),
        (rows, nowS, settleMs, skipped) => {
          db.exec('DELETE FROM outbox_jobs'); // targets and attachments go by cascade
          const jobs = rows.map((r, i) => ({ ...r, id: `job-${String(i).padStart(2, '0')}` }));
          insertJobs(db, jobs);
          // One pending file per job, named after it: the read-ahead shows which job comes second.
          const file = db.prepare("INSERT INTO outbox_attachments (job_id, idx, name, content_type, size, sha256, state) VALUES (?, 0, 'f', 'x/y', 1, ?, 'pending')");
          for (const j of jobs) file.run(j.id, j.id.padEnd(64, '0'));
          const now = T0 + nowS * 1000;
          const skip = new Set(skipped);
          const expected = dueOracle(jobs, now, settleMs, skip);
          const got = store.nextTwoDue(now, settleMs, skip);
          expect(got.job?.id ?? null).toBe(expected[0] ?? null);
          // The job read ahead is the one due after it.
          expect(got.afterFiles).toEqual(expected[1] === undefined ? [] : [{ sha256: expected[1].padEnd(64, '0'), size: 1 }]);
          if (expected[0] !== undefined) {
            db.prepare("UPDATE outbox_jobs SET state = 'done' WHERE id = ?").run(expected[0]);
            const rest = jobs.map((j) => (j.id === expected[0] ? { ...j, state: 'done' as const } : j));
            expect(store.nextTwoDue(now, settleMs, skip).job?.id ?? null).toBe(dueOracle(rest, now, settleMs, skip)[0] ?? null);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is due at the very millisecond its retry time or its settle time has passed, not one before', () => {
    const store = new JobStore(fresh());
    insertJobs(store.db, [
      { id: 'retry', account: 'a', messageId: '<1@x>', state: 'waiting', createdAt: T0, nextAttemptAt: T0 + 10_000, createSentAt: null, messageWsId: null },
      { id: 'settle', account: 'b', messageId: '<2@x>', state: 'waiting', createdAt: T0, nextAttemptAt: null, createSentAt: T0, messageWsId: null },
    ]);
    const due = (now: number, account: string) => store.nextTwoDue(now, 60_000, new Set([account === 'a' ? 'b' : 'a'])).job?.id ?? null;
    expect(due(T0 + 9_999, 'a')).toBeNull();
    expect(due(T0 + 10_000, 'a')).toBe('retry');
    expect(due(T0 + 59_999, 'b')).toBeNull();
    expect(due(T0 + 60_000, 'b')).toBe('settle');
  });

  it('reads a job with its targets and attachments in order, text as stored, in one statement for get and list', () => {
    const db = fresh();
    const store = new JobStore(db);
    insertJobs(db, [{ id: 'j1', account: 'a', messageId: '<1@x>', state: 'queued', createdAt: T0, nextAttemptAt: null, createSentAt: null, messageWsId: null }]);
    const target = db.prepare('INSERT INTO outbox_targets (job_id, pos, ws_id, state, problem) VALUES (?, ?, ?, ?, ?)');
    target.run('j1', 1, '12x7', 'unavailable', 'CRM_ACCESS_DENIED');
    target.run('j1', 0, '11x3', 'pending', null);
    const att = db.prepare('INSERT INTO outbox_attachments (job_id, idx, name, content_type, size, sha256, state) VALUES (?, ?, ?, ?, ?, ?, ?)');
    att.run('j1', 1, 'Prezzi "finali" – ü.csv', 'text/csv', 12, 'b'.repeat(64), 'skipped');
    att.run('j1', 0, 'a\\b\u0000c.pdf', 'application/pdf', 3_000_000_000, 'a'.repeat(64), 'pending');
    const job = store.get('j1')!;
    expect(job.targets).toEqual([
      { wsId: '11x3', state: 'pending', problem: null },
      { wsId: '12x7', state: 'unavailable', problem: 'CRM_ACCESS_DENIED' },
    ]);
    expect(job.attachments).toEqual([
      { index: 0, name: 'a\\b\u0000c.pdf', contentType: 'application/pdf', size: 3_000_000_000, sha256: 'a'.repeat(64), state: 'pending' },
      { index: 1, name: 'Prezzi "finali" – ü.csv', contentType: 'text/csv', size: 12, sha256: 'b'.repeat(64), state: 'skipped' },
    ]);
    expect(store.list(10)).toEqual([job]);
    insertJobs(db, [{ id: 'j2', account: 'a', messageId: '<2@x>', state: 'queued', createdAt: T0 + 1, nextAttemptAt: null, createSentAt: null, messageWsId: null }]);
    expect(store.get('j2')).toMatchObject({ targets: [], attachments: [] });
  });

  it('completes a job in one statement: done with the record, or cancelled kept (the record still noted)', () => {
    const db = fresh();
    const store = new JobStore(db);
    insertJobs(db, [
      { id: 'sent', account: 'a', messageId: '<1@x>', state: 'waiting', createdAt: T0, nextAttemptAt: T0, createSentAt: T0, messageWsId: null },
      { id: 'gone', account: 'a', messageId: '<2@x>', state: 'cancelled', createdAt: T0, nextAttemptAt: null, createSentAt: T0, messageWsId: null },
      { id: 'related', account: 'a', messageId: '<3@x>', state: 'queued', createdAt: T0, nextAttemptAt: null, createSentAt: T0, messageWsId: '31x5' },
    ]);
    db.prepare("UPDATE outbox_jobs SET reason = 'x', last_error_json = '{}', landed_how = 'ours' WHERE id IN ('sent', 'gone', 'related')").run();
    const when = iso(T0 + 5000);
    expect(store.complete('sent', when, { wsId: '31x9', how: 'created' })).toBe('done');
    expect(store.get('sent')).toMatchObject({ state: 'done', reason: null, lastError: null, nextAttemptAt: null, doneAt: when, updatedAt: when, messageWsId: '31x9', landedHow: 'created' });
    expect(store.complete('gone', when, { wsId: '31x10', how: 'created' })).toBe('cancelled');
    expect(store.get('gone')).toMatchObject({ state: 'cancelled', reason: 'x', doneAt: null, updatedAt: when, messageWsId: '31x10', landedHow: 'created' });
    // Without a new record the one found earlier stays.
    expect(store.complete('related', when)).toBe('done');
    expect(store.get('related')).toMatchObject({ state: 'done', messageWsId: '31x5', landedHow: 'ours' });
    expect(store.complete('nope', when)).toBeNull();
  });
});
