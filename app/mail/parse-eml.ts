import { Readable } from 'node:stream';
import { MailParser, type AttachmentStream, type MessageText, type HeaderLines, type Headers, type MailParserOptions } from 'mailparser';
import { AppError } from '../errors';
import { attachmentEntry } from './attachment-entry';
import { addressesFrom, lenientAddresses, normaliseId } from './address';
import { isTnefPart, normaliseContentId } from './content-type';
import { countPart, childContext, type ParseContext } from './context';
import { isoWithZone, parseMailDate, zoneOffsetOf } from './date';
import { headerRepair } from './header-repair';
import { emptyMail, type NormalisedMail } from './model';
import { sanitizeFileName } from './safe-name';

function headerString(headers: Headers, key: string): string | undefined {
  const v = headers.get(key);
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

function referencesOf(headers: Headers): string[] {
  const v = headers.get('references');
  const raw = Array.isArray(v) ? v.join(' ') : typeof v === 'string' ? v : '';
  const ids = raw.match(/<[^<>\s]+>/g);
  if (ids) return ids;
  return raw.split(/\s+/).filter((s) => s !== '');
}

function rawHeader(lines: HeaderLines, key: string): string | null {
  const line = lines.find((l) => l.key.trim().toLowerCase() === key);
  if (!line) return null;
  return line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
}

function mapParserError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (/max allowed child nodes|nest|too many/i.test(message)) return new AppError('MAIL_TOO_COMPLEX', message, { parser: 'mailparser' });
  return new AppError('MALFORMED_MAIL', message, { parser: 'mailparser' });
}

interface SplitterNode {
  root?: boolean;
  filename?: string;
}
interface ParserNode {
  contentType?: string;
  disposition?: string;
  isAttachment?: boolean;
}
type CreateNode = (this: MailParser, node: SplitterNode) => ParserNode;

/**
 * mailparser renders every inline text part into the body, even one the sender attached as a
 * named file (a .txt shown inline by the sender's client): the file would then be missing from
 * the attachments the CRM receives. A named, non-root text part is kept as an attachment.
 * (Relies on mailparser 3.14's internal createNode; the corpus test pins the behaviour.)
 */
class NamedTextAsAttachmentParser extends MailParser {
  createNode(node: SplitterNode): ParserNode {
    const created = (MailParser.prototype as unknown as { createNode: CreateNode }).createNode.call(this, node);
    if (!node.root && node.filename && created.isAttachment === false && /^text\/(plain|html)$/i.test(created.contentType ?? '')) created.isAttachment = true;
    return created;
  }
}

interface PendingChild {
  attachmentIndex: number;
  /** Parses it one level deeper, from the bytes kept or from its staged file. */
  parse(ctx: ParseContext): Promise<NormalisedMail>;
}

// A message in memory is fed to the parser in pieces like a file: given whole, mailparser
// decodes every part of it in one go and buffers all of it before the sink can take any.
const FEED_CHUNK = 256 * 1024;
function* pieces(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.byteLength; at += FEED_CHUNK) yield bytes.subarray(at, at + FEED_CHUNK);
}

/**
 * RFC 822 via mailparser's streaming MailParser: attachments flow to the sink as they are
 * decoded, so memory stays near the size of the text bodies, not the whole message.
 */
