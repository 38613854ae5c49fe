import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccounts } from '../../../app/accounts';
import { openDatabase } from '../../../app/db/open';
import { MemoryCredentialStore } from '../../../app/keychain';
import { silentLogger } from '../../../app/log';
import { buildEml } from '../../../app/outbox/test-support/eml';
import { serverMessages, tmpHome } from '../../../app/outbox/test-support/harness';
import { appPaths } from '../../../app/paths';
import { appMigrations } from '../../../app/store/migrations';
import { startSandbox, type SandboxHandle } from '../../../sandbox/index';
import { writeFileSync } from 'node:fs';
import type { CliContext } from '../command';
import { historyCommand } from './history';
import { linkCommand } from './link';
import { outboxCommand } from './outbox';

describe('CLI: link queues without the CRM, outbox drain sends, history lists', () => {
  const home = tmpHome('cli-link-');
  const sandboxDb = join(home, 'sandbox.sqlite');
  let sandbox: SandboxHandle | null = null;
  afterAll(async () => {
    await sandbox?.close();
    delete process.env.CONNECTOR_ACCESS_KEY;
  });

  function ctx() {
    const out: string[] = [];
    const err: string[] = [];
    const c: CliContext = { home, log: silentLogger, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
    return { c, out, err, json: () => JSON.parse(out.join('')) as unknown };
  }

  it('runs link → outbox list → (CRM back) outbox drain → history', async () => {
    sandbox = await startSandbox({ db: sandboxDb });
    const port = new URL(sandbox.url).port;
    const u = sandbox.users.find((x) => x.key === 'giulia')!;
    const db = openDatabase(appPaths(home).appDb, { migrations: appMigrations });
    const accounts = createAccounts({ db, credentials: new MemoryCredentialStore(), cachesDir: appPaths(home).caches });
    const acct = await accounts.add({ url: sandbox.url, userName: u.userName, accessKey: u.accessKey, sessionOnly: true });
    const target = (await accounts.client(acct.id).query('SELECT id FROM Accounts LIMIT 1;'))[0]!.id!;
    await accounts.close();
    db.close();
    // The CRM goes away: queuing must not need it.
    await sandbox.close();
    sandbox = null;

    const file = join(home, 'quote.eml');
    writeFileSync(
      file,
      buildEml({
        subject: 'CLI quote',
        messageId: '<cli-quote@client.example>',
        from: 'Anna <anna@client.example>',
        to: 'giulia.rinaldi@aurora-industrie.example',
        attachments: [
          { name: 'keep.txt', contentType: 'text/plain', data: Buffer.from('keep') },
          { name: 'drop.txt', contentType: 'text/plain', data: Buffer.from('drop') },
        ],
      }),
    );
    const args = [file, '--to', target, '--skip-attachment', 'drop.txt'];
    await expect(linkCommand.run(args, ctx().c)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { reason: 'notice_not_acknowledged' } });
    await expect(linkCommand.run([...args, '--accept-notice'], ctx().c)).rejects.toMatchObject({
      details: { reason: 'external_addresses', external: ['anna@client.example', 'giulia.rinaldi@aurora-industrie.example'], domainsConfigured: false },
    });
    expect(await outboxCommand.run(['domains', 'aurora-industrie.example'], ctx().c)).toBe(0);
    await expect(linkCommand.run(args, ctx().c)).rejects.toMatchObject({ details: { reason: 'external_addresses', external: ['anna@client.example'] } });
    const linked = ctx();
    expect(await linkCommand.run([...args, '--confirm-external'], linked.c)).toBe(0);
    expect(linked.json()).toMatchObject({ state: 'queued', targets: [target], attachments: ['keep.txt'] });

    const listed = ctx();
    await outboxCommand.run(['list'], listed.c);
    expect(listed.json()).toMatchObject([{ state: 'queued', subject: 'CLI quote' }]);

    sandbox = await startSandbox({ db: sandboxDb, port: Number(port) });
    process.env.CONNECTOR_ACCESS_KEY = u.accessKey;
    const drained = ctx();
    expect(await outboxCommand.run(['drain'], drained.c)).toBe(0);
    expect(drained.json()).toMatchObject({ done: 1, remaining: 0 });
    const msgs = serverMessages(sandboxDb).filter((m) => m.messageid === '<cli-quote@client.example>');
    expect(msgs.map((m) => m.attachments.map((a) => a.name))).toEqual([['keep.txt']]);

    const hist = ctx();
    await historyCommand.run([], hist.c);
    const [h] = hist.json() as { subject: string; openUrl: string; targets: string[] }[];
    expect(h).toMatchObject({ subject: 'CLI quote', targets: [target] });
    expect(h!.openUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/index\\.php\\?module=Messages&action=DetailView&record=\\d+$`));
  }, 60_000);
});
