/** create (with the Messages external_plugin attachments), update, revise, delete, relate (spec §5.4–5.9, §6.2, §7). */
import { createHash } from 'node:crypto';
import { type AuthedContext, type OpContext, type Params, type UploadedFile, WsError, authed, decodeEncoded, DENIED, DENIED_ID, DENIED_READ_OBJECT, DENIED_WRITE } from './context';
import { moduleMeta, type ModuleMeta, TYPE_INFO } from '../core/meta';
import { isPermitted, moduleFlags } from '../core/permissions';
import { inListtypes, permittedTypes, resolveRecord } from './access';
import { parseWsId, sanitizeHtml, messageHash, type StoredRecord } from '../core/store';
import { formatForUser } from './ops-read';

type Element = Record<string, unknown>;

const str = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));
const isEmpty = (v: unknown): boolean => v === null || v === undefined || str(v) === '';

/** Modules a Messages record can be linked to (vte_relatedlists get_messages_list, spec §7.3). */
const NOT_MESSAGE_LINKABLE = new Set(['ModComments', 'Emails', 'Sms', 'Fax', 'Newsletter', 'Messages', 'PBXManager', 'Charts', 'Faq', 'ProjectPlan', 'Users', 'Reports']);

function checkReferences(a: AuthedContext, meta: ModuleMeta, element: Element, spacer: string): void {
  const allowed = new Set(permittedTypes(a.priv));
  for (const f of meta.fields) {
    if (f.type.name !== 'reference' || isEmpty(element[f.name])) continue;
    const p = parseWsId(str(element[f.name]));
    const target = p ? a.store.moduleOfEntity(p.entity) : undefined;
    if (!p || !target || !(f.type.refersTo ?? []).includes(target)) throw new WsError('REFERENCE_INVALID', `Invalid reference specified for ${f.name}`);
    if (target !== 'Users' && !allowed.has(target)) throw new WsError('ACCESS_DENIED', `Permission to access reference type is denied${spacer}${target}`);
  }
}

function checkMandatory(meta: ModuleMeta, element: Element, onlySent: boolean): void {
  for (const f of meta.fields) {
    if (!f.mandatory || f.name === 'id') continue;
    if (onlySent && !(f.name in element)) continue;
    if (isEmpty(element[f.name])) throw new WsError('MANDATORY_FIELDS_MISSING', `${f.name} does not have a value`);
  }
}

/** hasAssignPrivilege (spec §5.4): any active user; groups limited for private/read-only modules. */
function resolveOwner(a: AuthedContext, module: string, value: unknown): number {
  const p = parseWsId(str(value));
  const kind = p ? a.store.moduleOfEntity(p.entity) : undefined;
  if (!p || (kind !== 'Users' && kind !== 'Groups')) throw new WsError('INVALID_ID_ATTRIBUTE', 'Invalid owner of the record');
  if (kind === 'Users') {
    const u = a.store.user(p.id);
    if (!u || u.deleted || u.status !== 'Active') throw new WsError('ACCESS_DENIED', 'Cannot assign record to the given user');
    return p.id;
  }
  if (!a.store.groupExists(p.id)) throw new WsError('ACCESS_DENIED', 'Cannot assign record to the given user');
  const def = a.priv.defaultSharing[module] ?? 2;
  if (!a.priv.isAdmin && !a.priv.editAll && (def === 3 || def === 0)) {
    const writable = a.priv.write[module]?.groups ?? [];
    if (!a.priv.groups.includes(p.id) && !writable.includes(p.id)) throw new WsError('ACCESS_DENIED', 'Cannot assign record to the given user');
  }
  return p.id;
}

function saveMessageLinks(a: AuthedContext, hash: string, entries: string[]): void {
  const insert = a.store.db.prepare('INSERT OR IGNORE INTO messagesrel(messagehash, crmid, module) VALUES(?, ?, ?)');
  for (const entry of entries) {
    const raw = entry.split('@')[0] ?? '';
    const crmid = parseWsId(raw)?.id ?? (/^\d+$/.test(raw) ? Number(raw) : NaN);
    if (!Number.isFinite(crmid)) continue;
    const target = a.store.record(crmid);
    if (!target || target.deleted) continue;
    insert.run(hash, crmid, target.module);
  }
}

/** $upload_badext of config.template.php: such files get '.txt' appended when stored. */
const BAD_EXTENSIONS = new Set(['php', 'php3', 'php4', 'php5', 'pl', 'cgi', 'py', 'asp', 'cfm', 'js', 'vbs', 'html', 'htm', 'exe', 'bin', 'bat', 'sh', 'dll', 'phps', 'phtml', 'xhtml', 'rb', 'msi', 'jsp', 'shtml', 'sth', 'shtm']);

