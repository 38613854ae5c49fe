/**
 * The scenario format of ../shared/crm-transcripts (vte-scenario/1) and its loader. Loading
 * writes the configuration as the database would hold it (no Accounts→others coupling), creates
 * the records in file order, then runs Recalculate.
 */
import { z } from 'zod';
import { type Db, setMeta } from './db';
import { type ProfilePerms, type ModulePerm, recalculate } from './privileges';
import { type Store, type PinnedRecordMeta, wsId, parseWsId } from './store';
import { applyDefaultSharing } from './admin';

const Perm = z.object({ access: z.boolean(), view: z.boolean(), create: z.boolean(), edit: z.boolean(), delete: z.boolean() });

interface RoleNode { key: string; name: string; builtin?: string; profiles?: string[]; children?: RoleNode[] }
const Role: z.ZodType<RoleNode> = z.lazy(() =>
  z.object({ key: z.string(), name: z.string(), builtin: z.string().optional(), profiles: z.array(z.string()).optional(), children: z.array(Role).optional() }),
);

const Owner = z.union([z.object({ user: z.string() }), z.object({ group: z.string() })]);
const Party = z.object({ type: z.enum(['role', 'role_and_subordinates', 'group', 'user']), key: z.string() });

export const ScenarioSchema = z.object({
  format: z.string().optional(),
  name: z.string().default('scenario'),
  description: z.string().optional(),
  roles: Role,
  profiles: z.array(
    z.object({
      key: z.string(), name: z.string(), builtin: z.number().optional(),
      global: z.object({ view_all: z.boolean(), edit_all: z.boolean() }).optional(),
      modules_default: Perm.optional(),
      modules: z.record(z.string(), Perm).optional(),
      /** Extension: fields hidden by this profile, per module. */
      hidden_fields: z.record(z.string(), z.array(z.string())).optional(),
    }),
  ),
  users: z.array(
    z.object({
      key: z.string(), user_name: z.string(), first_name: z.string().default(''), last_name: z.string().default(''), email: z.string().default(''),
      role: z.string(), is_admin: z.boolean().default(false), groups: z.array(z.string()).default([]), date_format: z.string().default('dd-mm-yyyy'),
      timezone: z.string().default('Europe/Rome'), builtin: z.boolean().optional(), password: z.string(), accesskey: z.string(),
      status: z.enum(['Active', 'Inactive']).optional(),
    }),
  ),
  groups: z
    .array(
      z.object({
        key: z.string(), name: z.string(), builtin: z.boolean().optional(),
        members: z.object({
          users: z.array(z.string()).default([]), roles: z.array(z.string()).default([]),
          roles_and_subordinates: z.array(z.string()).default([]), groups: z.array(z.string()).default([]),
        }).optional(),
      }),
    )
    .default([]),
  default_sharing: z.record(z.string(), z.number()).default({}),
  sharing_rules: z
    .array(z.object({ key: z.string(), module: z.string(), from: Party, to: Party, permission: z.enum(['read-only', 'read-write']) }))
    .default([]),
  records: z
    .array(z.object({ key: z.string(), module: z.string(), owner: Owner, fields: z.record(z.string(), z.unknown()).default({}) }))
    .default([]),
  revocation: z
    .object({ delete_rules: z.array(z.string()).default([]), default_sharing: z.record(z.string(), z.number()).default({}) })
    .optional(),
});

export type Scenario = z.infer<typeof ScenarioSchema>;

const ALL: ModulePerm = { access: true, view: true, create: true, edit: true, delete: true };
const PARTY_KIND = { role: 'role', role_and_subordinates: 'rs', group: 'group', user: 'user' } as const;

export interface LoadResult {
  /** key → ws id, same keys as the recorded ids.json. */
  ids: Record<string, string>;
}

function insertProfile(db: Db, id: number, key: string, name: string, viewAll: boolean, editAll: boolean, perms: ProfilePerms): void {
  db.prepare('INSERT OR REPLACE INTO profiles(profileid, name, key, view_all, edit_all, perms) VALUES(?, ?, ?, ?, ?, ?)').run(
    id, name, key, viewAll ? 1 : 0, editAll ? 1 : 0, JSON.stringify(perms),
  );
}

