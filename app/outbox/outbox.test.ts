import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listHistory } from '../history';
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
});
