import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { haveTranscripts } from '../crm/test-support/shared';
import { openCacheDb } from '../cache/cache-file';
import { CacheStore, toCachedRecord, type CachedRecord } from '../cache/cache-store';
import { moduleMeta } from '../cache/module-meta';
import { foldText, normalizeEmail } from '../cache/normalize';
import { recordedUserData } from '../cache/test-support/recorded-data';
import { fillSynthetic, syntheticMetas } from '../cache/test-support/synthetic';
import { hasWordPrefixes, indexedPrefix, tokens } from './fts-query';
import { createNamePrefix, prefixUpperBound } from './name-prefix';
import { createSearch, type SearchHit } from './search';

function filled(user: string) {
  const data = recordedUserData(user);
  const store = new CacheStore(openCacheDb(mkdtempSync(join(tmpdir(), 'search-')), 'https://crm.example.com', `acme.${user}`));
  for (const [name, d] of data.describes) {
    const meta = moduleMeta(d, data.types.information[name] ?? {});
    store.upsertModule(meta);
    store.upsertRecords((data.rows.get(name) ?? []).map((r) => toCachedRecord(meta, r)));
  }
  return { store, search: createSearch(store.db), data };
}

describe.skipIf(!haveTranscripts)('search over the real answers of vtenext', () => {
  it('finds by prefix, ignoring case and accents', () => {
    const { store, search } = filled('ceo');
    expect(search.search('jurg').map((h) => h.label)).toEqual(['Großmann-Ñúñez Jürgen']);
    expect(search.search('NUÑ').map((h) => h.label)).toEqual(['Großmann-Ñúñez Jürgen']);
    expect(search.search('gro nu')[0]?.label).toBe('Großmann-Ñúñez Jürgen');
    expect(search.search('')).toEqual([]);
    expect(search.search('" OR * NEAR(')).toEqual([]);
    store.close();
  });

  it('ranks exact email, then name prefix, then name word, then other fields; recency breaks ties', () => {
    const { store, search } = filled('ceo');
    const email = search.search('shared.inbox@partners.example.org', { limit: 10 });
    expect(email.length).toBeGreaterThan(1);
    expect(email.every((h) => h.match === 'email')).toBe(true);
    const times = email.map((h) => h.modifiedtime);
    expect([...times].sort().reverse()).toEqual(times);
    const alpha = search.search('alpha', { limit: 50 });
    expect(alpha[0]).toMatchObject({ label: 'Alpha Logistics', match: 'name-prefix' });
    const tiers = alpha.map((h) => ['email', 'name-prefix', 'name-word', 'other'].indexOf(h.match));
    expect([...tiers].sort((a, b) => a - b)).toEqual(tiers);
    expect(alpha.some((h) => h.match === 'other')).toBe(true);
    store.close();
  });

  it('searches linkable modules by default, any cached module on request, and says why one cannot take a link', () => {
    const { store, search } = filled('anna');
    expect(search.search('ticket').filter((h) => h.module === 'HelpDesk')).toEqual([]);
    const tickets = search.search('ticket', { modules: ['HelpDesk'] });
    expect(tickets.length).toBeGreaterThan(0);
    expect(tickets[0]).toMatchObject({ linkable: false, notLinkableReason: 'module-read-only' });
    expect(search.search('alpha', { modules: ['Contacts'] }).every((h) => h.module === 'Contacts')).toBe(true);
    store.close();
  });

  it('suggests, per address, the matching contacts, leads, accounts and vendors with account and open deals and tickets', () => {
    const { store, search, data } = filled('ceo');
    const [shared, luca, unknown] = search.suggest(['Shared.Inbox@partners.example.org', 'luca.rossi@alpha.example.com', 'nobody@nowhere.example']);
    const expectedShared = [...data.rows.get('Contacts')!, ...data.rows.get('Leads')!].filter((r) => r.email === 'shared.inbox@partners.example.org').map((r) => r.id).sort();
    expect(shared!.matches.map((m) => m.record.id).sort()).toEqual(expectedShared);
    expect(luca!.matches).toHaveLength(1);
    const m = luca!.matches[0]!;
    expect(m.account?.label).toBe('Alpha Logistics');
    const accId = m.account!.id;
    const openDeals = data.rows.get('Potentials')!.filter((p) => (p.related_to === accId || p.related_to === m.record.id) && !/^Closed/.test(p.sales_stage ?? '')).map((p) => p.id).sort();
    expect(m.openPotentials.map((p) => p.id).sort()).toEqual(openDeals);
    const openTickets = data.rows.get('HelpDesk')!.filter((t) => (t.parent_id === accId || t.parent_id === m.record.id) && t.ticketstatus !== 'Closed').map((t) => t.id).sort();
    expect(m.openTickets.map((t) => t.id).sort()).toEqual(openTickets);
    expect(openDeals.length + openTickets.length).toBeGreaterThan(0);
    expect(unknown!.matches).toEqual([]);
    store.close();
  });
});

