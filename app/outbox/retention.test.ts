import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listHistory } from '../history';
import type { JobState, LinkJob } from './types';
import { PIN_KIND } from './job-store';
import { ACCOUNT, makeWorld, type World } from './test-support/world';

const DAY = 24 * 3600_000;

describe('finished jobs: a bounded outbox list, cheap counts, pruning after the retention time', () => {
  let w: World;
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  beforeAll(async () => {
    w = await makeWorld({ outbox: { now } });
  });
  afterAll(async () => {
    await w?.close();
  });

  const pins = (jobId: string) => w.db.prepare('SELECT count(*) FROM blob_pins WHERE owner_kind = ? AND owner_id = ?').pluck().get(PIN_KIND, jobId) as number;
  const mail = (subject: string) =>
    w.capture({ subject, messageId: `<${subject.replace(/\W/g, '-')}@client.example>`, attachments: [{ name: 'a.bin', contentType: 'application/octet-stream', data: randomBytes(2000) }] });

  it('lists live jobs and only the most recent finished ones; counts every state; prunes finished jobs, never live ones or the history', async () => {
    const done: LinkJob[] = [];
    for (const s of ['Retention done 1', 'Retention done 2', 'Retention done 3']) {
      done.push(w.outbox.enqueue({ accountId: ACCOUNT, mailId: await mail(s), targets: [w.visible[0]!] }));
      offset += 1000; // distinct finishing times, so "most recent" is well defined
      await w.outbox.drain({ patienceMs: 0 });
    }
    const cancelled = w.outbox.enqueue({ accountId: ACCOUNT, mailId: await mail('Retention cancelled'), targets: [w.visible[0]!], notBefore: new Date(Date.now() + 365 * DAY).toISOString() });
    w.outbox.cancel(cancelled.id);
    const held = w.outbox.enqueue({ accountId: ACCOUNT, mailId: await mail('Retention held'), targets: [w.visible[1]!], notBefore: new Date(Date.now() + 365 * DAY).toISOString() });
    const parked = w.outbox.enqueue({ accountId: ACCOUNT, mailId: await mail('Retention parked'), targets: ['3x99999999'] });
    await w.outbox.drain({ patienceMs: 0 });
    const states = (ids: string[]) => ids.map((id) => w.outbox.get(id)?.state);
    expect(states([...done.map((j) => j.id), cancelled.id, held.id, parked.id])).toEqual(['done', 'done', 'done', 'cancelled', 'queued', 'needs_attention']);

    // Two finished jobs listed: the cancel (the latest to finish) and the last done; live jobs always.
    const short = w.newOutbox({ now, listFinished: 2 });
    expect(short.list().map((j) => j.id)).toEqual([done[2]!.id, cancelled.id, held.id, parked.id]);
    const all = w.newOutbox({ now, listFinished: 1000 }).list();
    const expected: Record<JobState, number> = { queued: 0, waiting: 0, needs_attention: 0, done: 0, cancelled: 0, failed: 0 };
    for (const j of all) expected[j.state]++;
    expect(short.counts()).toEqual(expected);
    expect(expected).toMatchObject({ done: 3, cancelled: 1, queued: 1, needs_attention: 1 });

    // Six days on: nothing is old enough. Eight days on: every finished job goes, at creation.
    offset += 6 * DAY;
    expect(w.newOutbox({ now }).counts()).toMatchObject({ done: 3, cancelled: 1 });
    offset += 2 * DAY;
    const later = w.newOutbox({ now });
    expect(later.counts()).toEqual({ ...expected, done: 0, cancelled: 0 });
    for (const j of [...done, cancelled]) {
      expect(later.get(j.id)).toBeNull();
      expect(pins(j.id)).toBe(0);
      expect(w.db.prepare('SELECT count(*) FROM outbox_targets WHERE job_id = ?').pluck().get(j.id)).toBe(0);
      expect(w.db.prepare('SELECT count(*) FROM outbox_attachments WHERE job_id = ?').pluck().get(j.id)).toBe(0);
    }
    expect(later.get(held.id)!.state).toBe('queued');
    expect(later.get(parked.id)!.state).toBe('needs_attention');
    expect(pins(held.id)).toBeGreaterThan(0);
    const history = listHistory(w.db, { limit: 1000 }).map((h) => h.jobId);
    for (const j of done) expect(history).toContain(j.id);

    // A pruned job no longer dedupes a second drop of its mail: the new job finds the CRM's record.
    const again = later.enqueue({ accountId: ACCOUNT, mailId: done[0]!.mailId, targets: [w.visible[0]!] });
    expect(again.id).not.toBe(done[0]!.id);
    await later.drain({ patienceMs: 0 });
    expect(later.get(again.id)).toMatchObject({ state: 'done', landedHow: 'existing', messageWsId: listHistory(w.db, { limit: 1000 }).find((h) => h.jobId === done[0]!.id)!.messageWsId });
    expect(w.messages().filter((m) => m.messageid === '<Retention-done-1@client.example>')).toHaveLength(1);
  });

  it('prunes after each drain too', async () => {
    // A clock that moves on at every reading: the job finishes strictly before the prune looks.
    let t = now().getTime();
    const ob = w.newOutbox({ now: () => new Date((t += 1000)), finishedRetentionMs: 0 });
    const job = ob.enqueue({ accountId: ACCOUNT, mailId: await mail('Retention zero'), targets: [w.visible[2]!] });
    const summary = await ob.drain({ patienceMs: 0 });
    expect(summary.done).toBe(1);
    expect(ob.get(job.id)).toBeNull();
    expect(listHistory(w.db, { limit: 1000 }).some((h) => h.jobId === job.id)).toBe(true);
  });
});
