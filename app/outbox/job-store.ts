import type { Database as DatabaseNs } from '../db/open';

type Database = DatabaseNs.Database;
import type { AppErrorShape } from '../contract/result';
import { MailSnapshot } from '../link';
import type { AttachmentState, JobAttachment, JobReason, JobState, JobTarget, LinkJob, TargetState } from './types';

export const PIN_KIND = 'outbox-job';

interface JobRow {
  id: string;
  account_id: string;
  mail_id: string;
  mail_sha256: string;
  message_id: string;
  subject: string;
  state: JobState;
  reason: JobReason | null;
  last_error_json: string | null;
  attempts: number;
  next_attempt_at: string | null;
  message_ws_id: string | null;
  landed_how: LinkJob['landedHow'];
  create_sent_at: string | null;
  created_at: string;
  updated_at: string;
  done_at: string | null;
  /** [[ws_id, state, problem], …] in target order. */
  targets_json: string;
  /** [[idx, name, content_type, size, sha256, state], …] in attachment order. */
  attachments_json: string;
}

// Every column a LinkJob shows, with its targets and attachments, in one statement (three per job
// cost the drain a statement pair per mail and list() two per job); not the snapshot, which only
// the sender reads, once per attempt. Used as `FROM outbox_jobs j`.
const JOB_COLUMNS = `j.id, j.account_id, j.mail_id, j.mail_sha256, j.message_id, j.subject, j.state, j.reason, j.last_error_json, j.attempts,
  j.next_attempt_at, j.message_ws_id, j.landed_how, j.create_sent_at, j.created_at, j.updated_at, j.done_at,
  (SELECT json_group_array(json_array(ws_id, state, problem) ORDER BY pos) FROM outbox_targets WHERE job_id = j.id) AS targets_json,
  (SELECT json_group_array(json_array(idx, name, content_type, size, sha256, state) ORDER BY idx) FROM outbox_attachments WHERE job_id = j.id) AS attachments_json`;

/** Plain SQL over the outbox tables; every write that moves a job is one statement or one transaction. */
export class JobStore {
  private readonly statements = new Map<string, DatabaseNs.Statement>();
  // One transaction function for every write group: db.transaction() builds a new wrapper (in
  // four variants) per call, which the sender did two or three times per mail.
  private readonly txn: DatabaseNs.Transaction<(work: () => unknown) => unknown>;

  constructor(readonly db: Database) {
    this.txn = db.transaction((work: () => unknown) => work());
  }

  /** Runs `work` in one transaction (inside another: a savepoint), as db.transaction() does. */
  atomically<T>(work: () => T): T {
    return this.txn(work) as T;
  }

  /** Prepared once per SQL text: a drain runs the same few statements for every job. */
  private sql(text: string): DatabaseNs.Statement {
    let st = this.statements.get(text);
    if (!st) {
      st = this.db.prepare(text);
      this.statements.set(text, st);
    }
    return st;
  }

  get(id: string): LinkJob | null {
    const row = this.sql(`SELECT ${JOB_COLUMNS} FROM outbox_jobs j WHERE j.id = ?`).get(id) as JobRow | undefined;
    return row ? this.toJob(row) : null;
  }

  /**
   * Every job still in the queue and the `recentFinished` most recently finished (done or
   * cancelled), oldest first. Older finished jobs live on in the link history.
   */
  list(recentFinished: number): LinkJob[] {
    const rows = this
      .sql(
        `SELECT ${JOB_COLUMNS} FROM outbox_jobs j WHERE j.state IN ('queued', 'waiting', 'needs_attention', 'failed')
         UNION ALL
         SELECT * FROM (SELECT ${JOB_COLUMNS} FROM outbox_jobs j WHERE j.state IN ('done', 'cancelled') ORDER BY j.updated_at DESC, j.id DESC LIMIT ?)
         ORDER BY created_at, id`,
      )
      .all(recentFinished) as JobRow[];
    return rows.map((r) => this.toJob(r));
  }

