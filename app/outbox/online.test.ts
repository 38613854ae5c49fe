import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../sandbox/index';
import type { OutboxEvent } from './types';
import { clientFor, serverMessages } from './test-support/harness';
import { ACCOUNT, makeWorld, type World } from './test-support/world';

describe('background sender: waits while the CRM is down, sends when it is back', () => {
  let w: World | null = null;
  let crm: SandboxHandle | null = null;
  afterAll(async () => {
    await crm?.close();
    await w?.close();
  });

  it('keeps the job waiting through failed attempts, then files it once after the CRM returns (no restart)', async () => {
    w = await makeWorld();
    const db = join(w.home, 'second-crm.sqlite');
    crm = await startSandbox({ db });
    const port = Number(new URL(crm.url).port);
    await crm.close();
    crm = null;
    const events: OutboxEvent[] = [];
    const client = clientFor(`http://127.0.0.1:${port}/webservice.php`, w.user, 1_000);
    const bg = w.newOutbox({ clientFor: () => client, backoff: { baseMs: 100, maxMs: 400 }, emit: (e) => events.push(e) });
    bg.start();
    const mailId = await w.capture({ subject: 'While down', messageId: '<while-down@client.example>' });
    const job = bg.enqueue({ accountId: ACCOUNT, mailId, targets: [w.visible[0]!] });
    for (let i = 0; i < 100 && bg.get(job.id)!.attempts < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(bg.get(job.id)).toMatchObject({ state: 'waiting', lastError: { code: 'CRM_UNREACHABLE' } });
    expect(bg.online).toBe(false);

    crm = await startSandbox({ db, port });
    bg.wake();
    for (let i = 0; i < 100 && bg.get(job.id)!.state !== 'done'; i++) await new Promise((r) => setTimeout(r, 50));
    await bg.stop();
    expect(bg.get(job.id)!.state).toBe('done');
    expect(bg.online).toBe(true);
    expect(events.filter((e) => e.type === 'online').map((e) => (e.type === 'online' ? e.online : null))).toEqual([false, true]);
    expect(serverMessages(db).filter((m) => m.messageid === '<while-down@client.example>')).toHaveLength(1);
  }, 30_000);
});
