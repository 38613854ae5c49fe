/**
 * Control API for tests (off unless asked for): admin-side configuration changes, Recalculate,
 * record reassignment/deletion, session revocation and fault injection. All bodies are JSON;
 * users, groups, roles, profiles and records may be named by scenario key or by ws id.
 */
import type http from 'node:http';
import { type ServerState } from './http';
import { phpJsonEncode } from '../core/phpjson';
import { recalculate, type ProfilePerms, type ModulePerm } from '../core/privileges';
import { applyDefaultSharing } from '../core/admin';
import { parseWsId, wsId } from '../core/store';
import { type Fault } from './faults';
import { getMeta } from '../core/db';
import { isPermitted } from '../core/permissions';

class ControlError extends Error {}

type Body = Record<string, unknown>;

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function reply(res: http.ServerResponse, status: number, payload: unknown): void {
  const body = phpJsonEncode(payload);
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(body);
}

async function readJson(req: http.IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw.trim()) return {};
  const v = JSON.parse(raw) as unknown;
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ControlError('body must be a JSON object');
  return v as Body;
}

function userId(state: ServerState, ref: unknown): number {
  const s = text(ref).replace(/^user:/, '');
  const p = parseWsId(s);
  const row = p
    ? state.store.db.prepare('SELECT id FROM users WHERE id = ?').pluck().get(p.id)
    : state.store.db.prepare('SELECT id FROM users WHERE key = ? OR user_name = ?').pluck().get(s, s);
  if (row === undefined) throw new ControlError(`unknown user ${s}`);
  return row as number;
}

function groupId(state: ServerState, ref: unknown): number {
  const s = text(ref).replace(/^group:/, '');
  const p = parseWsId(s);
  const row = p
    ? state.store.db.prepare('SELECT groupid FROM groups_ WHERE groupid = ?').pluck().get(p.id)
    : state.store.db.prepare('SELECT groupid FROM groups_ WHERE key = ? OR name = ?').pluck().get(s, s);
  if (row === undefined) throw new ControlError(`unknown group ${s}`);
  return row as number;
}

function ownerId(state: ServerState, ref: unknown): number {
  const s = text(ref);
  if (s.startsWith('group:')) return groupId(state, s);
  const p = parseWsId(s);
  if (p && state.store.moduleOfEntity(p.entity) === 'Groups') return groupId(state, s);
  return userId(state, s);
}

function roleId(state: ServerState, ref: unknown): string {
  const s = text(ref);
  const row = state.store.db.prepare('SELECT roleid FROM roles WHERE roleid = ? OR key = ?').pluck().get(s, s);
  if (row === undefined) throw new ControlError(`unknown role ${s}`);
  return row as string;
}

function recordId(state: ServerState, ref: unknown): number {
  const s = text(ref);
  const p = parseWsId(s);
  const row = p ? state.store.db.prepare('SELECT crmid FROM crmentity WHERE crmid = ?').pluck().get(p.id) : state.store.db.prepare('SELECT crmid FROM crmentity WHERE key = ?').pluck().get(s);
  if (row === undefined) throw new ControlError(`unknown record ${s}`);
  return row as number;
}

function party(state: ServerState, p: unknown): { type: string; id: string } {
  const o = (p ?? {}) as Body;
  const type = text(o.type);
  const key = o.key;
  if (type === 'role') return { type: 'role', id: roleId(state, key) };
  if (type === 'role_and_subordinates' || type === 'rs') return { type: 'rs', id: roleId(state, key) };
  if (type === 'group') return { type: 'group', id: String(groupId(state, key)) };
  if (type === 'user') return { type: 'user', id: String(userId(state, key)) };
  throw new ControlError(`bad party type ${type}`);
}