/** Every record with its rowid, the tie-break after modifiedtime. */
function allRows(store: CacheStore): Array<CachedRecord & { rid: number; labelKey: string }> {
  const rows = store.db.prepare('SELECT rid, id, label_key FROM records').all() as Array<{ rid: number; id: string; label_key: string }>;
  return rows.map((r) => ({ ...store.record(r.id)!, rid: r.rid, labelKey: r.label_key }));
}

const newest = (a: { modifiedtime: string; rid: number }, b: { modifiedtime: string; rid: number }) =>
  a.modifiedtime < b.modifiedtime ? 1 : a.modifiedtime > b.modifiedtime ? -1 : b.rid - a.rid;

/**
 * The first two tiers by brute force over every row: records having the typed address, then
 * records whose folded name starts with what was typed, each newest first.
 */
function expectedHead(rows: ReturnType<typeof allRows>, q: string, modules: readonly string[], limit: number): string[] {
  const inScope = rows.filter((r) => modules.includes(r.module));
  const email = normalizeEmail(q);
  const byEmail = email.includes('@') ? inScope.filter((r) => r.emails.includes(email)).sort(newest) : [];
  const folded = foldText(q.trim());
  const byName = inScope.filter((r) => !byEmail.includes(r) && r.labelKey.startsWith(folded)).sort(newest);
  return [...byEmail, ...byName].slice(0, limit).map((r) => r.id);
}

const TIER = ['email', 'name-prefix', 'name-word', 'other'] as const;