export async function parseEml(input: Readable | Buffer, ctx: ParseContext): Promise<NormalisedMail> {
  const mail = emptyMail('eml');
  const pending: PendingChild[] = [];
  let headers: Headers | null = null;
  let headerLines: HeaderLines = [];
  let textPart: MessageText | null = null;

  // keepCidLinks is honoured by mailparser 3.14 but missing from @types/mailparser.
  const options: MailParserOptions & { keepCidLinks: boolean } = {
    checksumAlgo: false as unknown as string,
    keepCidLinks: true,
    skipImageLinks: true,
    skipTextLinks: true,
    skipTextToHtml: true,
    maxHtmlLengthToParse: 4 * 1024 * 1024,
  };
  const parser = new NamedTextAsAttachmentParser(options);
  parser.on('headers', (h: Headers) => {
    headers = h;
  });
  parser.on('headerLines', (l: HeaderLines) => {
    headerLines = l;
  });

  const handling: Array<Promise<void>> = [];
  const done = new Promise<void>((resolve, reject) => {
    parser.on('error', (e: unknown) => reject(mapParserError(e)));
    parser.on('end', () => resolve());
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'text') {
        textPart = data;
        return;
      }
      const handled = handleAttachment(data);
      handling.push(handled);
      handled.catch((e: unknown) => {
        parser.destroy();
        reject(mapParserError(e));
      });
    });
  });

  const handleAttachment = async (att: AttachmentStream): Promise<void> => {
    countPart(ctx);
    const originalName = att.filename ?? '';
    const contentType = (att.contentType || 'application/octet-stream').toLowerCase();
    const isMessage = contentType === 'message/rfc822' || contentType === 'message/global';
    const isTnef = isTnefPart(contentType, originalName);
    // A staged embedded message is parsed later from its file, not from a copy kept here.
    const parseStaged = isMessage && ctx.sink.stages ? ctx.parseStaged : undefined;
    const { ref, bytes } = await ctx.sink.fromStream(att.content as Readable, (isMessage && !parseStaged) || isTnef);
    const index = mail.attachments.length;
    const entry = attachmentEntry({
      originalName,
      contentType,
      ref,
      index,
      contentId: normaliseContentId(att.contentId),
      inline: att.contentDisposition === 'inline' || (att.related === true && att.contentDisposition !== 'attachment'),
    });
    mail.attachments.push(entry);
    const stagedPath = ref.stagedPath;
    if (bytes) pending.push({ attachmentIndex: index, parse: (c) => ctx.parseNested(bytes, c) });
    else if (parseStaged && stagedPath) pending.push({ attachmentIndex: index, parse: (c) => parseStaged({ ...ref, stagedPath }, c) });
    // Only now: releasing lets the parser run on, and it may reach its end before this resumes.
    att.release?.();
  };

  const source = Buffer.isBuffer(input) ? Readable.from(pieces(input)) : input;
  const repair = headerRepair((n) => mail.warnings.push(`repaired ${n} malformed header line(s) (folding or spacing)`));
  source.on('error', (e) => parser.destroy(e));
  repair.on('error', (e) => parser.destroy(e));
  source.pipe(repair).pipe(parser);
  await done;
  // mailparser may end before the last attachment has reached the sink (a message that is
  // nothing but one attachment): without this wait that attachment went missing, or not, by timing.
  await Promise.all(handling).catch((e: unknown) => {
    throw mapParserError(e);
  });

  const h: Headers = headers ?? new Map();
  mail.messageId = normaliseId(headerString(h, 'message-id'));
  mail.subject = headerString(h, 'subject') ?? '';
  // Read from the raw header: mailparser substitutes the current time for a Date it cannot
  // parse, and a made-up date is worse than none.
  const rawDate = rawHeader(headerLines, 'date');
  if (rawDate) {
    const date = parseMailDate(rawDate);
    if (date) mail.date = isoWithZone(date, zoneOffsetOf(rawDate));
    else mail.warnings.push(`unreadable Date header: ${rawDate.slice(0, 80)}`);
  }
  const addresses = (key: string) => {
    const parsed = addressesFrom(h.get(key));
    const raw = rawHeader(headerLines, key);
    // mailparser misreads comments and spaces inside an angle-address (obsolete syntax).
    const obsolete = raw !== null && /<[^<>]*[()\s][^<>]*@|@[^<>]*[()\s][^<>]*>|@[\w.-]*\s+\.\s*\w/.test(raw);
    if (parsed.some((a) => a.address !== '') && !obsolete) return parsed;
    const lenient = raw && raw.includes('@') ? lenientAddresses(raw) : [];
    if (lenient.length === 0) return parsed;
    mail.warnings.push(`read the ${key} header leniently (obsolete address syntax)`);
    return lenient;
  };
  mail.from = addresses('from');
  mail.sender = addresses('sender')[0] ?? null;
  mail.replyTo = addresses('reply-to');
  mail.to = addresses('to');
  mail.cc = addresses('cc');
  mail.bcc = addresses('bcc');
  mail.inReplyTo = normaliseId(headerString(h, 'in-reply-to'));
  mail.references = referencesOf(h);
  const text = textPart as MessageText | null;
  if (text) {
    mail.text = typeof text.text === 'string' ? text.text : null;
    mail.html = typeof text.html === 'string' ? text.html : null;
    const conversion = (text as { textConversionError?: unknown }).textConversionError;
    if (conversion instanceof Error) mail.warnings.push(`no text derived from HTML: ${conversion.message}`);
  }

  for (const child of pending) {
    const att = mail.attachments[child.attachmentIndex]!;
    try {
      const parsed = await child.parse(childContext(ctx));
      att.embeddedIndex = mail.embedded.length;
      mail.embedded.push(parsed);
      // An unnamed forwarded message is easier to recognise by its subject than by a number.
      if (att.originalName === '' && att.contentType.startsWith('message/')) att.name = sanitizeFileName(`${parsed.subject.trim() || 'message'}.eml`, att.name);
    } catch (e) {
      // A broken inner message must not cost the outer one: keep it as a plain attachment.
      if (e instanceof AppError && (e.code === 'MAIL_TOO_COMPLEX' || e.code === 'MAIL_TOO_LARGE')) throw e;
      mail.warnings.push(`embedded message "${att.name}" could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return mail;
}
