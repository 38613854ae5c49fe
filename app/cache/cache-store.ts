import type { Database } from '../db/open';
import type { CrmRecord } from '../crm/types';
import type { ModuleMeta } from './module-meta';
import { foldText, normalizeEmail } from './normalize';

export interface CachedRecord {
  id: string;
  module: string;
  label: string;
  emails: string[];
  phones: string[];
  accountId: string | null;
  ownerId: string | null;
  modifiedtime: string;
  open: boolean;
  display: Record<string, string>;
}

export interface SyncCheckpoint {
  module: string;
  cursor: string | null;
  fillDone: boolean;
  fieldsHash: string | null;
  lastReconcile: string | null;
  lastError: string | null;
}

interface ModuleRow {
  name: string; label: string; singular: string; id_prefix: string;
  createable: number; updateable: number; deleteable: number; retrieveable: number;
  messages_related: number; linkable: number;
  label_fields: string; email_fields: string; phone_fields: string;
  account_field: string | null; status_field: string | null;
  visible_fields: string; display_fields: string; fields_hash: string;
}

interface RecordRow {
  id: string; module: string; label: string; emails: string; phones: string;
  account_id: string | null; owner_id: string | null; modifiedtime: string; open: number; display: string;
}

const CLOSED = /^closed/i;

/** Turns a record as `query` returns it into the cached shape, keeping only what search needs. */
export function toCachedRecord(meta: ModuleMeta, r: CrmRecord): CachedRecord {
  const val = (f: string) => (r[f] ?? '').trim();
  const label = meta.labelFields.map(val).filter((s) => s !== '').join(' ') || val(meta.visibleFields[0] ?? 'id') || String(r.id);
  const emails = [...new Set(meta.emailFields.map(val).filter((s) => s.includes('@')).map(normalizeEmail))];
  const phones = [...new Set(meta.phoneFields.map(val).filter((s) => s !== ''))];
  const display: Record<string, string> = {};
  for (const f of meta.displayFields) if (val(f) !== '') display[f] = val(f);
  const account = meta.accountField ? val(meta.accountField) : '';
  const owner = val('assigned_user_id');
  return {
    id: String(r.id),
    module: meta.name,
    label,
    emails,
    phones,
    accountId: account === '' ? null : account,
    ownerId: owner === '' ? null : owner,
    modifiedtime: val('modifiedtime'),
    open: meta.statusField ? !CLOSED.test(val(meta.statusField)) : true,
    display,
  };
}

/**
 * The per-(URL, user) cache. Every write is one transaction; the full-text index is maintained
 * set-based per batch from a staging table (performance-anchors: per-row triggers cost 10–14×).
 */
export class CacheStore {
  private readonly stmts: Record<'stage' | 'upsertModule' | 'checkpoint', Database.Statement>;

