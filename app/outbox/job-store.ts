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
  snapshot_json: string;
  state: JobState;
  reason: JobReason | null;
  last_error_json: string | null;
  attempts: number;
  next_attempt_at: string | null;
  message_ws_id: string | null;
  landed_how: LinkJob['landedHow'];
  created_at: string;
  updated_at: string;
  done_at: string | null;
}

/** Plain SQL over the outbox tables; every write that moves a job is one statement or one transaction. */
export class JobStore {
  constructor(readonly db: Database) {}

  get(id: string): LinkJob | null {
    const row = this.db.prepare('SELECT * FROM outbox_jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row ? this.toJob(row) : null;
  }

  list(): LinkJob[] {
    return (this.db.prepare('SELECT * FROM outbox_jobs ORDER BY created_at, id').all() as JobRow[]).map((r) => this.toJob(r));
  }

  snapshot(id: string): MailSnapshot {
    const s = this.db.prepare('SELECT snapshot_json FROM outbox_jobs WHERE id = ?').pluck().get(id) as string;
    return MailSnapshot.parse(JSON.parse(s));
  }

  liveByDedupeKey(key: string): string | null {
    return (this.db.prepare("SELECT id FROM outbox_jobs WHERE dedupe_key = ? AND state <> 'cancelled'").pluck().get(key) as string | undefined) ?? null;
  }

  /** The next job whose turn has come, oldest first; jobs of blocked accounts are left alone. */
  nextDue(nowIso: string, skipAccounts: ReadonlySet<string>, skipJobs: ReadonlySet<string>): LinkJob | null {
    // Ids only: a long outbox must not load every snapshot on every step.
    const rows = this.db
      .prepare(
        "SELECT id, account_id FROM outbox_jobs WHERE state IN ('queued', 'waiting') AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY created_at, id",
      )
      .all(nowIso) as { id: string; account_id: string }[];
    const row = rows.find((r) => !skipAccounts.has(r.account_id) && !skipJobs.has(r.id));
    return row ? this.get(row.id) : null;
  }

  /** When the next queued or waiting job may run (ms), honouring accounts paused until a time; null if none. */
  earliestWaiting(skipAccounts: ReadonlySet<string>, pausedUntil: ReadonlyMap<string, number>): number | null {
    const rows = this.db.prepare("SELECT account_id, next_attempt_at FROM outbox_jobs WHERE state IN ('queued', 'waiting')").all() as {
      account_id: string;
      next_attempt_at: string | null;
    }[];
    let best: number | null = null;
    for (const r of rows) {
      if (skipAccounts.has(r.account_id)) continue;
      const at = Math.max(r.next_attempt_at ? Date.parse(r.next_attempt_at) : 0, pausedUntil.get(r.account_id) ?? 0);
      if (best === null || at < best) best = at;
    }
    return best;
  }

  unfinishedCount(): number {
    return this.db.prepare("SELECT count(*) FROM outbox_jobs WHERE state NOT IN ('done', 'cancelled')").pluck().get() as number;
  }

  setState(id: string, state: JobState, nowIso: string, extra: { reason?: JobReason | null; error?: AppErrorShape | null; nextAttemptAt?: string | null; attempt?: boolean } = {}): void {
    this.db
      .prepare(
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
    this.db.prepare('UPDATE outbox_targets SET state = ?, problem = ? WHERE job_id = ? AND ws_id = ?').run(state, problem, jobId, wsId);
  }

  setTargetsWhere(jobId: string, from: TargetState, to: TargetState): void {
    this.db.prepare('UPDATE outbox_targets SET state = ?, problem = NULL WHERE job_id = ? AND state = ?').run(to, jobId, from);
  }

  setAttachment(jobId: string, index: number, state: AttachmentState): void {
    this.db.prepare('UPDATE outbox_attachments SET state = ? WHERE job_id = ? AND idx = ?').run(state, jobId, index);
  }

  setAttachmentsWhere(jobId: string, from: AttachmentState, to: AttachmentState): void {
    this.db.prepare('UPDATE outbox_attachments SET state = ? WHERE job_id = ? AND state = ?').run(to, jobId, from);
  }

  setMessage(jobId: string, wsId: string, how: NonNullable<LinkJob['landedHow']>, nowIso: string): void {
    this.db.prepare('UPDATE outbox_jobs SET message_ws_id = ?, landed_how = ?, updated_at = ? WHERE id = ?').run(wsId, how, nowIso, jobId);
  }

  markDone(jobId: string, nowIso: string): void {
    this.db
      .prepare("UPDATE outbox_jobs SET state = 'done', reason = NULL, last_error_json = NULL, next_attempt_at = NULL, done_at = ?, updated_at = ? WHERE id = ?")
      .run(nowIso, nowIso, jobId);
  }

  unpin(jobId: string): void {
    this.db.prepare('DELETE FROM blob_pins WHERE owner_kind = ? AND owner_id = ?').run(PIN_KIND, jobId);
  }

  private toJob(r: JobRow): LinkJob {
    const targets = this.db.prepare('SELECT ws_id, state, problem FROM outbox_targets WHERE job_id = ? ORDER BY pos').all(r.id) as {
      ws_id: string;
      state: TargetState;
      problem: string | null;
    }[];
    const atts = this.db.prepare('SELECT idx, name, content_type, size, sha256, state FROM outbox_attachments WHERE job_id = ? ORDER BY idx').all(r.id) as {
      idx: number;
      name: string;
      content_type: string;
      size: number;
      sha256: string;
      state: AttachmentState;
    }[];
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
      targets: targets.map((t): JobTarget => ({ wsId: t.ws_id, state: t.state, problem: t.problem })),
      attachments: atts.map((a): JobAttachment => ({ index: a.idx, name: a.name, contentType: a.content_type, size: a.size, sha256: a.sha256, state: a.state })),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      doneAt: r.done_at,
    };
  }
}
