import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { haveTranscripts } from '../crm/test-support/shared';
import { openCacheDb } from '../cache/cache-file';
import { CacheStore, toCachedRecord } from '../cache/cache-store';
import { moduleMeta } from '../cache/module-meta';
import { recordedUserData } from '../cache/test-support/recorded-data';
import { createSearch } from './search';

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
