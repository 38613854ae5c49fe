import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxHandle } from '../../sandbox/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open';
import { haveSandbox } from '../crm/test-support/shared';
import { KeytarCredentialStore } from '../keychain/keytar-store';
import { createAccounts } from './accounts-service';

type Sandbox = SandboxHandle;

const keychain = new KeytarCredentialStore({ timeoutMs: 3000 });
const haveKeychain = (await keychain.probe()).state === 'available';

describe.skipIf(!haveSandbox)('accounts, sync and search end to end against the sandbox (demo company)', () => {
  let sbx: Sandbox;
  beforeAll(async () => {
    sbx = await (await import('../../sandbox/index')).startSandbox({});
  });
  afterAll(() => sbx.close());

  it('syncs two users of one CRM into separate caches, searches them, and never writes the access key to disk', async () => {
    const home = mkdtempSync(join(tmpdir(), 'e2e-'));
    const db = openDatabase(join(home, 'connector.sqlite'), { migrations: [] });
    const progress: string[] = [];
    const accounts = createAccounts({ db, credentials: keychain, cachesDir: join(home, 'caches'), onProgress: (a, p) => progress.push(`${a} ${p.module} ${p.phase}`) });
    const [u1, u2] = sbx.users.filter((u) => !u.isAdmin);
    const a1 = await accounts.add({ url: sbx.url, userName: u1!.userName, accessKey: u1!.accessKey, sessionOnly: !haveKeychain });
    const a2 = await accounts.add({ url: sbx.url, userName: u2!.userName, password: u2!.password, sessionOnly: !haveKeychain });
    expect(accounts.list().map((a) => a.userName)).toEqual([u1!.userName, u2!.userName]);
    await accounts.sync(a1.id).run();
    await accounts.sync(a2.id).run();
    expect(progress.some((p) => p.startsWith(a1.id) && p.endsWith('fill'))).toBe(true);
    const c1 = accounts.cache(a1.id);
    const c2 = accounts.cache(a2.id);
    expect(c1.count()).toBeGreaterThan(0);
    expect(c2.count()).toBeGreaterThan(0);
    // Type-ahead on a label prefix taken from the cache itself.
    const some = c1.records().find((r) => accounts.cache(a1.id).module(r.module)?.linkable)!;
    const word = some.label.split(/\s+/)[0]!.slice(0, 3);
    expect(accounts.search(a1.id).search(word, { limit: 50 }).map((h) => h.id)).toContain(some.id);
    const withMail = c1.records().find((r) => ['Contacts', 'Leads', 'Accounts', 'Vendors'].includes(r.module) && r.emails.length > 0);
    if (withMail) expect(accounts.search(a1.id).suggest([withMail.emails[0]!])[0]!.matches.map((m) => m.record.id)).toContain(withMail.id);
    for (const f of readdirSync(home, { recursive: true, withFileTypes: true }).filter((d) => d.isFile())) {
      const bytes = readFileSync(join(f.parentPath, f.name));
      expect(bytes.includes(Buffer.from(u1!.accessKey)), f.name).toBe(false);
      expect(bytes.includes(Buffer.from(u2!.accessKey)), f.name).toBe(false);
      expect(bytes.includes(Buffer.from(u2!.password)), f.name).toBe(false);
    }
    await accounts.remove(a1.id);
    await accounts.remove(a2.id);
    expect(readdirSync(join(home, 'caches'))).toEqual([]);
    await accounts.close();
  });
});
