import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { measurement, medianMs, type Benchmark } from './harness';
import { startSandbox, largeScenario } from '../sandbox/index';

/**
 * Sandbox query throughput, so client benchmarks are not server-bound: pages of
 * `SELECT * FROM Contacts ORDER BY modifiedtime LIMIT off,1000;` at 100k records, for non-admin
 * users under Private sharing (the §8.6 owner filter applies). The floor reads the same page
 * straight from the same SQLite file (no HTTP, no ACL, no formatting) and JSON-parses its rows.
 */
const RECORDS = 100_000;
const PAGE = 1000;

async function login(url: string, userName: string, accessKey: string): Promise<string> {
  const ch = (await (await fetch(`${url}?operation=getchallenge&username=${encodeURIComponent(userName)}`)).json()) as { result: { token: string } };
  const key = createHash('md5').update(ch.result.token + accessKey).digest('hex');
  const res = (await (await fetch(url, { method: 'POST', body: new URLSearchParams({ operation: 'login', username: userName, accessKey: key }) })).json()) as {
    result: { sessionName: string };
  };
  return res.result.sessionName;
}

const bench: Benchmark = {
  name: 'sandbox-query',
  async run() {
    const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-bench-'));
    const file = path.join(dir, 'bench.db');
    const sb = await startSandbox({ scenario: largeScenario(), generate: { module: 'Contacts', records: RECORDS }, db: file });
    const floorDb = new Database(file, { readonly: true });
    try {
      const floorStmt = floorDb.prepare(`SELECT * FROM crmentity WHERE module = 'Contacts' AND deleted = 0 ORDER BY modifiedtime LIMIT ${PAGE} OFFSET ?`);
      const results = [];
      for (const userKey of ['director', 'lead0']) {
        const u = sb.users.find((x) => x.key === userKey);
        if (!u) throw new Error(`no ${userKey}`);
        const session = await login(sb.webserviceUrl, u.userName, u.accessKey);
        const countRes = (await (await fetch(`${sb.webserviceUrl}?${new URLSearchParams({ operation: 'query', sessionName: session, query: 'SELECT count(*) FROM Contacts;' })}`)).json()) as {
          result: Array<{ count: string }>;
        };
        const visible = Number(countRes.result[0]?.count ?? 0);
        const pages = Math.max(1, Math.ceil(visible / PAGE));
        let i = 0;
        const sandboxMs = await medianMs(async () => {
          const off = (i++ % pages) * PAGE;
          const q = `SELECT * FROM Contacts ORDER BY modifiedtime LIMIT ${off},${PAGE};`;
          const res = await fetch(`${sb.webserviceUrl}?${new URLSearchParams({ operation: 'query', sessionName: session, query: q })}`);
          const body = (await res.json()) as { success: boolean; result: unknown[] };
          if (!body.success || body.result.length === 0) throw new Error('empty page');
        }, 20, 3);
        let j = 0;
        const floorMs = await medianMs(() => {
          const off = (j++ % pages) * PAGE;
          const rows = floorStmt.all(off) as Array<{ data: string }>;
          for (const r of rows) JSON.parse(r.data);
        }, 20, 3);
        results.push(
          measurement(`query pages/s, ${RECORDS / 1000}k Contacts, Private, ${userKey} (${visible} visible)`, 1000 / sandboxMs, 'pages/s', 'same page from SQLite, no HTTP/ACL/format', 1000 / floorMs),
        );
      }
      return results;
    } finally {
      floorDb.close();
      await sb.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
