import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measurement, type Benchmark } from './harness';
import { openCacheDb } from '../app/cache/cache-file';
import { CacheStore, toCachedRecord } from '../app/cache/cache-store';
import { VtenextClient } from '../app/crm/client';
import { nodeTransport } from '../app/crm/node-transport';
import type { Transport } from '../app/crm/transport';
import { QueryResult } from '../app/crm/types';
import { SyncEngine } from '../app/sync/sync-engine';

/**
 * Initial cache fill from the sandbox CRM over HTTP (keyset pages of 1,000, every permission
 * filter applied by the server) beside the floor: the very same JSON pages, parsed and upserted
 * into a fresh cache without HTTP. Size: BENCH_FILL_N records (default 100k) added to acme,
 * owned by anna; the sandbox database is kept in the temp dir between runs.
 */
const N = Number(process.env.BENCH_FILL_N ?? 100_000);
const ACME = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../shared/crm-transcripts/acme/scenario.json');

function scenario(): object {
  const sc = JSON.parse(readFileSync(ACME, 'utf8')) as { records: object[] };
  for (let i = 0; i < N; i++) {
    sc.records.push({
      key: `bench${i}`, module: 'Contacts', owner: { user: 'anna' },
      fields: { firstname: `Nome${i % 500}`, lastname: `Cognome ${i} Müller`, email: `person${i}@bench${i % 97}.example.com`, phone: `+39 02 ${1_000_000 + i}`, mobile: '', title: 'Manager', account_id: { ref: `acc0${1 + (i % 4)}` } },
    });
  }
  return sc;
}

const bench: Benchmark = {
  name: 'cache-fill',
  async run() {
    if (!existsSync(ACME)) return [];
    const { startSandbox } = await import('../sandbox/index');
    const dbFile = join(tmpdir(), `bench-sandbox-acme-${N}.sqlite`);
    const sbx = await startSandbox(existsSync(dbFile) ? { db: dbFile } : { db: dbFile, scenario: scenario() });
    const dir = mkdtempSync(join(tmpdir(), 'bench-fill-'));
    try {
      const anna = sbx.users.find((u) => u.key === 'anna')!;
      const pages: string[] = [];
      const inner = nodeTransport();
      const recording: Transport = async (req) => {
        const res = await inner(req);
        if (req.url.includes('operation=query') && !req.url.includes('count')) pages.push(res.text);
        return res;
      };
      const client = new VtenextClient({ url: sbx.url, userName: anna.userName, accessKey: async () => anna.accessKey, transport: recording, timeoutMs: 120_000 });
      const cache = new CacheStore(openCacheDb(join(dir, 'http'), sbx.url, anna.userName));
      const engine = new SyncEngine({ crm: client, cache, pageSize: 1000 });
      const t0 = process.hrtime.bigint();
      await engine.run();
      const httpMs = Number(process.hrtime.bigint() - t0) / 1e6;
      const total = cache.count();
      const metas = new Map(cache.modules().map((m) => [m.name, m]));
      cache.close();

      // Floor: same bytes, no HTTP, no describe/listtypes round trips.
      const floorCache = new CacheStore(openCacheDb(join(dir, 'floor'), sbx.url, anna.userName));
      for (const m of metas.values()) floorCache.upsertModule(m);
      const t1 = process.hrtime.bigint();
      let floorRows = 0;
      for (const text of pages) {
        const rows = QueryResult.parse((JSON.parse(text) as { result: unknown }).result);
        const byModule = new Map<string, ReturnType<typeof toCachedRecord>[]>();
        for (const r of rows) {
          const meta = [...metas.values()].find((m) => r.id?.startsWith(`${m.idPrefix}x`));
          if (!meta) continue;
          const list = byModule.get(meta.name) ?? [];
          list.push(toCachedRecord(meta, r));
          byModule.set(meta.name, list);
        }
        for (const list of byModule.values()) floorCache.upsertRecords(list);
        floorRows += rows.length;
      }
      const floorMs = Number(process.hrtime.bigint() - t1) / 1e6;
      floorCache.close();
      return [
        measurement(`cache fill over HTTP (${total} records)`, total / (httpMs / 1000), 'records/s', `parse + upsert of the same pages (${floorRows} rows)`, floorRows / (floorMs / 1000)),
      ];
    } finally {
      await sbx.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
