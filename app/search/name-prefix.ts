import type { Database } from '../db/open';

export interface NamePrefixTuning {
  /** A prefix range with fewer rows than this (per module) is sorted by recency in the index. */
  sortMax: number;
  /** How many of a module's newest rows the recency walk looks at before it gives up and sorts. */
  walkMax: number;
}

/**
 * Measured at 1M records (index-only reads): counting or walking costs about 0.05–0.15 µs per
 * index entry, sorting a range about 0.1–0.25 µs. A range of at least `sortMax` rows in a module
 * of M rows is a share of at least sortMax ÷ M, so when its matches are spread over time the
 * walk finds 20 of them within `walkMax` rows for M up to sortMax × walkMax ÷ 20 = 500k.
 */
export const NAME_PREFIX_TUNING: NamePrefixTuning = { sortMax: 2000, walkMax: 5000 };

export interface NamePrefixRow {
  rid: number;
  modifiedtime: string;
}

/**
 * The smallest string greater than every string that starts with `prefix` (SQLite's BINARY
 * collation orders UTF-8 by code point): the last character that can be is incremented,
 * stepping over the surrogate range. A prefix made only of U+10FFFF has no such bound; it gets
 * one that misses only names continuing with U+10FFFF, a non-character.
 */
export function prefixUpperBound(prefix: string): string {
  const cps = [...prefix];
  while (cps.length > 0) {
    const last = cps.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) return cps.join('') + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
  }
  return `${prefix}\u{10FFFF}`;
}

/**
 * Exact name-prefix matches in `modules`, newest first (modifiedtime, then rowid), at most `limit`.
 * Every step reads an index and stops at a bound: a range under `sortMax` rows is sorted; a
 * larger one (one letter, a frequent surname) is walked newest first, which stops after about
 * limit ÷ share rows. Only a large range with too few matches among the newest `walkMax` rows
 * (all old, or a large module) is then sorted whole, its cost growing with the range: the one
 * case not bounded by a constant.
 */
export function createNamePrefix(db: Database.Database, tuning: NamePrefixTuning = NAME_PREFIX_TUNING) {
  const range = 'module = @module AND label_key >= @lo AND label_key < @hi';
  const count = db
    .prepare(`SELECT count(*) FROM (SELECT 1 FROM records INDEXED BY records_name WHERE ${range} LIMIT ${tuning.sortMax})`)
    .pluck();
  const sorted = db.prepare(
    `SELECT rid, modifiedtime FROM records INDEXED BY records_name WHERE ${range} ORDER BY modifiedtime DESC, rid DESC LIMIT @limit`,
  );
  const walk = db.prepare(
    `SELECT rid, modifiedtime FROM (SELECT rid, label_key, modifiedtime FROM records INDEXED BY records_recent WHERE module = @module
      ORDER BY modifiedtime DESC, rid DESC LIMIT ${tuning.walkMax}) WHERE label_key >= @lo AND label_key < @hi LIMIT @limit`,
  );

  const inModule = (module: string, lo: string, hi: string, limit: number): NamePrefixRow[] => {
    const p = { module, lo, hi, limit };
    const n = count.get(p) as number;
    if (n === 0) return [];
    if (n >= tuning.sortMax) {
      const rows = walk.all(p) as NamePrefixRow[];
      if (rows.length >= limit) return rows;
    }
    return sorted.all(p) as NamePrefixRow[];
  };

  return (folded: string, modules: readonly string[], limit: number): NamePrefixRow[] => {
    const hi = prefixUpperBound(folded);
    return modules.flatMap((m) => inModule(m, folded, hi, limit)).sort(newestFirst).slice(0, limit);
  };
}

export function newestFirst(a: NamePrefixRow, b: NamePrefixRow): number {
  return a.modifiedtime < b.modifiedtime ? 1 : a.modifiedtime > b.modifiedtime ? -1 : b.rid - a.rid;
}
