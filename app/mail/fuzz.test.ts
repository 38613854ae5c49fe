import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors';
import { resolveLimits } from './limits';
import { createParserPool, defaultWorkerEntry } from './parser-pool';
import { CORPUS, corpusPresent, manifest, mapLimit } from './test-support/corpus';
import { SIMPLE_EML, buildMsg, tmp } from './test-support/fixtures';
import { buildTnef } from './test-support/tnef-writer';

/**
 * Mutation fuzzing of the whole isolated parse: corpus seeds (small ones, for throughput) with
 * random byte edits, run through the real parser processes. Every case must end, within the
 * timeout, as a parse or a typed error. FUZZ_CASES raises the count (default 2000).
 */
const CASES = Number(process.env.FUZZ_CASES ?? 2000);
const TIMEOUT_MS = 2000;
const TYPED = new Set(['MALFORMED_MAIL', 'MAIL_TOO_LARGE', 'MAIL_TOO_COMPLEX', 'MAIL_TIMEOUT', 'UNSUPPORTED_FORMAT']);

function seeds(): Uint8Array[] {
  const generated = [
    Buffer.from(SIMPLE_EML),
    buildMsg({ subject: 'seed', body: 'body', senderName: 'S', senderSmtp: 's@example.com', to: [{ name: 'R', email: 'r@example.com' }], attachment: { name: 'a.txt', data: Buffer.from('x'.repeat(5000)) } }),
    buildTnef({ subject: 'tnef', messageProps: [{ id: 0x0037, type: 0x001f, value: 'subject' }], attachments: [{ title: 'a.bin', data: Buffer.from('abc') }] }),
  ];
  if (!corpusPresent) return generated;
  const rows = manifest().filter((r) => r.size <= 48 * 1024);
  // Every small .msg and TNEF, and every fourth small .eml: the binary formats are where the hangs are.
  const picked = rows.filter((r, i) => r.format !== 'eml' || i % 4 === 0);
  return [...generated, ...picked.map((r) => readFileSync(join(CORPUS, r.path)))];
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('u32' as const), at: fc.nat(), value: fc.constantFrom(0, 1, 0xfffffffe, 0xffffffff, 0x7fffffff, 0x80000000, 3, 0x1000) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), value: fc.integer({ min: 1, max: 512 }) }),
  fc.record({ kind: fc.constant('dup' as const), at: fc.nat(), value: fc.integer({ min: 1, max: 512 }) }),
);

function mutate(seed: Uint8Array, edits: Array<{ kind: 'byte' | 'u32' | 'cut' | 'dup'; at: number; value: number }>): Uint8Array {
  let b = Buffer.from(seed);
  for (const e of edits) {
    // Past the first 8 bytes: a broken magic number only ever yields UNSUPPORTED_FORMAT.
    const at = b.length > 16 ? 8 + (e.at % (b.length - 8)) : e.at % Math.max(1, b.length);
    if (e.kind === 'byte') b[at] = e.value;
    else if (e.kind === 'u32' && at + 4 <= b.length) b.writeUInt32LE(e.value, at - (at % 4));
    else if (e.kind === 'cut') b = Buffer.concat([b.subarray(0, at), b.subarray(at + e.value)]);
    else if (e.kind === 'dup') b = Buffer.concat([b.subarray(0, at + e.value), b.subarray(at)]);
  }
  return b;
}

describe('mutation fuzzing of the isolated parser', () => {
  const pool = createParserPool({ worker: defaultWorkerEntry(), size: 2 });
  afterAll(() => pool.close());

  it(`ends ${CASES} mutated mails in a parse or a typed error, none past the timeout`, async () => {
    const all = seeds();
    const cases = fc.sample(fc.tuple(fc.nat({ max: all.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 12 })), { numRuns: CASES, seed: Number(process.env.FUZZ_SEED ?? 4242) });
    const dir = tmp('fuzz-');
    const limits = resolveLimits({ timeoutMs: TIMEOUT_MS, maxHeapMb: 256 });
    const tally: Record<string, number> = {};
    const bad: string[] = [];
    let slowest = 0;
    await mapLimit(
      cases.map((c, i) => ({ c, i })),
      2,
      async ({ c: [seedIndex, edits], i }) => {
        const file = join(dir, `case-${i % 2}-${i}`);
        writeFileSync(file, mutate(all[seedIndex]!, edits));
        const t0 = performance.now();
        const outcome = await pool.parse(file, limits, null).then(
          () => 'ok',
          (e: unknown) => (e instanceof AppError ? e.code : `untyped: ${String(e)}`),
        );
        const ms = performance.now() - t0;
        slowest = Math.max(slowest, ms);
        tally[outcome] = (tally[outcome] ?? 0) + 1;
        // A timed-out case may also pay for starting the replacement process.
        if (!TYPED.has(outcome) && outcome !== 'ok') bad.push(`${outcome} (seed ${seedIndex}, size ${statSync(file).size})`);
        if (ms > TIMEOUT_MS + 5000) bad.push(`case ${i} took ${Math.round(ms)} ms`);
        if (outcome === 'MAIL_TIMEOUT') writeFileSync(join(dir, `timeout-${i}`), readFileSync(file));
      },
    );
    console.log(`fuzz: ${CASES} cases from ${all.length} seeds: ${JSON.stringify(tally)}; slowest ${Math.round(slowest)} ms; parser processes started: ${pool.started}`);
    expect(bad).toEqual([]);
    expect(Object.values(tally).reduce((a, b) => a + b, 0)).toBe(CASES);
  }, 170_000);
});
