import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measurement, percentile, type Benchmark, type Measurement } from './harness';
import { openCacheDb } from '../app/cache/cache-file';
import { CacheStore, toCachedRecord } from '../app/cache/cache-store';
import { fillSynthetic } from '../app/cache/test-support/synthetic';
import { createSearch } from '../app/search/search';
import { prefixMatch, tokens } from '../app/search/fts-query';
import { VtenextClient } from '../app/crm/client';
import { nodeTransport } from '../app/crm/node-transport';

/**
 * Type-ahead latency over a cache of N synthetic records: every prefix of what a user types,
 * ranked search (bounded candidates) beside the naive `LIKE '%q%'` scan, and beside one
 * query round trip to the sandbox CRM (what searching the CRM live would cost).
 * Sizes: 100k always; 1M when BENCH_SEARCH_1M=1 (about a minute to build).
 */
const TYPED = ['rossi', 'giulia bian', 'alpha log', 'müller', 'nunez', 'info@alpha', 'zo', 'deal 12', 'ticket', 'luca.rossi'];

function prefixes(): string[] {
  return TYPED.flatMap((w) => Array.from({ length: w.length }, (_, i) => w.slice(0, i + 1)));
}

function time(f: () => unknown): number {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function sandboxRoundTripMs(): Promise<number | null> {
  try {
    const { startSandbox } = await import('../sandbox/index');
    const sbx = await startSandbox({});
    try {
      const u = sbx.users.find((x) => !x.isAdmin)!;
      const c = new VtenextClient({ url: sbx.url, userName: u.userName, accessKey: async () => u.accessKey, transport: nodeTransport() });
      await c.login();
      const times: number[] = [];
      for (const q of prefixes().slice(0, 30)) {
        const t = process.hrtime.bigint();
        await c.query(`SELECT * FROM Contacts WHERE lastname LIKE '${q.replace(/[^a-z]/g, '')}%' LIMIT 20;`);
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      return percentile(times, 50);
    } finally {
      await sbx.close();
    }
  } catch {
    return null;
  }
}

async function atSize(n: number, label: string): Promise<Measurement[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-search-'));
  const store = new CacheStore(openCacheDb(dir, 'https://bench.example.com', `bench-${n}`));
  try {
    fillSynthetic(store, n, 5000, toCachedRecord);
    store.db.pragma('optimize');
    const search = createSearch(store.db);
    const like = store.db.prepare("SELECT * FROM records WHERE label LIKE ? OR emails LIKE ? LIMIT 20");
    // The floor (performance-anchors): an FTS5 prefix match, LIMIT 20, no ranking, no rows fetched.
    const floorStmt = store.db.prepare('SELECT rowid FROM names_fts WHERE names_fts MATCH ? LIMIT 20');
    const qs = prefixes();
    for (const q of qs) search.search(q, { limit: 20 });
    const ranked: number[] = [];
    for (let round = 0; round < 5; round++) for (const q of qs) ranked.push(time(() => search.search(q, { limit: 20 })));
    const scan: number[] = [];
    for (const q of qs) scan.push(time(() => like.all(`%${q}%`, `%${q}%`)));
    const floor: number[] = [];
    for (let round = 0; round < 5; round++) for (const q of qs) floor.push(time(() => floorStmt.all(prefixMatch(tokens(q)))));
    return [
      measurement(`type-ahead p50 @${label} (ranked, bounded)`, percentile(ranked, 50), 'ms', "LIKE '%q%' scan p50", percentile(scan, 50)),
      measurement(`type-ahead p99 @${label} (ranked, bounded)`, percentile(ranked, 99), 'ms', "LIKE '%q%' scan p99", percentile(scan, 99)),
      measurement(`type-ahead p99 @${label} (ranked, bounded)`, percentile(ranked, 99), 'ms', 'FTS5 prefix LIMIT 20 floor p99', percentile(floor, 99)),
    ];
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const bench: Benchmark = {
  name: 'search-typeahead',
  async run() {
    const rows = await atSize(100_000, '100k');
    if (process.env.BENCH_SEARCH_1M === '1') rows.push(...(await atSize(1_000_000, '1M')));
    const rt = await sandboxRoundTripMs();
    if (rt !== null) {
      const p50 = rows[0]!;
      rows.push(measurement('type-ahead p50 @100k vs one CRM query', p50.value, 'ms', 'sandbox query round trip p50', rt));
    }
    return rows;
  },
};

export default bench;
