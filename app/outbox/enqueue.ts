import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '../errors';
import { messageIdFor, readCapturedMail } from '../link';
import { type JobStore, PIN_KIND } from './job-store';
import type { LinkRequest } from './types';

const WS_ID = /^\d+x\d+$/;

export function validateTargets(targets: readonly string[]): string[] {
  const clean = [...new Set(targets.map((t) => t.trim()))];
  if (clean.length === 0) throw new AppError('INVALID_INPUT', 'Choose at least one CRM record to link the email to.');
  const bad = clean.filter((t) => !WS_ID.test(t));
  if (bad.length > 0) throw new AppError('INVALID_INPUT', 'Not a CRM record id (expected NxM).', { targets: bad });
  return clean;
}

/**
 * Writes one link job, its targets, its attachment selection and its blob pins in a single
 * transaction (so a crash leaves either the whole job or nothing). The same mail queued again for
 * the same records returns the job that already exists.
 */
export function enqueueJob(store: JobStore, req: LinkRequest, nowIso: string): string {
  const db = store.db;
  const targets = validateTargets(req.targets);
  return db.transaction((): string => {
    const { mail, attachments } = readCapturedMail(db, req.mailId);
    const key = createHash('sha256')
      .update(JSON.stringify([req.accountId, mail.sha256, [...targets].sort()]))
      .digest('hex');
    const existing = store.liveByDedupeKey(key);
    if (existing) return existing;
    const chosen =
      req.attachments === undefined
        ? attachments.filter((a) => !a.inline)
        : req.attachments.map((i) => {
            const a = attachments.find((x) => x.index === i);
            if (!a) throw new AppError('INVALID_INPUT', 'No such attachment on this email.', { index: i });
            return a;
          });
    const id = randomUUID();
    db.prepare(
      `INSERT INTO outbox_jobs (id, account_id, mail_id, mail_sha256, message_id, subject, dedupe_key, state, next_attempt_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
    ).run(id, req.accountId, mail.mailId, mail.sha256, messageIdFor(mail), mail.subject, key, req.notBefore ?? null, nowIso, nowIso);
    db.prepare('INSERT INTO outbox_snapshots (job_id, snapshot_json) VALUES (?, ?)').run(id, JSON.stringify(mail));
    const addTarget = db.prepare("INSERT INTO outbox_targets (job_id, pos, ws_id, state) VALUES (?, ?, ?, 'pending')");
    targets.forEach((t, i) => addTarget.run(id, i, t));
    const addAtt = db.prepare("INSERT INTO outbox_attachments (job_id, idx, name, content_type, size, sha256, state) VALUES (?, ?, ?, ?, ?, ?, 'pending')");
    for (const a of chosen) addAtt.run(id, a.index, a.name, a.contentType, a.size, a.sha256);
    const pin = db.prepare('INSERT OR IGNORE INTO blob_pins (sha256, owner_kind, owner_id) VALUES (?, ?, ?)');
    // The original too: history and re-sends may need the whole mail, not only the chosen parts.
    for (const sha of new Set([mail.sha256, ...chosen.map((a) => a.sha256)])) pin.run(sha, PIN_KIND, id);
    return id;
  }).immediate();
}
