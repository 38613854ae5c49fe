import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../db/migrate';
import { haveTranscripts } from '../crm/test-support/shared';
import { cacheFileName, normalizeCrmUrl, openCacheDb, removeCacheFiles } from './cache-file';
import { CacheStore, toCachedRecord } from './cache-store';
import { cacheMigrations } from './migrations';
import { moduleMeta } from './module-meta';
import { recordedUserData } from './test-support/recorded-data';

const tmp = () => mkdtempSync(join(tmpdir(), 'cache-'));

describe('cache file per (URL, user)', () => {
  it('names the file by a hash of the canonical URL and the user, revealing neither', () => {
    const a = cacheFileName('https://CRM.example.com/vte/', 'acme.anna');
    expect(a).toBe(cacheFileName('https://crm.example.com/vte/webservice.php', 'acme.anna'));
    expect(a).not.toBe(cacheFileName('https://crm.example.com/vte', 'acme.bruno'));
    expect(a).not.toBe(cacheFileName('https://crm.example.com/other', 'acme.anna'));
    expect(a).not.toMatch(/anna|example/);
    expect(normalizeCrmUrl('https://CRM.example.com:443/vte/')).toBe('https://crm.example.com/vte');
    expect(normalizeCrmUrl('https://crm.example.com/VTE/webservice.php')).toBe('https://crm.example.com/VTE');
  });

  it('migrates a new file to the latest version, reopens idempotently and refuses another account', () => {
    const dir = tmp();
    const db = openCacheDb(dir, 'https://crm.example.com', 'u1');
    expect(schemaVersion(db)).toBe(cacheMigrations.length);
    if (process.platform !== 'win32') expect(statSync(join(dir, cacheFileName('https://crm.example.com', 'u1'))).mode & 0o777).toBe(0o600);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['meta', 'modules', 'records', 'record_emails', 'names_fts', 'records_fts', 'sync_state']));
    db.close();
    const again = openCacheDb(dir, 'https://crm.example.com', 'u1');
    expect(schemaVersion(again)).toBe(cacheMigrations.length);
    again.close();
    removeCacheFiles(dir, 'https://crm.example.com', 'u1');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('runs each numbered migration in order from an older version', () => {
    const dir = tmp();
    const db = openCacheDb(dir, 'https://crm.example.com', 'u1');
    db.exec('DROP TABLE sync_state');
    db.pragma('user_version = 1');
    db.close();
    const up = openCacheDb(dir, 'https://crm.example.com', 'u1');
    expect(schemaVersion(up)).toBe(cacheMigrations.length);
    expect(up.prepare('SELECT count(*) FROM sync_state').pluck().get()).toBe(0);
    up.close();
  });
});

describe.skipIf(!haveTranscripts)('cache store on the real answers of vtenext (ceo)', () => {
  const data = haveTranscripts ? recordedUserData('ceo') : null;
  const fill = () => {
    const store = new CacheStore(openCacheDb(tmp(), 'https://crm.example.com', 'acme.ceo'));
    for (const [name, d] of data!.describes) {
      const meta = moduleMeta(d, data!.types.information[name] ?? {});
      store.upsertModule(meta);
      store.upsertRecords((data!.rows.get(name) ?? []).map((r) => toCachedRecord(meta, r)));
    }
    return store;
  };

  it('derives module flags from describe: linkable = Messages-related and updateable', () => {
    const store = fill();
    const acc = store.module('Accounts')!;
    expect(acc).toMatchObject({ idPrefix: '3', linkable: true, messagesRelated: true, labelFields: ['accountname'], emailFields: ['email1', 'email2'] });
    const con = store.module('Contacts')!;
    expect(con).toMatchObject({ accountField: 'account_id', labelFields: ['lastname', 'firstname'] });
    expect(store.module('Potentials')).toMatchObject({ accountField: 'related_to', statusField: 'sales_stage' });
    expect(store.module('Messages')!.linkable).toBe(false);
    expect(store.module('Documents')!.linkable).toBe(false);
    store.close();
  });

  it('holds the records with label, emails, phones, account, owner and modifiedtime', () => {
    const store = fill();
    expect(store.count('Contacts')).toBe(data!.rows.get('Contacts')!.length);
    const con21 = store.records('Contacts').find((r) => r.label.includes('Großmann'))!;
    expect(con21.label).toBe('Großmann-Ñúñez Jürgen');
    expect(con21.emails.length).toBe(1);
    expect(con21.accountId).toMatch(/^3x\d+$/);
    expect(con21.ownerId).toMatch(/^(19|22)x\d+$/);
    expect(con21.modifiedtime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    store.close();
  });

  it('keeps the full-text index in step with upserts and deletes (set-based)', () => {
    const store = fill();
    const fts = (q: string) =>
      store.db
        .prepare('SELECT r.id FROM records r WHERE r.rid IN (SELECT rowid FROM names_fts WHERE names_fts MATCH ? UNION SELECT rowid FROM records_fts WHERE records_fts MATCH ?)')
        .pluck()
        .all(q, q) as string[];
    const con21 = store.records('Contacts').find((r) => r.label.includes('Großmann'))!;
    expect(fts('"nunez"*')).toEqual([con21.id]);
    expect(fts('"jurg"*')).toEqual([con21.id]);
    store.upsertRecords([{ ...con21, label: 'Renamed Person' }]);
    expect(fts('"jurg"*')).toEqual([]);
    expect(fts('"renamed"*')).toEqual([con21.id]);
    expect(store.db.prepare('SELECT count(*) FROM records_fts').pluck().get()).toBe(store.count());
    expect(store.db.prepare('SELECT count(*) FROM names_fts').pluck().get()).toBe(store.count());
    expect(store.deleteRecords([con21.id, 'nope'])).toBe(1);
    expect(fts('"renamed"*')).toEqual([]);
    expect(store.db.prepare('SELECT count(*) FROM record_emails e WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.rid = e.rid)').pluck().get()).toBe(0);
    store.close();
  });

  it('purges a module: records, index rows, email rows, checkpoint and metadata', () => {
    const store = fill();
    const before = store.count();
    const n = store.count('Leads');
    store.saveCheckpoint({ module: 'Leads', cursor: '2026-01-01 00:00:00' });
    expect(store.purgeModule('Leads')).toBe(n);
    expect(store.count()).toBe(before - n);
    expect(store.module('Leads')).toBeNull();
    expect(store.checkpoint('Leads').cursor).toBeNull();
    expect(store.db.prepare('SELECT count(*) FROM records_fts').pluck().get()).toBe(store.count());
    expect(store.db.prepare('SELECT count(*) FROM names_fts').pluck().get()).toBe(store.count());
    store.close();
  });
});