describe('type-ahead over synthetic records: exact first tiers, bounded later ones', () => {
  let store: CacheStore;
  let rows: ReturnType<typeof allRows>;
  const linkable = ['Accounts', 'Contacts', 'Leads', 'Potentials'];

  beforeAll(() => {
    store = new CacheStore(openCacheDb(mkdtempSync(join(tmpdir(), 'search-syn-')), 'https://crm.example.com', 'syn'));
    fillSynthetic(store, 6000, 1000, toCachedRecord);
    // Recent rows whose names the synthetic generator never makes: an accent in the first
    // letter, a name that is an address, and an old record whose address is typed exactly.
    const metas = syntheticMetas();
    store.upsertRecords([
      toCachedRecord(metas.get('Contacts')!, { id: '4x900001', firstname: 'Éva', lastname: 'Ébène', email: 'eva@ebene.example', modifiedtime: '2030-01-01 00:00:00' }),
      toCachedRecord(metas.get('Leads')!, { id: '2x900002', firstname: 'X', lastname: 'rossi@old.example', email: 'x@y.example', modifiedtime: '2030-01-02 00:00:00' }),
      toCachedRecord(metas.get('Leads')!, { id: '2x900003', firstname: 'Old', lastname: 'Address', email: 'rossi@old.example', modifiedtime: '2001-01-01 00:00:00' }),
    ]);
    rows = allRows(store);
  });

  const typed = ['r', 'ro', 'rossi', 'rossi l', 'ROSSI LUCA', 'z', 'zo', 'd', 'de', 'deal', 'deal 1', 'deal 12', 'a', 'alpha', 'alpha lo', 'm', 'mü', 'Müll', 'MULLER',
    'n', 'nu', 'Núñ', 'nunez', 'g', 'gr', 'groß', 'e', 'é', 'ébè', 'EBENE', 'luca', 'giulia bi', 'milano', 'info@', 'rossi@old.example', 'eva@ebene.example', 'x'];

  it('ranks exact address, then name prefix, newest first, exactly as a scan of every row would, with either walk or sort', () => {
    const searches = [createSearch(store.db), createSearch(store.db, { sortMax: 10, walkMax: 40 })];
    for (const q of typed) for (const limit of [1, 5, 20, 60]) {
      const expected = expectedHead(rows, q, linkable, limit);
      for (const search of searches) {
        const hits = search.search(q, { limit });
        const head = hits.filter((h) => h.match === 'email' || h.match === 'name-prefix');
        expect(head.map((h) => h.id), `${q} (limit ${limit})`).toEqual(expected);
        expect(hits.slice(0, head.length)).toEqual(head);
        if (expected.length < limit) expect(hits.length).toBeGreaterThanOrEqual(expected.length);
        else expect(hits).toHaveLength(limit);
      }
    }
  });

  it('fills the rest with name words, then other fields, each a real match and newest first within its tier', () => {
    const search = createSearch(store.db);
    const seen = new Set<string>();
    for (const q of typed) {
      const hits = search.search(q, { limit: 60 });
      const tiers = hits.map((h) => TIER.indexOf(h.match));
      expect([...tiers].sort((a, b) => a - b), q).toEqual(tiers);
      for (const [i, h] of hits.entries()) {
        seen.add(h.match);
        expect(linkable).toContain(h.module);
        const prev = hits[i - 1];
        if (prev && prev.match === h.match) expect(prev.modifiedtime >= h.modifiedtime, `${q}: ${prev.label} before ${h.label}`).toBe(true);
        const words = [h.label, ...h.emails, ...h.phones, ...Object.values(h.display)].join(' ');
        if (h.match === 'name-word') expect(hasWordPrefixes(h.label, [...foldText(q).split(/[^\p{L}\p{N}]+/u).filter(Boolean)]), `${q}: ${h.label}`).toBe(true);
        if (h.match === 'other') expect(hasWordPrefixes(words, foldText(q).split(/[^\p{L}\p{N}]+/u).filter(Boolean)) || h.emails.some((e) => e.startsWith(normalizeEmail(q))), `${q}: ${h.label}`).toBe(true);
        if (h.match !== 'email' && h.match !== 'name-prefix') expect(foldText(h.label).startsWith(foldText(q.trim())), `${q}: ${h.label}`).toBe(false);
      }
    }
    expect([...seen].sort()).toEqual([...TIER].sort());
  });

  it('ignores case and accents in names and typed text alike', () => {
    const search = createSearch(store.db);
    const ids = (q: string) => search.search(q, { limit: 200 }).filter((h) => h.match === 'name-prefix').map((h) => h.id);
    expect(ids('müll').length).toBeGreaterThan(0);
    expect(ids('MULL')).toEqual(ids('müll'));
    expect(ids('Nuñ')).toEqual(ids('nun'));
    expect(search.search('ebe', { limit: 1 })[0]).toMatchObject({ id: '4x900001', match: 'name-prefix' });
    expect(search.search('É', { limit: 1 })[0]!.id).toBe('4x900001');
  });

  it('puts the typed address before a newer record whose name starts with it', () => {
    const hits = createSearch(store.db).search('Rossi@Old.example', { limit: 5 });
    expect(hits.slice(0, 2).map((h) => [h.id, h.match])).toEqual([['2x900003', 'email'], ['2x900002', 'name-prefix']]);
  });

  it('searches only the modules asked for, linkable ones by default, with the same exact ranking', () => {
    const search = createSearch(store.db, { sortMax: 10, walkMax: 40 });
    expect(search.search('ticket')).toEqual([]);
    const tickets = search.search('ticket', { modules: ['HelpDesk'], limit: 50 });
    expect(tickets.length).toBeGreaterThan(0);
    expect(tickets.every((h) => h.module === 'HelpDesk' && !h.linkable && h.notLinkableReason === 'module-read-only')).toBe(true);
    expect(tickets.map((h) => h.id).slice(0, 50)).toEqual(expectedHead(rows, 'ticket', ['HelpDesk'], 50));
    for (const [q, modules] of [['r', ['Leads']], ['d', ['Accounts', 'Potentials']], ['a', ['Accounts']], ['rossi', ['Contacts', 'Leads']]] as const) {
      const hits: SearchHit[] = search.search(q, { modules, limit: 30 });
      expect(hits.every((h) => modules.includes(h.module as never)), q).toBe(true);
      expect(hits.filter((h) => h.match === 'name-prefix').map((h) => h.id)).toEqual(expectedHead(rows, q, modules, 30));
    }
    expect(search.search('rossi', { modules: [] })).toEqual([]);
  });
});

describe('module filter on the bounded tiers', () => {
  it('finds name-word matches of a small module behind more than a window of newer matches in another', () => {
    const store = new CacheStore(openCacheDb(mkdtempSync(join(tmpdir(), 'search-mf-')), 'https://crm.example.com', 'mf'));
    const metas = syntheticMetas();
    for (const m of metas.values()) store.upsertModule(m);
    const at = (s: number) => new Date(Date.UTC(2024, 0, 1) + s * 1000).toISOString().replace('T', ' ').slice(0, 19);
    store.upsertRecords(Array.from({ length: 5 }, (_, i) =>
      toCachedRecord(metas.get('HelpDesk')!, { id: `9x${i}`, ticket_title: `Ticket ${i}: Alpha not working`, ticketstatus: 'Open', modifiedtime: at(i) })));
    store.upsertRecords(Array.from({ length: 1000 }, (_, i) =>
      toCachedRecord(metas.get('Accounts')!, { id: `3x${i}`, accountname: `Alpha Foods ${i}`, modifiedtime: at(100 + i) })));
    const hits = createSearch(store.db).search('alpha', { modules: ['HelpDesk'], limit: 10 });
    expect(hits.map((h) => [h.id, h.match])).toEqual([4, 3, 2, 1, 0].map((i) => [`9x${i}`, 'name-word']));
    expect(createSearch(store.db).search('alpha', { limit: 3 }).map((h) => h.id)).toEqual(['3x999', '3x998', '3x997']);
    store.close();
  });
});

