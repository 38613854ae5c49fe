import type { Database } from '../db/open';
import type { Migration } from '../db/migrate';

/**
 * The accounts table of the app database. Only non-secret facts live here: where the key is
 * kept ('keychain' or 'session') is a marker, so a missing keychain item reads as "locked or
 * lost — re-enter", never as "not configured".
 */
const SQL = `
  CREATE TABLE IF NOT EXISTS crm_accounts (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    user_name TEXT NOT NULL,
    key_storage TEXT NOT NULL CHECK (key_storage IN ('keychain', 'session')),
    pinned_fingerprint256 TEXT,
    crm_user_id TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (url, user_name)
  );
`;

/** For the app's migration list (app/store/migrations), at whatever number is next there. */
export function accountsMigration(version: number): Migration {
  return { version, name: 'crm accounts', up: (db) => db.exec(SQL) };
}

/** Until the step above is in the app's list, the service makes sure the table exists. */
export function ensureAccountsTable(db: Database.Database): void {
  db.exec(SQL);
}
