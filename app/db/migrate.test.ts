import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './open';
import { MigrationError, schemaVersion, type Migration } from './migrate';

const m1: Migration = { version: 1, name: 'create', up: (db) => db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)') };
const m2: Migration = { version: 2, name: 'add column', up: (db) => db.exec('ALTER TABLE t ADD COLUMN w TEXT') };
const boom: Migration = {
  version: 3,
  name: 'fails halfway',
  up: (db) => {
    db.exec('CREATE TABLE half (x)');
    throw new Error('disk on fire');
  },
};

function tmpFile() {
  return join(mkdtempSync(join(tmpdir(), 'mig-')), 'db.sqlite');
}

describe('migrations', () => {
  it('applies numbered migrations in order, in WAL mode, and is idempotent on reopen', () => {
    const file = tmpFile();
    const db = openDatabase(file, { migrations: [m2, m1] });
    expect(schemaVersion(db)).toBe(2);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.prepare('INSERT INTO t (v, w) VALUES (?, ?)').run('a', 'b');
    db.close();
    const again = openDatabase(file, { migrations: [m1, m2] });
    expect(again.prepare('SELECT v, w FROM t').get()).toEqual({ v: 'a', w: 'b' });
    again.close();
  });

  it('rolls back a failing step and leaves the previous version intact', () => {
    const file = tmpFile();
    openDatabase(file, { migrations: [m1, m2] }).close();
    expect(() => openDatabase(file, { migrations: [m1, m2, boom] })).toThrow('disk on fire');
    const db = openDatabase(file, { migrations: [m1, m2] });
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare("SELECT count(*) n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a database written by a newer schema, and gaps in numbering', () => {
    const file = tmpFile();
    openDatabase(file, { migrations: [m1, m2] }).close();
    expect(() => openDatabase(file, { migrations: [m1] })).toThrow(MigrationError);
    expect(() => openDatabase(tmpFile(), { migrations: [m1, { ...m2, version: 3 }] })).toThrow(/without gaps/);
  });
});
