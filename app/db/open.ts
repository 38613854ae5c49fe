import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, type Migration } from './migrate';

export interface OpenOptions {
  migrations: readonly Migration[];
  readonly?: boolean;
}

/**
 * Opens one SQLite file in WAL mode. There is one writer per database (the core process owns
 * the connection); readers in the same process share it.
 */
export function openDatabase(file: string, opts: OpenOptions): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { readonly: opts.readonly ?? false });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly) migrate(db, opts.migrations);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

export type { Database };