/** What a fresh vtenext install holds before any scenario: roles H1–H3, two profiles, admin and two groups. */
function installBase(db: Db): void {
  db.prepare('INSERT INTO roles(roleid, rolename, parentrole, depth, key) VALUES(?, ?, ?, ?, ?)').run('H1', 'Organisation', 'H1', 0, null);
  db.prepare('INSERT INTO roles(roleid, rolename, parentrole, depth, key) VALUES(?, ?, ?, ?, ?)').run('H2', 'Manager', 'H1::H2', 1, null);
  db.prepare('INSERT INTO roles(roleid, rolename, parentrole, depth, key) VALUES(?, ?, ?, ?, ?)').run('H3', 'Agent', 'H1::H2::H3', 2, null);
  insertProfile(db, 1, 'builtin_admin', 'Administrator', true, true, { default: ALL, modules: {}, hiddenFields: {} });
  insertProfile(db, 2, 'builtin_sales', 'Sales Profile', false, false, { default: ALL, modules: {}, hiddenFields: {} });
  db.prepare('INSERT INTO role2profile(roleid, profileid, seq) VALUES(?, ?, ?)').run('H2', 1, 0);
  db.prepare('INSERT INTO role2profile(roleid, profileid, seq) VALUES(?, ?, ?)').run('H3', 2, 0);
  db.prepare(
    `INSERT INTO users(id, user_name, key, first_name, last_name, email, roleid, is_admin, status, accesskey, password, date_format, timezone)
     VALUES(1, 'admin', 'admin', '', 'Administrator', 'admin@example.com', 'H2', 1, 'Active', 'AdminKey00000001', 'admin', 'dd-mm-yyyy', 'Europe/Rome')`,
  ).run();
  db.prepare('INSERT INTO groups_(groupid, name, key) VALUES(2, ?, ?)').run('Marketing Group', 'builtin_marketing');
  db.prepare('INSERT INTO groups_(groupid, name, key) VALUES(3, ?, ?)').run('Support Group', 'builtin_support');
  const member = db.prepare('INSERT INTO group_members(groupid, kind, member) VALUES(?, ?, ?)');
  member.run(2, 'user', '1');
  member.run(2, 'role', 'H2');
  member.run(2, 'rs', 'H3');
  member.run(3, 'role', 'H3');
  member.run(3, 'rs', 'H3');
  db.prepare(`INSERT INTO seq(name, value) VALUES('users', 3)`).run();
  db.prepare(`INSERT INTO seq(name, value) VALUES('profiles', 2)`).run();
  db.prepare(`INSERT INTO seq(name, value) VALUES('roles', 3)`).run();
}

