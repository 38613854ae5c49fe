import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxHandle } from '../../sandbox/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VtenextClient } from '../crm/client';
import { nodeTransport } from '../crm/node-transport';
import { ACME_DIR, haveSandbox, haveTranscripts } from '../crm/test-support/shared';
import { loadTranscript } from '../crm/test-support/replay-server';
import { openCacheDb } from '../cache/cache-file';
import { CacheStore } from '../cache/cache-store';
import { isAppError } from '../errors';
import { SyncEngine, type SyncProgress } from './sync-engine';

type Sandbox = SandboxHandle;
const SCENARIO_MODULES = ['Accounts', 'Contacts', 'Leads', 'Potentials', 'HelpDesk'] as const;
const MODULE_OF_KEY: Record<string, (typeof SCENARIO_MODULES)[number]> = { acc: 'Accounts', con: 'Contacts', lead: 'Leads', pot: 'Potentials', tkt: 'HelpDesk' };

/** What the real vtenext let each user read: the scenario keys whose recorded retrieve succeeded. */
function readableKeys(user: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>(SCENARIO_MODULES.map((m) => [m, new Set<string>()]));
  for (const e of loadTranscript(user)) {
    const m = /^retrieve ([a-z]+)(\d+)$/.exec(e.label);
    if (!m || !MODULE_OF_KEY[m[1]!]) continue;
    if ((JSON.parse(e.body) as { success: boolean }).success) out.get(MODULE_OF_KEY[m[1]!]!)!.add(`${m[1]}${m[2]}`);
  }
  return out;
}

