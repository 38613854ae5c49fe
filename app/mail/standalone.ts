import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { AppError } from '../errors';
import { extensionMismatch } from './detect';
import { resolveLimits, type MailLimits } from './limits';
import type { NormalisedMail } from './model';
import { createParserPool, defaultWorkerEntry, type ParserWorkerEntry } from './parser-pool';

export interface ParseOptions {
  fileName?: string;
  limits?: Partial<MailLimits>;
  worker?: ParserWorkerEntry;
}

/**
 * Parses one file in a fresh isolated process and keeps nothing (the CLI's `parse`). The parser
 * still gets a throw-away staging directory, as an import does: with one it streams attachments
 * and forwarded messages to disk instead of holding them, which is what keeps a 25 MB mail near 1–2×.
 */
export async function parseMailFile(path: string, opts: ParseOptions = {}): Promise<NormalisedMail> {
  const limits = resolveLimits(opts.limits);
  const pool = createParserPool({ worker: opts.worker ?? defaultWorkerEntry() });
  const staging = mkdtempSync(join(tmpdir(), 'mail-staging-'));
  try {
    const mail = await pool.parse(path, limits, staging);
    const mismatch = extensionMismatch(opts.fileName ?? basename(path), mail.format);
    if (mismatch) mail.warnings.push(mismatch);
    return mail;
  } finally {
    await pool.close();
    rmSync(staging, { recursive: true, force: true });
  }
}

export async function parseMailBytes(bytes: Uint8Array, opts: ParseOptions = {}): Promise<NormalisedMail> {
  const limits = resolveLimits(opts.limits);
  if (bytes.byteLength > limits.maxBytes) {
    throw new AppError('MAIL_TOO_LARGE', `the file has ${bytes.byteLength} bytes; the limit is ${limits.maxBytes}`, { size: bytes.byteLength, limit: limits.maxBytes });
  }
  const dir = mkdtempSync(join(tmpdir(), 'mail-parse-'));
  try {
    const path = join(dir, 'mail');
    writeFileSync(path, bytes, { flag: 'wx', mode: 0o600 });
    return await parseMailFile(path, { ...opts, limits, fileName: opts.fileName ?? '' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
