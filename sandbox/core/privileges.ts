/**
 * Recalculate (spec §8.5): turns the configuration tables into per-user privilege snapshots,
 * the sandbox's equivalent of user_privileges_<id>.php + sharing_privileges_<id>.php + the
 * vte_tmp_* owner tables. Nothing else reads the configuration tables for access decisions.
 */
import { type Db } from './db';
import { ALL_TYPES, NON_SHARING_MODULES, ACTOR_MODULES } from './meta';

export interface ModulePerm { access: boolean; view: boolean; create: boolean; edit: boolean; delete: boolean }
export interface ProfilePerms { default: ModulePerm; modules: Record<string, ModulePerm>; hiddenFields: Record<string, string[]> }

/** Action ids of vte_actionmapping used by the webservices. */
export const ACTION = { Save: 0, EditView: 1, Delete: 2, index: 3, DetailView: 4 } as const;
export type ActionName = keyof typeof ACTION;

export interface OwnerSet { users: number[]; groups: number[] }

export interface Privileges {
  userId: number;
  isAdmin: boolean;
  roleId: string;
  parentRole: string;
  profiles: number[];
  viewAll: boolean;
  editAll: boolean;
  /** profileTabsPermission combined over all profiles (most permissive). */
  tabs: Record<string, boolean>;
  /** vtenext's meta hasAccess looks at the first profile only (spec §8.8). */
  firstProfileTabs: Record<string, boolean>;
  /** [Save, EditView, Delete, index, DetailView], combined. */
  actions: Record<string, boolean[]>;
  /** Fields invisible in every one of the user's profiles. */
  hiddenFields: Record<string, string[]>;
  groups: number[];
  subordinateUsers: number[];
  defaultSharing: Record<string, number>;
  read: Record<string, OwnerSet>;
  write: Record<string, OwnerSet>;
}

/** Install defaults for modules a scenario does not mention (spec §8.2). */
export function installDefaultSharing(module: string): number {
  return module === 'Calendar' || module === 'Events' || module === 'Messages' ? 3 : 2;
}

interface RoleRow { roleid: string; parentrole: string }
interface UserRow { id: number; roleid: string; is_admin: number }
interface MemberRow { groupid: number; kind: string; member: string }
interface RuleRow { module: string; from_type: string; from_id: string; to_type: string; to_id: string; permission: number }

export class Topology {
  readonly roles: Map<string, RoleRow>;
  readonly users: UserRow[];
  readonly members: MemberRow[];
  readonly groupIds: number[];

  constructor(db: Db) {
    this.roles = new Map((db.prepare('SELECT roleid, parentrole FROM roles').all() as RoleRow[]).map((r) => [r.roleid, r]));
    this.users = db.prepare('SELECT id, roleid, is_admin FROM users WHERE deleted = 0').all() as UserRow[];
    this.members = db.prepare('SELECT groupid, kind, member FROM group_members').all() as MemberRow[];
    this.groupIds = (db.prepare('SELECT groupid FROM groups_').all() as Array<{ groupid: number }>).map((g) => g.groupid);
  }

  /** Strict subordinates: parentrole LIKE R.parentrole || '::%'. */
  subordinateRoles(roleId: string): string[] {
    const base = this.roles.get(roleId)?.parentrole;
    if (!base) return [];
    return [...this.roles.values()].filter((r) => r.parentrole.startsWith(base + '::')).map((r) => r.roleid);
  }

  /** "Role and subordinates" keeps vtenext's LIKE R.parentrole || '%' without '::' (spec §8.3 quirk). */
  roleAndSubordinates(roleId: string): string[] {
    const base = this.roles.get(roleId)?.parentrole;
    if (!base) return [];
    return [...this.roles.values()].filter((r) => r.parentrole.startsWith(base)).map((r) => r.roleid);
  }

  parentRoles(roleId: string): string[] {
    const path = this.roles.get(roleId)?.parentrole ?? '';
    return path.split('::').filter((r) => r && r !== roleId);
  }

  usersOfRole(roleId: string): number[] {
    return this.users.filter((u) => u.roleid === roleId).map((u) => u.id);
  }