async function control(sbx: Sandbox, route: string, body: unknown): Promise<unknown> {
  const r = await fetch(`${sbx.controlUrl}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (r.status !== 200) throw new Error(`control ${route}: ${r.status} ${await r.text()}`);
  return r.json();
}

function account(sbx: Sandbox, key: string, opts: { pageSize?: number; onProgress?: (p: SyncProgress) => void; dir?: string } = {}) {
  const u = sbx.users.find((x) => x.key === key)!;
  const client = new VtenextClient({ url: sbx.url, userName: u.userName, accessKey: async () => u.accessKey, transport: nodeTransport() });
  const cache = new CacheStore(openCacheDb(opts.dir ?? mkdtempSync(join(tmpdir(), 'sync-')), sbx.url, u.userName));
  const engine = new SyncEngine({ crm: client, cache, pageSize: opts.pageSize ?? 500, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
  return { client, cache, engine, user: u };
}

const idsOf = (cache: CacheStore, module: string) => [...cache.recordIds(module)].sort();

describe.skipIf(!haveSandbox || !haveTranscripts)('sync against the sandbox CRM (acme)', () => {
  let sbx: Sandbox;
  const fresh = async () => (await import('../../sandbox/index')).startSandbox({ scenario: join(ACME_DIR, 'scenario.json'), control: true });
  beforeAll(async () => {
    sbx = await fresh();
  });
  afterAll(() => sbx.close());

  it.each(['admin', 'ceo', 'smgr', 'anna', 'bruno', 'supmgr', 'sam'])('fills %s with exactly the records the real vtenext let that user read', async (user) => {
    const a = account(sbx, user, { pageSize: 3 });
    const report = await a.engine.run();
    expect(report.modules.filter((m) => m.error && SCENARIO_MODULES.includes(m.module as never))).toEqual([]);
    for (const [module, keys] of readableKeys(user)) {
      const want = [...keys].map((k) => sbx.ids[k]!).sort();
      if (a.cache.module(module) === null) expect(want, `${user} ${module}`).toEqual([]);
      else expect(idsOf(a.cache, module), `${user} ${module}`).toEqual(want);
    }
    a.cache.close();
  });

  it('pages through ties at one page size the same as at another, and reports progress', async () => {
    const events: SyncProgress[] = [];
    const small = account(sbx, 'ceo', { pageSize: 2, onProgress: (p) => events.push(p) });
    const big = account(sbx, 'ceo', { pageSize: 1000 });
    await small.engine.run();
    await big.engine.run();
    for (const m of SCENARIO_MODULES) expect(idsOf(small.cache, m)).toEqual(idsOf(big.cache, m));
    const contacts = events.filter((e) => e.module === 'Contacts' && e.phase === 'fill');
    expect(contacts.at(-1)!.done).toBeGreaterThanOrEqual(contacts.at(-1)!.total!);
    expect(contacts.length).toBeGreaterThanOrEqual(2);
    expect(contacts.map((e) => e.done)).toEqual([...contacts.map((e) => e.done)].sort((x, y) => x - y));
    // Scenario records share creation seconds, so pages of 2 must have gone through the tie path.
    const times = small.cache.records('Contacts').map((r) => r.modifiedtime);
    expect(new Set(times).size).toBeLessThan(times.length - 2);
    small.cache.close();
    big.cache.close();
  });

  it('resumes an interrupted fill from its checkpoint instead of starting over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'resume-'));
    const ac = new AbortController();
    const first = account(sbx, 'ceo', { pageSize: 2, dir, onProgress: (p) => p.module === 'Contacts' && p.phase === 'fill' && p.done >= 4 && ac.abort() });
    const e = await first.engine.run({ signal: ac.signal }).catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('CANCELLED');
    const cp = first.cache.checkpoint('Contacts');
    expect(cp.cursor).not.toBeNull();
    expect(cp.fillDone).toBe(false);
    const partial = first.cache.count('Contacts');
    first.cache.close();
    const second = account(sbx, 'ceo', { pageSize: 2, dir });
    const report = await second.engine.run();
    const full = account(sbx, 'ceo');
    await full.engine.run();
    expect(idsOf(second.cache, 'Contacts')).toEqual(idsOf(full.cache, 'Contacts'));
    const contacts = report.modules.find((m) => m.module === 'Contacts')!;
    expect(contacts.fetched).toBeLessThan(full.cache.count('Contacts') + 2);
    expect(partial).toBeGreaterThan(0);
    second.cache.close();
    full.cache.close();
  });

  it('survives the CRM dropping its sessions between and during runs (one re-login, one retry)', async () => {
    const a = account(sbx, 'smgr', { pageSize: 2 });
    await a.engine.run();
    const before = idsOf(a.cache, 'Contacts');
    await control(sbx, 'sessions/expire', {});
    let expired = false;
    const b = new SyncEngine({
      crm: a.client,
      cache: a.cache,
      pageSize: 2,
      onProgress: (p) => {
        if (!expired && p.module === 'Contacts') {
          expired = true;
          void control(sbx, 'sessions/expire', {});
        }
      },
    });
    await b.run({ reconcile: true });
    expect(expired).toBe(true);
    expect(idsOf(a.cache, 'Contacts')).toEqual(before);
    a.cache.close();
  });

  it('keeps two users on one machine apart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'two-'));
    const anna = account(sbx, 'anna', { dir });
    const bruno = account(sbx, 'bruno', { dir });
    await anna.engine.run();
    await bruno.engine.run();
    const annaAcc = idsOf(anna.cache, 'Accounts');
    const brunoAcc = idsOf(bruno.cache, 'Accounts');
    expect(annaAcc).toContain(sbx.ids.acc01);
    expect(brunoAcc).toContain(sbx.ids.acc05);
    expect(annaAcc).not.toContain(sbx.ids.acc05);
    expect(brunoAcc).not.toContain(sbx.ids.acc01);
    anna.cache.close();
    bruno.cache.close();
  });
});

describe.skipIf(!haveSandbox || !haveTranscripts)('reconcile after permission changes (sandbox acme)', () => {
  let sbx: Sandbox;
  beforeAll(async () => {
    sbx = await (await import('../../sandbox/index')).startSandbox({ scenario: join(ACME_DIR, 'scenario.json'), control: true });
  });
  afterAll(() => sbx.close());

  /** The cache after one reconcile must equal what a fresh fill of the same user sees now. */
  async function expectEqualToFresh(a: ReturnType<typeof account>, user: string) {
    const now = account(sbx, user);
    await now.engine.run();
    for (const m of SCENARIO_MODULES) expect(idsOf(a.cache, m), `${user} ${m}`).toEqual(idsOf(now.cache, m));
    expect(a.cache.modules().map((m) => m.name)).toEqual(now.cache.modules().map((m) => m.name));
    now.cache.close();
  }

  it('(a) a record reassigned to a peer leaves the cache; a delete does too', async () => {
    const anna = account(sbx, 'anna');
    await anna.engine.run();
    expect(idsOf(anna.cache, 'Accounts')).toContain(sbx.ids.acc02);
    await control(sbx, 'reassign', { record: 'acc02', owner: 'bruno' });
    await control(sbx, 'delete', { record: 'con01' });
    const report = await anna.engine.run({ reconcile: true });
    expect(idsOf(anna.cache, 'Accounts')).not.toContain(sbx.ids.acc02);
    expect(idsOf(anna.cache, 'Contacts')).not.toContain(sbx.ids.con01);
    expect(report.modules.reduce((n, m) => n + m.removed, 0)).toBeGreaterThanOrEqual(1);
    await expectEqualToFresh(anna, 'anna');
    anna.cache.close();
  });

  it('(b) a sharing rule removed and recalculated takes the shared records away', async () => {
    const sam = account(sbx, 'sam');
    await sam.engine.run();
    const before = idsOf(sam.cache, 'Contacts');
    expect(idsOf(sam.cache, 'Accounts')).toContain(sbx.ids.acc01);
    await control(sbx, 'rules/delete', { key: 'r1' });
    await control(sbx, 'recalculate', {});
    await sam.engine.run({ reconcile: true });
    expect(idsOf(sam.cache, 'Accounts')).not.toContain(sbx.ids.acc01);
    expect(idsOf(sam.cache, 'Contacts').length).toBeLessThan(before.length);
    await expectEqualToFresh(sam, 'sam');
    sam.cache.close();
  });

  it('(c) a module removed from the profile is purged', async () => {
    const supmgr = account(sbx, 'supmgr');
    await supmgr.engine.run();
    expect(supmgr.cache.count('HelpDesk')).toBeGreaterThan(0);
    await control(sbx, 'profile', { profile: 'support', module: 'HelpDesk', perms: { access: false, view: false } });
    await control(sbx, 'recalculate', {});
    const report = await supmgr.engine.run({ reconcile: true });
    expect(report.purgedModules).toContain('HelpDesk');
    expect(supmgr.cache.count('HelpDesk')).toBe(0);
    expect(supmgr.cache.module('HelpDesk')).toBeNull();
    expect(supmgr.cache.db.prepare('SELECT count(*) FROM records_fts').pluck().get()).toBe(supmgr.cache.count());
    expect(supmgr.cache.db.prepare('SELECT count(*) FROM names_fts').pluck().get()).toBe(supmgr.cache.count());
    await expectEqualToFresh(supmgr, 'supmgr');
    supmgr.cache.close();
  });

  it('(e) a field hidden from the profile is dropped from every cached record (module refilled)', async () => {
    const smgr = account(sbx, 'smgr');
    await smgr.engine.run();
    expect(smgr.cache.records('Contacts').some((r) => r.emails.length > 0)).toBe(true);
    await control(sbx, 'profile', { profile: 'sales', hidden_fields: { Contacts: ['email'] } });
    await control(sbx, 'recalculate', {});
    await smgr.engine.run({ reconcile: true });
    expect(smgr.cache.module('Contacts')!.emailFields).toEqual([]);
    expect(smgr.cache.count('Contacts')).toBeGreaterThan(0);
    expect(smgr.cache.records('Contacts').every((r) => r.emails.length === 0)).toBe(true);
    expect(smgr.cache.db.prepare("SELECT count(*) FROM record_emails e JOIN records r ON r.rid = e.rid WHERE r.module = 'Contacts'").pluck().get()).toBe(0);
    smgr.cache.close();
  });

  it('(d) a record newly shared without a newer modifiedtime arrives with the reconcile', async () => {
    const bruno = account(sbx, 'bruno');
    await bruno.engine.run();
    expect(idsOf(bruno.cache, 'Accounts')).not.toContain(sbx.ids.acc03);
    await control(sbx, 'rules/add', { key: 'r-test', module: 'Accounts', from: { type: 'user', key: 'anna' }, to: { type: 'user', key: 'bruno' }, permission: 'read-only' });
    await control(sbx, 'recalculate', {});
    await bruno.engine.run();
    await bruno.engine.run({ reconcile: true });
    expect(idsOf(bruno.cache, 'Accounts')).toContain(sbx.ids.acc03);
    await expectEqualToFresh(bruno, 'bruno');
    bruno.cache.close();
  });
});
