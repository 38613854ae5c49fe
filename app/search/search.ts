import type { Database } from '../db/open';
import { rowToRecord, type CachedRecord } from '../cache/cache-store';
import { foldText, normalizeEmail } from '../cache/normalize';
import { prefixMatch, tokens } from './fts-query';

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
 * Index matches looked at per query before ranking. Ranking a bounded set keeps a one-letter
 * prefix at 1M records within the type-ahead budget (performance-anchors: `ORDER BY rank` over
 * every match costs up to 400 ms); the price is that beyond this many matches the best-ranked
 * record may be missed until the user types one more letter. The index is read newest row
 * first (row ids grow as the fill walks modifiedtime upwards), so the recency tie-break sees
 * the recent candidates.
 */
const SCAN = 300;


interface Ranked extends RankedRow {
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

export function createSearch(db: Database.Database): Search {
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

  const ftsStmt = new Map<string, Database.Statement<unknown[]>>();
  /**
   * Ranks inside SQLite and returns only the winners. The index is asked for one token only —
   * the longest, usually the most selective — and at most SCAN of its matches are looked at;
   * the other tokens are checked on those rows. An FTS5 AND of two common prefixes walks both
   * long posting lists (measured: 25–40 ms at 1M records), this stays bounded at any size.
   */
  const ranked = (toks: readonly string[], folded: string, labelOnly: boolean, modules: readonly string[], limit: number): Ranked[] => {
    const driver = toks.reduce((a, b) => (b.length >= a.length ? b : a));
    const rest = toks.filter((t, i) => i !== toks.lastIndexOf(driver));
    const key = `${modules.length}:${rest.length}:${labelOnly}`;
    let st = ftsStmt.get(key);
    if (!st) {
      // Word starts in the name for name matches; anywhere in the searchable text otherwise.
      const hay = labelOnly ? "(' ' || replace(r.label_key, '-', ' '))" : "(r.label_key || ' ' || r.emails || ' ' || lower(r.display) || ' ' || r.phones)";
      const restSql = rest.map((_, i) => ` AND instr(${hay}, @t${i}) > 0`).join('');
      // CROSS JOIN pins the full-text index as the outer loop whatever the planner statistics say.
      st = db.prepare<unknown[]>(`SELECT r.*, CASE WHEN substr(r.label_key, 1, length(@folded)) = @folded THEN 1 ELSE 2 END AS tier
        FROM (SELECT rowid FROM ${labelOnly ? 'names_fts' : 'records_fts'} WHERE ${labelOnly ? 'names_fts' : 'records_fts'} MATCH @match ORDER BY rowid DESC LIMIT ${SCAN}) f CROSS JOIN records r ON r.rid = f.rowid
        WHERE r.module IN (${modules.map((_, i) => `@m${i}`).join(',')})${restSql}
        ORDER BY tier, r.modifiedtime DESC, r.label_key LIMIT @limit`);
      ftsStmt.set(key, st);
    }
    const params: Record<string, string | number> = { folded, match: prefixMatch([driver]), limit };
    modules.forEach((m, i) => (params[`m${i}`] = m));
    rest.forEach((t, i) => (params[`t${i}`] = labelOnly ? ` ${t}` : t));
    return st.all(params) as Ranked[];
  };
  const byEmail = db.prepare(`SELECT r.*, 0 AS tier FROM record_emails e JOIN records r ON r.rid = e.rid WHERE e.email = ? ORDER BY r.modifiedtime DESC LIMIT 50`);
  const byEmailPrefix = db.prepare(`SELECT r.*, 3 AS tier FROM (SELECT rid FROM record_emails WHERE email >= ? AND email < ? LIMIT ${SCAN}) e
    CROSS JOIN records r ON r.rid = e.rid ORDER BY r.modifiedtime DESC LIMIT ?`);

  function search(q: string, opts: SearchOptions = {}): SearchHit[] {
    const limit = Math.max(1, Math.min(opts.limit ?? 20, 200));
    const toks = tokens(q);
    if (toks.length === 0) return [];
    const flags = moduleFlags();
    const modules = opts.modules ?? [...flags].filter(([, f]) => f.linkable).map(([n]) => n);
    if (modules.length === 0) return [];
    const allowed = new Set(modules);
    const folded = foldText(q.trim());
    const email = normalizeEmail(q);
    const emailLike = !/\s/.test(email) && /[@.]/.test(email);
    const out = new Map<number, Ranked>();
    const add = (rows: Ranked[], tierOverride?: number) => {
      for (const r of rows) {
        if (out.size >= limit) return;
        if (!out.has(r.rid) && allowed.has(r.module)) out.set(r.rid, tierOverride === undefined ? r : { ...r, tier: tierOverride });
      }
    };
    if (email.includes('@')) add(byEmail.all(email) as Ranked[]);
    // Name matches outrank every other-field match, so other fields are searched only when
    // the names alone do not fill the list.
    add(ranked(toks, folded, true, modules, limit));
    if (out.size < limit && emailLike) add(byEmailPrefix.all(email, `${email}\uffff`, limit * 4) as Ranked[]);
    if (out.size < limit) add(ranked(toks, folded, false, modules, limit), 3);
    return [...out.values()].map((r) => hit(flags, r, TIERS[r.tier]!));
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