const ROUTES: Record<string, (state: ServerState, b: Body) => unknown> = {
  'GET state': (state) => ({
    ids: JSON.parse(getMeta(state.store.db, 'ids') ?? '{}') as unknown,
    sharing: state.store.db.prepare('SELECT module, code FROM def_sharing ORDER BY module').all(),
    rules: state.store.db.prepare('SELECT * FROM sharing_rules ORDER BY ruleid').all(),
    faults: state.faults.list(),
  }),
  'POST recalculate': (state) => {
    recalculate(state.store.db);
    state.store.invalidate();
    return { recalculated: true };
  },
  /** {module, code}: the Settings sharing page, with its Accounts coupling; needs recalculate. */
  'POST sharing': (state, b) => {
    applyDefaultSharing(state.store.db, text(b.module), Number(b.code));
    return { ok: true };
  },
  /** {key?, module, from:{type,key}, to:{type,key}, permission:'read-only'|'read-write'} */
  'POST rules/add': (state, b) => {
    const from = party(state, b.from);
    const to = party(state, b.to);
    const r = state.store.db
      .prepare('INSERT INTO sharing_rules(key, module, from_type, from_id, to_type, to_id, permission) VALUES(?, ?, ?, ?, ?, ?, ?)')
      .run(text(b.key) || null, text(b.module), from.type, from.id, to.type, to.id, b.permission === 'read-write' ? 1 : 0);
    return { ruleid: Number(r.lastInsertRowid) };
  },
  /** {key} or {ruleid} */
  'POST rules/delete': (state, b) => {
    const r = b.ruleid !== undefined ? state.store.db.prepare('DELETE FROM sharing_rules WHERE ruleid = ?').run(Number(b.ruleid)) : state.store.db.prepare('DELETE FROM sharing_rules WHERE key = ?').run(text(b.key));
    return { deleted: r.changes };
  },
  /** {profile, module?, perms?:{access,view,create,edit,delete}, global?:{view_all,edit_all}, hidden_fields?:{Module:[field]}} */
  'POST profile': (state, b) => {
    const ref = text(b.profile);
    const row = state.store.db.prepare('SELECT profileid, perms, view_all, edit_all FROM profiles WHERE key = ? OR CAST(profileid AS TEXT) = ? OR name = ?').get(ref, ref, ref) as
      | { profileid: number; perms: string; view_all: number; edit_all: number }
      | undefined;
    if (!row) throw new ControlError(`unknown profile ${ref}`);
    const perms = JSON.parse(row.perms) as ProfilePerms;
    if (b.module && b.perms) perms.modules[text(b.module)] = { ...(perms.modules[text(b.module)] ?? perms.default), ...(b.perms as Partial<ModulePerm>) };
    else if (b.perms) perms.default = { ...perms.default, ...(b.perms as Partial<ModulePerm>) };
    if (b.hidden_fields) perms.hiddenFields = { ...perms.hiddenFields, ...(b.hidden_fields as Record<string, string[]>) };
    const g = (b.global ?? {}) as { view_all?: boolean; edit_all?: boolean };
    state.store.db.prepare('UPDATE profiles SET perms = ?, view_all = ?, edit_all = ? WHERE profileid = ?').run(
      JSON.stringify(perms), g.view_all === undefined ? row.view_all : g.view_all ? 1 : 0, g.edit_all === undefined ? row.edit_all : g.edit_all ? 1 : 0, row.profileid,
    );
    return { ok: true };
  },
  /** {user, role}: moves a user to another role (takes effect after recalculate). */
  'POST user/role': (state, b) => {
    state.store.db.prepare('UPDATE users SET roleid = ? WHERE id = ?').run(roleId(state, b.role), userId(state, b.user));
    return { ok: true };
  },
  /** {group, add?:{users?,roles?,roles_and_subordinates?,groups?}, remove?:{…}} */
  'POST group/members': (state, b) => {
    const gid = groupId(state, b.group);
    const apply = (spec: unknown, sql: string): void => {
      const s = (spec ?? {}) as Record<string, unknown[]>;
      const stmt = state.store.db.prepare(sql);
      for (const u of s.users ?? []) stmt.run(gid, 'user', String(userId(state, u)));
      for (const r of s.roles ?? []) stmt.run(gid, 'role', roleId(state, r));
      for (const r of s.roles_and_subordinates ?? []) stmt.run(gid, 'rs', roleId(state, r));
      for (const g of s.groups ?? []) stmt.run(gid, 'group', String(groupId(state, g)));
    };
    apply(b.add, 'INSERT OR IGNORE INTO group_members(groupid, kind, member) VALUES(?, ?, ?)');
    apply(b.remove, 'DELETE FROM group_members WHERE groupid = ? AND kind = ? AND member = ?');
    return { ok: true };
  },
  /** {record, owner}: immediate, like changing "Assigned To" in the UI. */
  'POST reassign': (state, b) => {
    state.store.reassign(recordId(state, b.record), ownerId(state, b.owner));
    return { ok: true };
  },
  /** {record}: soft delete, as the recycle bin does. */
  'POST delete': (state, b) => {
    state.store.softDelete(recordId(state, b.record));
    return { ok: true };
  },
  /** {user, inactive?:bool, accesskey?:string, unlock?:true}: ends the user's sessions; optionally deactivates, re-keys or unlocks. */
  'POST revoke': (state, b) => {
    const id = userId(state, b.user);
    if (b.inactive !== undefined) state.store.db.prepare('UPDATE users SET status = ? WHERE id = ?').run(b.inactive ? 'Inactive' : 'Active', id);
    if (typeof b.accesskey === 'string') state.store.db.prepare('UPDATE users SET accesskey = ? WHERE id = ?').run(b.accesskey, id);
    if (b.unlock === true) state.store.db.prepare('UPDATE users SET failed_logins = 0 WHERE id = ?').run(id);
    return { sessionsEnded: state.sessions.expire(id) };
  },
  /** {user?}: sessions vanish as if PHP's GC took them; the next call gets INVALID_SESSIONID. */
  'POST sessions/expire': (state, b) => ({ expired: state.sessions.expire(b.user === undefined ? undefined : userId(state, b.user)) }),
  /** A Fault: {kind, operation?, ms?, status?, bytes?, message?, count?} */
  'POST faults': (state, b) => {
    const kinds = ['latency', 'status', 'reset', 'hang', 'drop-after-commit', 'upload-fail', 'maintenance'];
    if (!kinds.includes(text(b.kind))) throw new ControlError(`kind must be one of ${kinds.join(', ')}`);
    state.faults.add(b as unknown as Fault);
    return { faults: state.faults.list() };
  },
  'DELETE faults': (state) => {
    state.faults.clear();
    return { faults: [] };
  },
  /** {module}: ws ids of every live record of a module, as an admin list would show them. */
  'POST records': (state, b) => ({
    ids: (state.store.db.prepare('SELECT crmid FROM crmentity WHERE module = ? AND deleted = 0 ORDER BY crmid').pluck().all(text(b.module)) as number[]).map((id) => wsId(text(b.module), id)),
  }),
  /** {user, record?, module?, action}: the engine's isPermitted answer (as of the last Recalculate). */
  'POST permitted': (state, b) => {
    const uid = userId(state, b.user);
    const priv = state.store.privileges(uid);
    if (!priv) throw new ControlError('user has no privileges yet (recalculate)');
    const ctx = state.store.accessContext(priv);
    if (b.record !== undefined) {
      const ref = state.store.ref(recordId(state, b.record));
      if (!ref) return { permitted: false };
      return { permitted: isPermitted(ctx, ref.module, text(b.action), ref) };
    }
    return { permitted: isPermitted(ctx, text(b.module), text(b.action)) };
  },
  /**
   * {record: Messages id or key, or messageid: '<…>'}: the records linked to that message's hash
   * (vte_messagesrel), plus its attachments. The webservice cannot show these; tests can.
   */
  'POST message-links': (state, b) => {
    let hash: string | undefined;
    if (b.messageid !== undefined) {
      const row = state.store.db.prepare(`SELECT data FROM crmentity WHERE module = 'Messages' AND json_extract(data, '$.messageid') = ? LIMIT 1`).pluck().get(text(b.messageid)) as string | undefined;
      hash = row ? (JSON.parse(row) as Record<string, string>).messagehash : undefined;
    } else {
      const ref = state.store.record(recordId(state, b.record));
      hash = ref ? (JSON.parse(ref.data) as Record<string, string>).messagehash : undefined;
    }
    if (!hash) throw new ControlError('no such message');
    const links = state.store.db.prepare('SELECT crmid, module FROM messagesrel WHERE messagehash = ? ORDER BY crmid').all(hash) as Array<{ crmid: number; module: string }>;
    const ids = state.store.db.prepare(`SELECT crmid FROM crmentity WHERE module = 'Messages' AND json_extract(data, '$.messagehash') = ? ORDER BY crmid`).pluck().all(hash) as number[];
    const attachments = ids.flatMap((m) =>
      (state.store.db.prepare('SELECT contentname, contenttype, size, document FROM messages_attach WHERE messagesid = ? ORDER BY contentid').all(m) as Array<{ contentname: string; contenttype: string; size: number; document: number }>)
        .map((a) => ({ message: wsId('Messages', m), name: a.contentname, type: a.contenttype, size: a.size, document: wsId('Documents', a.document) })),
    );
    return { hash, messages: ids.map((m) => wsId('Messages', m)), links: links.map((l) => ({ id: wsId(l.module, l.crmid), module: l.module })), attachments };
  },
  /** {record} → ws id, for tests that only know scenario keys. */
  'POST lookup': (state, b) => {
    const id = recordId(state, b.record);
    return { id: wsId(state.store.recordModule(id) ?? '', id) };
  },
};

export async function handleControl(state: ServerState, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const route = ROUTES[`${req.method ?? 'GET'} ${url.pathname.slice('/_control/'.length)}`];
  if (!route) return reply(res, 404, { error: 'unknown control route', routes: Object.keys(ROUTES) });
  try {
    const body = req.method === 'GET' ? {} : await readJson(req);
    reply(res, 200, route(state, body));
  } catch (e) {
    reply(res, 400, { error: e instanceof Error ? e.message : String(e) });
  }
}
