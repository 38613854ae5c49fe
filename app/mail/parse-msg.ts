import * as msgreaderModule from '@kenjiuno/msgreader';
import type { FieldsData, ParserConfig } from '@kenjiuno/msgreader';
import type { MailAddress } from '../contract/mail';
import { AppError } from '../errors';
import { attachmentEntry } from './attachment-entry';
import { ansiCodePageForLcid, decodeText, encodingKnown } from './codepage';
import { normaliseContentId } from './content-type';
import { countPart, childContext, type ParseContext } from './context';
import { isoWithZone, parseMailDate, zoneOffsetOf } from './date';
import { checkCfbStructure, type CfbLayout } from './cfb-check';
import { streamViews } from './cfb-stream';
import { headerValue, messageIdsIn, simpleAddressList } from './header-block';
import { emptyMail, type NormalisedMail } from './model';
import { embeddedMessageBytes } from './msg-embedded';
import { PID, RawProps } from './msg-props';
import { bodyFromRtf, decompressRtf, textToSimpleHtml } from './rtf';
import type { BlobRef } from './sink';
import { textFromHtml } from './text-from-html';

interface MsgReaderInstance {
  parserConfig?: ParserConfig;
  getFileData(): FieldsData;
  getAttachment(attach: number | FieldsData): { fileName: string; content: Uint8Array };
}
type MsgReaderCtor = new (buffer: ArrayBuffer) => MsgReaderInstance;

// The package is CommonJS with `exports.default`; loaders disagree on which object a default
// import yields, so take whichever is the constructor.
function msgReaderCtor(): MsgReaderCtor {
  const mod = msgreaderModule as unknown as { default?: unknown };
  const candidate = typeof mod.default === 'function' ? mod.default : (mod.default as { default?: unknown } | undefined)?.default;
  if (typeof candidate !== 'function') throw new Error('@kenjiuno/msgreader did not load');
  return candidate as MsgReaderCtor;
}

type FieldsDataDocument = (this: unknown, config: ParserConfig, property: { name: string }, fields: FieldsData) => void;

/**
 * msgreader 1.28 hands every stream to the property observer while building the fields, so a
 * 25 MB attachment is copied once there and again by getAttachment: ~3.5x the file in memory.
 * Attachment data (PR_ATTACH_DATA_*) is not needed by the observer, so for those streams the
 * observer is left out. If a later msgreader renames this private method, nothing is patched
 * and only the memory figure changes (the benchmark shows it).
 */
function skipAttachmentDataInObserver(reader: MsgReaderInstance): void {
  const target = reader as unknown as { fieldsDataDocument?: FieldsDataDocument };
  const original = target.fieldsDataDocument;
  if (typeof original !== 'function') return;
  target.fieldsDataDocument = function (config, property, fields) {
    const isAttachmentData = /^__substg1\.0_3701/i.test(property.name);
    return original.call(this, isAttachmentData ? { ...config, propertyObserver: undefined } : config, property, fields);
  };
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  // A whole-file Buffer owns its ArrayBuffer: hand it over instead of copying 25 MB.
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function metaCharset(html: Uint8Array): string | null {
  const head = Buffer.from(html.buffer, html.byteOffset, Math.min(html.byteLength, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_:.-]+)/i.exec(head);
  return m && encodingKnown(m[1]!.toLowerCase()) ? m[1]!.toLowerCase() : null;
}

function isExchangeDn(address: string | undefined): boolean {
  return !!address && address.startsWith('/');
}

function mapReaderError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError && /array length|allocation|memory/i.test(message)) {
    return new AppError('MAIL_TOO_LARGE', `the .msg declares impossible sizes: ${message}`, { parser: 'msgreader' });
  }
  return new AppError('MALFORMED_MAIL', `unreadable .msg: ${message}`, { parser: 'msgreader' });
}

/**
 * Outlook .msg via @kenjiuno/msgreader. Strings are decoded here from the raw property bytes,
 * because PT_STRING8 needs the message's ANSI code page (PR_MESSAGE_CODEPAGE, else the locale's),
 * never PR_INTERNET_CPID, which only names the charset of the HTML body.
 */
