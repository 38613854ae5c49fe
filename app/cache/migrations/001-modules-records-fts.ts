import type { Migration } from '../../db/migrate';

/**
 * What this (URL, user) may see: the modules listtypes/describe granted and the records query
 * returned. FTS5 is contentless (the text lives in `records`) with contentless_delete so a
 * batch can remove its old index rows by rowid in one statement. Names have their own index:
 * a name query then never walks the long posting lists of e-mail words such as "info".
 */
export const m001: Migration = {
  version: 1,
  name: 'modules, records, record emails, full-text index',
  up(db) {
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE modules (
        name TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        singular TEXT NOT NULL,
        id_prefix TEXT NOT NULL,
        createable INTEGER NOT NULL,
        updateable INTEGER NOT NULL,
        deleteable INTEGER NOT NULL,
        retrieveable INTEGER NOT NULL,
        messages_related INTEGER NOT NULL,
        linkable INTEGER NOT NULL,
        label_fields TEXT NOT NULL,
        email_fields TEXT NOT NULL,
        phone_fields TEXT NOT NULL,
        account_field TEXT,
        status_field TEXT,
        visible_fields TEXT NOT NULL,
        display_fields TEXT NOT NULL,
        fields_hash TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE records (
        rid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        module TEXT NOT NULL REFERENCES modules(name),
        label TEXT NOT NULL,
        label_key TEXT NOT NULL,
        emails TEXT NOT NULL,
        phones TEXT NOT NULL,
        account_id TEXT,
        owner_id TEXT,
        modifiedtime TEXT NOT NULL,
        open INTEGER NOT NULL,
        display TEXT NOT NULL
      );
      CREATE INDEX records_module ON records(module, modifiedtime);
      CREATE INDEX records_account ON records(account_id) WHERE account_id IS NOT NULL;

      CREATE TABLE record_emails (
        email TEXT NOT NULL,
        rid INTEGER NOT NULL,
        PRIMARY KEY (email, rid)
      ) WITHOUT ROWID;
      CREATE INDEX record_emails_rid ON record_emails(rid);

      CREATE VIRTUAL TABLE names_fts USING fts5(
        label,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3'
      );
      CREATE VIRTUAL TABLE records_fts USING fts5(
        emails, other,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3'
      );
    `);
  },
};
