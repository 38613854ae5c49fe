/**
 * Records, users and groups on top of SQLite, plus the value conversions between what the
 * webservice receives, what the database keeps and what each user reads back.
 */
import { createHash } from 'node:crypto';
import { type Db, nextId, bumpSeq } from './db';
import { ENTITY_IDS, MODULE_BY_ENTITY_ID, moduleMeta, isNumericType, USER_RECORD_KEYS, type FieldMeta, type ModuleMeta } from './meta';
import { type Privileges } from './privileges';
import { type AccessContext, type RecordRef } from './permissions';
import { convertWall, formatUserDate, wallTime } from './time';
import { vtenextPasswordHash } from './md5crypt';

export interface UserRow {
  id: number; user_name: string; key: string | null; first_name: string; last_name: string; email: string; roleid: string;
  is_admin: number; status: string; accesskey: string; password: string; date_format: string; timezone: string; deleted: number;
}

export interface StoredRecord {
  crmid: number; module: string; smownerid: number; deleted: number; createdtime: string; modifiedtime: string; key: string | null; data: string;
}

export type OutputMode = 'retrieve' | 'query' | 'sync';

type Getter = (r: StoredRecord, data: Record<string, string>) => string;

/**
 * Computed fields with no column of their own: what they read back as per operation. The
 * recorded install answers newsletter_unsubscrpt '0' in query and '1' in retrieve and sync.
 */
const COMPUTED: Record<string, Record<OutputMode, string>> = {
  newsletter_unsubscrpt: { query: '0', retrieve: '1', sync: '1' },
};

/** Values pinned per record key (from a recording's record_meta.json), so times and autonumbers match it. */
export interface PinnedRecordMeta { createdtime?: string; modifiedtime?: string; [autonum: string]: string | undefined }

const AUTONUM_PREFIX: Record<string, string> = {
  Accounts: 'ACC', Contacts: 'CON', Leads: 'LEA', Potentials: 'POT', HelpDesk: 'TT', Documents: 'DOC', Quotes: 'QUO',
  SalesOrder: 'SO', PurchaseOrder: 'PO', Invoice: 'INV', Products: 'PRO', Vendors: 'VEN', Campaigns: 'CAM', Employees: 'EMP',
};

const CRMID_START = 19;
const USERS_START = 4;

export const SANITIZED_OPEN = '\n<!-- begin sanitized html -->\n';
export const SANITIZED_CLOSE = '\n<!-- end sanitized html -->\n';

/** A light stand-in for vtenext's magicHTML: drops active content, keeps the markup. */
export function sanitizeHtml(html: string): string {
  return (
    SANITIZED_OPEN +
    html
      .replace(/<(script|style|iframe|object|embed)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/\son\w+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '')
      .replace(/javascript:/gi, '') +
    SANITIZED_CLOSE
  );
}

export function messageHash(messageid: string, subject: string): string {
  return createHash('sha1').update(messageid + subject).digest('hex');
}

export function wsId(module: string, id: number): string {
  return `${ENTITY_IDS[module] ?? 0}x${id}`;
}

/** Splits 'NxM'; null when there is no 'x' or the parts are not numbers. */
export function parseWsId(id: string): { entity: number; id: number } | null {
  const m = /^(\d+)x(\d+)$/.exec(id.trim());
  return m ? { entity: Number(m[1]), id: Number(m[2]) } : null;
}

export class Store {
  serverTz = 'Europe/Rome';
  clock: () => number = () => Date.now();
  private privCache = new Map<number, Privileges>();
  private userIds: Set<number> | null = null;
  private moduleOf = new Map<number, string>();

  constructor(readonly db: Db) {}

  now(): string {
    return wallTime(this.serverTz, this.clock());
  }

  invalidate(): void {
    this.privCache.clear();
    this.userIds = null;
  }

  // ---- users and groups --------------------------------------------------------------------

  userByName(name: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE user_name = ? AND deleted = 0').get(name) as UserRow | undefined;
  }