export async function parseMsg(bytes: Uint8Array, ctx: ParseContext): Promise<NormalisedMail> {
  const mail = emptyMail('msg');
  const layout = checkCfbStructure(bytes);
  for (const w of layout.warnings) mail.warnings.push(w);
  const raw = new RawProps();
  let reader: MsgReaderInstance;
  let fields: FieldsData;
  try {
    const Ctor = msgReaderCtor();
    reader = new Ctor(toArrayBuffer(bytes));
    reader.parserConfig = { propertyObserver: raw.observe };
    skipAttachmentDataInObserver(reader);
    fields = reader.getFileData();
  } catch (e) {
    throw mapReaderError(e);
  }
  if (fields.error || fields.dataType !== 'msg') throw new AppError('MALFORMED_MAIL', `unreadable .msg: ${fields.error ?? 'not an Outlook item'}`);

  const cp = raw.int32(fields, PID.messageCodepage) ?? ansiCodePageForLcid(raw.int32(fields, PID.localeId)) ?? 1252;
  const str = (f: object, id: number) => raw.string(f, id, cp);

  mail.subject = str(fields, PID.subject) ?? fields.subject ?? '';
  const headers = str(fields, PID.transportHeaders) ?? '';

  // Author (sent-representing) is "From"; the mailbox that actually sent it is "Sender".
  const senderAddr = (() => {
    const type = str(fields, PID.senderAddrType);
    const email = str(fields, PID.senderEmail);
    const smtp = str(fields, PID.senderSmtp);
    return smtp || (type === 'EX' || isExchangeDn(email) ? '' : email) || '';
  })();
  const sender: MailAddress | null = str(fields, PID.senderName) || senderAddr ? { name: str(fields, PID.senderName) ?? '', address: senderAddr } : null;
  const reprAddr = (() => {
    const type = str(fields, PID.sentRepresentingAddrType);
    const email = str(fields, PID.sentRepresentingEmail);
    const smtp = str(fields, PID.sentRepresentingSmtp);
    return smtp || (type === 'EX' || isExchangeDn(email) ? '' : email) || '';
  })();
  const reprName = str(fields, PID.sentRepresentingName);
  let from: MailAddress | null = reprName || reprAddr ? { name: reprName ?? '', address: reprAddr } : sender;
  const headerFrom = simpleAddressList(headerValue(headers, 'from'))[0];
  if (from && from.address === '' && headerFrom) from = { name: from.name || headerFrom.name, address: headerFrom.address };
  if (!from && headerFrom) from = headerFrom;
  if (from && from.address === '' && sender && sender.address !== '' && sender.name === from.name) from = sender;
  if (from && from.address === '') {
    // Last resort for an Exchange sender: the SMTP address of the item's creator, which for a
    // sent item is the sender; said so in a warning because for other items it may not be.
    const creator = str(fields, PID.creatorSmtp);
    if (creator && creator.includes('@')) {
      from = { name: from.name, address: creator };
      mail.warnings.push("the sender's SMTP address was taken from the item's creator (Exchange sender without SMTP address)");
    } else mail.warnings.push('the sender is an Exchange account without an SMTP address in the file');
  }
  mail.from = from ? [from] : [];
  mail.sender = sender && from && (sender.address !== from.address || sender.name !== from.name) ? sender : null;

  for (const r of fields.recipients ?? []) {
    const type = str(r, PID.addrType);
    const email = str(r, PID.emailAddress) ?? r.email;
    const smtp = str(r, PID.smtpAddress) ?? r.smtpAddress;
    const address = smtp || (type === 'EX' || isExchangeDn(email) ? '' : email) || '';
    const entry = { name: str(r, PID.displayName) ?? r.name ?? '', address };
    if (r.recipType === 'cc') mail.cc.push(entry);
    else if (r.recipType === 'bcc') mail.bcc.push(entry);
    else mail.to.push(entry);
  }
  // Exchange recipients without PR_SMTP_ADDRESS: the transport headers, when present, name them.
  if (headers) {
    const byName = new Map<string, string>();
    for (const h of ['to', 'cc']) for (const a of simpleAddressList(headerValue(headers, h))) if (a.name) byName.set(a.name, a.address);
    for (const entry of [...mail.to, ...mail.cc, ...mail.bcc]) {
      const found = entry.address === '' ? byName.get(entry.name) : undefined;
      if (found) entry.address = found;
    }
  }
  mail.replyTo = simpleAddressList(headerValue(headers, 'reply-to'));

  mail.messageId = str(fields, PID.messageId) || headerValue(headers, 'message-id') || null;
  mail.inReplyTo = str(fields, PID.inReplyTo) || headerValue(headers, 'in-reply-to') || null;
  mail.references = messageIdsIn(str(fields, PID.references) || headerValue(headers, 'references'));

  // Sent time, in the sender's zone when the transport headers give it; then the header's own
  // date; delivery or creation time only when nothing says when it was sent.
  const headerDate = headerValue(headers, 'date');
  const parsedHeaderDate = headerDate ? parseMailDate(headerDate) : null;
  const fallback = fields.messageDeliveryTime ?? fields.creationTime;
  const when = fields.clientSubmitTime ? new Date(fields.clientSubmitTime) : (parsedHeaderDate ?? (fallback ? new Date(fallback) : null));
  if (when) {
    mail.date = isoWithZone(when, headerDate ? zoneOffsetOf(headerDate) : null);
  }

  readBodies(mail, fields, raw, str);
  if (!mail.text && mail.html) mail.text = textFromHtml(mail.html, (w) => mail.warnings.push(w));
  await readAttachments(mail, fields, { reader, bytes, layout }, raw, str, ctx);
  return mail;
}

