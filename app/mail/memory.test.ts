import { afterAll, describe, expect, it } from 'vitest';
import { createWriteStream, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import { resolveLimits } from './limits';
import { createParserPool, defaultWorkerEntry } from './parser-pool';
import { buildMsg, tmp } from './test-support/fixtures';

/** Writes a ~25 MB mail with three 6 MB base64 attachments without building it in memory. */
async function write25MbEml(path: string): Promise<string[]> {
  const out = createWriteStream(path);
  const hashes: string[] = [];
  out.write('From: a@example.com\r\nSubject: big\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nthree attachments\r\n');
  for (let i = 0; i < 3; i++) {
    out.write(`--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="part${i}.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n`);
    const hash = createHash('sha256');
    for (let c = 0; c < 100; c++) {
      const chunk = Buffer.alloc(62_000, (i * 31 + c) & 255);
      chunk.writeUInt32LE(c, 0);
      hash.update(chunk);
      out.write(`${chunk.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`);
    }
    hashes.push(hash.digest('hex'));
  }
  out.end('--B--\r\n');
  await finished(out);
  return hashes;
}

/** A ~25 MB mail forwarding a message (message/rfc822) that holds one ~18 MB attachment; returns its sha256. */
async function write25MbForwardedEml(path: string): Promise<string> {
  const out = createWriteStream(path);
  out.write('From: a@example.com\r\nSubject: fwd\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nsee the forwarded mail\r\n');
  out.write('--B\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename="fwd.eml"\r\n\r\n');
  out.write('From: b@example.com\r\nSubject: inner\r\nContent-Type: multipart/mixed; boundary="C"\r\n\r\n--C\r\nContent-Type: text/plain\r\n\r\ninner\r\n');
  out.write('--C\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="big.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n');
  const hash = createHash('sha256');
  for (let c = 0; c < 300; c++) {
    const chunk = Buffer.alloc(62_000, c & 255);
    chunk.writeUInt32LE(c, 0);
    hash.update(chunk);
    out.write(`${chunk.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`);
  }
  out.end('--C--\r\n\r\n--B--\r\n');
  await finished(out);
  return hash.digest('hex');
}

/** A ~25 MB .msg with a 19.6 MB and a 4.9 MB attachment; returns their sha256 in order. */
function write25MbMsg(path: string): string[] {
  const files = [19_600_000, 4_900_000].map((n, i) => {
    const data = Buffer.alloc(n);
    for (let o = 0; o + 4 <= data.length; o += 4) data.writeUInt32LE((Math.imul(o + 1, 2654435761) ^ i) >>> 0, o);
    return { name: `part${i}.bin`, data };
  });
  writeFileSync(path, buildMsg({ subject: 'big', body: 'two attachments', attachments: files }));
  return files.map((f) => createHash('sha256').update(f.data).digest('hex'));
}

describe('a 25 MB mail', () => {
  // Garbage collected before each parse, so each peak is measured from a clean heap.
  const pool = createParserPool({ worker: defaultWorkerEntry(), gcBeforeParse: true });
  afterAll(() => pool.close());

  /**
   * Parses `file` into a fresh staging directory after a tiny warm-up parse (the process started
   * and its libraries loaded), returning the result, the parser's peak RSS growth ÷ file size, and
   * how often a 10 ms timer of this (the caller's) process fired meanwhile.
   */
  async function measured(dir: string, file: string) {
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(24_000_000);
    const tiny = join(dir, 'tiny.eml');
    writeFileSync(tiny, 'Subject: idle\r\n\r\nx');
    const limits = resolveLimits({ timeoutMs: 60_000 });
    await pool.parseMeasured(tiny, limits, null);
    const staging = join(dir, 'staging');
    mkdirSync(staging);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const t0 = Date.now();
    const { mail, stats } = await pool.parseMeasured(file, limits, staging).finally(() => clearInterval(timer));
    const elapsed = Date.now() - t0;
    return { mail, staging, elapsed, ticks, amplification: ((stats.peakRssKb - stats.rssBeforeKb) * 1024) / size };
  }

  it('streams into the spool within about 2x its size of parser memory, while the caller stays responsive', async () => {
    const dir = tmp('mem-');
    const file = join(dir, 'big.eml');
    const hashes = await write25MbEml(file);
    const { mail, staging, elapsed, ticks, amplification } = await measured(dir, file);
    expect(mail.attachments.map((a) => a.sha256)).toEqual(hashes);
    expect(readdirSync(staging).sort()).toEqual([...hashes].sort());
    console.log(`25 MB .eml: ${elapsed} ms, parser peak RSS over its RSS before the parse ${amplification.toFixed(2)}x the message size; parent timer ticks ${ticks}`);
    expect(amplification).toBeLessThan(2.2);
    // The parse ran elsewhere: the caller's event loop kept running (a 10 ms timer, loosely).
    expect(ticks).toBeGreaterThan(elapsed / 10 / 4);
  }, 120_000);

  it('spools a .msg, attachments straight from the file, within about 2x its size of parser memory', async () => {
    const dir = tmp('mem-msg-');
    const file = join(dir, 'big.msg');
    const hashes = write25MbMsg(file);
    const { mail, staging, amplification } = await measured(dir, file);
    expect(mail.attachments.map((a) => a.sha256)).toEqual(hashes);
    expect(readdirSync(staging).sort()).toEqual([...hashes].sort());
    console.log(`25 MB .msg: parser peak RSS over its RSS before the parse ${amplification.toFixed(2)}x the message size`);
    expect(amplification).toBeLessThan(2);
  }, 120_000);

  it('parses a forwarded message inside a 25 MB .eml from its staged file, within about 2x the size', async () => {
    const dir = tmp('mem-fwd-');
    const file = join(dir, 'fwd.eml');
    const innerAttachment = await write25MbForwardedEml(file);
    const { mail, staging, amplification } = await measured(dir, file);
    expect(mail.embedded[0]!.subject).toBe('inner');
    expect(mail.embedded[0]!.attachments.map((a) => a.sha256)).toEqual([innerAttachment]);
    expect(mail.embedded[0]!.sha256).toBe(mail.attachments[0]!.sha256);
    expect(readdirSync(staging)).toContain(innerAttachment);
    console.log(`25 MB .eml forwarding a message: parser peak RSS over its RSS before the parse ${amplification.toFixed(2)}x the message size`);
    expect(amplification).toBeLessThan(2.2);
  }, 120_000);
});