export function storedFileName(name: string): string {
  const safe = name.replace(/ /g, '_');
  const ext = /\.([^.]+)$/.exec(safe)?.[1]?.toLowerCase();
  return ext && BAD_EXTENSIONS.has(ext) ? `${safe}.txt` : safe;
}

function storeAttachment(a: AuthedContext, file: UploadedFile): number {
  const attId = a.store.allocateCrmid();
  a.store.db.prepare('INSERT INTO attachments(attachmentsid, name, type, content) VALUES(?, ?, ?, ?)').run(attId, storedFileName(file.filename), file.contentType, file.data);
  return attId;
}

/** Messages::save_module with external_plugin: every uploaded file becomes a Document (FINDINGS 13). */
function saveAttachments(a: AuthedContext, messagesid: number, ownerId: number): void {
  let contentid = 0;
  for (const file of a.files) {
    if (file.data.length === 0) continue;
    const title = file.filename.includes('_') ? file.filename.slice(file.filename.indexOf('_') + 1) : file.filename;
    const docId = a.store.insertRecord({
      module: 'Documents', ownerId, creatorId: a.user.id, userTz: a.user.timezone,
      values: {
        notes_title: title, filelocationtype: 'I', filestatus: '1', folderid: '2', filename: storedFileName(file.filename),
        filesize: String(file.data.length), filetype: file.contentType, backend_name: 'file', fileversion: '', filedownloadcount: '0', active_portal: '0', notecontent: '',
      },
    });
    storeAttachment(a, file);
    a.store.db
      .prepare('INSERT INTO messages_attach(messagesid, contentid, contentname, contenttype, contentdisposition, document, size) VALUES(?, ?, ?, ?, ?, ?, ?)')
      .run(messagesid, contentid++, title, file.contentType, 'external attachment', docId, file.data.length);
  }
}

export function create(ctx: OpContext, p: Params): unknown {
  const a = authed(ctx);
  const module = p.elementType ?? '';
  if (!module || !inListtypes(a.priv, module) || !TYPE_INFO[module]?.isEntity) throw new WsError('ACCESS_DENIED', DENIED);
  const meta = moduleMeta(module);
  if (!meta || module === 'Users') throw new WsError('ACCESS_DENIED', DENIED);
  if (!moduleFlags(a.priv, module).write) throw new WsError('ACCESS_DENIED', DENIED_WRITE);
  const decoded = decodeEncoded(p.element);
  const element: Element = decoded && typeof decoded === 'object' && !Array.isArray(decoded) ? { ...(decoded as Element) } : {};
  delete element.id;
  checkReferences(a, meta, element, '');
  checkMandatory(meta, element, false);
  const ownerId = resolveOwner(a, module, element.assigned_user_id);
  const values: Element = { ...element };

  return a.store.db.transaction(() => {
    if (module === 'Messages') {
      const messageid = str(values.messageid) || `<${createHash('md5').update(String(a.store.clock()) + Math.random()).digest('hex')}@sandbox.local>`;
      values.messageid = messageid;
      if (isEmpty(values.mreferences)) values.mreferences = str(values.in_reply_to);
      values.cleaned_body = sanitizeHtml(str(values.description));
      // Messages::save nulls the body: only cleaned_body is kept.
      values.description = '';
      values.messagehash = messageHash(messageid, str(values.subject));
    }
    const upload = module === 'Documents' ? a.files.find((f) => f.field === 'filename') ?? a.files[0] : undefined;
    if (upload && upload.data.length > 0) {
      // Documents::save_module for an internal file: the part becomes the document's attachment.
      values.filelocationtype = 'I';
      values.filename = storedFileName(upload.filename);
      values.filesize = String(upload.data.length);
      values.filetype = upload.contentType;
    }
    const crmid = a.store.insertRecord({ module, ownerId, creatorId: a.user.id, values, userTz: a.user.timezone });
    if (upload && upload.data.length > 0) storeAttachment(a, upload);
    if (module === 'Messages') {
      const hash = str(values.messagehash);
      saveMessageLinks(a, hash, str(values.parent_id).split('|').filter(Boolean));
      if (a.files.length && str(values.hasattachments) === 'True' && str(values.external_plugin) === 'true') saveAttachments(a, crmid, ownerId);
    }
    const rec = a.store.record(crmid) as StoredRecord;
    return formatForUser(a, rec, 'retrieve');
  })();
}