function readBodies(mail: NormalisedMail, fields: FieldsData, raw: RawProps, str: (f: object, id: number) => string | undefined): void {
  mail.text = str(fields, PID.body) ?? null;
  const htmlString = raw.string(fields, PID.html, 65001);
  const htmlBinary = raw.binary(fields, PID.html);
  if (htmlString) mail.html = htmlString;
  else if (htmlBinary) {
    // Binary PR_HTML is in the internet code page (that is what PR_INTERNET_CPID is for);
    // without one, the document's own <meta charset>, else UTF-8.
    const icp = raw.int32(fields, PID.internetCodepage);
    mail.html = decodeText(htmlBinary, icp ?? metaCharset(htmlBinary) ?? 65001);
  }
  const rtf = raw.binary(fields, PID.rtfCompressed);
  if (rtf && (!mail.html || !mail.text)) {
    try {
      const body = bodyFromRtf(decompressRtf(rtf), (w) => mail.warnings.push(w));
      if (!mail.html && body.html) mail.html = body.html;
      if (!mail.text && body.text) mail.text = body.text;
      if (!mail.html && !body.html && body.text) {
        mail.html = textToSimpleHtml(body.text);
        mail.warnings.push('RTF-only body converted to text and simple HTML');
      }
    } catch (e) {
      mail.warnings.push(`RTF body unreadable: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

interface MsgSource {
  reader: MsgReaderInstance;
  bytes: Uint8Array;
  layout: CfbLayout;
}

async function readAttachments(
  mail: NormalisedMail,
  fields: FieldsData,
  source: MsgSource,
  raw: RawProps,
  str: (f: object, id: number) => string | undefined,
  ctx: ParseContext,
): Promise<void> {
  const html = mail.html ?? '';
  for (const att of fields.attachments ?? []) {
    countPart(ctx);
    const isMessage = att.innerMsgContent === true;
    // Attached files are spooled straight from the file's buffer, one at a time; only what
    // that reader declines goes through msgreader's copy, which is dropped before the next
    // attachment. Embedded messages are re-burned by msgreader from the same buffer.
    const views = !isMessage && typeof att.dataId === 'number' ? streamViews(source.bytes, source.layout, att.dataId) : null;
    let content: Uint8Array | null = null;
    let ref: BlobRef;
    if (views) ref = ctx.sink.fromChunks(views);
    else {
      try {
        content = isMessage ? embeddedMessageBytes(source.reader, att, source.bytes, source.layout) : source.reader.getAttachment(att).content;
      } catch (e) {
        mail.warnings.push(`attachment ${mail.attachments.length + 1} unreadable: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      ref = ctx.sink.fromBytes(content);
    }
    const originalName = isMessage
      ? `${(att.innerMsgContentFields?.subject ?? att.name ?? str(att, PID.displayName) ?? 'message').trim() || 'message'}.msg`
      : str(att, PID.attachLongFileName) || str(att, PID.attachFileName) || str(att, PID.displayName) || att.fileName || '';
    const contentType = (isMessage ? 'application/vnd.ms-outlook' : str(att, PID.attachMimeTag) || 'application/octet-stream').toLowerCase();
    const contentId = normaliseContentId(str(att, PID.attachContentId));
    const hidden = att.attachmentHidden === true;
    const referenced = contentId !== null && html.includes(`cid:${contentId}`);
    const index = mail.attachments.length;
    const entry = attachmentEntry({ originalName, contentType, ref, index, contentId, inline: referenced || (hidden && contentId !== null) });
    mail.attachments.push(entry);
    if (isMessage && content) {
      try {
        const child = await ctx.parseNested(Buffer.from(content.buffer, content.byteOffset, content.byteLength), childContext(ctx));
        entry.embeddedIndex = mail.embedded.length;
        mail.embedded.push(child);
      } catch (e) {
        if (e instanceof AppError && (e.code === 'MAIL_TOO_COMPLEX' || e.code === 'MAIL_TOO_LARGE')) throw e;
        mail.warnings.push(`embedded message "${entry.name}" could not be read: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}
