import { z } from 'zod';
import type { Database as DatabaseNs } from '../db/open';

type Database = DatabaseNs.Database;
import { AppError } from '../errors';
import { MailHeaderView } from '../contract/mail';

/**
 * What a link job needs of a captured mail, frozen into the job when it is queued: the inbox
 * entry may be removed while the job waits, and the job must still send what the user saw.
 */
export const MailSnapshot = MailHeaderView.omit({ sender: true }).extend({
  mailId: z.string(),
  sha256: z.string(),
  fileName: z.string(),
  text: z.string().nullable(),
  html: z.string().nullable(),
  /** A stable key for a mail without Message-ID (the intake's), so two drops of it send one id. */
  clientKey: z.string().nullable(),
});
export type MailSnapshot = z.infer<typeof MailSnapshot>;

export interface SnapshotAttachment {
  index: number;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  inline: boolean;
}

/** The intake's stored view: the contract's headers and bodies (more keys may follow). */
const ViewJson = MailHeaderView.omit({ sender: true })
  .extend({ text: z.string().nullable(), html: z.string().nullable() })
  .loose();

interface MailRow {
  id: string;
  file_name: string;
  sha256: string;
  view_json: string;
  client_key: string | null;
}

interface AttachmentRow {
  idx: number;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  inline: number;
}

/** Reads a captured mail (the intake's tables) into a snapshot plus its top-level attachments. */
export function readCapturedMail(db: Database, mailId: string): { mail: MailSnapshot; attachments: SnapshotAttachment[] } {
  const row = db.prepare('SELECT id, file_name, sha256, view_json, client_key FROM captured_mails WHERE id = ?').get(mailId) as MailRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'That email is no longer in the inbox.', { mailId });
  const parsed = ViewJson.safeParse(JSON.parse(row.view_json));
  if (!parsed.success) throw new AppError('INTERNAL', 'The captured email has an unreadable view.', { mailId });
  const v = parsed.data;
  const rows = db
    .prepare("SELECT idx, name, content_type, size, sha256, inline FROM mail_attachments WHERE mail_id = ? AND part = '' ORDER BY idx")
    .all(mailId) as AttachmentRow[];
  return {
    mail: {
      mailId: row.id,
      sha256: row.sha256,
      fileName: row.file_name,
      messageId: v.messageId,
      subject: v.subject,
      date: v.date,
      from: v.from,
      to: v.to,
      cc: v.cc,
      bcc: v.bcc,
      replyTo: v.replyTo,
      inReplyTo: v.inReplyTo,
      references: v.references,
      text: v.text,
      html: v.html,
      clientKey: row.client_key,
    },
    attachments: rows.map((r) => ({ index: r.idx, name: r.name, contentType: r.content_type, size: r.size, sha256: r.sha256, inline: r.inline === 1 })),
  };
}
