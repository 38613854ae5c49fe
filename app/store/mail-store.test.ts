import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openDatabase } from '../db/open';
import { schemaVersion } from '../db/migrate';
import { createMailIntake } from '../mail';
import { Spool } from '../spool';
import { appMigrations } from './migrations';

const mail = (subject: string, attachment: string) =>
  [
    `Subject: ${subject}`,
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    subject,
    '--b',
    'Content-Type: application/octet-stream',
    'Content-Disposition: attachment; filename="shared.bin"',
    '',
    attachment,
    '--b--',
    '',
  ].join('\r\n');

describe('captured-mail store, blob pins and garbage collection', () => {
  const home = mkdtempSync(join(tmpdir(), 'store-'));
  const db = openDatabase(join(home, 'app.sqlite'), { migrations: appMigrations });
  const spoolDir = join(home, 'spool');
  const intake = createMailIntake({ db, spoolDir });
  const spool = new Spool(spoolDir);
  afterAll(async () => {
    await intake.close();
    db.close();
  });

  it('migrates through every step of the app schema: intake, outbox, accounts', () => {
    expect(schemaVersion(db)).toBe(appMigrations.length);
    expect(appMigrations.map((m) => m.version)).toEqual(appMigrations.map((_, i) => i + 1));
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['blobs', 'blob_pins', 'captured_mails', 'mail_attachments', 'outbox_jobs', 'link_history', 'crm_accounts']));
  });

  it('stores a shared attachment once and keeps it while any mail or other owner pins it', async () => {
    const a = await intake.import('a.eml', Buffer.from(mail('first', 'same bytes')));
    const b = await intake.import('b.eml', Buffer.from(mail('second', 'same bytes')));
    const sha = a.mail.attachments[0]!.sha256;
    expect(b.mail.attachments[0]!.sha256).toBe(sha);
    expect(db.prepare('SELECT count(*) FROM blobs WHERE sha256 = ?').pluck().get(sha)).toBe(1);

    // Another feature (e.g. an outbox job) pins the blob in its own transaction.
    db.prepare("INSERT INTO blob_pins (sha256, owner_kind, owner_id) VALUES (?, 'outbox-job', 'job-1')").run(sha);
    intake.remove(a.summary.id);
    intake.remove(b.summary.id);
    const gc = intake.collectGarbage();
    expect(gc.removed).toBe(2); // the two originals
    expect(existsSync(spool.blobPath(sha))).toBe(true);

    db.prepare("DELETE FROM blob_pins WHERE owner_kind = 'outbox-job'").run();
    expect(intake.collectGarbage()).toEqual({ removed: 1, bytes: 'same bytes'.length });
    expect(existsSync(spool.blobPath(sha))).toBe(false);
  });

  it('sweeps blob files a crash left without a row, and stale staging directories', () => {
    const orphan = 'ab'.repeat(32);
    mkdirSync(join(spoolDir, 'blobs', 'ab'), { recursive: true });
    writeFileSync(spool.blobPath(orphan), 'orphan');
    const stale = join(spoolDir, 'staging', 'old-import');
    mkdirSync(stale);
    writeFileSync(join(stale, 'original'), 'x');
    const old = new Date(Date.now() - 2 * 3600_000);
    utimesSync(stale, old, old);
    const fresh = spool.newStagingDir();
    const gc = intake.collectGarbage();
    expect(gc.removed).toBe(1);
    expect(existsSync(spool.blobPath(orphan))).toBe(false);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });

  it('refuses foreign blob ids as paths', () => {
    expect(() => spool.blobPath('../../etc/passwd')).toThrow();
    expect(spool.pathOf('0'.repeat(64)).startsWith(join(spoolDir, 'blobs'))).toBe(true);
  });

  it('reports a full database as DISK_FULL, and the files of the failed import are swept', async () => {
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    try {
      // The body lands in the view JSON in SQLite; the attachment only in the spool.
      const big = mail('too big for the database', 'attached').replace('too big for the database\r\n--b', `${'body text '.repeat(50_000)}\r\n--b`);
      await expect(intake.import('full.eml', Buffer.from(big))).rejects.toMatchObject({ code: 'DISK_FULL' });
    } finally {
      db.pragma('max_page_count = 1073741823');
    }
    expect(intake.list().some((m) => m.subject === 'too big for the database')).toBe(false);
    const gc = intake.collectGarbage();
    expect(gc.removed).toBe(2); // the original and its attachment, renamed into place before the failed commit
    expect([...spool.listBlobs()]).toEqual([]);
  });
});
