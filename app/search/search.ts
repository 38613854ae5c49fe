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
 * Candidates fetched per index query before ranking. Ranking a bounded set keeps a one-letter
 * prefix at 1M records within the type-ahead budget (performance-anchors: `ORDER BY rank` over
 * every match costs up to 400 ms).
 */
const CANDIDATES = 200;

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
  const moduleFlags = (): Map<string, ModuleFlags> =>
    new Map(
      (db.prepare('SELECT name, label, linkable, updateable, messages_related FROM modules').all() as Array<{ name: string; label: string; linkable: number; updateable: number; messages_related: number }>).map(
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
  const candidates = (match: string, modules: readonly string[]): RankedRow[] => {
    const key = String(modules.length);
    let st = ftsStmt.get(key);
    if (!st) {
      st = db.prepare<unknown[]>(`SELECT r.* FROM records_fts f JOIN records r ON r.rid = f.rowid
        WHERE records_fts MATCH ? AND r.module IN (${modules.map(() => '?').join(',')}) LIMIT ${CANDIDATES}`);
      ftsStmt.set(key, st);
    }
    return st.all(match, ...modules) as RankedRow[];
  };
  const byEmail = db.prepare(`SELECT r.* FROM record_emails e JOIN records r ON r.rid = e.rid WHERE e.email = ?`);

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
    const seen = new Map<number, { row: RankedRow; tier: number }>();
    const consider = (rows: RankedRow[]) => {
      for (const row of rows) {
        if (seen.has(row.rid) || !allowed.has(row.module)) continue;
        seen.set(row.rid, { row, tier: tier(row, folded, toks, email) });
      }
    };
    if (email.includes('@')) consider(byEmail.all(email) as RankedRow[]);
    // Name matches first, so a common prefix cannot crowd them out of the bounded candidate set.
    consider(candidates(prefixMatch(toks, 'label'), modules));
    if (seen.size < limit || seen.size < CANDIDATES) consider(candidates(prefixMatch(toks), modules));
    const ranked = [...seen.values()].sort(
      (a, b) => a.tier - b.tier || (a.row.modifiedtime < b.row.modifiedtime ? 1 : a.row.modifiedtime > b.row.modifiedtime ? -1 : 0) || a.row.label_key.localeCompare(b.row.label_key),
    );
    return ranked.slice(0, limit).map(({ row, tier: t }) => hit(flags, row, TIERS[t]!));
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

function tier(row: RankedRow, folded: string, toks: readonly string[], email: string): number {
  if (email.includes('@') && (JSON.parse(row.emails) as string[]).includes(email)) return 0;
  if (row.label_key.startsWith(folded)) return 1;
  const words = row.label_key.split(/[^\p{L}\p{N}]+/u);
  if (toks.every((t) => words.some((w) => w.startsWith(t)))) return 2;
  return 3;
}
