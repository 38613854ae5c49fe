import type { Database as DatabaseNs } from '../db/open';

type Database = DatabaseNs.Database;
import type { MailAddress } from '../contract/mail';
import type { MailSnapshot } from '../link';

export interface HistoryAttachment {
  name: string;
  size: number;
  sha256: string;
  /** sent, skipped, already_there (the mail was in the CRM before), too_large. */
  state: string;
}

export interface HistoryEntry {
  id: number;
  jobId: string;
  accountId: string;
  mailId: string;
  subject: string;
  from: MailAddress[];
  mailDate: string | null;
  messageId: string;
  /** The Messages record in the CRM. */
  messageWsId: string;
  /** created: this link created it; ours: an earlier attempt of the same job had; existing: it was already in the CRM. */
  landedHow: string;
  targets: string[];
  attachments: HistoryAttachment[];
  /** "Open in CRM": the Messages record's page. */
  openUrl: string;
  linkedAt: string;
}

export interface NewHistoryEntry {
  jobId: string;
  accountId: string;
  mail: MailSnapshot;
  messageId: string;
  messageWsId: string;
  landedHow: string;
  targets: string[];
  attachments: HistoryAttachment[];
  openUrl: string;
  linkedAt: string;
}

// Prepared once per connection: a drain writes one row per mail, and preparing it each time cost
// a quarter of a millisecond.
const inserts = new WeakMap<Database, DatabaseNs.Statement>();

/** Written in the same transaction that marks the job done, so history and outbox never disagree. */
export function insertHistory(db: Database, e: NewHistoryEntry): void {
  let insert = inserts.get(db);
  if (!insert) {
    insert = db.prepare(
      `INSERT OR IGNORE INTO link_history (job_id, account_id, mail_id, subject, from_json, mail_date, message_id, message_ws_id, landed_how, targets_json, attachments_json, open_url, linked_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    inserts.set(db, insert);
  }
  insert.run(
    e.jobId,
    e.accountId,
    e.mail.mailId,
    e.mail.subject,
    JSON.stringify(e.mail.from),
    e.mail.date,
    e.messageId,
    e.messageWsId,
    e.landedHow,
    JSON.stringify(e.targets),
    JSON.stringify(e.attachments),
    e.openUrl,
    e.linkedAt,
  );
}

interface Row {
  id: number;
  job_id: string;
  account_id: string;
  mail_id: string;
  subject: string;
  from_json: string;
  mail_date: string | null;
  message_id: string;
  message_ws_id: string;
  landed_how: string;
  targets_json: string;
  attachments_json: string;
  open_url: string;
  linked_at: string;
}

export interface HistoryQuery {
  accountId?: string;
  mailId?: string;
  limit?: number;
}

/** Newest first. */
export function listHistory(db: Database, q: HistoryQuery = {}): HistoryEntry[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (q.accountId) {
    where.push('account_id = ?');
    args.push(q.accountId);
  }
  if (q.mailId) {
    where.push('mail_id = ?');
    args.push(q.mailId);
  }
  args.push(Math.max(1, Math.min(q.limit ?? 200, 10_000)));
  const rows = db.prepare(`SELECT * FROM link_history ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY linked_at DESC, id DESC LIMIT ?`).all(...args) as Row[];
  return rows.map((r) => ({
    id: r.id,
    jobId: r.job_id,
    accountId: r.account_id,
    mailId: r.mail_id,
    subject: r.subject,
    from: JSON.parse(r.from_json) as MailAddress[],
    mailDate: r.mail_date,
    messageId: r.message_id,
    messageWsId: r.message_ws_id,
    landedHow: r.landed_how,
    targets: JSON.parse(r.targets_json) as string[],
    attachments: JSON.parse(r.attachments_json) as HistoryAttachment[],
    openUrl: r.open_url,
    linkedAt: r.linked_at,
  }));
}
