import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measurement, percentile, type Benchmark, type Measurement } from './harness';
import { openCacheDb, removeCacheFiles } from '../app/cache/cache-file';
import { CacheStore, toCachedRecord } from '../app/cache/cache-store';
import { fillSynthetic } from '../app/cache/test-support/synthetic';
import { createSearch } from '../app/search/search';
import { prefixMatch, tokens } from '../app/search/fts-query';
import { VtenextClient } from '../app/crm/client';
import { nodeTransport } from '../app/crm/node-transport';

/**
 * Type-ahead latency over a cache of N synthetic records: every prefix of what a user types,
 * ranked search beside the naive `LIKE '%q%'` scan, beside the FTS5 floor, and beside one query
 * round trip to the sandbox CRM (what searching the CRM live would cost).
 * Sizes: 100k and 1M (the 1M cache takes about a minute to build; BENCH_SEARCH_1M=0 skips it).
 * BENCH_SEARCH_KEEP=1 keeps the built caches in the temp dir and reuses them in later runs.
 */
const TYPED = ['rossi', 'giulia bian', 'alpha log', 'müller', 'nunez', 'info@alpha', 'zo', 'deal 12', 'ticket', 'luca.rossi'];
const ROUNDS = 5;
const CRM_URL = 'https://bench.example.com';

function prefixes(): string[] {
  return TYPED.flatMap((w) => Array.from({ length: w.length }, (_, i) => w.slice(0, i + 1)));
}

function time(f: () => unknown): number {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function sandboxRoundTrips(): Promise<number[] | null> {
  try {
    const { startSandbox } = await import('../sandbox/index');
    const sbx = await startSandbox({});
    try {
      const u = sbx.users.find((x) => !x.isAdmin)!;
      const c = new VtenextClient({ url: sbx.url, userName: u.userName, accessKey: async () => u.accessKey, transport: nodeTransport() });
      await c.login();
      const times: number[] = [];
      for (const q of prefixes()) {
        const t = process.hrtime.bigint();
        await c.query(`SELECT * FROM Contacts WHERE lastname LIKE '${q.replace(/[^a-z]/g, '')}%' LIMIT 20;`);
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      return times;
    } finally {
      await sbx.close();
    }
  } catch {
    return null;
  }
}

/** A filled cache of n records: kept between runs with BENCH_SEARCH_KEEP=1, else fresh and removed. */
function cacheOf(n: number): { store: CacheStore; fillRowsPerS: number | null; done: () => void } {
  const keep = process.env.BENCH_SEARCH_KEEP === '1';
  const dir = keep ? join(tmpdir(), 'bench-search-cache') : mkdtempSync(join(tmpdir(), 'bench-search-'));
  if (keep) mkdirSync(dir, { recursive: true });
  const open = () => new CacheStore(openCacheDb(dir, CRM_URL, `bench-${n}`));
  let store = open();
  let fillRowsPerS: number | null = null;
  if (store.count() !== n) {
    if (store.count() > 0) {
      store.close();
      removeCacheFiles(dir, CRM_URL, `bench-${n}`);
      store = open();
    }
    const t = process.hrtime.bigint();
    fillSynthetic(store, n, 5000, toCachedRecord);
    fillRowsPerS = n / (Number(process.hrtime.bigint() - t) / 1e9);
    store.db.pragma('optimize');
  }
  return {
    store,
    fillRowsPerS,
    done: () => {
      store.close();
      if (!keep && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function atSize(n: number, label: string): Promise<{ rows: Measurement[]; ranked: number[] }> {
  const { store, fillRowsPerS, done } = cacheOf(n);
  try {
    const search = createSearch(store.db);
    const like = store.db.prepare("SELECT * FROM records WHERE label LIKE ? OR emails LIKE ? LIMIT 20");
    // The floor (performance-anchors): an FTS5 prefix match, LIMIT 20, no ranking, no rows fetched.
    const floorStmt = store.db.prepare('SELECT rowid FROM names_fts WHERE names_fts MATCH ? LIMIT 20');
    const qs = prefixes();
    for (const q of qs) search.search(q, { limit: 20 });
    const ranked: number[] = [];
    const perQuery = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS; round++)
      for (const q of qs) {
        const ms = time(() => search.search(q, { limit: 20 }));
        ranked.push(ms);
        perQuery.set(q, [...(perQuery.get(q) ?? []), ms]);
      }
    const scan: number[] = [];
    for (const q of qs) scan.push(time(() => like.all(`%${q}%`, `%${q}%`)));
    const floor: number[] = [];
    for (let round = 0; round < ROUNDS; round++) for (const q of qs) floor.push(time(() => floorStmt.all(prefixMatch(tokens(q)))));
    // The slowest keystroke by its median over the rounds: what a user would feel every time.
    const [worstQ, worstMs] = [...perQuery].map(([q, t]) => [q, percentile(t, 50)] as const).reduce((a, b) => (b[1] > a[1] ? b : a));
    const rows = [
      measurement(`type-ahead p50 @${label} (ranked)`, percentile(ranked, 50), 'ms', "LIKE '%q%' scan p50", percentile(scan, 50)),
      measurement(`type-ahead p99 @${label} (ranked)`, percentile(ranked, 99), 'ms', "LIKE '%q%' scan p99", percentile(scan, 99)),
      measurement(`type-ahead p99 @${label} (ranked)`, percentile(ranked, 99), 'ms', 'FTS5 prefix LIMIT 20 floor p99', percentile(floor, 99)),
      measurement(`type-ahead slowest keystroke @${label}: "${worstQ}" median`, worstMs, 'ms', 'FTS5 prefix LIMIT 20 floor p50', percentile(floor, 50)),
    ];
    if (fillRowsPerS !== null) process.stderr.write(`  built the ${label} cache with fillSynthetic at ${Math.round(fillRowsPerS)} records/s\n`);
    return { rows, ranked };
  } finally {
    done();
  }
}

const bench: Benchmark = {
  name: 'search-typeahead',
  async run() {
    const sizes: Array<[number, string]> = [[100_000, '100k']];
    if (process.env.BENCH_SEARCH_1M !== '0') sizes.push([1_000_000, '1M']);
    const rows: Measurement[] = [];
    const ranked = new Map<string, number[]>();
    for (const [n, label] of sizes) {
      const r = await atSize(n, label);
      rows.push(...r.rows);
      ranked.set(label, r.ranked);
    }
    const rt = await sandboxRoundTrips();
    if (rt !== null)
      for (const [label, t] of ranked) {
        rows.push(measurement(`type-ahead p50 @${label} vs one CRM query`, percentile(t, 50), 'ms', 'sandbox query round trip p50', percentile(rt, 50)));
        rows.push(measurement(`type-ahead p99 @${label} vs one CRM query`, percentile(t, 99), 'ms', 'sandbox query round trip p99', percentile(rt, 99)));
      }
    return rows;
  },
};

export default bench;
