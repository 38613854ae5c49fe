/**
 * Replays every recorded exchange of ../shared/crm-transcripts/acme against a sandbox loaded
 * with the same scenario (and ids/record_meta) and compares after the documented normalisation.
 */
import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConformance } from './runner';
import { normaliseBody, reverseIds, type Json } from './normalise';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const acme = path.join(path.resolve(repoRoot, '../shared'), 'crm-transcripts', 'acme');

describe.skipIf(!existsSync(acme))('conformance with the recorded vtenext CE 20.04.3 (acme)', () => {
  it('matches every exchange after normalisation', async () => {
    const results = await runConformance(acme);
    const bad = results.filter((r) => !r.ok);
    console.log(`${results.length - bad.length} of ${results.length} exchanges match`);
    for (const r of bad.slice(0, 10)) console.log(`MISMATCH ${r.user}#${r.seq} ${r.label}\n  expected ${r.expected.slice(0, 400)}\n  actual   ${r.actual.slice(0, 400)}`);
    expect(results.length).toBeGreaterThan(1000);
    expect(bad.map((r) => `${r.user}#${r.seq} ${r.label}`)).toEqual([]);
  });
});

describe('normaliser', () => {
  const ids = { keyOf: reverseIds({ acc01: '3x19', 'user:anna': '19x6' }), created: ['44x95'] };
  const norm = (v: Json, unordered = false): string => normaliseBody(v, ids, { unordered, lenient: false });

  it('maps ids, created ids and unknown ids, also inside longer strings', () => {
    expect(norm({ a: '3x19', b: '44x95', c: '7x96', d: '3x19|19x6|' })).toBe(
      '{"a":"{{id:acc01}}","b":"{{created:1}}","c":"{{new-id}}","d":"{{id:acc01}}|{{id:user:anna}}|"}',
    );
  });

  it('blanks volatile values and autonumbers but keeps other values', () => {
    expect(norm({ createdtime: 'x', account_no: 'ACC1', start_sla: '2026-01-01 00:00:00', token: 't' })).toBe(
      '{"account_no":"<autonum>","createdtime":"<volatile>","start_sla":"2026-01-01 00:00:00","token":"<volatile>"}',
    );
  });

  it('compares unordered results as multisets and ordered ones in order', () => {
    const a = { success: true, result: [{ id: '3x19' }, { id: '7x1' }] };
    const b = { success: true, result: [{ id: '7x1' }, { id: '3x19' }] };
    expect(norm(a, true)).toBe(norm(b, true));
    expect(norm(a, false)).not.toBe(norm(b, false));
  });

  it('keeps __className so a server that sends it fails the comparison', () => {
    expect(norm({ __className: 'State', success: true })).not.toBe(norm({ success: true }));
  });
});
