import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { AppError } from '../errors';
import type { ParseContext } from './context';
import { detectFormat } from './detect';
import type { MailLimits } from './limits';
import type { NormalisedMail } from './model';
import { parseEml } from './parse-eml';
import { parseMsg } from './parse-msg';
import { parseTnef } from './parse-tnef';
import { sha256Hex, type BlobSink } from './sink';

// Below this, reading the file whole is cheaper than two streams (parse and hash).
const STREAM_ABOVE_BYTES = 2 * 1024 * 1024;

async function parseBytes(bytes: Buffer, ctx: ParseContext): Promise<NormalisedMail> {
  const format = detectFormat(bytes.subarray(0, 8192));
  let mail: NormalisedMail;
  if (format === 'msg') mail = await parseMsg(bytes, ctx);
  else if (format === 'tnef') mail = await parseTnef(bytes, ctx);
  else mail = await parseEml(bytes, ctx);
  mail.size = bytes.byteLength;
  mail.sha256 = sha256Hex(bytes);
  return mail;
}

function rootContext(limits: MailLimits, sink: BlobSink): ParseContext {
  return { limits, sink, depth: 0, parts: { count: 0 }, parseNested: parseBytes, parseStaged: (blob, ctx) => parseFile(blob.stagedPath, ctx, blob.sha256) };
}

/** A mail in a file; `sha256` when it is already known (a staged blob is named by it). */
async function parseFile(path: string, ctx: ParseContext, sha256?: string): Promise<NormalisedMail> {
  const fh = await open(path, 'r');
  let size: number;
  let head: Buffer;
  try {
    size = (await fh.stat()).size;
    const limit = ctx.limits.maxBytes;
    if (size > limit) throw new AppError('MAIL_TOO_LARGE', `the file has ${size} bytes; the limit is ${limit}`, { size, limit });
    head = Buffer.alloc(Math.min(size, 8192));
    await fh.read(head, 0, head.length, 0);
  } finally {
    await fh.close();
  }
  if (detectFormat(head) === 'eml' && size > STREAM_ABOVE_BYTES) {
    // Streamed from disk: a 25 MB mail never sits in memory whole.
    const mail = await parseEml(createReadStream(path, { highWaterMark: 256 * 1024 }), ctx);
    mail.size = size;
    mail.sha256 = sha256 ?? (await hashFile(path));
    return mail;
  }
  return parseBytes(await readFile(path), ctx);
}

/**
 * Parses one mail file in this process. Only the parser process calls it: the libraries
 * involved can hang or exhaust memory on hostile input.
 */
export async function parseFileInProcess(path: string, limits: MailLimits, sink: BlobSink): Promise<NormalisedMail> {
  return parseFile(path, rootContext(limits, sink));
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The same for bytes already in memory (tests, and nothing that handles untrusted input outside the parser process). */
export async function parseBytesInProcess(bytes: Buffer, limits: MailLimits, sink: BlobSink): Promise<NormalisedMail> {
  return parseBytes(bytes, rootContext(limits, sink));
}
