import type { Migration } from '../../db/migrate';

/**
 * Per-module sync checkpoint, written in the same transaction as each page so a crash resumes
 * at the last committed page rather than refilling.
 */
export const m002: Migration = {
  version: 2,
  name: 'sync checkpoints',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (
        module TEXT PRIMARY KEY,
        cursor TEXT,
        fill_done INTEGER NOT NULL DEFAULT 0,
        fields_hash TEXT,
        last_reconcile TEXT,
        last_error TEXT
      ) WITHOUT ROWID;
    `);
  },
};