  /** Groups of a user: direct, by role, by role-and-subordinates of the role or an ancestor, then every containing group. */
  groupsOfUser(userId: number): number[] {
    const user = this.users.find((u) => u.id === userId);
    if (!user) return [];
    const lineage = new Set([user.roleid, ...this.parentRoles(user.roleid)]);
    const out = new Set<number>();
    for (const m of this.members) {
      if ((m.kind === 'user' && Number(m.member) === userId) || (m.kind === 'role' && m.member === user.roleid) || (m.kind === 'rs' && lineage.has(m.member))) out.add(m.groupid);
    }
    let grew = true;
    while (grew) {
      grew = false;
      for (const m of this.members) {
        if (m.kind === 'group' && out.has(Number(m.member)) && !out.has(m.groupid)) {
          out.add(m.groupid);
          grew = true;
        }
      }
    }
    return [...out].sort((a, b) => a - b);
  }

  /** Users of a group for sharing purposes, and the subgroups that count as shared too. */
  usersOfGroup(groupId: number, seen = new Set<number>()): { users: Set<number>; subgroups: Set<number> } {
    const users = new Set<number>();
    const subgroups = new Set<number>();
    if (seen.has(groupId)) return { users, subgroups };
    seen.add(groupId);
    for (const m of this.members) {
      if (m.groupid !== groupId) continue;
      if (m.kind === 'user') users.add(Number(m.member));
      else if (m.kind === 'role') for (const u of this.usersOfRole(m.member)) users.add(u);
      else if (m.kind === 'rs') for (const r of this.roleAndSubordinates(m.member)) for (const u of this.usersOfRole(r)) users.add(u);
      else if (m.kind === 'group') {
        const sub = Number(m.member);
        subgroups.add(sub);
        const inner = this.usersOfGroup(sub, seen);
        for (const u of inner.users) users.add(u);
        for (const s of inner.subgroups) subgroups.add(s);
      }
    }
    return { users, subgroups };
  }
}

function combine(perms: ProfilePerms[], module: string, pick: keyof ModulePerm): boolean {
  return perms.some((p) => (p.modules[module] ?? p.default)[pick]);
}

function sharingArrays(topo: Topology, user: UserRow, groups: number[], module: string, def: number, rules: RuleRow[]): { read: OwnerSet; write: OwnerSet } {
  const read = { users: new Set<number>(), groups: new Set<number>() };
  const write = { users: new Set<number>(), groups: new Set<number>() };
  if (![0, 3, 8].includes(def) || NON_SHARING_MODULES.has(module)) return { read: { users: [], groups: [] }, write: { users: [], groups: [] } };
  const lineage = new Set([user.roleid, ...topo.parentRoles(user.roleid)]);
  // Contacts have no rules of their own: the sharing file copies the Accounts arrays.
  const ruleModule = module === 'Contacts' ? 'Accounts' : module;
  for (const rule of rules.filter((r) => r.module === ruleModule)) {
    const matches =
      (rule.to_type === 'role' && rule.to_id === user.roleid) ||
      (rule.to_type === 'rs' && lineage.has(rule.to_id)) ||
      (rule.to_type === 'group' && groups.includes(Number(rule.to_id))) ||
      (rule.to_type === 'user' && Number(rule.to_id) === user.id);
    if (!matches) continue;
    const ownerUsers = new Set<number>();
    const ownerGroups = new Set<number>();
    if (rule.from_type === 'role') for (const u of topo.usersOfRole(rule.from_id)) ownerUsers.add(u);
    else if (rule.from_type === 'rs') for (const r of topo.roleAndSubordinates(rule.from_id)) for (const u of topo.usersOfRole(r)) ownerUsers.add(u);
    else if (rule.from_type === 'group') {
      const g = Number(rule.from_id);
      const { users, subgroups } = topo.usersOfGroup(g);
      ownerGroups.add(g);
      for (const s of subgroups) ownerGroups.add(s);
      for (const u of users) ownerUsers.add(u);
    } else if (rule.from_type === 'user') ownerUsers.add(Number(rule.from_id));
    const add = (target: typeof read): void => {
      for (const u of ownerUsers) target.users.add(u);
      for (const g of ownerGroups) target.groups.add(g);
    };
    if (rule.permission === 1) {
      if (rule.from_type === 'user' && def === 0) continue;
      add(write);
      if (def === 3 || def === 8) add(read);
    } else if (def === 3 || def === 8) {
      // def 8 adds every rule to READ: the operator-precedence quirk of getUserModuleSharingObjects.
      add(read);
    }
  }
  const list = (s: typeof read): OwnerSet => ({ users: [...s.users].sort((a, b) => a - b), groups: [...s.groups].sort((a, b) => a - b) });
  return { read: list(read), write: list(write) };
}

export function loadProfilePerms(raw: string): ProfilePerms {
  return JSON.parse(raw) as ProfilePerms;
}