  user(id: number): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  }

  isUser(id: number): boolean {
    if (!this.userIds) this.userIds = new Set(this.db.prepare('SELECT id FROM users').pluck().all() as number[]);
    return this.userIds.has(id);
  }

  groupExists(id: number): boolean {
    return this.db.prepare('SELECT 1 FROM groups_ WHERE groupid = ?').get(id) !== undefined;
  }

  privileges(userId: number): Privileges | null {
    let p = this.privCache.get(userId);
    if (!p) {
      const row = this.db.prepare('SELECT data FROM privileges WHERE userid = ?').get(userId) as { data: string } | undefined;
      if (!row) return null;
      p = JSON.parse(row.data) as Privileges;
      this.privCache.set(userId, p);
    }
    return p;
  }

  accessContext(priv: Privileges): AccessContext {
    return {
      priv,
      isUser: (id) => this.isUser(id),
      linkedRecords: (hash) =>
        (this.db.prepare('SELECT r.crmid FROM messagesrel r JOIN crmentity c ON c.crmid = r.crmid WHERE r.messagehash = ? AND c.deleted = 0').pluck().all(hash) as number[])
          .map((id) => this.ref(id))
          .filter((r): r is RecordRef => r !== null),
    };
  }

  ownerWsId(ownerId: number): string {
    return this.isUser(ownerId) ? wsId('Users', ownerId) : wsId('Groups', ownerId);
  }

  // ---- records ----------------------------------------------------------------------------

  record(crmid: number): StoredRecord | undefined {
    return this.db.prepare('SELECT * FROM crmentity WHERE crmid = ?').get(crmid) as StoredRecord | undefined;
  }

  ref(crmid: number): RecordRef | null {
    const r = this.record(crmid);
    if (!r || r.deleted) return null;
    return { crmid: r.crmid, module: r.module, ownerId: r.smownerid, data: JSON.parse(r.data) as Record<string, string> };
  }

  toRef(r: StoredRecord): RecordRef {
    return { crmid: r.crmid, module: r.module, ownerId: r.smownerid, data: JSON.parse(r.data) as Record<string, string> };
  }

  recordModule(crmid: number): string | undefined {
    let m = this.moduleOf.get(crmid);
    if (!m) {
      m = (this.db.prepare('SELECT module FROM crmentity WHERE crmid = ?').pluck().get(crmid) as string | undefined) ?? undefined;
      if (m) this.moduleOf.set(crmid, m);
    }
    return m;
  }

  allocateCrmid(pinned?: number): number {
    if (pinned !== undefined) {
      bumpSeq(this.db, 'crmid', pinned);
      return pinned;
    }
    return nextId(this.db, 'crmid', CRMID_START);
  }

  allocateUserId(pinned?: number): number {
    if (pinned !== undefined) {
      bumpSeq(this.db, 'users', pinned);
      return pinned;
    }
    return nextId(this.db, 'users', USERS_START);
  }

  /** Converts a ws value for storage; references keep only the crmid, uitype-70 values move to server time. */
  toStorage(field: FieldMeta, value: unknown, userTz: string): string {
    if (value === null || value === undefined) return '';
    const v = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
    const t = field.type.name;
    if (t === 'reference') {
      const p = parseWsId(v);
      return p ? String(p.id) : /^\d+$/.test(v) ? v : '';
    }
    if (t === 'boolean') return ['1', 'on', 'true', 'yes'].includes(v.toLowerCase()) ? '1' : '0';
    if (field.uitype === '70' && t === 'datetime') return v ? convertWall(v, userTz, this.serverTz) : '';
    if (isNumericType(t) && v !== '') {
      const n = Number(v);
      if (Number.isNaN(n)) return v;
      const decimals = /\.(\d+)$/.exec(field.empty ?? field.default ?? '')?.[1]?.length ?? (t === 'currency' ? 2 : 0);
      return t === 'integer' ? String(Math.trunc(n)) : n.toFixed(decimals);
    }
    return v;
  }

  /** Reads a stored value back the way the given user sees it. */
  fromStorage(field: FieldMeta, stored: string, user: UserRow, mode: OutputMode): string {
    const t = field.type.name;
    if (t === 'reference') {
      if (!stored || stored === '0') return '';
      const id = Number(stored);
      if (field.type.refersTo?.includes('Users') || field.uitype === '52') return wsId('Users', id);
      if (field.type.refersTo?.includes('DocumentFolders')) return wsId('DocumentFolders', id);
      const m = this.recordModule(id);
      return m ? wsId(m, id) : '';
    }
    if (t === 'date') return formatUserDate(stored, user.date_format);
    if (field.uitype === '70' && t === 'datetime' && mode === 'retrieve') return convertWall(stored, this.serverTz, user.timezone);
    return stored;
  }

  /** Fields a user can see, in the order vtenext lists them for that user (§8.4, FINDINGS 17). */
  visibleFields(meta: ModuleMeta, priv: Privileges): FieldMeta[] {
    const hidden = new Set(priv.isAdmin || priv.viewAll || priv.editAll ? [] : (priv.hiddenFields[meta.name] ?? []));
    const fields = meta.fields.filter((f) => !hidden.has(f.name));
    if (priv.isAdmin) return fields;
    // Non-admins get profile2field order: block order, then field id.
    const blockIndex = (f: FieldMeta): number => (f.blockid ? meta.blocks.indexOf(f.blockid) : Number.MAX_SAFE_INTEGER);
    return [...fields].sort((a, b) => blockIndex(a) - blockIndex(b) || Number(a.fieldid ?? 1e9) - Number(b.fieldid ?? 1e9));
  }

  /** A record in retrieve or query shape, limited to `fields` (plus id). */
  formatRecord(r: StoredRecord, fields: FieldMeta[], user: UserRow, mode: OutputMode): Record<string, string> {
    return this.formatter(fields, user, mode, r.module)(r);
  }

  /**
   * Compiles the per-field conversions once, so a page of records pays only for the lookups
   * (query pages of 1,000 rows × 70 fields are the sandbox's hot path).
   */
  formatter(fields: FieldMeta[], user: UserRow, mode: OutputMode, module: string): (r: StoredRecord) => Record<string, string> {
    const plan = this.plan(fields, user, mode, module);
    // Seventy keyed stores into `{}` leave V8 a slow dictionary object, and JSON.stringify of a
    // page of those dominates a query. Copies of one parsed template keep a shared fast layout;
    // the template is built by the same assignments, so keys and their order do not change.
    const shape: Record<string, string> = {};
    for (const [name] of plan) shape[name] = '';
    shape.id = '';
    const template = JSON.parse(JSON.stringify(shape)) as Record<string, string>;
    return (r) => {
      const data = JSON.parse(r.data) as Record<string, string>;
      const out = { ...template };
      for (const [name, get] of plan) out[name] = get(r, data);
      out.id = wsId(r.module, r.crmid);
      return out;
    };
  }

  /**
   * Whether formatting these fields reads more of a record than its id, module, owner and
   * modifiedtime: a page of ids and times (a keyset look-ahead, a sweep) can then be answered
   * from the crmentity index alone.
   */
  readsRecord(fields: FieldMeta[], mode: OutputMode, module: string): boolean {
    return fields.some(
      (f) => !['id', 'modifiedtime', 'assigned_user_id'].includes(f.name) && !COMPUTED[f.name] && !(module === 'Messages' && f.name === 'description' && mode !== 'retrieve'),
    );
  }

  private plan(fields: FieldMeta[], user: UserRow, mode: OutputMode, module: string): Array<[string, Getter]> {
    const plan: Array<[string, Getter]> = [];
    for (const f of fields) {
      if (f.name === 'id') continue;
      const computed = COMPUTED[f.name];
      const fallback = f.empty ?? '';
      const raw: Getter =
        f.name === 'createdtime' ? (r) => r.createdtime
        : f.name === 'modifiedtime' ? (r) => r.modifiedtime
        // Generated bulk data stores only what differs from the field defaults.
        : fallback === '$created' ? (r, d) => d[f.name] ?? r.createdtime
        : (_r, d) => d[f.name] ?? fallback;
      let get: Getter;
      if (f.name === 'assigned_user_id') get = (r) => this.ownerWsId(r.smownerid);
      else if (computed) get = () => computed[mode];
      else if (module === 'Messages' && f.name === 'description') {
        // Messages keep no body; retrieve falls back to cleaned_body, query does not (FINDINGS 12).
        get = mode === 'retrieve' ? (_r, d) => d.cleaned_body ?? '' : () => '';
      } else if (f.type.name === 'reference' || f.type.name === 'date' || (f.uitype === '70' && f.type.name === 'datetime' && mode === 'retrieve')) {
        get = (r, d) => this.fromStorage(f, raw(r, d), user, mode);
      } else get = raw;
      plan.push([f.name, get]);
    }
    return plan;
  }

  /**
   * Inserts a record. `values` are ws-shaped (ids as 'NxM', dates yyyy-mm-dd); unknown keys are
   * kept, as vtenext copies them into column_fields.
   */
  insertRecord(opts: {
    module: string; ownerId: number; creatorId: number; values: Record<string, unknown>; userTz: string; crmid?: number; key?: string; pinned?: PinnedRecordMeta;
  }): number {
    const meta = moduleMeta(opts.module);
    if (!meta) throw new Error(`no metadata for ${opts.module}`);
    const crmid = this.allocateCrmid(opts.crmid);
    const time = opts.pinned?.createdtime ?? this.now();
    const modified = opts.pinned?.modifiedtime ?? time;
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.values)) {
      if (k === 'id' || k === 'assigned_user_id' || k === 'createdtime' || k === 'modifiedtime') continue;
      const f = meta.fields.find((x) => x.name === k);
      data[k] = f ? this.toStorage(f, v, opts.userTz) : typeof v === 'string' ? v : JSON.stringify(v);
    }
    for (const f of meta.fields) {
      if (f.name === 'id' || f.name === 'assigned_user_id' || f.name === 'createdtime' || f.name === 'modifiedtime') continue;
      if (f.uitype === '4') data[f.name] = opts.pinned?.[f.name] ?? `${AUTONUM_PREFIX[opts.module] ?? opts.module.slice(0, 3).toUpperCase()}${nextId(this.db, `autonum:${opts.module}`, 1)}`;
      else if (f.uitype === '52' && f.name === 'creator') data[f.name] = String(opts.creatorId);
      else if (data[f.name] === undefined || (data[f.name] === '' && f.empty !== undefined && f.empty !== '' && f.type.name !== 'date')) {
        data[f.name] = f.empty === '$created' ? time : (f.empty ?? '');
      }
    }
    this.db
      .prepare('INSERT INTO crmentity(crmid, module, smownerid, deleted, createdtime, modifiedtime, key, data) VALUES(?, ?, ?, 0, ?, ?, ?, ?)')
      .run(crmid, opts.module, opts.ownerId, time, modified, opts.key ?? null, JSON.stringify(data));
    this.moduleOf.set(crmid, opts.module);
    return crmid;
  }

  updateRecord(crmid: number, values: Record<string, unknown>, ownerId: number | null, userTz: string, replace: boolean): void {
    const r = this.record(crmid);
    if (!r) return;
    const meta = moduleMeta(r.module);
    if (!meta) return;
    const data = JSON.parse(r.data) as Record<string, string>;
    if (replace) {
      // update is a full replacement: editable fields that are not sent become empty (spec §5.5).
      for (const f of meta.fields) if (f.editable && f.name !== 'assigned_user_id' && !(f.name in values)) data[f.name] = f.type.name === 'boolean' ? '0' : '';
    }
    for (const [k, v] of Object.entries(values)) {
      if (k === 'id' || k === 'assigned_user_id' || k === 'createdtime' || k === 'modifiedtime') continue;
      const f = meta.fields.find((x) => x.name === k);
      if (f && !f.editable) continue;
      data[k] = f ? this.toStorage(f, v, userTz) : typeof v === 'string' ? v : JSON.stringify(v);
    }
    // Numeric columns cannot hold '': MySQL stores their zero, which reads back as the field default.
    for (const f of meta.fields) if (isNumericType(f.type.name) && data[f.name] === '' && f.empty) data[f.name] = f.empty;
    this.db.prepare('UPDATE crmentity SET data = ?, smownerid = ?, modifiedtime = ? WHERE crmid = ?').run(JSON.stringify(data), ownerId ?? r.smownerid, this.now(), crmid);
  }

  softDelete(crmid: number): void {
    this.db.prepare('UPDATE crmentity SET deleted = 1, modifiedtime = ? WHERE crmid = ?').run(this.now(), crmid);
  }

  touch(crmid: number): void {
    this.db.prepare('UPDATE crmentity SET modifiedtime = ? WHERE crmid = ?').run(this.now(), crmid);
  }

  reassign(crmid: number, ownerId: number): void {
    this.db.prepare('UPDATE crmentity SET smownerid = ?, modifiedtime = ? WHERE crmid = ?').run(ownerId, this.now(), crmid);
  }

  // ---- users as records -----------------------------------------------------------------

  /** The Users record as an admin retrieves it (FINDINGS 10: hashes and access key included). */
  userRecord(u: UserRow, sample: Record<string, string>): Record<string, string> {
    const values: Record<string, string> = {
      ...sample,
      user_name: u.user_name, is_admin: u.is_admin ? 'on' : 'off', user_password: vtenextPasswordHash(u.user_name, u.password),
      confirm_password: vtenextPasswordHash(u.user_name, ''), email1: u.email, status: u.status, first_name: u.first_name, last_name: u.last_name,
      roleid: u.roleid, user_timezone: u.timezone, date_format: u.date_format, accesskey: u.accesskey, currency_id: wsId('Currency', 1),
    };
    const out: Record<string, string> = {};
    for (const k of USER_RECORD_KEYS) if (k !== 'id') out[k] = values[k] ?? '';
    out.id = wsId('Users', u.id);
    return out;
  }

  moduleOfEntity(entity: number): string | undefined {
    return MODULE_BY_ENTITY_ID[entity];
  }
}
