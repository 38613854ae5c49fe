import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CapturedMail } from '../../app/contract/mail';
import { AppError } from '../../app/errors';
import { importPaths, readMailFile } from './path-intake';

const dir = mkdtempSync(join(tmpdir(), 'path-intake-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const eml = 'From: a@example.com\r\nSubject: Hi\r\n\r\nbody\r\n';
const file = (name: string, body: string | Buffer = eml) => {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
};

const fakeImport = (seen: Array<{ fileName: string; text: string }>) => async (fileName: string, bytes: Uint8Array) => {
  const text = Buffer.from(bytes).toString('utf8');
  if (!text.startsWith('From:')) throw new AppError('MALFORMED_MAIL', 'not a mail');
  seen.push({ fileName, text });
  return { summary: { id: `id-${seen.length}`, subject: 'Hi' } } as CapturedMail;
};

describe('readMailFile', () => {
  it('reads the bytes of a mail file at once and names it by its base name', async () => {
    const { fileName, bytes } = await readMailFile(file('Offer.eml'));
    expect(fileName).toBe('Offer.eml');
    expect(Buffer.from(bytes).toString('utf8')).toBe(eml);
  });

  it.each([
    ['a non-mail extension, without reading it', () => join(dir, 'secret.txt'), 'UNSUPPORTED_FORMAT'],
    ['a missing file', () => join(dir, 'gone.eml'), 'NOT_FOUND'],
    ['a directory named like a mail', () => (mkdirSync(join(dir, 'folder.eml'), { recursive: true }), join(dir, 'folder.eml')), 'UNSUPPORTED_FORMAT'],
  ])('refuses %s', async (_name, path, code) => {
    await expect(readMailFile(path())).rejects.toMatchObject({ code });
  });

  it('follows a symlink to a regular mail file (Chromium temp copies may be links)', async () => {
    const target = file('target.eml');
    const link = join(dir, 'link.eml');
    symlinkSync(target, link);
    expect((await readMailFile(link)).fileName).toBe('link.eml');
  });
});

describe('importPaths', () => {
  it('imports each file; one failure does not stop the rest; outcomes keep the order', async () => {
    const seen: Array<{ fileName: string; text: string }> = [];
    const outcomes = await importPaths([file('a.eml'), join(dir, 'x.pdf'), file('bad.msg', 'garbage'), file('b.eml')], fakeImport(seen));
    expect(outcomes.map((o) => (o.ok ? `ok:${o.id}` : `fail:${o.code}`))).toEqual(['ok:id-1', 'fail:UNSUPPORTED_FORMAT', 'fail:MALFORMED_MAIL', 'ok:id-2']);
    expect(seen.map((s) => s.fileName)).toEqual(['a.eml', 'b.eml']);
  });

  it('an unexpected error becomes INTERNAL instead of escaping', async () => {
    const outcomes = await importPaths([file('c.eml')], async () => {
      throw new TypeError('boom');
    });
    expect(outcomes).toEqual([{ path: join(dir, 'c.eml'), ok: false, code: 'INTERNAL', message: 'boom' }]);
  });
});