export function loadScenario(store: Store, input: unknown, pinned: Record<string, string> = {}, recordMeta: Record<string, PinnedRecordMeta> = {}): LoadResult {
  const sc = ScenarioSchema.parse(input);
  const db = store.db;
  const ids: Record<string, string> = {};
  const pin = (key: string): number | undefined => {
    const v = pinned[key];
    if (!v) return undefined;
    const p = parseWsId(v);
    return p ? p.id : undefined;
  };

  const run = db.transaction(() => {
    installBase(db);
    // Profiles.
    const profileIds = new Map<string, number>();
    let nextProfile = 3;
    for (const p of sc.profiles) {
      if (p.builtin === 1 || p.builtin === 2) {
        profileIds.set(p.key, p.builtin);
        continue;
      }
      const id = nextProfile++;
      profileIds.set(p.key, id);
      insertProfile(db, id, p.key, p.name, p.global?.view_all ?? false, p.global?.edit_all ?? false, {
        default: p.modules_default ?? ALL, modules: p.modules ?? {}, hiddenFields: p.hidden_fields ?? {},
      });
    }
    db.prepare(`UPDATE seq SET value = ? WHERE name = 'profiles'`).run(nextProfile - 1);

    // Roles: depth-first, builtin nodes keep their install ids.
    const roleIds = new Map<string, string>();
    let nextRole = 4;
    const walk = (node: RoleNode, parentPath: string | null, depth: number): void => {
      let id = node.builtin;
      if (!id) {
        id = `H${nextRole++}`;
      }
      roleIds.set(node.key, id);
      const pathStr = parentPath ? `${parentPath}::${id}` : id;
      if (!node.builtin) {
        db.prepare('INSERT INTO roles(roleid, rolename, parentrole, depth, key) VALUES(?, ?, ?, ?, ?)').run(id, node.name, pathStr, depth, node.key);
      } else {
        db.prepare('UPDATE roles SET key = ?, rolename = ? WHERE roleid = ?').run(node.key, node.name, id);
      }
      if (!node.builtin && node.profiles) {
        node.profiles.forEach((pk, i) => {
          const pid = profileIds.get(pk);
          if (pid !== undefined) db.prepare('INSERT OR IGNORE INTO role2profile(roleid, profileid, seq) VALUES(?, ?, ?)').run(id, pid, i);
        });
      }
      for (const c of node.children ?? []) walk(c, pathStr, depth + 1);
    };
    walk(sc.roles, null, 0);
    db.prepare(`UPDATE seq SET value = ? WHERE name = 'roles'`).run(nextRole - 1);

    // Users (the builtin admin keeps id 1 and role H2).
    const userIds = new Map<string, number>();
    for (const u of sc.users) {
      if (u.builtin) {
        db.prepare(
          'UPDATE users SET user_name = ?, key = ?, first_name = ?, last_name = ?, email = ?, accesskey = ?, password = ?, date_format = ?, timezone = ? WHERE id = 1',
        ).run(u.user_name, u.key, u.first_name, u.last_name, u.email, u.accesskey, u.password, u.date_format, u.timezone);
        userIds.set(u.key, 1);
        continue;
      }
      const id = store.allocateUserId(pin(`user:${u.key}`));
      userIds.set(u.key, id);
      db.prepare(
        `INSERT INTO users(id, user_name, key, first_name, last_name, email, roleid, is_admin, status, accesskey, password, date_format, timezone)
         VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, u.user_name, u.key, u.first_name, u.last_name, u.email, roleIds.get(u.role) ?? 'H3', u.is_admin ? 1 : 0, u.status ?? 'Active', u.accesskey, u.password, u.date_format, u.timezone);
    }
    for (const [key, id] of userIds) ids[`user:${key}`] = wsId('Users', id);

    // Groups share the users sequence, as in vtenext.
    const groupIds = new Map<string, number>([['builtin_marketing', 2], ['builtin_support', 3]]);
    for (const g of sc.groups) {
      if (g.builtin) continue;
      const id = store.allocateUserId(pin(`group:${g.key}`));
      groupIds.set(g.key, id);
      db.prepare('INSERT INTO groups_(groupid, name, key) VALUES(?, ?, ?)').run(id, g.name, g.key);
    }
    const member = db.prepare('INSERT OR IGNORE INTO group_members(groupid, kind, member) VALUES(?, ?, ?)');
    for (const g of sc.groups) {
      const gid = groupIds.get(g.key);
      if (gid === undefined || g.builtin || !g.members) continue;
      for (const u of g.members.users) member.run(gid, 'user', String(userIds.get(u)));
      for (const r of g.members.roles) member.run(gid, 'role', roleIds.get(r) ?? r);
      for (const r of g.members.roles_and_subordinates) member.run(gid, 'rs', roleIds.get(r) ?? r);
      for (const c of g.members.groups) member.run(gid, 'group', String(groupIds.get(c)));
    }
    for (const u of sc.users) for (const gk of u.groups) {
      const gid = groupIds.get(gk);
      if (gid !== undefined) member.run(gid, 'user', String(userIds.get(u.key)));
    }
    for (const [key, id] of groupIds) ids[`group:${key}`] = wsId('Groups', id);

    // Default sharing as stored, and the rules.
    // Stored as given (no Accounts→others coupling), but Contacts always mirror Accounts and
    // Events mirror Calendar, as the sharing page writes them (scenario format notes).
    const sharing: Record<string, number> = { ...sc.default_sharing };
    if (sharing.Accounts !== undefined && sharing.Contacts === undefined) sharing.Contacts = sharing.Accounts;
    if (sharing.Calendar !== undefined && sharing.Events === undefined) sharing.Events = sharing.Calendar;
    for (const [m, code] of Object.entries(sharing)) db.prepare('INSERT OR REPLACE INTO def_sharing(module, code) VALUES(?, ?)').run(m, code);
    let ruleId = 1;
    for (const r of sc.sharing_rules) {
      const resolve = (p: { type: keyof typeof PARTY_KIND; key: string }): string =>
        p.type === 'group' ? String(groupIds.get(p.key)) : p.type === 'user' ? String(userIds.get(p.key)) : (roleIds.get(p.key) ?? p.key);
      db.prepare('INSERT INTO sharing_rules(ruleid, key, module, from_type, from_id, to_type, to_id, permission) VALUES(?, ?, ?, ?, ?, ?, ?, ?)').run(
        ruleId++, r.key, r.module, PARTY_KIND[r.from.type], resolve(r.from), PARTY_KIND[r.to.type], resolve(r.to), r.permission === 'read-write' ? 1 : 0,
      );
    }

    // Records, in file order; the recorder created them as admin.
    const recordIds = new Map<string, number>();
    const admin = store.user(1);
    for (const rec of sc.records) {
      const values: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(rec.fields)) {
        if (v && typeof v === 'object' && 'ref' in v) {
          const target = recordIds.get(String((v as { ref: unknown }).ref));
          values[k] = target !== undefined ? String(target) : '';
        } else values[k] = v;
      }
      const ownerId = 'user' in rec.owner ? userIds.get(rec.owner.user) : groupIds.get(rec.owner.group);
      if (ownerId === undefined) throw new Error(`record ${rec.key}: unknown owner`);
      const crmid = store.insertRecord({ module: rec.module, ownerId, creatorId: 1, values, userTz: admin?.timezone ?? store.serverTz, crmid: pin(rec.key), key: rec.key, pinned: recordMeta[rec.key] });
      recordIds.set(rec.key, crmid);
      ids[rec.key] = wsId(rec.module, crmid);
    }
    setMeta(db, 'scenario', sc.name);
    setMeta(db, 'ids', JSON.stringify(ids));
    setMeta(db, 'initialised', '1');
    recalculate(db);
  });
  run();
  store.invalidate();
  return { ids };
}

/** `--phase after`: the scenario's revocation step through the admin actions, then Recalculate. */
export function applyRevocation(store: Store, input: unknown): void {
  const sc = ScenarioSchema.parse(input);
  if (!sc.revocation) return;
  const db = store.db;
  db.transaction(() => {
    for (const key of sc.revocation?.delete_rules ?? []) db.prepare('DELETE FROM sharing_rules WHERE key = ?').run(key);
    for (const [m, code] of Object.entries(sc.revocation?.default_sharing ?? {})) applyDefaultSharing(db, m, code);
    recalculate(db);
  })();
  store.invalidate();
}
