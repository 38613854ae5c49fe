/** listtypes, describe, retrieve and sync (spec §5.1–5.3, §5.8). */
import { type OpContext, type Params, WsError, FatalError, authed, decodeEncoded, DENIED, DENIED_ID, DENIED_READ_OBJECT, DENIED_WRITE } from './context';
import { TYPE_INFO, moduleMeta, WITHOUT_CRMENTITY, ACTOR_MODULES, USER_RECORD_SAMPLE } from '../core/meta';
import { isPermitted, moduleFlags } from '../core/permissions';
import { permittedTypes, typesWithFieldTypes, inListtypes, resolveRecord } from './access';
import { parseWsId, wsId, type StoredRecord, type OutputMode } from '../core/store';
import { instantOf, wallTime } from '../core/time';

export function listtypes(ctx: OpContext, p: Params): unknown {
  const a = authed(ctx);
  const filter = decodeEncoded(p.fieldTypeList);
  const types = Array.isArray(filter) && filter.length > 0 ? typesWithFieldTypes(a.priv, filter.map(String)) : permittedTypes(a.priv);
  const information: Record<string, unknown> = {};
  for (const t of types) information[t] = TYPE_INFO[t] ?? { isEntity: true, label: t, singular: t };
  return { types, information };
}

export function describe(ctx: OpContext, p: Params): unknown {
  const a = authed(ctx);
  const module = p.elementType ?? '';
  if (!inListtypes(a.priv, module)) throw new WsError('ACCESS_DENIED', DENIED);
  const meta = moduleMeta(module);
  if (!meta) throw new WsError('ACCESS_DENIED', DENIED);
  const allowed = new Set(permittedTypes(a.priv));
  const fields = a.store.visibleFields(meta, a.priv).map((f) => {
    const { empty: _empty, ...rest } = f;
    void _empty;
    const type = { ...f.type };
    if (type.name === 'date') type.format = a.user.date_format;
    if (type.refersTo) type.refersTo = type.refersTo.filter((m) => allowed.has(m) || (m === 'Users' && !a.priv.isAdmin));
    return { ...rest, type };
  });
  const flags = moduleFlags(a.priv, module);
  const ac = a.store.accessContext(a.priv);
  return {
    label: meta.label, name: meta.name, fields, idPrefix: meta.idPrefix, isEntity: meta.isEntity,
    createable: isPermitted(ac, module, 'Save'), updateable: isPermitted(ac, module, 'EditView'), deleteable: flags.delete, retrieveable: flags.read,
    isInventory: meta.isInventory, isProduct: meta.isProduct, labelFields: meta.labelFields,
  };
}

function retrieveUser(ctx: ReturnType<typeof authed>, id: number): unknown {
  const u = ctx.store.user(id);
  if (!u || u.deleted) throw new WsError('ACCESS_DENIED', DENIED);
  if (!ctx.priv.isAdmin) {
    if (id !== ctx.user.id) throw new WsError('ACCESS_DENIED', DENIED_READ_OBJECT);
    // Non-admins see no fields of their own Users record (FINDINGS 10).
    return { id: wsId('Users', id) };
  }
  return ctx.store.userRecord(u, { ...USER_RECORD_SAMPLE });
}

export function retrieve(ctx: OpContext, p: Params): unknown {
  const a = authed(ctx);
  const parsed = parseWsId(p.id ?? '');
  const entity = parsed ? a.store.moduleOfEntity(parsed.entity) : undefined;
  if (parsed && entity === 'Users') return retrieveUser(a, parsed.id);
  if (parsed && entity === 'Groups') {
    const g = a.store.db.prepare('SELECT groupid, name, description FROM groups_ WHERE groupid = ?').get(parsed.id) as { groupid: number; name: string; description: string } | undefined;
    if (!g) throw new WsError('ACCESS_DENIED', DENIED);
    return { groupname: g.name, description: g.description, id: wsId('Groups', g.groupid) };
  }
  if (parsed && entity && ACTOR_MODULES.has(entity)) throw new WsError('ACCESS_DENIED', DENIED_ID);
  const { record } = resolveRecord(a, p.id);
  if (!moduleFlags(a.priv, record.module).read) throw new WsError('ACCESS_DENIED', DENIED_WRITE);
  if (!isPermitted(a.store.accessContext(a.priv), record.module, 'DetailView', a.store.toRef(record))) throw new WsError('ACCESS_DENIED', DENIED_READ_OBJECT);
  return formatForUser(a, record, 'retrieve');
}

export function formatForUser(a: ReturnType<typeof authed>, record: StoredRecord, mode: OutputMode): Record<string, string> {
  const meta = moduleMeta(record.module);
  if (!meta) return { id: wsId(record.module, record.crmid) };
  return a.store.formatRecord(record, a.store.visibleFields(meta, a.priv), a.user, mode);
}

const SYNC_BATCH = 100;

/**
 * sync: the caller's own records only (spec §5.8). Modules without crmentity make the real
 * server die in GetUpdates.php, so they (and "all modules" whenever they are listed) are HTTP 500.
 */
export function sync(ctx: OpContext, p: Params): unknown {
  const a = authed(ctx);
  const since = Number(p.modifiedTime ?? 0) || 0;
  let modules: string[];
  if (p.elementType) {
    if (!inListtypes(a.priv, p.elementType) || ACTOR_MODULES.has(p.elementType)) throw new WsError('ACCESS_DENIED', DENIED);
    modules = [p.elementType];
  } else modules = permittedTypes(a.priv).filter((t) => TYPE_INFO[t]?.isEntity && t !== 'Users');
  if (modules.some((m) => WITHOUT_CRMENTITY.has(m))) throw new FatalError('Call to a member function GetRowAssoc() on bool');
  const tz = a.store.serverTz;
  const sinceWall = since > 0 ? wallTime(tz, since * 1000) : '0000-00-00 00:00:00';
  const marks = modules.map(() => '?').join(',');
  const times = a.store.db
    .prepare(`SELECT DISTINCT modifiedtime FROM crmentity WHERE smownerid = ? AND module IN (${marks}) AND modifiedtime > ? ORDER BY modifiedtime LIMIT ${SYNC_BATCH}`)
    .pluck()
    .all(a.user.id, ...modules, sinceWall) as string[];
  const upTo = times[times.length - 1];
  const updated: Record<string, string>[] = [];
  const deleted: string[] = [];
  let last = since;
  if (upTo) {
    const rows = a.store.db
      .prepare(`SELECT * FROM crmentity WHERE smownerid = ? AND module IN (${marks}) AND modifiedtime > ? AND modifiedtime <= ? ORDER BY modifiedtime, crmid`)
      .all(a.user.id, ...modules, sinceWall, upTo) as StoredRecord[];
    for (const r of rows) {
      if (r.deleted) deleted.push(wsId(r.module, r.crmid));
      else updated.push(formatForUser(a, r, 'sync'));
    }
    last = Math.floor((instantOf(upTo, tz) ?? 0) / 1000);
  }
  const more = upTo
    ? a.store.db.prepare(`SELECT 1 FROM crmentity WHERE smownerid = ? AND module IN (${marks}) AND modifiedtime > ? LIMIT 1`).get(a.user.id, ...modules, upTo) !== undefined
    : false;
  return { updated, deleted, more, lastModifiedTime: last };
}
