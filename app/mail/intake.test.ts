import { describe, expect, it, afterAll } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { openDatabase } from '../db/open';
import { appMigrations } from '../store/migrations';
import { CapturedMail, ParsedMailView } from '../contract/mail';
import { AppError } from '../errors';
import { createMailIntake, parseMailBytes, toView, type MailIntake } from './index';
import { SIMPLE_EML, buildMsg, tmp } from './test-support/fixtures';

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

describe('mail intake (real worker process, real SQLite, real spool)', () => {
  const home = tmp('intake-');
  const db = openDatabase(join(home, 'app.sqlite'), { migrations: appMigrations });
  const intake: MailIntake = createMailIntake({ db, spoolDir: join(home, 'spool'), now: () => new Date('2026-01-02T03:04:05Z') });
  afterAll(async () => {
    await intake.close();
    db.close();
  });

  it('parses an .eml in the worker into the normalised model', async () => {
    const m = await parseMailBytes(Buffer.from(SIMPLE_EML));
    expect(m.format).toBe('eml');
    expect(m.subject).toBe('Grüße aus München');
    expect(m.date).toBe('2024-03-01T10:15:00+01:00');
    expect(m.from).toEqual([{ name: 'Jürgen Müller', address: 'juergen@example.de' }]);
    expect(m.to.map((a) => a.address)).toEqual(['anna@example.com', 'bob@example.com']);
    expect(m.cc).toEqual([{ name: 'Zoë', address: 'zoe@example.com' }]);
    expect(m.messageId).toBe('<abc123@example.de>');
    expect(m.inReplyTo).toBe('<prev@example.de>');
    expect(m.references).toEqual(['<root@example.de>', '<prev@example.de>']);
    expect(m.html).toContain('cid:logo@x');
    expect(m.sha256).toBe(sha(SIMPLE_EML));
    const [logo, evil, inner] = m.attachments;
    expect(logo).toMatchObject({ contentId: 'logo@x', inline: true, contentType: 'image/png' });
    expect(evil!.originalName).toBe('../../evil\u202Etxt.exe');
    expect(evil!.name).toBe('eviltxt.exe');
    expect(evil!.sha256).toBe(sha('Hello world'));
    expect(inner).toMatchObject({ contentType: 'message/rfc822', embeddedIndex: 0 });
    expect(m.embedded[0]!.subject).toBe('Inner message');
    expect(m.embedded[0]!.date).toBe('2024-02-29T08:00:00-05:00');
    expect(() => ParsedMailView.parse(toView(m))).not.toThrow();
  });

  it('imports, spools content-addressed blobs, lists, opens attachments, removes and collects garbage', async () => {
    const captured = await intake.import('hello.eml', Buffer.from(SIMPLE_EML));
    expect(() => CapturedMail.parse(captured)).not.toThrow();
    expect(captured.summary).toMatchObject({ fileName: 'hello.eml', format: 'eml', attachmentCount: 3, capturedAt: '2026-01-02T03:04:05.000Z' });
    expect(intake.list().map((s) => s.id)).toEqual([captured.summary.id]);
    expect(intake.get(captured.summary.id)).toEqual(captured);
    const att = intake.openAttachment(captured.summary.id, 1)!;
    expect(att.name).toBe('eviltxt.exe');
    expect(readFileSync(att.path, 'utf8')).toBe('Hello world');
    expect(att.path.endsWith(sha('Hello world'))).toBe(true);
    expect(intake.openAttachment(captured.summary.id, 9)).toBeNull();
    expect(intake.openAttachment(captured.summary.id, 0, '0')).toBeNull(); // the inner message has no attachments
    expect(readFileSync(intake.openAttachment(captured.summary.id, 2)!.path, 'utf8')).toContain('Subject: Inner message');

    const again = await intake.import('copy.eml', Buffer.from(SIMPLE_EML));
    expect(again.summary.id).toBe(captured.summary.id);

    expect(intake.collectGarbage().removed).toBe(0);
    expect(existsSync(att.path)).toBe(true);
    expect(intake.remove(captured.summary.id)).toBe(true);
    expect(intake.remove(captured.summary.id)).toBe(false);
    expect(intake.get(captured.summary.id)).toBeNull();
    const gc = intake.collectGarbage();
    expect(gc.removed).toBe(4); // original, logo, evil.exe, inner message
    expect(existsSync(att.path)).toBe(false);
  });

  it('imports a generated .msg from a file path', async () => {
    const msg = buildMsg({
      subject: 'Angebot Ä',
      body: 'Hallo Welt',
      senderName: 'Sam Sender',
      senderSmtp: 'sam@example.com',
      to: [{ name: 'Rita', email: 'rita@example.com' }],
      attachment: { name: 'daten.csv', data: new Uint8Array(Buffer.from('a,b\n1,2\n')) },
    });
    const file = join(tmp('msgfile-'), 'angebot.msg');
    writeFileSync(file, msg);
    const c = await intake.importFile(file);
    expect(c.summary.format).toBe('msg');
    expect(c.mail.subject).toBe('Angebot Ä');
    expect(c.mail.text).toBe('Hallo Welt');
    expect(c.mail.from).toEqual([{ name: 'Sam Sender', address: 'sam@example.com' }]);
    expect(c.mail.to).toEqual([{ name: 'Rita', address: 'rita@example.com' }]);
    expect(c.mail.attachments.map((a) => [a.name, a.size])).toEqual([['daten.csv', 8]]);
  });

  it('reaches attachments of embedded messages by part path', async () => {
    const inner = ['Subject: inner', 'Content-Type: multipart/mixed; boundary=i', '', '--i', 'Content-Type: text/plain', '', 'x', '--i', 'Content-Disposition: attachment; filename="deep.txt"', '', 'deep content', '--i--'].join('\r\n');
    const outer = ['Subject: outer', 'Content-Type: multipart/mixed; boundary=o', '', '--o', 'Content-Type: message/rfc822', 'Content-Disposition: attachment', '', inner, '--o--', ''].join('\r\n');
    const c = await intake.import('outer.eml', Buffer.from(outer));
    expect(c.mail.embedded[0]!.attachments[0]!.name).toBe('deep.txt');
    const deep = intake.openAttachment(c.summary.id, 0, '0')!;
    expect(deep.name).toBe('deep.txt');
    expect(readFileSync(deep.path, 'utf8')).toBe('deep content');
  });

  it('imports side by side in two parser processes without mixing up their files', async () => {
    const pair = createMailIntake({ db, spoolDir: join(home, 'spool'), concurrency: 2 });
    try {
      const mails = Array.from({ length: 6 }, (_, i) =>
        ['Subject: parallel ' + i, 'Content-Type: multipart/mixed; boundary=p', '', '--p', 'Content-Disposition: attachment; filename="n.txt"', '', `payload ${i}`, '--p--', ''].join('\r\n'),
      );
      const captured = await Promise.all(mails.map((m, i) => pair.import(`p${i}.eml`, Buffer.from(m))));
      captured.forEach((c, i) => {
        expect(c.mail.subject).toBe(`parallel ${i}`);
        expect(readFileSync(pair.openAttachment(c.summary.id, 0)!.path, 'utf8')).toBe(`payload ${i}`);
      });
    } finally {
      await pair.close();
    }
  });

  it('refuses oversized input before writing it, and missing files', async () => {
    const small = createMailIntake({ db, spoolDir: join(home, 'spool'), limits: { maxBytes: 100 } });
    try {
      await expect(small.import('big.eml', new Uint8Array(101))).rejects.toMatchObject({ code: 'MAIL_TOO_LARGE' });
      await expect(small.importFile(join(home, 'does-not-exist.eml'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await small.close();
    }
  });

  it('turns garbage into typed errors and keeps working', async () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]);
    await expect(intake.import('x.zip', zip)).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    await expect(intake.import('empty.eml', new Uint8Array(0))).rejects.toBeInstanceOf(AppError);
    const ok = await intake.import('really-an-eml.msg', Buffer.from('Subject: still alive\r\n\r\nhi\r\n'));
    expect(ok.mail.subject).toBe('still alive');
    expect(ok.summary.format).toBe('eml');
    expect(ok.summary.warnings).toEqual(['the file is named .msg but holds an RFC 822 message; it was read as such']);
  });
});