  /** How many jobs are in each state, without loading any. */
  countByState(): Record<JobState, number> {
    const counts: Record<JobState, number> = { queued: 0, waiting: 0, needs_attention: 0, done: 0, cancelled: 0, failed: 0 };
    for (const r of this.sql('SELECT state, count(*) AS n FROM outbox_jobs GROUP BY state').all() as { state: JobState; n: number }[]) counts[r.state] = r.n;
    return counts;
  }

  /**
   * Deletes jobs that finished (done or cancelled) before `beforeIso`, with their targets,
   * attachments and any pin left; each done job's history row stays. Returns how many went.
   */
  pruneFinished(beforeIso: string): number {
    // A finished job is never written again: its updated_at is when it finished.
    const finished = "SELECT id FROM outbox_jobs WHERE state IN ('done', 'cancelled') AND updated_at < ?";
    return this.db.transaction((): number => {
      this.sql(`DELETE FROM blob_pins WHERE owner_kind = ? AND owner_id IN (${finished})`).run(PIN_KIND, beforeIso);
      return this.sql(`DELETE FROM outbox_jobs WHERE id IN (${finished})`).run(beforeIso).changes;
    })();
  }

  snapshot(id: string): MailSnapshot {
    const s = this.sql('SELECT snapshot_json FROM outbox_snapshots WHERE job_id = ?').pluck().get(id) as string;
    return MailSnapshot.parse(JSON.parse(s));
  }

  liveByDedupeKey(key: string): string | null {
    return (this.sql("SELECT id FROM outbox_jobs WHERE dedupe_key = ? AND state <> 'cancelled'").pluck().get(key) as string | undefined) ?? null;
  }

  /**
   * When each live job may run next (ms): its own retry time, and while a create of that mail is
   * unresolved (sent, no record known) not before that create's `create_sent_at + settleMs` —
   * the server may still be executing it, and asking earlier could see nothing and send again.
   */
  private *readyTimes(settleMs: number): Generator<{ id: string; account_id: string; at: number }> {
    // Row by row, in the queue index's order (named: the planner, without statistics, would take
    // the state index and sort the whole queue first): the drain stops after the next two due
    // jobs, so a long outbox does not compute every queued job's settle time on every step.
    const rows = this
      .sql(
        `SELECT j.id, j.account_id, j.next_attempt_at,
                (SELECT max(s.create_sent_at) FROM outbox_jobs s
                  WHERE s.account_id = j.account_id AND s.message_id = j.message_id AND s.message_ws_id IS NULL
                    AND s.create_sent_at IS NOT NULL AND s.state NOT IN ('done', 'cancelled')) AS unresolved_at
         FROM outbox_jobs j INDEXED BY outbox_jobs_queue_order WHERE j.state IN ('queued', 'waiting') ORDER BY j.created_at, j.id`,
      )
      .iterate() as IterableIterator<{ id: string; account_id: string; next_attempt_at: string | null; unresolved_at: string | null }>;
    for (const r of rows) {
      yield {
        id: r.id,
        account_id: r.account_id,
        at: Math.max(r.next_attempt_at ? Date.parse(r.next_attempt_at) : 0, r.unresolved_at ? Date.parse(r.unresolved_at) + settleMs : 0),
      };
    }
  }

  /**
   * The next job whose turn has come (oldest first; jobs of blocked accounts are left alone) and
   * the files of the one expected after it, to be read ahead, from one scan.
   */
  nextTwoDue(nowMs: number, settleMs: number, skipAccounts: ReadonlySet<string>): { job: LinkJob | null; afterFiles: { sha256: string; size: number }[] } {
    const [id, afterId] = this.dueIds(nowMs, settleMs, skipAccounts);
    const afterFiles = afterId === undefined ? [] : (this.sql("SELECT sha256, size FROM outbox_attachments WHERE job_id = ? AND state = 'pending' ORDER BY idx").all(afterId) as { sha256: string; size: number }[]);
    return { job: id === undefined ? null : this.get(id), afterFiles };
  }

  /** Where a job stands, without loading it (the drain's bookkeeping). */
  progress(id: string): Pick<LinkJob, 'state' | 'messageWsId' | 'createSentAt'> | null {
    const r = this.sql('SELECT state, message_ws_id, create_sent_at FROM outbox_jobs WHERE id = ?').get(id) as { state: JobState; message_ws_id: string | null; create_sent_at: string | null } | undefined;
    return r ? { state: r.state, messageWsId: r.message_ws_id, createSentAt: r.create_sent_at } : null;
  }

