import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { detectFormat } from './detect';
import { resolveLimits } from './limits';
import { parseBytesInProcess } from './parse';
import { readdirSync } from 'node:fs';
import { hashOnlySink, sha256Hex, stagingSink } from './sink';
import { tmp } from './test-support/fixtures';
import { buildTnef } from './test-support/tnef-writer';

const parse = (s: string | Buffer, limits = resolveLimits()) => parseBytesInProcess(Buffer.isBuffer(s) ? s : Buffer.from(s, 'latin1'), limits, hashOnlySink());
const crlf = (lines: string[]) => lines.join('\r\n');

describe('.eml specifics', () => {
  it('detects the format by content, not by name', () => {
    expect(detectFormat(Buffer.from('Return-Path: <a@b>\r\n'))).toBe('eml');
    expect(detectFormat(Buffer.from('From a@b Mon Jan  1 00:00:00 2024\n'))).toBe('eml');
    expect(detectFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe('msg');
    expect(detectFormat(Buffer.from([0x78, 0x9f, 0x3e, 0x22, 1, 0]))).toBe('tnef');
    expect(() => detectFormat(Buffer.from('PK\u0003\u0004rest'))).toThrow(AppError);
    expect(() => detectFormat(new Uint8Array(200).fill(1))).toThrow(/binary/);
  });

  it('decodes RFC 2047 headers, RFC 2231 file names and legacy charsets', async () => {
    const m = await parse(
      crlf([
        'From: =?ISO-8859-1?Q?Andr=E9?= <andre@example.fr>',
        'To: undisclosed-recipients:;',
        'Subject: =?windows-1252?Q?Pr=E9sentation_=96_final?=',
        'Date: Tue, 5 Mar 2024 16:04:11 -0500 (EST)',
        'Content-Type: multipart/mixed; boundary=x',
        '',
        '--x',
        'Content-Type: text/plain; charset=iso-8859-2',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Za=BF=F3=B3=E6 g=EA=B6l=B1 ja=BC=F1',
        '--x',
        "Content-Disposition: attachment; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%E2%80%93%20Bericht.pdf",
        'Content-Type: application/pdf',
        '',
        '%PDF',
        '--x--',
      ]),
    );
    expect(m.from).toEqual([{ name: 'André', address: 'andre@example.fr' }]);
    expect(m.to).toEqual([]);
    expect(m.subject).toBe('Présentation – final');
    expect(m.date).toBe('2024-03-05T16:04:11-05:00');
    expect(m.text?.trim()).toBe('Zażółć gęślą jaźń');
    expect(m.attachments[0]!.originalName).toBe('Grüße – Bericht.pdf');
  });

  it('never invents a date and says so', async () => {
    const m = await parse('Subject: x\r\nDate: sometime soon\r\n\r\nbody');
    expect(m.date).toBeNull();
    expect(m.warnings.join()).toMatch(/unreadable Date/);
  });

  it('repairs a header folded without leading whitespace, with a warning', async () => {
    const m = await parse(Buffer.from('Subject: =?utf-8?B?R3LDvMOf?=\r\n=?utf-8?B?ZSBhdXM=?=\r\nTo: a@example.com\r\n\r\nbody', 'utf8'));
    expect(m.subject).toBe('Grüße aus');
    expect(m.to).toEqual([{ name: '', address: 'a@example.com' }]);
    expect(m.warnings.join()).toMatch(/repaired 1 malformed header line/);
  });

  it('expands a winmail.dat part and keeps it as an attachment', async () => {
    const tnef = buildTnef({ messageProps: [{ id: 0x1000, type: 0x001f, value: 'rich body' }], attachments: [{ title: 'plan.xlsx', data: Buffer.from('xlsx-bytes') }] });
    const m = await parse(
      crlf([
        'Subject: with tnef',
        'Content-Type: multipart/mixed; boundary=x',
        '',
        '--x',
        'Content-Type: text/plain',
        '',
        'see attachment',
        '--x',
        'Content-Type: application/ms-tnef; name="winmail.dat"',
        'Content-Disposition: attachment; filename="winmail.dat"',
        'Content-Transfer-Encoding: base64',
        '',
        tnef.toString('base64'),
        '--x--',
      ]),
    );
    expect(m.attachments[0]).toMatchObject({ originalName: 'winmail.dat', contentType: 'application/ms-tnef', embeddedIndex: 0, size: tnef.byteLength });
    expect(m.embedded[0]!.format).toBe('tnef');
    expect(m.embedded[0]!.text).toBe('rich body');
    expect(m.embedded[0]!.attachments.map((a) => a.name)).toEqual(['plan.xlsx']);
  });

  it('enforces nesting depth and part-count limits with MAIL_TOO_COMPLEX', async () => {
    let inner = 'Subject: level 0\r\n\r\nbody';
    for (let i = 1; i <= 5; i++) {
      inner = `Subject: level ${i}\r\nContent-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n${inner}\r\n--b${i}--\r\n`;
    }
    await expect(parse(inner, resolveLimits({ maxDepth: 3 }))).rejects.toMatchObject({ code: 'MAIL_TOO_COMPLEX' });
    const deep = await parse(inner, resolveLimits({ maxDepth: 8 }));
    expect(deep.embedded[0]!.embedded[0]!.embedded[0]!.embedded[0]!.embedded[0]!.subject).toBe('level 0');
    expect(deep.attachments[0]!.name).toBe('level 4.eml');
    const many = crlf(['Subject: many', 'Content-Type: multipart/mixed; boundary=x', '', ...Array.from({ length: 30 }, (_, i) => `--x\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=f${i}\r\n\r\n${i}`), '--x--']);
    await expect(parse(many, resolveLimits({ maxParts: 10 }))).rejects.toMatchObject({ code: 'MAIL_TOO_COMPLEX' });
    expect((await parse(many)).attachments).toHaveLength(30);
  });

  it('does not turn a body without its blank separator line into header text', async () => {
    const m = await parse('Subject: hi\r\nThis is body text\r\nmore body\r\n');
    expect(m.subject).toBe('hi');
    expect(m.warnings).toEqual([]);
  });

  it('reads obsolete address syntax that mailparser gets wrong, with a warning', async () => {
    const m = await parse(crlf(['From  : John Doe <jdoe@machine(comment).  example>', 'To: Team: a@example.com, "B" <b@ex (x) ample.com>;', 'Subject: old', '', 'x']));
    expect(m.from).toEqual([{ name: 'John Doe', address: 'jdoe@machine.example' }]);
    expect(m.to).toEqual([{ name: '', address: 'a@example.com' }, { name: 'B', address: 'b@example.com' }]);
    expect(m.warnings.join()).toMatch(/read the from header leniently/);
  });

  it('keeps a named inline text part as an attachment instead of folding it into the body', async () => {
    const m = await parse(
      crlf([
        'Subject: notes',
        'Content-Type: multipart/mixed; boundary=x',
        '',
        '--x',
        'Content-Type: text/plain',
        '',
        'Body text.',
        '--x',
        'Content-Type: text/plain; name="notes.txt"',
        'Content-Disposition: inline; filename="notes.txt"',
        '',
        'file content',
        '--x--',
      ]),
    );
    expect(m.text?.trim()).toBe('Body text.');
    expect(m.attachments.map((a) => [a.name, a.inline, a.size])).toEqual([['notes.txt', true, 'file content'.length]]);
  });

  it('keeps the attachment of a message that is nothing but that attachment, also when it is written to disk', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const eml = crlf([
      'From: alice@example.com',
      'Subject: only a file',
      'Content-Type: image/png; name="dot.png"',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="dot.png"',
      '',
      png.toString('base64'),
      '',
    ]);
    // mailparser ends before the attachment has been written: the parse must wait for it.
    const staging = tmp('eml-only-attachment-');
    const staged = await parseBytesInProcess(Buffer.from(eml), resolveLimits(), stagingSink(staging));
    expect(staged.attachments.map((a) => [a.name, a.sha256])).toEqual([['dot.png', sha256Hex(png)]]);
    expect(readdirSync(staging)).toEqual([sha256Hex(png)]);
    expect((await parse(eml)).attachments.map((a) => a.sha256)).toEqual([sha256Hex(png)]);
  });
});
