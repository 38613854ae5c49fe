import type { NormalisedAttachment } from '../mail/model';
import type Database from 'better-sqlite3';
import { CapturedMailSummary, ParsedMailView, type CapturedMail, type MailAddress } from '../contract/mail';

export const MAIL_PIN_KIND = 'mail';

/** One stored attachment: the model's fields, placed by part (which embedded mail) and index. */
export type AttachmentRow = Pick<NormalisedAttachment, 'name' | 'originalName' | 'contentType' | 'size' | 'sha256' | 'contentId' | 'inline'> & {
  part: string;
  idx: number;
};

export interface NewCapture {
  summary: CapturedMailSummary;
  view: ParsedMailView;
  messageId: string | null;
  vteHash: string | null;
  clientKey: string;
  blobs: Array<{ sha256: string; size: number }>;
  attachments: AttachmentRow[];
}

interface MailRow {
  id: string;
  file_name: string;
  format: string;
  subject: string;
  from_json: string;
  date: string | null;
  size: number;
  sha256: string;
  attachment_count: number;
  captured_at: string;
  warnings_json: string;
  view_json: string;
}

function summaryOf(r: MailRow): CapturedMailSummary {
  return CapturedMailSummary.parse({
    id: r.id,
    fileName: r.file_name,
    format: r.format,
    subject: r.subject,
    from: JSON.parse(r.from_json) as MailAddress[],
    date: r.date,
    size: r.size,
    sha256: r.sha256,
    attachmentCount: r.attachment_count,
    capturedAt: r.captured_at,
    warnings: JSON.parse(r.warnings_json) as string[],
  });
}

/** SQL for captured mails, their attachments and the blob pins that keep spool files alive. */
export class MailStore {
  constructor(private readonly db: Database.Database) {}

  insert(c: NewCapture, now: string): void {
    const db = this.db;
    const insertBlob = db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)');
    const pin = db.prepare('INSERT OR IGNORE INTO blob_pins (sha256, owner_kind, owner_id) VALUES (?, ?, ?)');
    const insertMail = db.prepare(`INSERT INTO captured_mails
      (id, file_name, format, subject, from_json, date, size, sha256, attachment_count, captured_at, warnings_json, message_id, vte_hash, client_key, view_json)
      VALUES (@id, @fileName, @format, @subject, @fromJson, @date, @size, @sha256, @attachmentCount, @capturedAt, @warningsJson, @messageId, @vteHash, @clientKey, @viewJson)`);
    const insertAtt = db.prepare(`INSERT INTO mail_attachments
      (mail_id, part, idx, name, original_name, content_type, size, sha256, content_id, inline)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    db.transaction(() => {
      for (const b of c.blobs) {
        insertBlob.run(b.sha256, b.size, now);
        pin.run(b.sha256, MAIL_PIN_KIND, c.summary.id);
      }
      const s = c.summary;
      insertMail.run({
        id: s.id,
        fileName: s.fileName,
        format: s.format,
        subject: s.subject,
        fromJson: JSON.stringify(s.from),
        date: s.date,
        size: s.size,
        sha256: s.sha256,
        attachmentCount: s.attachmentCount,
        capturedAt: s.capturedAt,
        warningsJson: JSON.stringify(s.warnings),
        messageId: c.messageId,
        vteHash: c.vteHash,
        clientKey: c.clientKey,
        viewJson: JSON.stringify(c.view),
      });
      for (const a of c.attachments) {
        insertAtt.run(s.id, a.part, a.idx, a.name, a.originalName, a.contentType, a.size, a.sha256, a.contentId, a.inline ? 1 : 0);
      }
    })();
  }

  idBySha(sha256: string): string | null {
    const r = this.db.prepare('SELECT id FROM captured_mails WHERE sha256 = ?').get(sha256) as { id: string } | undefined;
    return r?.id ?? null;
  }

  list(): CapturedMailSummary[] {
    const rows = this.db.prepare('SELECT * FROM captured_mails ORDER BY captured_at DESC, id').all() as MailRow[];
    return rows.map(summaryOf);
  }

  get(id: string): CapturedMail | null {
    const r = this.db.prepare('SELECT * FROM captured_mails WHERE id = ?').get(id) as MailRow | undefined;
    if (!r) return null;
    return { summary: summaryOf(r), mail: ParsedMailView.parse(JSON.parse(r.view_json)) };
  }

  attachment(id: string, part: string, idx: number): AttachmentRow | null {
    const r = this.db
      .prepare('SELECT part, idx, name, original_name, content_type, size, sha256, content_id, inline FROM mail_attachments WHERE mail_id = ? AND part = ? AND idx = ?')
      .get(id, part, idx) as
      | { part: string; idx: number; name: string; original_name: string; content_type: string; size: number; sha256: string; content_id: string | null; inline: number }
      | undefined;
    if (!r) return null;
    return { part: r.part, idx: r.idx, name: r.name, originalName: r.original_name, contentType: r.content_type, size: r.size, sha256: r.sha256, contentId: r.content_id, inline: r.inline === 1 };
  }

  /** Deletes the mail and its pins; its blobs stay until collected (another owner may pin them). */
  remove(id: string): boolean {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM blob_pins WHERE owner_kind = ? AND owner_id = ?').run(MAIL_PIN_KIND, id);
      return this.db.prepare('DELETE FROM captured_mails WHERE id = ?').run(id).changes > 0;
    })();
  }

  /** Unpinned blobs: removed from the table and returned, so their files can be deleted. */
  takeUnpinned(): Array<{ sha256: string; size: number }> {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare('SELECT sha256, size FROM blobs b WHERE NOT EXISTS (SELECT 1 FROM blob_pins p WHERE p.sha256 = b.sha256)')
        .all() as Array<{ sha256: string; size: number }>;
      const del = this.db.prepare('DELETE FROM blobs WHERE sha256 = ?');
      for (const r of rows) del.run(r.sha256);
      return rows;
    })();
  }

  hasBlob(sha256: string): boolean {
    return this.db.prepare('SELECT 1 FROM blobs WHERE sha256 = ?').get(sha256) !== undefined;
  }
}
