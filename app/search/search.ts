import type { Database } from '../db/open';
import { rowToRecord, type CachedRecord } from '../cache/cache-store';
import { foldText, normalizeEmail } from '../cache/normalize';
import { hasWordPrefixes, indexedPrefix, prefixMatch, tokens } from './fts-query';
import { createNamePrefix, NAME_PREFIX_TUNING, newestFirst, type NamePrefixTuning } from './name-prefix';

export interface SearchHit extends CachedRecord {
  moduleLabel: string;
  /** The module takes links (related to Messages and updateable); otherwise say why not. */
  linkable: boolean;
  notLinkableReason: 'module-read-only' | 'module-not-linkable' | null;
  /** Which rule ranked it: exact email, name prefix, a name word, anything else. */
  match: 'email' | 'name-prefix' | 'name-word' | 'other';
}

export interface SearchOptions {
  /** Restrict to these modules; by default the linkable ones. */
  modules?: readonly string[];
  limit?: number;
}

export interface AddressMatch {
  record: SearchHit;
  account: SearchHit | null;
  openPotentials: SearchHit[];
  openTickets: SearchHit[];
}

export interface AddressSuggestion {
  address: string;
  matches: AddressMatch[];
}

export interface Search {
  search(q: string, opts?: SearchOptions): SearchHit[];
  suggest(addresses: readonly string[]): AddressSuggestion[];
}

/** Modules whose e-mail fields identify the sender or a recipient (what Mail Converter looks up). */
export const PARTY_MODULES = ['Contacts', 'Leads', 'Accounts', 'Vendors'] as const;

/**
 * Full-text matches looked at per query for the name-word and other-field tiers. Exact address
 * and name-prefix matches are ranked exactly (see name-prefix.ts); the later tiers rank a bounded
 * candidate set (performance-anchors: `ORDER BY rank` over every match costs up to 400 ms at 1M
 * records): the newest SCAN rows having a word that starts with the first three letters of the
 * longest typed word in the searched modules (among the newest EXAMINE of any module). Beyond
 * that the best of them may be missed until the user types more. The index is read newest row
 * first (row ids grow as the fill walks modifiedtime upwards), so the recency tie-break sees the
 * recent candidates.
 */
const SCAN = 300;
/** Index rows read at most to find SCAN candidates in the searched modules. */
const EXAMINE = 1500;

/** A candidate: enough to rank and de-duplicate; the full row is read only for the winners. */
interface Ranked {
  rid: number;
  modifiedtime: string;
  tier: number;
}

interface RankedRow {
  rid: number; id: string; module: string; label: string; label_key: string; emails: string; phones: string;
  account_id: string | null; owner_id: string | null; modifiedtime: string; open: number; display: string;
}

interface ModuleFlags {
  label: string;
  linkable: boolean;
  updateable: boolean;
  messagesRelated: boolean;
}

