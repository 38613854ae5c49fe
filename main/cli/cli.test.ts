import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../app/log';
import { startSandbox, type SandboxHandle } from '../../sandbox';
import { runCli } from './run';

interface Run {
  code: number;
  out: string;
  err: string;
}

function cli(home: string) {
  return async (...argv: string[]): Promise<Run> => {
    let out = '';
    let err = '';
    const code = await runCli(argv, { home, log: silentLogger, stdout: (t) => (out += t), stderr: (t) => (err += t) });
    return { code, out, err };
  };
}

const EML = [
  'From: "Rossi, Anna" <anna.rossi@example.it>',
  'To: sales@example.com',
  'Subject: =?UTF-8?B?UHJldmVudGl2byDigJMgY2FmZsOo?=',
  'Date: Fri, 20 Nov 2026 16:45:00 +0100',
  'Message-ID: <cli-1@example.it>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b"',
  '',
  '--b',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'In allegato.',
  '--b',
  'Content-Type: application/pdf; name="../../offerta.pdf"',
  'Content-Disposition: attachment; filename="../../offerta.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  'JVBERi0xLjQK',
  '--b--',
  '',
].join('\r\n');

describe('CLI: parse', () => {
  const home = mkdtempSync(join(tmpdir(), 'cli-parse-'));
  const run = cli(home);

  it('prints the normalised email as JSON', async () => {
    const file = join(home, 'offerta.eml');
    writeFileSync(file, EML);
    const r = await run('parse', file);
    expect(r.code).toBe(0);
    const mail = JSON.parse(r.out) as { subject: string; from: { name: string; address: string }[]; attachments: { name: string; originalName: string }[]; messageId: string; children: unknown[]; date: string };
    expect(mail.subject).toBe('Preventivo – caffè');
    expect(mail.from).toEqual([{ name: 'Rossi, Anna', address: 'anna.rossi@example.it' }]);
    expect(mail.messageId).toContain('cli-1@example.it');
    expect(mail.date).toBe('2026-11-20T16:45:00+01:00');
    expect(mail.children).toEqual([]);
    expect(mail.attachments[0]?.originalName).toBe('../../offerta.pdf');
    expect(mail.attachments[0]?.name).not.toContain('/');
  });

  it('fails with a typed error on stderr and a non-zero exit code', async () => {
    const missing = await run('parse', join(home, 'nope.eml'));
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.err)).toMatchObject({ code: 'NOT_FOUND' });

    const junk = join(home, 'junk.msg');
    writeFileSync(junk, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2, 3]));
    const bad = await run('parse', junk);
    expect(bad.code).toBe(1);
    expect(['MALFORMED_MAIL', 'UNSUPPORTED_FORMAT']).toContain((JSON.parse(bad.err) as { code: string }).code);

    const folder = await run('parse', home);
    expect(folder.code).not.toBe(0);
    expect(JSON.parse(folder.err)).toMatchObject({ code: 'INVALID_INPUT' });

    expect((await run('parse')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
  });
});

describe('CLI: accounts, sync, search, records against the sandbox', () => {
  let crm: SandboxHandle;
  const home = mkdtempSync(join(tmpdir(), 'cli-crm-'));
  const run = cli(home);
  const saved = process.env.CONNECTOR_ACCESS_KEY;

  beforeAll(async () => {
    crm = await startSandbox();
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.CONNECTOR_ACCESS_KEY;
    else process.env.CONNECTOR_ACCESS_KEY = saved;
    await crm?.close();
  });

  it('adds an account (session-only key), syncs, searches, lists records and removes it', async () => {
    const user = crm.users.find((u) => u.userName === 'giulia.rinaldi')!;
    // The key is given the way scripts give it: in the environment, never in argv.
    process.env.CONNECTOR_ACCESS_KEY = user.accessKey;
    const added = await run('account', 'add', crm.url, user.userName, '--session-only');
    expect(added.err).toBe('');
    expect(added.code).toBe(0);

    const list = await run('account', 'list', '--json');
    const accounts = JSON.parse(list.out) as { id: string; keyStorage: string }[];
    expect(accounts).toHaveLength(1);
    expect(accounts[0]?.keyStorage).toBe('session');

    const sync = await run('sync', '--json');
    expect(sync.code).toBe(0);
    const report = JSON.parse(sync.out) as { records: number };
    expect(report.records).toBeGreaterThan(0);

    const records = JSON.parse((await run('records', '--module', 'Contacts', '--json')).out) as { id: string; label: string }[];
    expect(records.length).toBeGreaterThan(0);
    const someone = records[0]!;
    const lastWord = someone.label.split(' ')[0]!;
    const hits = JSON.parse((await run('search', lastWord, '--json')).out) as { id: string }[];
    expect(hits.map((h) => h.id)).toContain(someone.id);

    const wrong = await run('account', 'add', crm.url, 'nobody');
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.err)).toMatchObject({ code: 'CRM_AUTH_FAILED' });

    const removed = await run('account', 'remove', crm.url, user.userName);
    expect(removed.code).toBe(0);
    expect(JSON.parse((await run('account', 'list', '--json')).out)).toEqual([]);
  });
});
