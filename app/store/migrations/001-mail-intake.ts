import type { Migration } from '../../db/migrate';

/**
 * Captured mails and the content-addressed spool. A blob lives while any pin holds it; pins are
 * (owner_kind, owner_id) pairs so that later features (an outbox job, a history entry) can hold
 * the same blobs in their own transaction without touching the mail's rows.
 */
export const mailIntakeMigration: Migration = {
  version: 1,
  name: 'mail intake: captured mails, blobs, pins, attachments',
  up(db) {
    db.exec(`
      CREATE TABLE blobs (
        sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),
        size       INTEGER NOT NULL CHECK (size >= 0),
        created_at TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE blob_pins (
        sha256     TEXT NOT NULL REFERENCES blobs(sha256),
        owner_kind TEXT NOT NULL,
        owner_id   TEXT NOT NULL,
        PRIMARY KEY (owner_kind, owner_id, sha256)
      ) WITHOUT ROWID;
      CREATE INDEX blob_pins_by_blob ON blob_pins(sha256);

      CREATE TABLE captured_mails (
        id               TEXT PRIMARY KEY,
        file_name        TEXT NOT NULL,
        format           TEXT NOT NULL CHECK (format IN ('eml', 'msg', 'tnef')),
        subject          TEXT NOT NULL,
        from_json        TEXT NOT NULL,
        date             TEXT,
        size             INTEGER NOT NULL,
        sha256           TEXT NOT NULL REFERENCES blobs(sha256),
        attachment_count INTEGER NOT NULL,
        captured_at      TEXT NOT NULL,
        warnings_json    TEXT NOT NULL,
        message_id       TEXT,
        -- dedupe keys: vtenext's own message hash and a key for mails without a Message-ID
        vte_hash         TEXT,
        client_key       TEXT,
        view_json        TEXT NOT NULL
      );
      CREATE UNIQUE INDEX captured_mails_by_sha ON captured_mails(sha256);
      CREATE INDEX captured_mails_by_message_id ON captured_mails(message_id);
      CREATE INDEX captured_mails_by_captured_at ON captured_mails(captured_at);

      CREATE TABLE mail_attachments (
        mail_id       TEXT NOT NULL REFERENCES captured_mails(id) ON DELETE CASCADE,
        -- '' for the mail itself, '0', '0.1', ... for embedded messages by embedded index
        part          TEXT NOT NULL,
        idx           INTEGER NOT NULL,
        name          TEXT NOT NULL,
        original_name TEXT NOT NULL,
        content_type  TEXT NOT NULL,
        size          INTEGER NOT NULL,
        sha256        TEXT NOT NULL REFERENCES blobs(sha256),
        content_id    TEXT,
        inline        INTEGER NOT NULL,
        PRIMARY KEY (mail_id, part, idx)
      ) WITHOUT ROWID;
    `);
  },
};