  constructor(readonly db: Database.Database) {
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS batch (
      id TEXT PRIMARY KEY, module TEXT, label TEXT, label_key TEXT, emails TEXT, phones TEXT,
      account_id TEXT, owner_id TEXT, modifiedtime TEXT, open INTEGER, display TEXT, other TEXT)`);
    db.exec('CREATE TEMP TABLE IF NOT EXISTS gone (rid INTEGER PRIMARY KEY)');
    this.stmts = {
      stage: this.db.prepare(`INSERT OR REPLACE INTO temp.batch VALUES (@id, @module, @label, @label_key, @emails, @phones, @account_id, @owner_id, @modifiedtime, @open, @display, @other)`),
      upsertModule: this.db.prepare(`INSERT INTO modules VALUES (@name, @label, @singular, @id_prefix, @createable, @updateable, @deleteable, @retrieveable,
          @messages_related, @linkable, @label_fields, @email_fields, @phone_fields, @account_field, @status_field, @visible_fields, @display_fields, @fields_hash)
        ON CONFLICT(name) DO UPDATE SET label=excluded.label, singular=excluded.singular, id_prefix=excluded.id_prefix, createable=excluded.createable,
          updateable=excluded.updateable, deleteable=excluded.deleteable, retrieveable=excluded.retrieveable, messages_related=excluded.messages_related,
          linkable=excluded.linkable, label_fields=excluded.label_fields, email_fields=excluded.email_fields, phone_fields=excluded.phone_fields,
          account_field=excluded.account_field, status_field=excluded.status_field, visible_fields=excluded.visible_fields,
          display_fields=excluded.display_fields, fields_hash=excluded.fields_hash`),
      checkpoint: this.db.prepare('SELECT module, cursor, fill_done, fields_hash, last_reconcile, last_error FROM sync_state WHERE module = ?'),
    };
  }


  // --- modules -------------------------------------------------------------------------------

  upsertModule(m: ModuleMeta): void {
    this.stmts.upsertModule.run({
      name: m.name, label: m.label, singular: m.singular, id_prefix: m.idPrefix,
      createable: +m.createable, updateable: +m.updateable, deleteable: +m.deleteable, retrieveable: +m.retrieveable,
      messages_related: +m.messagesRelated, linkable: +m.linkable,
      label_fields: JSON.stringify(m.labelFields), email_fields: JSON.stringify(m.emailFields), phone_fields: JSON.stringify(m.phoneFields),
      account_field: m.accountField, status_field: m.statusField,
      visible_fields: JSON.stringify(m.visibleFields), display_fields: JSON.stringify(m.displayFields), fields_hash: m.fieldsHash,
    });
  }

  modules(): ModuleMeta[] {
    return (this.db.prepare('SELECT * FROM modules ORDER BY name').all() as ModuleRow[]).map(rowToMeta);
  }

  module(name: string): ModuleMeta | null {
    const r = this.db.prepare('SELECT * FROM modules WHERE name = ?').get(name) as ModuleRow | undefined;
    return r ? rowToMeta(r) : null;
  }

  /** The module left the user's listtypes (or is no longer cached): nothing of it may remain. */
  purgeModule(name: string): number {
    return this.db.transaction(() => {
      const n = this.clearModuleRecords(name);
      this.db.prepare('DELETE FROM sync_state WHERE module = ?').run(name);
      this.db.prepare('DELETE FROM modules WHERE name = ?').run(name);
      return n;
    })();
  }

  /** Drops a module's records and checkpoint but keeps its metadata (a refill follows). */
  resetModule(name: string): number {
    return this.db.transaction(() => {
      const n = this.clearModuleRecords(name);
      this.db.prepare('DELETE FROM sync_state WHERE module = ?').run(name);
      return n;
    })();
  }

  private clearModuleRecords(name: string): number {
    this.db.prepare('DELETE FROM temp.gone').run();
    this.db.prepare('INSERT INTO temp.gone SELECT rid FROM records WHERE module = ?').run(name);
    return this.deleteGone();
  }

  // --- records -------------------------------------------------------------------------------

  /**
   * Upserts one page of records and, in the same transaction, the module's checkpoint — so a
   * crash never leaves a checkpoint ahead of the data.
   */
  upsertRecords(records: readonly CachedRecord[], checkpoint?: Partial<SyncCheckpoint> & { module: string }): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM temp.batch').run();
      for (const r of records) {
        this.stmts.stage.run({
          id: r.id, module: r.module, label: r.label, label_key: foldText(r.label),
          emails: JSON.stringify(r.emails), phones: JSON.stringify(r.phones),
          account_id: r.accountId, owner_id: r.ownerId, modifiedtime: r.modifiedtime, open: +r.open,
          display: JSON.stringify(r.display),
          other: [...r.phones, ...Object.values(r.display)].join(' '),
        });
      }
      // Pages overlap at their modifiedtime boundary and reconciles re-read rows: an unchanged
      // row costs nothing (rewriting contentless FTS rows is the most expensive step).
      this.db.prepare(`DELETE FROM temp.batch WHERE EXISTS (SELECT 1 FROM records r WHERE r.id = batch.id AND r.module = batch.module
        AND r.modifiedtime = batch.modifiedtime AND r.label = batch.label AND r.emails = batch.emails AND r.phones = batch.phones
        AND r.display = batch.display AND r.account_id IS batch.account_id AND r.owner_id IS batch.owner_id AND r.open = batch.open)`).run();
      // CROSS JOIN keeps the small staging table as the outer loop; otherwise the planner may scan
      // every cached record once per batch (fill time then grows with the square of the size).
      const old = 'SELECT r.rid FROM temp.batch b CROSS JOIN records r ON r.id = b.id';
      this.db.prepare(`DELETE FROM names_fts WHERE rowid IN (${old})`).run();
      this.db.prepare(`DELETE FROM records_fts WHERE rowid IN (${old})`).run();
      this.db.prepare(`DELETE FROM record_emails WHERE rid IN (${old})`).run();
      this.db.prepare(`INSERT INTO records (id, module, label, label_key, emails, phones, account_id, owner_id, modifiedtime, open, display)
        SELECT id, module, label, label_key, emails, phones, account_id, owner_id, modifiedtime, open, display FROM temp.batch WHERE true
        ON CONFLICT(id) DO UPDATE SET module=excluded.module, label=excluded.label, label_key=excluded.label_key, emails=excluded.emails,
          phones=excluded.phones, account_id=excluded.account_id, owner_id=excluded.owner_id, modifiedtime=excluded.modifiedtime,
          open=excluded.open, display=excluded.display`).run();
      this.db.prepare('INSERT INTO names_fts (rowid, label) SELECT r.rid, b.label FROM temp.batch b CROSS JOIN records r ON r.id = b.id').run();
      this.db.prepare(`INSERT INTO records_fts (rowid, emails, other)
        SELECT r.rid, replace(replace(replace(b.emails, '[', ''), ']', ''), '"', ' '), b.other FROM temp.batch b CROSS JOIN records r ON r.id = b.id`).run();
      this.db.prepare(`INSERT OR IGNORE INTO record_emails (email, rid)
        SELECT j.value, r.rid FROM temp.batch b CROSS JOIN records r ON r.id = b.id CROSS JOIN json_each(b.emails) j`).run();
      this.db.prepare('DELETE FROM temp.batch').run();
      if (checkpoint) this.saveCheckpoint(checkpoint);
    })();
  }

  /** Removes records by id (set-based, index rows included). Returns how many existed. */
  deleteRecords(ids: readonly string[]): number {
    if (ids.length === 0) return 0;
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM temp.gone').run();
      const ins = this.db.prepare('INSERT OR IGNORE INTO temp.gone SELECT rid FROM records WHERE id = ?');
      for (const id of ids) ins.run(id);
      return this.deleteGone();
    })();
  }

  private deleteGone(): number {
    this.db.prepare('DELETE FROM names_fts WHERE rowid IN (SELECT rid FROM temp.gone)').run();
    this.db.prepare('DELETE FROM records_fts WHERE rowid IN (SELECT rid FROM temp.gone)').run();
    this.db.prepare('DELETE FROM record_emails WHERE rid IN (SELECT rid FROM temp.gone)').run();
    const n = this.db.prepare('DELETE FROM records WHERE rid IN (SELECT rid FROM temp.gone)').run().changes;
    this.db.prepare('DELETE FROM temp.gone').run();
    return n;
  }

  recordIds(module: string): Set<string> {
    return new Set((this.db.prepare('SELECT id FROM records WHERE module = ?').pluck().all(module) as string[]));
  }

  records(module?: string): CachedRecord[] {
    const rows = (module === undefined
      ? this.db.prepare('SELECT * FROM records ORDER BY module, label_key').all()
      : this.db.prepare('SELECT * FROM records WHERE module = ? ORDER BY label_key').all(module)) as RecordRow[];
    return rows.map(rowToRecord);
  }

  record(id: string): CachedRecord | null {
    const r = this.db.prepare('SELECT * FROM records WHERE id = ?').get(id) as RecordRow | undefined;
    return r ? rowToRecord(r) : null;
  }

  count(module?: string): number {
    return (module === undefined
      ? this.db.prepare('SELECT count(*) FROM records').pluck().get()
      : this.db.prepare('SELECT count(*) FROM records WHERE module = ?').pluck().get(module)) as number;
  }

  // --- checkpoints ---------------------------------------------------------------------------

  checkpoint(module: string): SyncCheckpoint {
    const r = this.stmts.checkpoint.get(module) as
      | { module: string; cursor: string | null; fill_done: number; fields_hash: string | null; last_reconcile: string | null; last_error: string | null }
      | undefined;
    return r
      ? { module, cursor: r.cursor, fillDone: r.fill_done === 1, fieldsHash: r.fields_hash, lastReconcile: r.last_reconcile, lastError: r.last_error }
      : { module, cursor: null, fillDone: false, fieldsHash: null, lastReconcile: null, lastError: null };
  }

  saveCheckpoint(c: Partial<SyncCheckpoint> & { module: string }): void {
    const cur = { ...this.checkpoint(c.module), ...c };
    this.db
      .prepare(`INSERT INTO sync_state (module, cursor, fill_done, fields_hash, last_reconcile, last_error) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(module) DO UPDATE SET cursor=excluded.cursor, fill_done=excluded.fill_done, fields_hash=excluded.fields_hash,
          last_reconcile=excluded.last_reconcile, last_error=excluded.last_error`)
      .run(cur.module, cur.cursor, +cur.fillDone, cur.fieldsHash, cur.lastReconcile, cur.lastError);
  }

  close(): void {
    this.db.close();
  }
}

function rowToMeta(r: ModuleRow): ModuleMeta {
  const arr = (s: string) => JSON.parse(s) as string[];
  return {
    name: r.name, label: r.label, singular: r.singular, idPrefix: r.id_prefix,
    createable: r.createable === 1, updateable: r.updateable === 1, deleteable: r.deleteable === 1, retrieveable: r.retrieveable === 1,
    messagesRelated: r.messages_related === 1, linkable: r.linkable === 1,
    labelFields: arr(r.label_fields), emailFields: arr(r.email_fields), phoneFields: arr(r.phone_fields),
    accountField: r.account_field, statusField: r.status_field,
    visibleFields: arr(r.visible_fields), displayFields: arr(r.display_fields), fieldsHash: r.fields_hash,
  };
}

export function rowToRecord(r: RecordRow): CachedRecord {
  return {
    id: r.id, module: r.module, label: r.label,
    emails: JSON.parse(r.emails) as string[], phones: JSON.parse(r.phones) as string[],
    accountId: r.account_id, ownerId: r.owner_id, modifiedtime: r.modifiedtime, open: r.open === 1,
    display: JSON.parse(r.display) as Record<string, string>,
  };
}
