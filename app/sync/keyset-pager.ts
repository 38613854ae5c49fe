import type { CallOptions } from '../crm/client';
import type { CrmRecord } from '../crm/types';
import { buildSelect, type Condition } from '../crm/vtql';

export interface QueryRunner {
  query(vtql: string, o?: CallOptions): Promise<CrmRecord[]>;
}

export interface Page {
  rows: CrmRecord[];
  /** Every row with modifiedtime < cursor has been delivered (rows at the cursor may repeat). */
  cursor: string | null;
}

/** How many pages of timestamps one look-ahead reads. */
const PROBE_PAGES = 10;


type Step =
  /** The next timestamps only (ids come along), to plan fetches that end on timestamp boundaries. */
  | { kind: 'probe'; lower: { value: string; strict: boolean } | null }
  /** One timestamp holds more rows than a probe: count it before fetching it whole. */
  | { kind: 'count'; time: string }
  /** Every row with first <= modifiedtime <= last; `rows` of them were seen by the probe. */
  | { kind: 'range'; first: string; last: string; rows: number };

/**
 * Keyset paging over `modifiedtime` (spec §10). VTQL has no parentheses and ties have no
 * guaranteed order, so a page cannot resume in the middle of a timestamp: a plain `>= T` page
 * refetches every row at its last timestamp, and a timestamp bigger than a page (bulk imports)
 * costs a whole extra page. So a look-ahead first reads only the next timestamps (PROBE_PAGES
 * pages of them, tiny rows), and the records are then fetched in ranges that end exactly on a
 * timestamp boundary: no row is fetched twice. A timestamp bigger than the look-ahead is
 * counted and fetched whole. Every statement carries an explicit LIMIT (without one vtenext
 * silently stops at 1000 rows); a range that comes back full (rows changed since the look-ahead)
 * is looked at again from its start. Timestamps are compared as the server sent them (query
 * returns raw server time). One request is in flight at a time, and the next one is sent
 * before a page is handed on, so the CRM works while the caller writes the page.
 */
export async function* keysetPages(
  crm: QueryRunner,
  module: string,
  columns: '*' | readonly string[],
  from: string | null,
  pageSize: number,
  o: CallOptions = {},
): AsyncGenerator<Page> {
  const probeSize = pageSize * PROBE_PAGES;
  // A sweep that wants nothing but ids and times gets them from the look-ahead itself.
  const timesOnly = columns !== '*' && columns.length === 1 && columns[0] === 'modifiedtime';
  const mt = (r: CrmRecord) => r.modifiedtime ?? '';

  const send = (s: Step): Promise<CrmRecord[]> => {
    let q: string;
    if (s.kind === 'probe') {
      const where: Condition[] = s.lower === null ? [] : [{ field: 'modifiedtime', op: s.lower.strict ? '>' : '>=', value: s.lower.value }];
      q = buildSelect({ module, columns: ['modifiedtime'], where, orderBy: ['modifiedtime'], limit: probeSize });
    } else if (s.kind === 'count') {
      q = buildSelect({ module, columns: 'count', where: [{ field: 'modifiedtime', op: '=', value: s.time }], limit: 1 });
    } else {
      const where: Condition[] =
        s.first === s.last
          ? [{ field: 'modifiedtime', op: '=', value: s.first }]
          : [{ field: 'modifiedtime', op: '>=', value: s.first }, { field: 'modifiedtime', op: '<=', value: s.last }];
      q = buildSelect({ module, columns, where, orderBy: ['modifiedtime'], limit: s.rows + pageSize });
    }
    const p = crm.query(q, o);
    // Awaited in the loop; this only keeps an abandoned request from surfacing as unhandled.
    p.catch(() => undefined);
    return p;
  };

  const queue: Step[] = [];
  let cursor = from;

  /** Turns a look-ahead into fetch steps; returns the page to hand on when its rows are the data. */
  const plan = (rows: CrmRecord[]): Page | null => {
    if (rows.length === 0) return null;
    const groups: Array<{ time: string; rows: number }> = [];
    for (const t of rows.map(mt).sort()) {
      const g = groups.at(-1);
      if (g && g.time === t) g.rows++;
      else groups.push({ time: t, rows: 1 });
    }
    const complete = rows.length < probeSize;
    if (!complete && groups.length === 1) {
      queue.push({ kind: 'count', time: groups[0]!.time });
      return null;
    }
    // Unless the look-ahead reached the end, its last timestamp may go on beyond it.
    const kept = complete ? groups : groups.slice(0, -1);
    const last = kept.at(-1)!.time;
    const next: Step | null = complete ? null : { kind: 'probe', lower: { value: last, strict: true } };
    if (timesOnly) {
      if (next) queue.push(next);
      cursor = last;
      return { rows: rows.filter((r) => mt(r) <= last), cursor };
    }
    const ranges: Step[] = [];
    let cur: { first: string; last: string; rows: number } | null = null;
    for (const g of kept) {
      if (cur && cur.rows + g.rows <= pageSize) {
        cur.last = g.time;
        cur.rows += g.rows;
      } else {
        if (cur) ranges.push({ kind: 'range', ...cur });
        cur = { first: g.time, last: g.time, rows: g.rows };
      }
    }
    if (cur) ranges.push({ kind: 'range', ...cur });
    // The next look-ahead goes before the last range, so the queue never runs dry while a
    // look-ahead is being read. It hands nothing on, so pages still arrive in time order.
    queue.push(...ranges.slice(0, -1), ...(next ? [next] : []), ranges.at(-1)!);
    return null;
  };

  const first: Step = { kind: 'probe', lower: from === null ? null : { value: from, strict: false } };
  let inflight: { step: Step; rows: Promise<CrmRecord[]> } | null = { step: first, rows: send(first) };
  while (inflight) {
    const { step } = inflight;
    const rows = await inflight.rows;
    let out: Page | null = null;
    if (step.kind === 'probe') out = plan(rows);
    else if (step.kind === 'count') {
      const n = Number(rows[0]?.count);
      const range: Step = { kind: 'range', first: step.time, last: step.time, rows: Number.isFinite(n) ? n : probeSize };
      const next: Step = { kind: 'probe', lower: { value: step.time, strict: true } };
      // Ids-only pages are the data, so they must stay in time order; full pages may not.
      queue.push(...(timesOnly ? [range, next] : [next, range]));
    } else if (rows.length >= step.rows + pageSize) {
      // More rows than the look-ahead saw: keep them, but look at the range again from its start.
      queue.length = 0;
      queue.push({ kind: 'probe', lower: { value: step.first, strict: false } });
      out = { rows, cursor };
    } else {
      cursor = step.last;
      out = { rows, cursor };
    }
    const next = queue.shift();
    inflight = next ? { step: next, rows: send(next) } : null;
    if (out) {
      // Node writes a request only once the event loop turns; the caller writes the page
      // synchronously, so without this hop the request would wait for the write to finish.
      if (inflight) await new Promise<void>((resolve) => setImmediate(resolve));
      yield out;
    }
  }
}
