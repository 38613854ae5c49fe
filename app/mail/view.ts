import type { ParsedMailView } from '../contract/mail';
import type { NormalisedMail } from './model';

/** The renderer-facing view: metadata only, no blob locations. */
export function toView(m: NormalisedMail): ParsedMailView {
  return {
    format: m.format,
    messageId: m.messageId,
    subject: m.subject,
    date: m.date,
    from: m.from.map((a) => ({ ...a })),
    sender: m.sender ? { ...m.sender } : null,
    replyTo: m.replyTo.map((a) => ({ ...a })),
    to: m.to.map((a) => ({ ...a })),
    cc: m.cc.map((a) => ({ ...a })),
    bcc: m.bcc.map((a) => ({ ...a })),
    inReplyTo: m.inReplyTo,
    references: [...m.references],
    text: m.text,
    html: m.html,
    attachments: m.attachments.map((a, index) => ({
      index,
      name: a.name,
      originalName: a.originalName,
      contentType: a.contentType,
      size: a.size,
      contentId: a.contentId,
      inline: a.inline,
      sha256: a.sha256,
      embeddedIndex: a.embeddedIndex,
    })),
    embedded: m.embedded.map(toView),
    warnings: [...m.warnings],
  };
}
