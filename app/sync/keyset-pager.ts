import type { CallOptions } from '../crm/client';
import type { CrmRecord } from '../crm/types';
import { buildSelect } from '../crm/vtql';

export interface QueryRunner {
  query(vtql: string, o?: CallOptions): Promise<CrmRecord[]>;
}

export interface Page {
  rows: CrmRecord[];
  /** Every row with modifiedtime < cursor has been delivered (rows at the cursor may repeat). */
  cursor: string | null;
}

/**
 * Keyset paging over `ORDER BY modifiedtime` (spec §10): VTQL has no parentheses, so the
 * classic `(t > T) OR (t = T AND id > I)` cannot be written; instead each page asks for
 * `modifiedtime >= T` and tolerates the repeated tie rows. A tie group larger than a page is
 * fetched whole (count, then one explicit LIMIT) and the next page continues strictly after it.
 * Every statement carries an explicit LIMIT: without one vtenext silently stops at 1000 rows.
 * Timestamps are compared as the server sent them (query returns raw server time).
 */
export async function* keysetPages(
  crm: QueryRunner,
  module: string,
  columns: '*' | readonly string[],
  from: string | null,
  pageSize: number,
  o: CallOptions = {},
): AsyncGenerator<Page> {
  const page = (cursor: string | null, strict: boolean) => {
    const where = cursor === null ? [] : [{ field: 'modifiedtime', op: strict ? ('>' as const) : ('>=' as const), value: cursor }];
    const p = crm.query(buildSelect({ module, columns, where, orderBy: ['modifiedtime'], limit: pageSize }), o);
    // Awaited below; this only keeps an abandoned prefetch from surfacing as unhandled.
    p.catch(() => undefined);
    return p;
  };
  // The next page is requested as soon as its cursor is known, so the CRM works on it while
  // this page is written to the cache: still one request in flight, but no idle round trip.
  let next = page(from, false);
  // Every row before this time has been handed on (the probe of a tie group keeps it).
  let cursor = from;
  for (;;) {
    const rows = await next;
    if (rows.length === 0) return;
    const times = rows.map((r) => r.modifiedtime ?? '');
    const max = times.reduce((a, b) => (b > a ? b : a));
    const min = times.reduce((a, b) => (b < a ? b : a));
    if (rows.length < pageSize) {
      yield { rows, cursor: max };
      return;
    }
    if (min === max) {
      // The whole page is one timestamp: take that group in one go, then move past it. The
      // probe's rows are handed on while the CRM builds the group (they are valid rows; the
      // cursor stays put), and the group then brings only the rows the probe did not have.
      const counted = await crm.query(buildSelect({ module, columns: 'count', where: [{ field: 'modifiedtime', op: '=', value: max }], limit: 1 }), o);
      const n = Number(counted[0]?.count ?? rows.length);
      const group = crm.query(buildSelect({ module, columns, where: [{ field: 'modifiedtime', op: '=', value: max }], limit: n + pageSize }), o);
      group.catch(() => undefined);
      yield { rows, cursor };
      const groupRows = await group;
      next = page(max, true);
      const seen = new Set(rows.map((r) => r.id));
      cursor = max;
      yield { rows: groupRows.filter((r) => !seen.has(r.id)), cursor };
      continue;
    }
    next = page(max, false);
    cursor = max;
    yield { rows, cursor };
  }
}
