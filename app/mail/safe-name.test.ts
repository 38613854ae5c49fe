import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dirname, join, resolve } from 'node:path';
import { sanitizeFileName } from './safe-name';

const RUNS = Number(process.env.FC_RUNS ?? 2000);
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc
    .array(
      fc.constantFrom('..', '/', '\\', '.', ' ', 'CON', 'nul', 'LPT1', 'com9', '\u202e', '\u200f', '\u0000', '\u001f', '\u0085', ':', '*', '?', '"', '<', '>', '|', 'a', 'é', '😀', 'exe', '%00', '\u2066'),
      { maxLength: 60 },
    )
    .map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme', minLength: 150, maxLength: 400 }),
);

describe('attachment name sanitising (security-research §4.5)', () => {
  it('handles the measured hostile names', () => {
    expect(sanitizeFileName('../../../.bashrc')).toBe('bashrc');
    expect(sanitizeFileName('..\\..\\AppData\\Roaming\\evil.lnk')).toBe('evil.lnk');
    expect(sanitizeFileName('C:\\Windows\\System32\\x.dll')).toBe('x.dll');
    expect(sanitizeFileName('CON')).toBe('_CON');
    expect(sanitizeFileName('con.txt')).toBe('_con.txt');
    expect(sanitizeFileName('CON .txt')).toBe('_CON .txt');
    expect(sanitizeFileName('nul.tar.gz')).toBe('_nul.tar.gz');
    expect(sanitizeFileName('console.log')).toBe('console.log');
    expect(sanitizeFileName('report.pdf\u0000.exe')).toBe('report.pdf.exe');
    expect(sanitizeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(sanitizeFileName('a<b>c:d"e|f?g*h.txt')).toBe('a_b_c_d_e_f_g_h.txt');
    expect(sanitizeFileName('trailing. . ')).toBe('trailing');
    expect(sanitizeFileName('')).toBe('attachment');
    expect(sanitizeFileName('///', 'fallback.bin')).toBe('fallback.bin');
    expect(sanitizeFileName('Grüße.pdf')).toBe('Grüße.pdf');
    const long = `${'ä'.repeat(300)}.pdf`;
    const capped = sanitizeFileName(long);
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(200);
    expect(capped.endsWith('.pdf')).toBe(true);
  });

  it('always yields one safe, idempotent path component', () => {
    const dir = resolve('/tmp/spool-x');
    fc.assert(
      fc.property(hostile, (name) => {
        const s = sanitizeFileName(name);
        expect(s.length).toBeGreaterThan(0);
        expect(Buffer.byteLength(s, 'utf8')).toBeLessThanOrEqual(200);
        expect(s).not.toMatch(/[/\\<>:"|?*]/);
        // eslint-disable-next-line no-control-regex -- asserting their absence
        expect(s).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
        expect(s).not.toMatch(/^[.\s]|[.\s]$/);
        expect(s).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)\s*(\.|$)/i);
        expect(sanitizeFileName(s)).toBe(s);
        expect(dirname(resolve(dir, s))).toBe(dir);
        expect(join(dir, s).startsWith(dir)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
