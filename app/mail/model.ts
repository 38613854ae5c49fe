import type { MailAddress, MailFormat } from '../contract/mail';

/**
 * The one internal shape every source format is normalised into. It carries more than the
 * renderer-facing `ParsedMailView` (blob locations, the original's hash) and is plain data, so
 * it survives the IPC hop from the parser process unchanged.
 */
export interface NormalisedAttachment {
  name: string;
  originalName: string;
  contentType: string;
  size: number;
  sha256: string;
  contentId: string | null;
  inline: boolean;
  /** Index into `embedded` when this attachment is itself a mail (kept here as its original bytes too). */
  embeddedIndex: number | null;
  /**
   * Where the parser process left the bytes (a staged spool file); null when parsing without
   * storage. Informational: the intake derives the path from the sha256 itself rather than
   * trusting a path that came out of the parser process.
   */
  stagedPath: string | null;
}

export interface NormalisedMail {
  format: MailFormat;
  messageId: string | null;
  subject: string;
  /** ISO 8601 with the sender's zone offset kept. */
  date: string | null;
  from: MailAddress[];
  sender: MailAddress | null;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  inReplyTo: string | null;
  references: string[];
  text: string | null;
  html: string | null;
  attachments: NormalisedAttachment[];
  embedded: NormalisedMail[];
  /** Size and sha256 of the bytes this message was parsed from. */
  size: number;
  sha256: string;
  warnings: string[];
}

export function emptyMail(format: MailFormat): NormalisedMail {
  return {
    format,
    messageId: null,
    subject: '',
    date: null,
    from: [],
    sender: null,
    replyTo: [],
    to: [],
    cc: [],
    bcc: [],
    inReplyTo: null,
    references: [],
    text: null,
    html: null,
    attachments: [],
    embedded: [],
    size: 0,
    sha256: '',
    warnings: [],
  };
}