  private dueIds(nowMs: number, settleMs: number, skipAccounts: ReadonlySet<string>): string[] {
    // The rule of readyTimes() in SQL, so that the scan stops at the second due job without a row
    // crossing into JS before it: a job is due when its retry time has come and no create of its
    // mail is unresolved within the settle time. Timestamps are all toISOString() (UTC, fixed
    // width), so they compare as text. The LIMIT is a literal: bound as a parameter, the same
    // statement took 52 µs instead of 11 over a queue of 100.
    return this
      .sql(
        `SELECT j.id FROM outbox_jobs j INDEXED BY outbox_jobs_queue_order
         WHERE j.state IN ('queued', 'waiting') AND (j.next_attempt_at IS NULL OR j.next_attempt_at <= ?)
           AND j.account_id NOT IN (SELECT value FROM json_each(?))
           AND NOT EXISTS (SELECT 1 FROM outbox_jobs s WHERE s.account_id = j.account_id AND s.message_id = j.message_id
                             AND s.message_ws_id IS NULL AND s.create_sent_at > ? AND s.state NOT IN ('done', 'cancelled'))
         ORDER BY j.created_at, j.id LIMIT 2`,
      )
      .pluck()
      .all(new Date(nowMs).toISOString(), JSON.stringify([...skipAccounts]), new Date(nowMs - settleMs).toISOString()) as string[];
  }

  /** When the next queued or waiting job may run (ms), honouring accounts paused until a time; null if none. */
  earliestWaiting(settleMs: number, skipAccounts: ReadonlySet<string>, pausedUntil: ReadonlyMap<string, number>): number | null {
    let best: number | null = null;
    for (const r of this.readyTimes(settleMs)) {
      if (skipAccounts.has(r.account_id)) continue;
      const at = Math.max(r.at, pausedUntil.get(r.account_id) ?? 0);
      if (best === null || at < best) best = at;
    }
    return best;
  }

  unfinishedCount(): number {
    return this.sql("SELECT count(*) FROM outbox_jobs WHERE state IN ('queued', 'waiting', 'needs_attention', 'failed')").pluck().get() as number;
  }