describe('name-prefix reader', () => {
  it('bounds a prefix range with the next code point, stepping over surrogates', () => {
    expect(prefixUpperBound('ab')).toBe('ac');
    expect(prefixUpperBound('a\u{d7ff}')).toBe('a\u{e000}');
    expect(prefixUpperBound('a\u{1f600}')).toBe('a\u{1f601}');
    expect(prefixUpperBound('a\u{10ffff}')).toBe('b');
    for (const s of ['ab', 'abz', 'ab\u{10fffe}', 'ab\u{1f600}x']) expect(s >= 'ab' && Buffer.compare(Buffer.from(s), Buffer.from(prefixUpperBound('ab'))) < 0, s).toBe(true);
    expect(Buffer.compare(Buffer.from('ac'), Buffer.from(prefixUpperBound('ab')))).toBe(0);
  });

  it('returns the newest matches of a dense, a sparse and an old prefix whichever path it takes', () => {
    const store = new CacheStore(openCacheDb(mkdtempSync(join(tmpdir(), 'search-np-')), 'https://crm.example.com', 'np'));
    const meta = syntheticMetas().get('Accounts')!;
    store.upsertModule(meta);
    // 300 "old …" accounts first (oldest), then 900 alternating "aa …"/"bb …", ties every 3 rows.
    const recs = Array.from({ length: 1200 }, (_, i) => {
      const name = i < 300 ? `old ${i}` : i % 2 ? `aa ${i}` : `bb ${i}`;
      const t = new Date(Date.UTC(2024, 0, 1) + Math.floor(i / 3) * 1000).toISOString().replace('T', ' ').slice(0, 19);
      return toCachedRecord(meta, { id: `3x${i}`, accountname: i === 1199 ? 'few' : name, modifiedtime: t });
    });
    store.upsertRecords(recs);
    const rows = allRows(store);
    for (const tuning of [{ sortMax: 2000, walkMax: 5000 }, { sortMax: 50, walkMax: 100 }, { sortMax: 1, walkMax: 1 }]) {
      const read = createNamePrefix(store.db, tuning);
      for (const q of ['aa', 'bb', 'old', 'few', 'o', 'zz', '']) for (const limit of [1, 20, 400]) {
        const got = read(q, ['Accounts'], limit).map((r) => store.db.prepare('SELECT id FROM records WHERE rid = ?').pluck().get(r.rid));
        expect(got, `${q} ${limit} ${JSON.stringify(tuning)}`).toEqual(expectedHead(rows, q, ['Accounts'], limit));
      }
    }
    store.close();
  });
});

describe('word-start check on candidate rows', () => {
  it('agrees with splitting the folded text into words', () => {
    const texts = ['Rossi Luca', 'Großmann-Ñúñez Jürgen', 'luca.rossi.12@alpha85.example.com', '["+39 02 1000012"]', 'O\'Brien & Søn', 'x𝐀bc 𝐀bc', 'ÉVA ébène', ''];
    const typed = ['ro', 'luca', 'uca', 'nunez', 'unez', 'jur', 'gross', 'groß', 'alpha85', 'lpha', '12', '1000', '02', 'brien', 'son', 'bc', 'abc', 'eva', 'ebe', 'bene'];
    for (const text of texts)
      for (const a of typed)
        for (const b of ['ro', 'x', 'eva']) {
          const toks = [a, b];
          const words = tokens(text);
          expect(hasWordPrefixes(text, toks), `${text} / ${toks.join(' ')}`).toBe(toks.every((t) => words.some((w) => w.startsWith(t))));
        }
    expect(hasWordPrefixes('Rossi Luca', [])).toBe(true);
  });

  it('cuts the index driver to the prefix length the full-text index holds, by characters', () => {
    expect(indexedPrefix('rossi')).toBe('ros');
    expect(indexedPrefix('mü')).toBe('mü');
    expect(indexedPrefix('𝐀𝐁𝐂𝐃')).toBe('𝐀𝐁𝐂');
  });
});
