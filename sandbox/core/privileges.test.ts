/** Recalculate's sharing arrays and group resolution, including the quirks spec §8.3/§8.5 lists. */
import { describe, it, expect } from 'vitest';
import { openDb } from './db';
import { Store } from './store';
import { loadScenario } from './scenario';
import { Topology, recalculate, type Privileges } from './privileges';
import { applyDefaultSharing } from './admin';
import { permScenario } from '../test-support/perm-scenario';

function load(scenario: object): { store: Store; ids: Record<string, string>; priv: (key: string) => Privileges } {
  const store = new Store(openDb(':memory:'));
  const { ids } = loadScenario(store, scenario);
  const priv = (key: string): Privileges => {
    const id = Number((ids[`user:${key}`] ?? '').split('x')[1]);
    const p = store.privileges(id);
    if (!p) throw new Error(key);
    return p;
  };
  return { store, ids, priv };
}

const idOf = (ids: Record<string, string>, key: string): number => Number((ids[key] ?? '').split('x')[1]);

describe('Topology', () => {
  it('"role and subordinates" matches parentrole LIKE path% without "::" (H2 also matches H23)', () => {
    const db = openDb(':memory:');
    const role = db.prepare('INSERT INTO roles(roleid, rolename, parentrole, depth) VALUES(?, ?, ?, ?)');
    role.run('H1', 'Org', 'H1', 0);
    role.run('H2', 'A', 'H1::H2', 1);
    role.run('H3', 'A child', 'H1::H2::H3', 2);
    role.run('H23', 'Unrelated', 'H1::H23', 1);
    const topo = new Topology(db);
    expect(topo.roleAndSubordinates('H2').sort()).toEqual(['H2', 'H23', 'H3']);
    // Strict subordinates (Private visibility) use '::' and do not have the quirk.
    expect(topo.subordinateRoles('H2')).toEqual(['H3']);
  });

  it('resolves a user’s groups directly, by role, by role-and-subordinates of an ancestor and through nesting', () => {
    const { priv, ids } = load(permScenario());
    const groups = priv('a1').groups;
    for (const g of ['g_direct', 'g_parent', 'g_role', 'g_rs']) expect(groups).toContain(idOf(ids, `group:${g}`));
    expect(groups).not.toContain(idOf(ids, 'group:g_other'));
    expect(priv('mgr').groups).toContain(idOf(ids, 'group:g_rs'));
    expect(priv('mgr').groups).not.toContain(idOf(ids, 'group:g_role'));
  });
});

describe('sharing arrays', () => {
  const rule = (permission: string, from: object, to: object, module = 'Accounts') => ({ key: `r-${permission}`, module, from, to, permission });

  it('a read-write rule on a Private module fills READ and WRITE; a read-only one READ only', () => {
    const { priv, ids } = load(permScenario({ rules: [rule('read-write', { type: 'role', key: 'other' }, { type: 'role', key: 'agent' })] }));
    const o1 = idOf(ids, 'user:o1');
    expect(priv('a1').read.Accounts?.users).toEqual([o1]);
    expect(priv('a1').write.Accounts?.users).toEqual([o1]);
    expect(priv('mgr').read.Accounts).toBeUndefined();
  });

  it('Contacts take the Accounts rules', () => {
    const { priv, ids } = load(permScenario({ rules: [rule('read-only', { type: 'role', key: 'other' }, { type: 'role', key: 'agent' })] }));
    expect(priv('a1').read.Contacts?.users).toEqual([idOf(ids, 'user:o1')]);
  });

  it('a rule from a group shares the group itself and its users', () => {
    const { priv, ids } = load(permScenario({ rules: [rule('read-only', { type: 'group', key: 'g_parent' }, { type: 'role', key: 'other' })] }));
    expect(priv('o1').read.Accounts?.groups).toEqual([idOf(ids, 'group:g_direct'), idOf(ids, 'group:g_parent')].sort((a, b) => a - b));
  });

  it('rules do nothing for public modules (codes 1 and 2) and read-only rules add nothing to READ for code 0', () => {
    const { priv } = load(permScenario({ sharing: { Accounts: 0, Contacts: 0, Leads: 2 }, rules: [rule('read-only', { type: 'role', key: 'other' }, { type: 'role', key: 'agent' }), rule('read-write', { type: 'role', key: 'other' }, { type: 'role', key: 'agent' }, 'Leads')] }));
    expect(priv('a1').read.Accounts).toBeUndefined();
    expect(priv('a1').read.Leads).toBeUndefined();
    expect(priv('a1').write.Leads).toBeUndefined();
  });

  it('a user-to-user read-write rule adds nothing when the module is Public Read Only', () => {
    const { priv } = load(permScenario({ sharing: { Accounts: 0, Contacts: 0 }, rules: [rule('read-write', { type: 'user', key: 'o1' }, { type: 'user', key: 'a1' })] }));
    expect(priv('a1').write.Accounts).toBeUndefined();
  });

  it('a scenario that sets only Accounts gets the same code for Contacts, and no coupling for the others', () => {
    const base = permScenario() as { default_sharing: Record<string, number> };
    const { priv } = load({ ...base, default_sharing: { Accounts: 3 } });
    expect(priv('a1').defaultSharing.Contacts).toBe(3);
    expect(priv('a1').defaultSharing.HelpDesk).toBe(2);
    expect(priv('a1').defaultSharing.Messages).toBe(3);
  });

  it('Recalculate snapshots the configuration: later changes need another Recalculate', () => {
    const { store, priv } = load(permScenario());
    applyDefaultSharing(store.db, 'Accounts', 2);
    store.invalidate();
    expect(priv('a1').defaultSharing.Accounts).toBe(3);
    recalculate(store.db);
    store.invalidate();
    expect(priv('a1').defaultSharing.Accounts).toBe(2);
    expect(priv('a1').defaultSharing.Contacts).toBe(2);
  });
});