  setState(id: string, state: JobState, nowIso: string, extra: { reason?: JobReason | null; error?: AppErrorShape | null; nextAttemptAt?: string | null; attempt?: boolean } = {}): void {
    this
      .sql(
        `UPDATE outbox_jobs SET state = ?, reason = ?, last_error_json = ?, next_attempt_at = ?, attempts = attempts + ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        state,
        extra.reason ?? null,
        extra.error ? JSON.stringify(extra.error) : null,
        extra.nextAttemptAt ?? null,
        extra.attempt ? 1 : 0,
        nowIso,
        id,
      );
  }

  setTarget(jobId: string, wsId: string, state: TargetState, problem: string | null = null): void {
    this.sql('UPDATE outbox_targets SET state = ?, problem = ? WHERE job_id = ? AND ws_id = ?').run(state, problem, jobId, wsId);
  }

  setTargetsWhere(jobId: string, from: TargetState, to: TargetState): void {
    this.sql('UPDATE outbox_targets SET state = ?, problem = NULL WHERE job_id = ? AND state = ?').run(to, jobId, from);
  }

  setAttachment(jobId: string, index: number, state: AttachmentState): void {
    this.sql('UPDATE outbox_attachments SET state = ? WHERE job_id = ? AND idx = ?').run(state, jobId, index);
  }

  setAttachmentsWhere(jobId: string, from: AttachmentState, to: AttachmentState): void {
    this.sql('UPDATE outbox_attachments SET state = ? WHERE job_id = ? AND state = ?').run(to, jobId, from);
  }

  setMessage(jobId: string, wsId: string, how: NonNullable<LinkJob['landedHow']>, nowIso: string): void {
    this.sql('UPDATE outbox_jobs SET message_ws_id = ?, landed_how = ?, updated_at = ? WHERE id = ?').run(wsId, how, nowIso, jobId);
  }

  markCreateSent(jobId: string, nowIso: string): void {
    this.sql('UPDATE outbox_jobs SET create_sent_at = ? WHERE id = ?').run(nowIso, jobId);
  }

  /** Due jobs of an account that never sent a create: their "already in the CRM?" can be asked together. */
  neverSent(accountId: string, nowIso: string, limit: number): { id: string; messageId: string; subject: string }[] {
    return this
      .sql(
        `SELECT id, message_id AS messageId, subject FROM outbox_jobs INDEXED BY outbox_jobs_queue_order
         WHERE account_id = ? AND state IN ('queued', 'waiting') AND message_ws_id IS NULL AND create_sent_at IS NULL
           AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
           AND NOT EXISTS (SELECT 1 FROM outbox_jobs s WHERE s.account_id = outbox_jobs.account_id AND s.message_id = outbox_jobs.message_id
                             AND s.message_ws_id IS NULL AND s.create_sent_at IS NOT NULL AND s.state NOT IN ('done', 'cancelled'))
         ORDER BY created_at, id LIMIT ?`,
      )
      .all(accountId, nowIso, limit) as { id: string; messageId: string; subject: string }[];
  }

  /** Whether a create of this job's mail was sent (by any job of the account) with no record known yet. */
  hasUnresolvedCreate(job: Pick<LinkJob, 'accountId' | 'messageId'>): boolean {
    return (
      this.sql(
        `SELECT 1 FROM outbox_jobs WHERE account_id = ? AND message_id = ? AND message_ws_id IS NULL AND create_sent_at IS NOT NULL
           AND state NOT IN ('done', 'cancelled') LIMIT 1`,
      ).get(job.accountId, job.messageId) !== undefined
    );
  }

  /**
   * Ends a send in one statement: notes the Messages record (when the caller has a new one) and
   * marks the job done, unless a cancel came first (a cancel during the last request wins; the
   * record is still noted). Returns the state the job is left in (null: no such job).
   */
  complete(jobId: string, nowIso: string, landed?: { wsId: string; how: NonNullable<LinkJob['landedHow']> }): JobState | null {
    const row = this
      .sql(
        `UPDATE outbox_jobs SET message_ws_id = coalesce(?, message_ws_id), landed_how = coalesce(?, landed_how),
           state = CASE WHEN state = 'cancelled' THEN state ELSE 'done' END,
           reason = CASE WHEN state = 'cancelled' THEN reason END,
           last_error_json = CASE WHEN state = 'cancelled' THEN last_error_json END,
           next_attempt_at = CASE WHEN state = 'cancelled' THEN next_attempt_at END,
           done_at = CASE WHEN state = 'cancelled' THEN done_at ELSE ? END,
           updated_at = ?
         WHERE id = ? RETURNING state`,
      )
      .pluck()
      .get(landed?.wsId ?? null, landed?.how ?? null, nowIso, nowIso, jobId) as JobState | undefined;
    return row ?? null;
  }

  unpin(jobId: string): void {
    this.sql('DELETE FROM blob_pins WHERE owner_kind = ? AND owner_id = ?').run(PIN_KIND, jobId);
  }

  private toJob(r: JobRow): LinkJob {
    const targets = JSON.parse(r.targets_json) as [string, TargetState, string | null][];
    const atts = JSON.parse(r.attachments_json) as [number, string, string, number, string, AttachmentState][];
    return {
      id: r.id,
      accountId: r.account_id,
      mailId: r.mail_id,
      mailSha256: r.mail_sha256,
      subject: r.subject,
      messageId: r.message_id,
      state: r.state,
      reason: r.reason,
      lastError: r.last_error_json ? (JSON.parse(r.last_error_json) as AppErrorShape) : null,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at,
      messageWsId: r.message_ws_id,
      landedHow: r.landed_how,
      createSentAt: r.create_sent_at,
      targets: targets.map(([wsId, state, problem]): JobTarget => ({ wsId, state, problem })),
      attachments: atts.map(([index, name, contentType, size, sha256, state]): JobAttachment => ({ index, name, contentType, size, sha256, state })),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      doneAt: r.done_at,
    };
  }
}
