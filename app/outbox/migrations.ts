import type { Migration } from '../db/migrate';

/**
 * Link jobs, their per-step checkpoints, the single-instance lock, the link history and the
 * privacy preferences. Numbered after the intake's 001. Jobs pin their spooled blobs through the
 * intake's `blob_pins` (owner_kind 'outbox-job'), written in the enqueue transaction.
 */
const outboxTables: Migration = {
  version: 2,
  name: 'outbox: link jobs, checkpoints, lock, history, privacy preferences',
  up(db) {
    db.exec(`
      CREATE TABLE outbox_jobs (
        id              TEXT PRIMARY KEY,
        account_id      TEXT NOT NULL,
        mail_id         TEXT NOT NULL,
        mail_sha256     TEXT NOT NULL,
        -- the Message-ID sent (the mail's own, or a stable one made for a mail without one)
        message_id      TEXT NOT NULL,
        subject         TEXT NOT NULL,
        snapshot_json   TEXT NOT NULL,
        -- account + mail + target set: the same drop queued twice is one job
        dedupe_key      TEXT NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('queued', 'waiting', 'needs_attention', 'done', 'cancelled', 'failed')),
        reason          TEXT,
        last_error_json TEXT,
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        -- checkpoint: the Messages record once created or found
        message_ws_id   TEXT,
        landed_how      TEXT CHECK (landed_how IN ('created', 'ours', 'existing')),
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        done_at         TEXT
      );
      CREATE UNIQUE INDEX outbox_jobs_live_dedupe ON outbox_jobs(dedupe_key) WHERE state <> 'cancelled';
      CREATE INDEX outbox_jobs_by_state ON outbox_jobs(state, next_attempt_at);

      CREATE TABLE outbox_targets (
        job_id  TEXT NOT NULL REFERENCES outbox_jobs(id) ON DELETE CASCADE,
        pos     INTEGER NOT NULL,
        ws_id   TEXT NOT NULL,
        -- pending → in_create (sent as parent_id of a create whose answer is not known yet) → linked
        state   TEXT NOT NULL CHECK (state IN ('pending', 'in_create', 'linked', 'unavailable', 'removed')),
        problem TEXT,
        PRIMARY KEY (job_id, ws_id)
      ) WITHOUT ROWID;

      CREATE TABLE outbox_attachments (
        job_id       TEXT NOT NULL REFERENCES outbox_jobs(id) ON DELETE CASCADE,
        idx          INTEGER NOT NULL,
        name         TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size         INTEGER NOT NULL,
        sha256       TEXT NOT NULL,
        -- already_there: the mail was in the CRM before this job (another job or the Mail Converter sent it)
        state        TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'skipped', 'too_large', 'already_there')),
        PRIMARY KEY (job_id, idx)
      ) WITHOUT ROWID;

      CREATE TABLE outbox_lock (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        owner       TEXT NOT NULL,
        pid         INTEGER NOT NULL,
        host        TEXT NOT NULL,
        acquired_at TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL
      );

      CREATE TABLE link_history (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id        TEXT NOT NULL UNIQUE,
        account_id    TEXT NOT NULL,
        mail_id       TEXT NOT NULL,
        subject       TEXT NOT NULL,
        from_json     TEXT NOT NULL,
        mail_date     TEXT,
        message_id    TEXT NOT NULL,
        message_ws_id TEXT NOT NULL,
        landed_how    TEXT NOT NULL,
        targets_json  TEXT NOT NULL,
        attachments_json TEXT NOT NULL,
        open_url      TEXT NOT NULL,
        linked_at     TEXT NOT NULL
      );
      CREATE INDEX link_history_by_time ON link_history(linked_at);

      CREATE TABLE link_prefs (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};

/**
 * When a job last sent a create (null: never). Until a first one, "did it land?" can only mean
 * "is the mail already in the CRM", which one query answers for many jobs; after one whose
 * outcome is unknown, the server may still be working on it, so the job (and any job of the
 * same mail) waits a settle time before asking.
 */
const createSentAt: Migration = {
  version: 3,
  name: 'outbox: when a job last sent its create',
  up(db) {
    db.exec('ALTER TABLE outbox_jobs ADD COLUMN create_sent_at TEXT');
  },
};

/** The settle rule looks up live jobs of the same mail on every step. */
const jobsByMail: Migration = {
  version: 4,
  name: 'outbox: index jobs by account and Message-ID',
  up(db) {
    db.exec('CREATE INDEX outbox_jobs_by_mail ON outbox_jobs(account_id, message_id)');
  },
};

export const outboxMigrations: Migration[] = [outboxTables, createSentAt, jobsByMail];

/**
 * The mail snapshot moves out of the job row: a 40 KB HTML body stored inline put every column
 * after it (state, times) behind a chain of overflow pages, so each job read walked them, and a
 * scan over 10 000 finished jobs took ~0.3 s. Queued and waiting jobs get an index in the order
 * the sender takes them: without it, finding the next due job sorted the whole queue (and worked
 * out every queued job's settle time) for every job sent, O(n²) over a drain.
 */
export function outboxSnapshotsMigration(version: number): Migration {
  return {
    version,
    name: 'outbox: mail snapshots in their own table; the queue indexed in sending order',
    up(db) {
      db.exec(`
        CREATE TABLE outbox_snapshots (
          job_id        TEXT PRIMARY KEY REFERENCES outbox_jobs(id) ON DELETE CASCADE,
          snapshot_json TEXT NOT NULL
        );
        INSERT INTO outbox_snapshots (job_id, snapshot_json) SELECT id, snapshot_json FROM outbox_jobs;
        ALTER TABLE outbox_jobs DROP COLUMN snapshot_json;
        CREATE INDEX outbox_jobs_queue_order ON outbox_jobs(created_at, id) WHERE state IN ('queued', 'waiting');
      `);
    },
  };
}
