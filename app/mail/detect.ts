import { AppError } from '../errors';
import type { MailFormat } from '../contract/mail';

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const TNEF_MAGIC = [0x78, 0x9f, 0x3e, 0x22];
const OTHER_BINARY: Array<[string, number[]]> = [
  ['a ZIP archive (or Office document)', [0x50, 0x4b, 0x03, 0x04]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a gzip archive', [0x1f, 0x8b]],
];
// A header field name and colon, an mbox "From " line, optionally after a UTF-8 BOM.
const MAIL_START = /^(?:\ufeff|\xef\xbb\xbf)?(?:[!-9;-~]+[ \t]*:|From )/;

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/**
 * Decides the format from the bytes alone: names lie (the corpus has RFC 822 files called
 * `.msg`). Text that starts like a header block is RFC 822 even with stray binary bytes in it
 * (broken mail is still mail); other content is RFC 822 only if it is nearly all text.
 */
export function detectFormat(head: Uint8Array): MailFormat {
  if (startsWith(head, CFB_MAGIC)) return 'msg';
  if (startsWith(head, TNEF_MAGIC)) return 'tnef';
  if (head.length === 0) throw new AppError('MALFORMED_MAIL', 'the file is empty');
  for (const [what, magic] of OTHER_BINARY) {
    if (startsWith(head, magic)) throw new AppError('UNSUPPORTED_FORMAT', `this is ${what}, not an email`, { detected: what });
  }
  const sample = head.subarray(0, 8192);
  const firstLine = Buffer.from(sample.subarray(0, 200)).toString('latin1');
  if (MAIL_START.test(firstLine)) return 'eml';
  let controls = 0;
  for (const b of sample) if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) controls++;
  if (controls <= sample.length / 50) return 'eml';
  throw new AppError('UNSUPPORTED_FORMAT', 'binary content that is neither an Outlook .msg, a TNEF file nor an RFC 822 message');
}

const EXPECTED_BY_EXTENSION: Record<string, MailFormat> = { eml: 'eml', msg: 'msg', dat: 'tnef', tnef: 'tnef' };
const FORMAT_NAMES: Record<MailFormat, string> = { eml: 'an RFC 822 message', msg: 'an Outlook item', tnef: 'a TNEF (winmail.dat) stream' };

/** A warning when the file's extension promises another format than its content has. */
export function extensionMismatch(fileName: string | undefined, format: MailFormat): string | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  const expected = ext ? EXPECTED_BY_EXTENSION[ext] : undefined;
  if (!expected || expected === format) return null;
  return `the file is named .${ext} but holds ${FORMAT_NAMES[format]}; it was read as such`;
}
