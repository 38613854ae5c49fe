import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { AppError } from '../errors';
import { VtenextClient, nodeTransport } from '../crm';
import { join } from 'node:path';
import { listHistory } from '../history';
import { uploadName } from '../link';
import { Spool } from '../spool/spool';
import type { OutboxEvent } from './types';
import { clientFor } from './test-support/harness';
import { ACCOUNT, makeWorld, type World } from './test-support/world';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('outbox against the sandbox CRM (real HTTP, real SQLite, real intake)', () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('links an email with attachments to two records; it reads back through the webservice exactly', async () => {
    const pdf = randomBytes(200_000);
    const csv = Buffer.from('a;b\n1;2\n', 'utf8');
    const mailId = await w.capture({
      subject: 'Angebot Nr. 42 – Grüße',
      messageId: '<offer-42@client.example>',
      date: 'Fri, 01 Mar 2024 10:15:00 +0100',
      from: 'Anna Client <anna@client.example>',
      to: 'Giulia Rinaldi <giulia.rinaldi@aurora-industrie.example>, bob@client.example',
      cc: 'Zoë <zoe@client.example>',
      html: '<p>Hello <b>Giulia</b></p>',
      attachments: [
        { name: 'offer.pdf', contentType: 'application/pdf', data: pdf },
        { name: 'prices.csv', contentType: 'text/csv', data: csv },
      ],
    });
    const [t1, t2] = w.visible;
    const job = w.outbox.enqueue({ accountId: ACCOUNT, mailId, targets: [t1!, t2!] });
    expect(job.state).toBe('queued');
    const summary = await w.outbox.drain();
    expect(summary).toMatchObject({ done: 1, needsAttention: 0, failed: 0, remaining: 0 });
    const done = w.outbox.get(job.id)!;
    expect(done.state).toBe('done');
    expect(done.targets.map((t) => t.state)).toEqual(['linked', 'linked']);
    expect(done.attachments.map((a) => a.state)).toEqual(['sent', 'sent']);

    const rec = await w.client.retrieve(done.messageWsId!);
    expect(rec.subject).toBe('Angebot Nr. 42 – Grüße');
    expect(rec.messageid).toBe('<offer-42@client.example>');
    expect(rec.description).toContain('<p>Hello <b>Giulia</b></p>');
    expect(rec.mfrom).toBe('anna@client.example');
    expect(rec.mfrom_f).toBe('Anna Client <anna@client.example>');
    expect(rec.mto).toBe('giulia.rinaldi@aurora-industrie.example, bob@client.example');
    expect(rec.mcc_f).toBe('Zoë <zoe@client.example>');
    expect(rec.mtype).toBe('Link');
    // 10:15 +01:00 is 09:15 UTC, shown in the CRM user's zone.
    const expected = new Intl.DateTimeFormat('sv-SE', { timeZone: w.tz, dateStyle: 'short', timeStyle: 'medium' }).format(new Date('2024-03-01T09:15:00Z'));
    expect(rec.mdate).toBe(expected);

    const server = w.messages().filter((m) => m.messageid === '<offer-42@client.example>');
    expect(server).toHaveLength(1);
    expect(server[0]!.links).toEqual([t1, t2].map((t) => Number(t!.split('x')[1])).sort((a, b) => a - b));
    expect(server[0]!.attachments.map((a) => a.name)).toEqual(['offer.pdf', 'prices.csv']);
    expect(server[0]!.attachments.map((a) => sha(a.bytes))).toEqual([sha(pdf), sha(csv)]);

    // Each attachment is a Documents record of the message (vte_messages_attach.document; no
    // webservice operation lists that relation, so the sandbox's control API shows it), and each
    // Document reads back through the webservice, as the user, exactly as uploaded.
    const rel = (await w.control('message-links', { record: done.messageWsId })) as {
      messages: string[];
      links: { id: string }[];
      attachments: { message: string; name: string; type: string; size: number; document: string }[];
    };
    expect(rel.messages).toEqual([done.messageWsId]);
    expect(rel.links.map((l) => l.id).sort()).toEqual([t1!, t2!].sort());
    expect(rel.attachments.map((a) => [a.message, a.name, a.type, a.size])).toEqual([
      [done.messageWsId, 'offer.pdf', 'application/pdf', pdf.length],
      [done.messageWsId, 'prices.csv', 'text/csv', csv.length],
    ]);
    const docs = await Promise.all(rel.attachments.map((a) => w.client.retrieve(a.document)));
    expect(docs.map((d) => [d.id, d.notes_title, d.filename, d.filesize, d.filetype, d.filelocationtype, d.assigned_user_id])).toEqual(
      done.attachments.map((a, i) => [rel.attachments[i]!.document, a.name, uploadName(job.id, a.index, a.name), String(a.size), a.contentType, 'I', w.client.loginInfo!.userId]),
    );
    // The stored bytes are those of that very Document.
    expect(server[0]!.attachments.map((a) => `x${a.document}`)).toEqual(rel.attachments.map((a) => a.document.slice(a.document.indexOf('x'))));

    const [h] = listHistory(w.db, { mailId });
    expect(h).toMatchObject({ jobId: job.id, messageWsId: done.messageWsId, landedHow: 'created', targets: [t1, t2] });
    expect(h!.openUrl).toBe(`${w.sandbox.url}index.php?module=Messages&action=DetailView&record=${done.messageWsId!.split('x')[1]}`);
    // The job released its pins; the inbox's own pins still hold the files.
    expect(w.db.prepare("SELECT count(*) FROM blob_pins WHERE owner_kind = 'outbox-job'").pluck().get()).toBe(0);
  });

  it('files the same email dropped twice as one Messages record', async () => {
    const spec = { subject: 'Dropped twice', messageId: '<twice@client.example>', attachments: [{ name: 'a.bin', contentType: 'application/octet-stream', data: randomBytes(5000) }] };
    const id1 = await w.capture(spec);
    const id2 = await w.capture(spec);
    expect(id2).toBe(id1);
    const j1 = w.outbox.enqueue({ accountId: ACCOUNT, mailId: id1, targets: [w.visible[0]!] });
    const j2 = w.outbox.enqueue({ accountId: ACCOUNT, mailId: id2, targets: [w.visible[0]!] });
    expect(j2.id).toBe(j1.id);
    // Dropped again onto another record: a second job, but still one Messages record.
    const j3 = w.outbox.enqueue({ accountId: ACCOUNT, mailId: id1, targets: [w.visible[2]!] });
    expect(j3.id).not.toBe(j1.id);
    await w.outbox.drain();
    expect(w.outbox.get(j1.id)!.state).toBe('done');
    const after3 = w.outbox.get(j3.id)!;
    expect(after3).toMatchObject({ state: 'done', landedHow: 'existing', messageWsId: w.outbox.get(j1.id)!.messageWsId });
    const server = w.messages().filter((m) => m.messageid === '<twice@client.example>');
    expect(server).toHaveLength(1);
    expect(server[0]!.attachments).toHaveLength(1);
    expect(server[0]!.links).toHaveLength(2);
  });

  it('asks "already in the CRM?" for a whole queue in one query, and still files each mail once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await w.capture({ subject: `Queue ${i}`, messageId: `<queue-${i}@client.example>` }));
    // One of them was filed before, by another job of this user: it is found, not sent again.
    const first = w.outbox.enqueue({ accountId: ACCOUNT, mailId: ids[17]!, targets: [w.visible[0]!] });
    await w.outbox.drain();
    const http = nodeTransport();
    const queries: string[] = [];
    const client = new VtenextClient({
      url: w.sandbox.webserviceUrl,
      userName: w.user.userName,
      accessKey: async () => w.user.accessKey,
      transport: (req) => {
        const q = new URL(req.url).searchParams.get('query');
        if (q?.includes('FROM Messages')) queries.push(q);
        return http(req);
      },
    });
    const outbox = w.newOutbox({ clientFor: () => client });
    const jobs = ids.map((mailId) => outbox.enqueue({ accountId: ACCOUNT, mailId, targets: [w.visible[1]!] }));
    expect(await outbox.drain()).toMatchObject({ done: 40, remaining: 0 });
    expect(queries).toHaveLength(1);
    expect(queries[0]).toContain('<queue-0@client.example>');
    expect(queries[0]).toContain('<queue-39@client.example>');
    expect(outbox.get(jobs[17]!.id)).toMatchObject({ landedHow: 'existing', messageWsId: w.outbox.get(first.id)!.messageWsId });
    for (let i = 0; i < 40; i++) expect(w.messages().filter((m) => m.messageid === `<queue-${i}@client.example>`)).toHaveLength(1);
  });

  it('gives a mail without Message-ID a stable id of its own, so it is still found again', async () => {
    const mailId = await w.capture({ subject: 'Draft without id', messageId: null });
    const job = w.outbox.enqueue({ accountId: ACCOUNT, mailId, targets: [w.visible[1]!] });
    expect(job.messageId).toMatch(/^<vtemc\.[0-9a-f]{40}@mail-connector\.invalid>$/);
    await w.outbox.drain();
    const again = w.outbox.enqueue({ accountId: ACCOUNT, mailId, targets: [w.visible[3]!] });
    await w.outbox.drain();
    expect(w.outbox.get(again.id)).toMatchObject({ state: 'done', landedHow: 'existing' });
    expect(w.messages().filter((m) => m.messageid === job.messageId)).toHaveLength(1);
  });

  it('queues with the CRM unreachable; pins keep the files through inbox removal and GC; sends once the CRM is back', async () => {
    const data = randomBytes(30_000);
    const mailId = await w.capture({ subject: 'Offline', messageId: '<offline@client.example>', attachments: [{ name: 'o.bin', contentType: 'application/octet-stream', data }] });
    const events: OutboxEvent[] = [];
    const offline = w.newOutbox({ clientFor: () => clientFor('http://127.0.0.1:1/webservice.php', w.user), emit: (e) => events.push(e), backoff: { baseMs: 10_000, maxMs: 10_000 } });
    const job = offline.enqueue({ accountId: ACCOUNT, mailId, targets: [w.visible[0]!] });
    expect(w.db.prepare("SELECT count(*) FROM blob_pins WHERE owner_kind = 'outbox-job' AND owner_id = ?").pluck().get(job.id)).toBe(2);
    const s = await offline.drain({ patienceMs: 0 });
    expect(s).toMatchObject({ done: 0, waiting: 1, remaining: 1 });
    expect(offline.get(job.id)).toMatchObject({ state: 'waiting', attempts: 1, lastError: { code: 'CRM_UNREACHABLE' } });
    expect(offline.online).toBe(false);
    expect(events.some((e) => e.type === 'online' && !e.online)).toBe(true);

    expect(w.intake.remove(mailId)).toBe(true);
    w.intake.collectGarbage();
    const spool = new Spool(join(w.home, 'spool'));
    expect(existsSync(spool.blobPath(sha(data)))).toBe(true);

    await w.outbox.drain();
    expect(w.outbox.get(job.id)!.state).toBe('done');
    const server = w.messages().filter((m) => m.messageid === '<offline@client.example>');
    expect(server.map((m) => m.attachments.map((a) => sha(a.bytes)))).toEqual([[sha(data)]]);
    // Sent and unpinned: now the collector may take the files.
    w.intake.collectGarbage();
    expect(existsSync(spool.blobPath(sha(data)))).toBe(false);
  });

  it('holds a job until its notBefore (the undo window): nothing is sent before, and undo in time sends nothing', async () => {
    const mailId = await w.capture({ subject: 'Held', messageId: '<held@client.example>' });
    const job = w.outbox.enqueue({ accountId: ACCOUNT, mailId, targets: [w.visible[0]!], notBefore: new Date(Date.now() + 60_000).toISOString() });
    await w.outbox.drain({ patienceMs: 0 });
    expect(w.outbox.get(job.id)!.state).toBe('queued');
    expect(w.messages().filter((m) => m.messageid === '<held@client.example>')).toHaveLength(0);
    w.outbox.cancel(job.id);
    await w.outbox.drain({ patienceMs: 0 });
    expect(w.messages().filter((m) => m.messageid === '<held@client.example>')).toHaveLength(0);

    const short = w.outbox.enqueue({ accountId: ACCOUNT, mailId, targets: [w.visible[0]!], notBefore: new Date(Date.now() + 300).toISOString() });
    await w.outbox.drain({ patienceMs: 5_000 });
    expect(w.outbox.get(short.id)!.state).toBe('done');
  });

  it('cancel releases the pins and never sends; the same mail can be queued again afterwards', async () => {
    const mailId = await w.capture({ subject: 'Cancelled', messageId: '<cancel@client.example>' });
    const job = w.outbox.enqueue({ accountId: ACCOUNT, mailId, targets: [w.visible[0]!] });
    w.outbox.cancel(job.id);
    expect(w.outbox.get(job.id)!.state).toBe('cancelled');
    expect(w.db.prepare('SELECT count(*) FROM blob_pins WHERE owner_id = ?').pluck().get(job.id)).toBe(0);
    await w.outbox.drain();
    expect(w.messages().filter((m) => m.messageid === '<cancel@client.example>')).toHaveLength(0);
    expect(() => w.outbox.retry(job.id)).toThrow(/cancelled/);
    const again = w.outbox.enqueue({ accountId: ACCOUNT, mailId, targets: [w.visible[0]!] });
    expect(again.id).not.toBe(job.id);
    await w.outbox.drain();
    expect(w.outbox.get(again.id)!.state).toBe('done');
    expect(() => w.outbox.cancel(again.id)).toThrow(/already linked/);
  });

  it('a rejected access key parks the job after one login and never retries it on its own', async () => {
    const mailId = await w.capture({ subject: 'Bad key', messageId: '<badkey@client.example>' });
    const bad = w.newOutbox({ clientFor: () => clientFor(w.sandbox.webserviceUrl, { userName: w.user.userName, accessKey: 'wrong-key-000000' }) });
    const job = bad.enqueue({ accountId: ACCOUNT, mailId, targets: [w.visible[0]!] });
    await bad.drain();
    expect(bad.get(job.id)).toMatchObject({ state: 'needs_attention', reason: 'login_rejected', attempts: 1, lastError: { code: 'CRM_AUTH_FAILED' } });
    await bad.drain();
    expect(bad.get(job.id)!.attempts).toBe(1);
    w.outbox.retry(job.id);
    await w.outbox.drain();
    expect(w.outbox.get(job.id)!.state).toBe('done');
  });

  it('the background sender sends what is queued and stops cleanly', async () => {
    const events: OutboxEvent[] = [];
    const bg = w.newOutbox({ emit: (e) => events.push(e) });
    bg.start();
    const mailId = await w.capture({ subject: 'Background', messageId: '<bg@client.example>' });
    const job = bg.enqueue({ accountId: ACCOUNT, mailId, targets: [w.visible[1]!] });
    for (let i = 0; i < 100 && bg.get(job.id)!.state !== 'done'; i++) await new Promise((r) => setTimeout(r, 50));
    await bg.stop();
    expect(bg.get(job.id)!.state).toBe('done');
    expect(events.some((e) => e.type === 'job' && e.job.id === job.id && e.job.state === 'done')).toBe(true);
    expect(w.db.prepare('SELECT count(*) FROM outbox_lock').pluck().get()).toBe(0);
  });

  it('refuses bad requests at enqueue, before anything is written', async () => {
    const mailId = await w.capture({ subject: 'Bad requests', messageId: '<bad-req@client.example>' });
    const before = w.db.prepare('SELECT count(*) FROM outbox_jobs').pluck().get();
    expect(() => w.outbox.enqueue({ accountId: ACCOUNT, mailId, targets: [] })).toThrow(/at least one/);
    expect(() => w.outbox.enqueue({ accountId: ACCOUNT, mailId, targets: ['Acme Inc'] })).toThrow(/NxM/);
    expect(() => w.outbox.enqueue({ accountId: ACCOUNT, mailId, targets: [w.visible[0]!], attachments: [7] })).toThrow(/No such attachment/);
    expect(() => w.outbox.enqueue({ accountId: ACCOUNT, mailId: 'no-such-mail', targets: [w.visible[0]!] })).toThrow(/no longer in the inbox/);
    expect(w.db.prepare('SELECT count(*) FROM outbox_jobs').pluck().get()).toBe(before);
    expect(w.db.prepare("SELECT count(*) FROM blob_pins WHERE owner_kind = 'outbox-job' AND owner_id NOT IN (SELECT id FROM outbox_jobs)").pluck().get()).toBe(0);
  });

  it('does not reuse a record with the same Message-ID but another subject (vtenext hashes both)', async () => {
    const a = await w.capture({ subject: 'Same id, first subject', messageId: '<dup-id@exchange.example>' });
    const b = await w.capture({ subject: 'Same id, second subject', messageId: '<dup-id@exchange.example>' });
    const ja = w.outbox.enqueue({ accountId: ACCOUNT, mailId: a, targets: [w.visible[0]!] });
    const jb = w.outbox.enqueue({ accountId: ACCOUNT, mailId: b, targets: [w.visible[0]!] });
    await w.outbox.drain();
    expect(w.outbox.get(ja.id)!.landedHow).toBe('created');
    expect(w.outbox.get(jb.id)!.landedHow).toBe('created');
    expect(w.messages().filter((m) => m.messageid === '<dup-id@exchange.example>').map((m) => m.subject).sort()).toEqual(['Same id, first subject', 'Same id, second subject']);
  });

  it('parks the job when its account is gone or its key unreadable, with the cause in lastError', async () => {
    const mailId = await w.capture({ subject: 'No account', messageId: '<no-account@client.example>' });
    const gone = w.newOutbox({ clientFor: () => Promise.reject(new AppError('NOT_FOUND', 'No such CRM account.')) });
    const job = gone.enqueue({ accountId: 'removed-account', mailId, targets: [w.visible[0]!] });
    await gone.drain();
    expect(gone.get(job.id)).toMatchObject({ state: 'needs_attention', reason: 'login_rejected', lastError: { details: { reason: 'account_unavailable' } } });
    const keyless = w.newOutbox({
      clientFor: () =>
        new VtenextClient({ url: w.sandbox.webserviceUrl, userName: w.user.userName, accessKey: () => Promise.reject(new AppError('KEYCHAIN_LOCKED', 'locked')), transport: nodeTransport() }),
    });
    keyless.retry(job.id);
    await keyless.drain();
    expect(keyless.get(job.id)).toMatchObject({ state: 'needs_attention', reason: 'login_rejected', lastError: { code: 'KEYCHAIN_LOCKED' } });
  });
});
