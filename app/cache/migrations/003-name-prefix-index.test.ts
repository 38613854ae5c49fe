import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { schemaVersion } from '../../db/migrate';
import { createSearch } from '../../search/search';
import { CacheStore, toCachedRecord } from '../cache-store';
import { fillSynthetic } from '../test-support/synthetic';
import { m001 } from './001-modules-records-fts';
import { m002 } from './002-sync-state';
import { cacheMigrations } from '.';

const indexes = (db: ReturnType<typeof openDatabase>) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND sql IS NOT NULL ORDER BY name").pluck().all();

describe('cache migration 3: name-prefix indexes', () => {
  it('upgrades a filled version-2 cache file in place; search then ranks name prefixes exactly', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cache-m3-')), 'cache.sqlite');
    const v2 = new CacheStore(openDatabase(file, { migrations: [m001, m002] }));
    fillSynthetic(v2, 3000, 500, toCachedRecord);
    v2.saveCheckpoint({ module: 'Contacts', cursor: '2024-01-01 00:16:39', fillDone: true });
    expect(schemaVersion(v2.db)).toBe(2);
    expect(indexes(v2.db)).toEqual(['records_account', 'records_module']);
    v2.close();

    const db = openDatabase(file, { migrations: cacheMigrations });
    expect(schemaVersion(db)).toBe(3);
    expect(indexes(db)).toEqual(['records_account', 'records_name', 'records_recent']);
    const store = new CacheStore(db);
    expect(store.count()).toBe(3000);
    expect(store.checkpoint('Contacts')).toMatchObject({ cursor: '2024-01-01 00:16:39', fillDone: true });
    // Both new indexes answer from the index alone.
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join('; ');
    expect(plan("SELECT rid, modifiedtime FROM records WHERE module = 'Leads' AND label_key >= 'ro' AND label_key < 'rp'")).toContain('COVERING INDEX records_name');
    const newest = plan("SELECT rid, label_key FROM records WHERE module = 'Leads' ORDER BY modifiedtime DESC, rid DESC LIMIT 5");
    expect(newest).toContain('COVERING INDEX records_recent');
    expect(newest).not.toContain('TEMP B-TREE');

    const hits = createSearch(db).search('ro', { limit: 20 });
    expect(hits).toHaveLength(20);
    expect(hits.every((h) => h.match === 'name-prefix' && h.label.toLowerCase().startsWith('ro'))).toBe(true);
    const expected = db
      .prepare("SELECT id FROM records WHERE module IN ('Accounts', 'Contacts', 'Leads', 'Potentials') AND label_key LIKE 'ro%' ORDER BY modifiedtime DESC, rid DESC LIMIT 20")
      .pluck()
      .all();
    expect(hits.map((h) => h.id)).toEqual(expected);
    // Writes after the upgrade keep the new indexes in step.
    store.deleteRecords([hits[0]!.id]);
    expect(createSearch(db).search('ro', { limit: 20 }).map((h) => h.id)).toEqual(
      db.prepare("SELECT id FROM records WHERE module IN ('Accounts', 'Contacts', 'Leads', 'Potentials') AND label_key LIKE 'ro%' ORDER BY modifiedtime DESC, rid DESC LIMIT 20").pluck().all(),
    );
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
  });
});
