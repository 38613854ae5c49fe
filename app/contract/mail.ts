import { z } from 'zod';

/** Renderer-facing view of a parsed email. Bytes stay in the core's spool; only metadata crosses. */

export const MailAddress = z.object({
  name: z.string(),
  address: z.string(),
});
export type MailAddress = z.infer<typeof MailAddress>;

export const MailFormat = z.enum(['eml', 'msg', 'tnef']);
export type MailFormat = z.infer<typeof MailFormat>;

export const AttachmentView = z.object({
  /** Index within this message, stable for the life of the captured mail. */
  index: z.number().int().nonnegative(),
  /** Safe to show and to use as a file name anywhere. */
  name: z.string(),
  /** As the sender's client wrote it (may contain separators, bidi controls…): display only with care. */
  originalName: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  contentId: z.string().nullable(),
  inline: z.boolean(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Set when the attachment is itself an email (message/rfc822, embedded .msg). */
  embeddedIndex: z.number().int().nonnegative().nullable(),
});
export type AttachmentView = z.infer<typeof AttachmentView>;

export const MailHeaderView = z.object({
  messageId: z.string().nullable(),
  subject: z.string(),
  /** ISO 8601 with the original zone offset kept, e.g. 2024-03-01T10:15:00+01:00. */
  date: z.string().nullable(),
  from: z.array(MailAddress),
  sender: MailAddress.nullable(),
  replyTo: z.array(MailAddress),
  to: z.array(MailAddress),
  cc: z.array(MailAddress),
  bcc: z.array(MailAddress),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
});
export type MailHeaderView = z.infer<typeof MailHeaderView>;

export interface ParsedMailView extends MailHeaderView {
  format: MailFormat;
  text: string | null;
  html: string | null;
  attachments: AttachmentView[];
  embedded: ParsedMailView[];
  warnings: string[];
}

export const ParsedMailView: z.ZodType<ParsedMailView> = z.lazy(() =>
  MailHeaderView.extend({
    format: MailFormat,
    text: z.string().nullable(),
    html: z.string().nullable(),
    attachments: z.array(AttachmentView),
    embedded: z.array(ParsedMailView),
    warnings: z.array(z.string()),
  }),
);

/** One captured email as listed in the inbox. */
export const CapturedMailSummary = z.object({
  id: z.string(),
  fileName: z.string(),
  format: MailFormat,
  subject: z.string(),
  from: z.array(MailAddress),
  date: z.string().nullable(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  attachmentCount: z.number().int().nonnegative(),
  capturedAt: z.string(),
  warnings: z.array(z.string()),
});
export type CapturedMailSummary = z.infer<typeof CapturedMailSummary>;

export const CapturedMail = z.object({
  summary: CapturedMailSummary,
  mail: ParsedMailView,
});
export type CapturedMail = z.infer<typeof CapturedMail>;
