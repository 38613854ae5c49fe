import { AppError } from '../errors';
import type { MailFormat } from '../contract/mail';

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const TNEF_MAGIC = [0x78, 0x9f, 0x3e, 0x22];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/**
 * Decides the format from the bytes alone: names lie (the corpus has RFC 822 files called
 * `.msg`). Anything that is neither CFB nor TNEF and looks like text is treated as RFC 822,
 * because real mail starts with almost any header (or an mbox `From ` line, or a BOM).
 */
export function detectFormat(head: Uint8Array): MailFormat {
  if (startsWith(head, CFB_MAGIC)) return 'msg';
  if (startsWith(head, TNEF_MAGIC)) return 'tnef';
  if (head.length === 0) throw new AppError('MALFORMED_MAIL', 'the file is empty');
  const sample = head.subarray(0, 8192);
  let controls = 0;
  for (const b of sample) {
    if (b === 0) throw new AppError('UNSUPPORTED_FORMAT', 'binary content that is neither an Outlook .msg, a TNEF file nor an RFC 822 message');
    if (b < 0x09 || (b > 0x0d && b < 0x20)) controls++;
  }
  if (controls > sample.length / 10) throw new AppError('UNSUPPORTED_FORMAT', 'binary content that is not an email');
  return 'eml';
}