function writeRecord(ctx: OpContext, p: Params, revise: boolean): unknown {
  const a = authed(ctx);
  const decoded = decodeEncoded(p.element);
  const element: Element = decoded && typeof decoded === 'object' && !Array.isArray(decoded) ? { ...(decoded as Element) } : {};
  const { record } = resolveRecord(a, str(element.id) || null);
  const ref = a.store.toRef(record);
  if (!isPermitted(a.store.accessContext(a.priv), record.module, 'EditView', ref)) throw new WsError('ACCESS_DENIED', DENIED_READ_OBJECT);
  if (!moduleFlags(a.priv, record.module).write) throw new WsError('ACCESS_DENIED', DENIED_WRITE);
  const meta = moduleMeta(record.module) as ModuleMeta;
  checkReferences(a, meta, element, ' ');
  checkMandatory(meta, element, revise);
  const ownerId = 'assigned_user_id' in element ? resolveOwner(a, record.module, element.assigned_user_id) : null;
  a.store.updateRecord(record.crmid, element, ownerId, a.user.timezone, !revise);
  return formatForUser(a, a.store.record(record.crmid) as StoredRecord, 'retrieve');
}

export const update = (ctx: OpContext, p: Params): unknown => writeRecord(ctx, p, false);
export const revise = (ctx: OpContext, p: Params): unknown => writeRecord(ctx, p, true);

export function del(ctx: OpContext, p: Params): unknown {
  const a = authed(ctx);
  const parsed = parseWsId(p.id ?? '');
  if (!parsed || !a.store.moduleOfEntity(parsed.entity)) throw new WsError('ACCESS_DENIED', DENIED_ID);
  const existing = a.store.record(parsed.id);
  // A missing or already deleted record is a success with a null result (FINDINGS 2).
  if (!existing || existing.deleted) return null;
  const { record } = resolveRecord(a, p.id);
  if (!isPermitted(a.store.accessContext(a.priv), record.module, 'Delete', a.store.toRef(record))) throw new WsError('ACCESS_DENIED', DENIED_READ_OBJECT);
  if (!moduleFlags(a.priv, record.module).delete) throw new WsError('ACCESS_DENIED', 'Permission to delete is denied');
  a.store.softDelete(record.crmid);
  return { status: 'successful' };
}

export function relate(ctx: OpContext, p: Params): unknown {
  const a = authed(ctx);
  const { record } = resolveRecord(a, p.id);
  if (!isPermitted(a.store.accessContext(a.priv), record.module, 'EditView', a.store.toRef(record))) throw new WsError('ACCESS_DENIED', DENIED_READ_OBJECT);
  if (!moduleFlags(a.priv, record.module).write) throw new WsError('ACCESS_DENIED', DENIED_WRITE);
  const list = decodeEncoded(p.relatelist);
  if (!Array.isArray(list)) throw new WsError('INVALID_ID_ATTRIBUTE', 'Relatelist must be an array');
  if (p.relationid && list.length) throw new WsError('INVALID_ID_ATTRIBUTE', 'You cannot specify a relationid and pass multiple modules to relate');
  const allowed = new Set(permittedTypes(a.priv));
  const targets: StoredRecord[] = [];
  for (const item of list) {
    const parsed = parseWsId(str(item));
    const target = parsed ? a.store.record(parsed.id) : undefined;
    const module = parsed ? a.store.moduleOfEntity(parsed.entity) : undefined;
    if (!parsed || !module) throw new WsError('ACCESS_DENIED', DENIED_ID);
    if (!allowed.has(module) || (record.module === 'Messages' && NOT_MESSAGE_LINKABLE.has(module))) throw new WsError('ACCESS_DENIED', `There is no relation with module ${module}`);
    // No record-level check on targets (spec §5.9).
    if (target && !target.deleted) targets.push(target);
  }
  a.store.db.transaction(() => {
    if (record.module === 'Messages') {
      const hash = (JSON.parse(record.data) as Record<string, string>).messagehash ?? '';
      const insert = a.store.db.prepare('INSERT OR IGNORE INTO messagesrel(messagehash, crmid, module) VALUES(?, ?, ?)');
      for (const t of targets) insert.run(hash, t.crmid, t.module);
      if (targets.length) a.store.touch(record.crmid);
    } else {
      const insert = a.store.db.prepare('INSERT OR IGNORE INTO crmentityrel(crmid, module, relcrmid, relmodule) VALUES(?, ?, ?, ?)');
      for (const t of targets) insert.run(record.crmid, record.module, t.crmid, t.module);
    }
  })();
  return null;
}
