import type { MailAddress } from '../contract/mail';
import { AppError } from '../errors';
import { attachmentEntry } from './attachment-entry';
import { decodeText } from './codepage';
import { fallbackName, normaliseContentId } from './content-type';
import { childContext, countPart, type ParseContext } from './context';
import { isoWithZone } from './date';
import { emptyMail, type NormalisedMail } from './model';
import { PID } from './msg-props';
import { bodyFromRtf, decompressRtf, textToSimpleHtml } from './rtf';
import { sanitizeFileName } from './safe-name';
import { textFromHtml } from './text-from-html';
import { propBinary, propInt, propString, propTime, readTnef, TNEF_SIGNATURE, type TnefAttachment } from './tnef-reader';

const ATTACH_BY_VALUE = 1;
const ATTACH_EMBEDDED_MSG = 5;
const ATTACH_OLE = 6;
const PR_ATTACH_DATA = 0x3701;
const PR_CLIENT_SUBMIT_TIME = 0x0039;
const PR_RECIPIENT_TYPE = 0x0c15;

function embeddedTnef(att: TnefAttachment): Uint8Array | null {
  const obj = propBinary(att.props, PR_ATTACH_DATA);
  if (!obj || obj.byteLength < 20) return null;
  // PT_OBJECT data starts with the interface id; an embedded message follows as TNEF.
  const inner = obj.subarray(16);
  const sig = new DataView(inner.buffer, inner.byteOffset, inner.byteLength).getUint32(0, true);
  return sig === TNEF_SIGNATURE ? inner : null;
}

/** winmail.dat: the body and attachments Outlook wrapped for non-Outlook recipients. */
export async function parseTnef(bytes: Uint8Array, ctx: ParseContext): Promise<NormalisedMail> {
  const mail = emptyMail('tnef');
  let t;
  try {
    t = readTnef(bytes);
  } catch (e) {
    throw new AppError('MALFORMED_MAIL', `unreadable TNEF: ${e instanceof Error ? e.message : String(e)}`);
  }
  mail.warnings.push(...t.warnings);
  const props = t.props;
  const cp = propInt(props, PID.messageCodepage) ?? t.oemCodepage ?? 1252;
  const str = (id: number) => propString(props, id, cp);
  mail.subject = str(PID.subject) ?? t.subject ?? '';
  mail.messageId = str(PID.messageId) ?? (t.messageId || null);
  mail.inReplyTo = str(PID.inReplyTo);
  const refs = str(PID.references);
  mail.references = refs ? (refs.match(/<[^<>\s]+>/g) ?? []) : [];
  const sentAt = propTime(props, PR_CLIENT_SUBMIT_TIME) ?? t.dateSent;
  mail.date = sentAt ? isoWithZone(sentAt, null) : null;
  const sender: MailAddress | null = str(PID.senderName) || str(PID.senderSmtp)
    ? { name: str(PID.senderName) ?? '', address: str(PID.senderSmtp) ?? (str(PID.senderAddrType) === 'SMTP' ? (str(PID.senderEmail) ?? '') : '') }
    : null;
  const reprName = str(PID.sentRepresentingName);
  const reprAddr = str(PID.sentRepresentingSmtp) ?? (str(PID.sentRepresentingAddrType) === 'SMTP' ? str(PID.sentRepresentingEmail) : null);
  const from = reprName || reprAddr ? { name: reprName ?? '', address: reprAddr ?? '' } : sender;
  mail.from = from ? [from] : [];
  mail.sender = sender && from && sender.address !== from.address ? sender : null;

  for (const r of t.recipients) {
    const type = propString(r, PID.addrType, cp);
    const email = propString(r, PID.emailAddress, cp);
    const address = propString(r, PID.smtpAddress, cp) ?? (type === 'EX' || (email ?? '').startsWith('/') ? '' : (email ?? ''));
    const entry = { name: propString(r, PID.displayName, cp) ?? '', address };
    const kind = propInt(r, PR_RECIPIENT_TYPE);
    if (kind === 2) mail.cc.push(entry);
    else if (kind === 3) mail.bcc.push(entry);
    else mail.to.push(entry);
  }

  mail.text = str(PID.body) ?? t.body;
  const htmlBin = propBinary(props, PID.html);
  const htmlStr = propString(props, PID.html, cp);
  if (htmlStr) mail.html = htmlStr;
  else if (htmlBin) mail.html = decodeText(htmlBin, propInt(props, PID.internetCodepage) ?? 65001);
  const rtf = propBinary(props, PID.rtfCompressed);
  if (rtf && (!mail.html || !mail.text)) {
    try {
      const body = bodyFromRtf(decompressRtf(rtf), (w) => mail.warnings.push(w));
      if (!mail.html && body.html) mail.html = body.html;
      if (!mail.text && body.text) mail.text = body.text;
      if (!mail.html && body.text) mail.html = textToSimpleHtml(body.text);
    } catch (e) {
      mail.warnings.push(`RTF body unreadable: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  if (!mail.text && mail.html) mail.text = textFromHtml(mail.html, (w) => mail.warnings.push(w));

  for (const att of t.attachments) {
    countPart(ctx);
    const method = propInt(att.props, PID.attachMethod) ?? ATTACH_BY_VALUE;
    const inner = method === ATTACH_EMBEDDED_MSG ? embeddedTnef(att) : null;
    let data = att.data ?? propBinary(att.props, PR_ATTACH_DATA);
    if (method === ATTACH_OLE && data && data.byteLength > 16 && !att.data) data = data.subarray(16);
    if (inner) data = inner;
    if (!data) {
      mail.warnings.push(`TNEF attachment "${att.title ?? ''}" has no data`);
      data = new Uint8Array(0);
    }
    const originalName =
      propString(att.props, PID.attachLongFileName, cp) ?? propString(att.props, PID.attachFileName, cp) ?? propString(att.props, PID.displayName, cp) ?? att.title ?? '';
    const contentType = inner ? 'application/ms-tnef' : (propString(att.props, PID.attachMimeTag, cp) ?? 'application/octet-stream').toLowerCase();
    const contentId = normaliseContentId(propString(att.props, PID.attachContentId, cp));
    const ref = ctx.sink.fromBytes(data);
    const index = mail.attachments.length;
    const entry = attachmentEntry({ originalName, contentType, ref, index, contentId, inline: contentId !== null && (mail.html ?? '').includes(`cid:${contentId}`) });
    mail.attachments.push(entry);
    if (inner) {
      try {
        const child = await ctx.parseNested(Buffer.from(inner.buffer, inner.byteOffset, inner.byteLength), childContext(ctx));
        entry.embeddedIndex = mail.embedded.length;
        mail.embedded.push(child);
        // The kept bytes are a TNEF stream: name them like one, after the message they hold.
        const base = !originalName || originalName === 'Untitled Attachment' ? child.subject || 'message' : originalName;
        entry.name = sanitizeFileName(/\.[a-z0-9]{1,5}$/i.test(base) ? base : `${base}.dat`, fallbackName(contentType, index + 1));
      } catch (e) {
        if (e instanceof AppError && (e.code === 'MAIL_TOO_COMPLEX' || e.code === 'MAIL_TOO_LARGE')) throw e;
        mail.warnings.push(`embedded TNEF message unreadable: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  return mail;
}