/** Regenerates every user's snapshot and the query-time owner table from the configuration. */
export function recalculate(db: Db): void {
  const topo = new Topology(db);
  const profiles = new Map(
    (db.prepare('SELECT profileid, view_all, edit_all, perms FROM profiles').all() as Array<{ profileid: number; view_all: number; edit_all: number; perms: string }>).map((p) => [
      p.profileid, { viewAll: p.view_all === 1, editAll: p.edit_all === 1, perms: loadProfilePerms(p.perms) },
    ]),
  );
  const role2profile = db.prepare('SELECT profileid FROM role2profile WHERE roleid = ? ORDER BY seq').pluck();
  const defRows = new Map((db.prepare('SELECT module, code FROM def_sharing').all() as Array<{ module: string; code: number }>).map((r) => [r.module, r.code]));
  const rules = db.prepare('SELECT module, from_type, from_id, to_type, to_id, permission FROM sharing_rules').all() as RuleRow[];
  const modules = [...ALL_TYPES.filter((m) => !ACTOR_MODULES.has(m))];
  const defaultSharing: Record<string, number> = {};
  for (const m of modules) defaultSharing[m] = defRows.get(m) ?? installDefaultSharing(m);

  const writePriv = db.prepare('INSERT INTO privileges(userid, data) VALUES(?, ?)');
  const writeOwner = db.prepare('INSERT OR IGNORE INTO tmp_owners(userid, module, ownerid) VALUES(?, ?, ?)');
  const run = db.transaction(() => {
    db.exec('DELETE FROM privileges; DELETE FROM tmp_owners;');
    for (const user of topo.users) {
      const profileIds = role2profile.all(user.roleid) as number[];
      const ps = profileIds.map((id) => profiles.get(id)).filter((p): p is NonNullable<typeof p> => p !== undefined);
      const perms = ps.map((p) => p.perms);
      const tabs: Record<string, boolean> = {};
      const firstProfileTabs: Record<string, boolean> = {};
      const actions: Record<string, boolean[]> = {};
      const hiddenFields: Record<string, string[]> = {};
      for (const m of modules) {
        tabs[m] = combine(perms, m, 'access');
        firstProfileTabs[m] = perms[0] ? (perms[0].modules[m] ?? perms[0].default).access : false;
        actions[m] = [combine(perms, m, 'create'), combine(perms, m, 'edit'), combine(perms, m, 'delete'), combine(perms, m, 'view'), combine(perms, m, 'view')];
      }
      const hiddenSets = perms.map((p) => p.hiddenFields ?? {});
      for (const m of new Set(hiddenSets.flatMap((h) => Object.keys(h)))) {
        const hiddenEverywhere = (hiddenSets[0]?.[m] ?? []).filter((f) => hiddenSets.every((h) => (h[m] ?? []).includes(f)));
        if (hiddenEverywhere.length) hiddenFields[m] = hiddenEverywhere;
      }
      const groups = topo.groupsOfUser(user.id);
      const subordinateUsers = topo.subordinateRoles(user.roleid).flatMap((r) => topo.usersOfRole(r)).sort((a, b) => a - b);
      const read: Record<string, OwnerSet> = {};
      const write: Record<string, OwnerSet> = {};
      for (const m of modules) {
        const arrays = sharingArrays(topo, user, groups, m, defaultSharing[m] ?? 2, rules);
        if (arrays.read.users.length || arrays.read.groups.length) read[m] = arrays.read;
        if (arrays.write.users.length || arrays.write.groups.length) write[m] = arrays.write;
      }
      const priv: Privileges = {
        userId: user.id, isAdmin: user.is_admin === 1, roleId: user.roleid, parentRole: topo.roles.get(user.roleid)?.parentrole ?? '',
        profiles: profileIds, viewAll: ps.some((p) => p.viewAll), editAll: ps.some((p) => p.editAll), tabs, firstProfileTabs, actions,
        hiddenFields, groups, subordinateUsers, defaultSharing, read, write,
      };
      writePriv.run(user.id, JSON.stringify(priv));
      if (priv.isAdmin || priv.viewAll || priv.editAll) continue;
      for (const m of modules) {
        const def = defaultSharing[m];
        if (def !== 3 && def !== 8) continue;
        const owners = new Set<number>([user.id, ...subordinateUsers, ...groups, ...(read[m]?.users ?? []), ...(read[m]?.groups ?? [])]);
        for (const o of owners) writeOwner.run(user.id, m, o);
      }
    }
  });
  run();
}
