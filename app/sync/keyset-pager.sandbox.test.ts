import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../sandbox/index';
import { VtenextClient } from '../crm/client';
import { nodeTransport } from '../crm/node-transport';
import { haveSandbox } from '../crm/test-support/shared';
import type { CrmRecord } from '../crm/types';
import { keysetPages, type Page, type QueryRunner } from './keyset-pager';

/**
 * The pager against the sandbox over HTTP, on data shaped like a bulk import: one timestamp
 * bigger than any look-ahead, then groups of every size around the page size.
 */
const BIG_GROUP = 45;

async function start(clock: () => number): Promise<{ sbx: SandboxHandle; client: VtenextClient }> {
  const { startSandbox, largeScenario } = await import('../../sandbox/index');
  const sc = largeScenario({ teams: 1, agents: 1 }) as { records: object[] };
  for (let i = 0; i < BIG_GROUP + 60; i++) {
    sc.records.push({ key: `c${i}`, module: 'Contacts', owner: { user: 'agent0' }, fields: { lastname: `Bulk ${i}`, email: `c${i}@bulk.example.com` } });
  }
  const sbx = await startSandbox({ scenario: sc, clock });
  const u = sbx.users.find((x) => x.key === 'agent0')!;
  const client = new VtenextClient({ url: sbx.url, userName: u.userName, accessKey: async () => u.accessKey, transport: nodeTransport() });
  return { sbx, client };
}

/** Every visible record in one statement: what the pages must add up to. */
async function everything(client: VtenextClient): Promise<Map<string, string>> {
  const rows = await client.query('SELECT modifiedtime FROM Contacts ORDER BY modifiedtime LIMIT 100000;');
  return new Map(rows.map((r) => [r.id!, r.modifiedtime!]));
}

async function collect(crm: QueryRunner, columns: '*' | readonly string[], pageSize: number): Promise<Page[]> {
  const pages: Page[] = [];
  for await (const p of keysetPages(crm, 'Contacts', columns, null, pageSize)) pages.push(p);
  return pages;
}

function recording(client: VtenextClient, before?: (vtql: string) => Promise<void>): QueryRunner & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async query(vtql) {
      sent.push(vtql);
      await before?.(vtql);
      return client.query(vtql);
    },
  };
}

describe.skipIf(!haveSandbox)('keyset pager (sandbox)', () => {
  const base = Date.UTC(2026, 0, 5, 9, 0, 0);
  let sbx: SandboxHandle;
  let client: VtenextClient;
  beforeAll(async () => {
    // The first records load within one second (one clock read per record); the rest share
    // seconds in groups of these sizes, below, at and above the page sizes tried.
    const sizes = [1, 1, 4, 2, 9, 1, 3, 6, 1, 1, 12, 2, 5, 1, 7];
    const seconds = [...Array<number>(BIG_GROUP).fill(0), ...sizes.flatMap((n, i) => Array<number>(n).fill(i + 1))];
    let reads = 0;
    ({ sbx, client } = await start(() => base + (seconds[reads++] ?? sizes.length + reads) * 1000));
  });
  afterAll(() => sbx.close());

  it.each([2, 3, 7, 1000])('delivers every record exactly once, in time order, at page size %i', async (pageSize) => {
    const all = await everything(client);
    const times = [...all.values()];
    const firstGroup = times.filter((t) => t === times[0]).length;
    expect(firstGroup).toBeGreaterThanOrEqual(BIG_GROUP);
    expect(new Set(times).size, 'groups of many sizes after it').toBeGreaterThan(5);
    const crm = recording(client);
    const pages = await collect(crm, '*', pageSize);
    const ids = pages.flatMap((p) => p.rows.map((r) => r.id!));
    expect(ids.length).toBe(all.size);
    expect(new Set(ids)).toEqual(new Set(all.keys()));
    let prev = '';
    for (const p of pages) {
      expect(p.cursor! >= prev).toBe(true);
      for (const r of p.rows) expect(r.modifiedtime! <= p.cursor!).toBe(true);
      prev = p.cursor!;
    }
    // A tie group bigger than the look-ahead (ten pages) is counted, then fetched whole.
    expect(crm.sent.some((q) => q.startsWith('SELECT count(*)'))).toBe(firstGroup >= pageSize * 10);
  });

  it('gives a sweep its ids from the look-ahead alone, each once', async () => {
    const all = await everything(client);
    const crm = recording(client);
    const pages = await collect(crm, ['modifiedtime'], 3);
    const ids = pages.flatMap((p) => p.rows.map((r) => r.id!));
    expect(ids.length).toBe(all.size);
    expect(new Set(ids)).toEqual(new Set(all.keys()));
    expect(crm.sent.every((q) => q.startsWith('SELECT modifiedtime') || q.startsWith('SELECT count(*)'))).toBe(true);
  });

  it('resumes from a cursor with the rows at the cursor and everything after it', async () => {
    const all = await everything(client);
    const pages = await collect(client, '*', 3);
    const cursor = pages[Math.floor(pages.length / 2)]!.cursor!;
    const rest: CrmRecord[] = [];
    for await (const p of keysetPages(client, 'Contacts', '*', cursor, 3)) rest.push(...p.rows);
    const want = [...all].filter(([, t]) => t >= cursor).map(([id]) => id);
    expect(new Set(rest.map((r) => r.id))).toEqual(new Set(want));
  });
});

describe.skipIf(!haveSandbox)('keyset pager when rows change between the look-ahead and the fetch (sandbox)', () => {
  it('fetches a range again when it comes back fuller than the look-ahead saw it', async () => {
    // A frozen clock: everything, including records created during the run, shares one second.
    const { sbx, client } = await start(() => Date.UTC(2026, 0, 5, 9, 0, 0));
    try {
      let added = 0;
      const crm = recording(client, async (vtql) => {
        if (added === 0 && vtql.startsWith('SELECT *')) {
          for (; added < 3; added++) await client.create('Contacts', { lastname: `Late ${added}`, assigned_user_id: sbx.users.find((u) => u.key === 'agent0')!.wsId });
        }
      });
      const pages = await collect(crm, '*', 2);
      const all = await everything(client);
      expect(added).toBe(3);
      expect(new Set(pages.flatMap((p) => p.rows.map((r) => r.id)))).toEqual(new Set(all.keys()));
      // The full range did not move the cursor; the look-ahead ran again from the same time.
      expect(crm.sent.filter((q) => q.startsWith('SELECT count(*)')).length).toBe(2);
      expect(pages[0]!.cursor).toBeNull();
    } finally {
      await sbx.close();
    }
  });
});