export function createSearch(db: Database.Database, tuning: NamePrefixTuning = NAME_PREFIX_TUNING): Search {
  const flagsStmt = db.prepare('SELECT name, label, linkable, updateable, messages_related FROM modules');
  const moduleFlags = (): Map<string, ModuleFlags> =>
    new Map(
      (flagsStmt.all() as Array<{ name: string; label: string; linkable: number; updateable: number; messages_related: number }>).map(
        (m) => [m.name, { label: m.label, linkable: m.linkable === 1, updateable: m.updateable === 1, messagesRelated: m.messages_related === 1 }],
      ),
    );

  const hit = (flags: Map<string, ModuleFlags>, r: RankedRow, match: SearchHit['match']): SearchHit => {
    const f = flags.get(r.module);
    const linkable = f?.linkable ?? false;
    return {
      ...rowToRecord(r),
      moduleLabel: f?.label ?? r.module,
      linkable,
      notLinkableReason: linkable ? null : f?.messagesRelated && !f.updateable ? 'module-read-only' : 'module-not-linkable',
      match,
    };
  };

  // Word starts, folded as the index folds them: exact where the SQL `instr` it replaces was
  // neither accent- nor word-aware for display values. The tokens are the same for every row.
  let lastToks = { json: '[]', toks: [] as string[] };
  db.function('word_prefixes', { deterministic: true }, (text: unknown, toks: unknown) => {
    if (lastToks.json !== toks) lastToks = { json: String(toks), toks: JSON.parse(String(toks)) as string[] };
    return hasWordPrefixes(String(text), lastToks.toks) ? 1 : 0;
  });
  const otherText = "r.label || ' ' || r.emails || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(r.display)), '') || ' ' || r.phones";
  // The candidates are the newest SCAN rows of the searched modules, looked for among at most
  // EXAMINE index rows, so a filter to a small module still gets candidates of its own.
  // CROSS JOIN pins the full-text index as the outer loop whatever the planner statistics say.
  const ftsStmt = (table: 'names_fts' | 'records_fts', text: string | null, tier: number) =>
    db.prepare(`SELECT rid, modifiedtime, ${tier} AS tier FROM (
        SELECT r.rid, r.modifiedtime${text === null ? '' : `, ${text} AS text`}
        FROM (SELECT rowid FROM ${table} WHERE ${table} MATCH @match ORDER BY rowid DESC LIMIT ${EXAMINE}) f CROSS JOIN records r ON r.rid = f.rowid
        WHERE r.module IN (SELECT value FROM json_each(@modules)) LIMIT ${SCAN})
      ${text === null ? '' : 'WHERE word_prefixes(text, @toks)'} ORDER BY modifiedtime DESC, rid DESC LIMIT @limit`);
  const stmts = {
    name: { checked: ftsStmt('names_fts', 'r.label_key', 2), matched: ftsStmt('names_fts', null, 2) },
    other: { checked: ftsStmt('records_fts', otherText, 3), matched: ftsStmt('records_fts', null, 3) },
  };
  /**
   * Name-word or other-field matches, newest first, over a bounded candidate set (name-prefix
   * matches among them were already taken exactly). The index is asked for one token only — the
   * longest, usually the most selective — cut to the longest prefix it indexes: FTS5 reads a
   * longer prefix by merging every matching term's full list first (measured at 1M records:
   * "info*" 5 ms, "inf*" 0.3 ms), while an indexed prefix is read newest first and stops after
   * SCAN rows. Every token is then checked on those rows. An FTS5 AND of two common prefixes
   * walks both long posting lists (measured: 25–40 ms at 1M records); this stays bounded.
   */
  const ranked = (toks: readonly string[], labelOnly: boolean, modules: readonly string[], limit: number): Ranked[] => {
    const driver = toks.reduce((a, b) => (b.length >= a.length ? b : a));
    const match = indexedPrefix(driver);
    // The index answered the whole query when it had one token, short enough to be indexed.
    const st = stmts[labelOnly ? 'name' : 'other'][toks.length === 1 && match === driver ? 'matched' : 'checked'];
    return st.all({ match: prefixMatch([match]), modules: JSON.stringify(modules), toks: JSON.stringify(toks), limit }) as Ranked[];
  };
  const byEmail = db.prepare(`SELECT r.rid, r.modifiedtime, 0 AS tier FROM record_emails e JOIN records r ON r.rid = e.rid
    WHERE e.email = ? AND r.module IN (SELECT value FROM json_each(?)) ORDER BY r.modifiedtime DESC, r.rid DESC LIMIT ?`);
  const namePrefix = createNamePrefix(db, tuning);
  const byRid = db.prepare('SELECT * FROM records WHERE rid = ?');
  const byEmailPrefix = db.prepare(`SELECT r.rid, r.modifiedtime, 3 AS tier FROM (SELECT rid FROM record_emails WHERE email >= ? AND email < ? LIMIT ${SCAN}) e
    CROSS JOIN records r ON r.rid = e.rid WHERE r.module IN (SELECT value FROM json_each(?)) ORDER BY r.modifiedtime DESC, r.rid DESC LIMIT ?`);

  function search(q: string, opts: SearchOptions = {}): SearchHit[] {
    const limit = Math.max(1, Math.min(opts.limit ?? 20, 200));
    const toks = tokens(q);
    if (toks.length === 0) return [];
    const flags = moduleFlags();
    const modules = opts.modules ?? [...flags].filter(([, f]) => f.linkable).map(([n]) => n);
    if (modules.length === 0) return [];
    const folded = foldText(q.trim());
    const email = normalizeEmail(q);
    const emailLike = !/\s/.test(email) && /[@.]/.test(email);
    const out = new Map<number, Ranked>();
    const add = (rows: Ranked[]) => {
      for (const r of rows) {
        if (out.size >= limit) return;
        if (!out.has(r.rid)) out.set(r.rid, r);
      }
    };
    if (email.includes('@')) add(byEmail.all(email, JSON.stringify(modules), limit) as Ranked[]);
    // Each tier outranks the next, so a tier is searched only when the ones before it do not
    // fill the list. A tier may repeat at most out.size rows already taken, so asking it for
    // `limit` rows still fills the list whenever it has enough.
    if (out.size < limit) add(namePrefix(folded, modules, limit).map((r) => ({ ...r, tier: 1 })));
    if (out.size < limit) add(ranked(toks, true, modules, limit));
    if (out.size < limit) {
      // Other fields: a typed address prefix and words of any field are one tier, newest first.
      const byPrefix = emailLike ? (byEmailPrefix.all(email, `${email}\uffff`, JSON.stringify(modules), limit) as Ranked[]) : [];
      add([...byPrefix, ...ranked(toks, false, modules, limit)].sort(newestFirst));
    }
    return [...out.values()].map((r) => hit(flags, byRid.get(r.rid) as RankedRow, TIERS[r.tier]!));
  }

  const byAccount = db.prepare(`SELECT * FROM records WHERE module = ? AND open = 1 AND account_id IN (SELECT value FROM json_each(?)) ORDER BY modifiedtime DESC LIMIT 50`);
  const byId = db.prepare('SELECT * FROM records WHERE id = ?');
  const partyPlaceholders = PARTY_MODULES.map(() => '?').join(',');
  const partiesByEmail = db.prepare(`SELECT r.* FROM record_emails e JOIN records r ON r.rid = e.rid WHERE e.email = ? AND r.module IN (${partyPlaceholders}) ORDER BY r.modifiedtime DESC`);

  function suggest(addresses: readonly string[]): AddressSuggestion[] {
    const flags = moduleFlags();
    const out: AddressSuggestion[] = [];
    for (const address of [...new Set(addresses.map(normalizeEmail).filter((a) => a.includes('@')))]) {
      const matches = (partiesByEmail.all(address, ...PARTY_MODULES) as RankedRow[]).map((row): AddressMatch => {
        const record = hit(flags, row, 'email');
        const accountRow = row.module === 'Accounts' ? row : row.account_id ? (byId.get(row.account_id) as RankedRow | undefined) : undefined;
        const account = accountRow && accountRow.module === 'Accounts' ? hit(flags, accountRow, 'other') : null;
        const parents = JSON.stringify([...new Set([row.id, ...(account ? [account.id] : [])])]);
        const open = (module: string) => (byAccount.all(module, parents) as RankedRow[]).map((r) => hit(flags, r, 'other'));
        return { record, account, openPotentials: open('Potentials'), openTickets: open('HelpDesk') };
      });
      out.push({ address, matches });
    }
    return out;
  }

  return { search, suggest };
}

const TIERS = ['email', 'name-prefix', 'name-word', 'other'] as const;
