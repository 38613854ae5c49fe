/**
 * A scenario built to exercise every row of spec §8.9: a role chain with peers, groups reached
 * directly, by role, by role-and-subordinates and by nesting, and sharing rules of both kinds.
 *
 *   Organisation > Boss > Manager > Agent (a1, a2 are peers)
 *                  Boss > Other (o1)            Boss > Auditor (va: View All, ea: Edit All)
 */
const ALL = { access: true, view: true, create: true, edit: true, delete: true };

export type Sharing = Record<string, number>;

export interface PermScenarioOptions { sharing?: Sharing; rules?: object[]; extraRecords?: object[] }

export function permScenario(opts: PermScenarioOptions = {}): object {
  const user = (key: string, role: string, groups: string[] = []) => ({
    key, user_name: key, first_name: key, last_name: 'Test', email: `${key}@perm.example`, role, is_admin: false, groups,
    date_format: 'yyyy-mm-dd', timezone: 'Europe/Rome', password: `pw-${key}`, accesskey: `key-${key}`.padEnd(16, '0'),
  });
  const account = (key: string, owner: object) => ({ key, module: 'Accounts', owner, fields: { accountname: `Account ${key}` } });
  return {
    format: 'vte-scenario/1',
    name: 'perm',
    roles: {
      key: 'organisation', name: 'Organisation', builtin: 'H1', profiles: [],
      children: [
        {
          key: 'boss', name: 'Boss', profiles: ['std'], children: [
            { key: 'manager', name: 'Manager', profiles: ['std'], children: [{ key: 'agent', name: 'Agent', profiles: ['std'], children: [] }] },
            { key: 'other', name: 'Other', profiles: ['std'], children: [] },
            { key: 'auditor', name: 'Auditor', profiles: ['std'], children: [] },
            { key: 'auditor_va', name: 'Auditor VA', profiles: ['viewall'], children: [] },
            { key: 'auditor_ea', name: 'Auditor EA', profiles: ['editall'], children: [] },
          ],
        },
        { key: 'builtin_manager', name: 'Manager', builtin: 'H2', profiles: ['builtin_admin'], children: [] },
      ],
    },
    profiles: [
      { key: 'std', name: 'Standard', global: { view_all: false, edit_all: false }, modules_default: ALL, modules: {} },
      { key: 'viewall', name: 'View All', global: { view_all: true, edit_all: false }, modules_default: ALL, modules: {} },
      { key: 'editall', name: 'Edit All', global: { view_all: false, edit_all: true }, modules_default: ALL, modules: {} },
      { key: 'builtin_admin', name: 'Administrator', builtin: 1 },
    ],
    users: [
      { key: 'admin', user_name: 'admin', first_name: '', last_name: 'Administrator', email: 'admin@perm.example', role: 'builtin_manager', is_admin: true, groups: [], date_format: 'yyyy-mm-dd', timezone: 'Europe/Rome', builtin: true, password: 'pw-admin', accesskey: 'key-admin0000000' },
      user('boss', 'boss'), user('mgr', 'manager'), user('a1', 'agent', ['g_direct']), user('a2', 'agent'), user('o1', 'other'),
      user('va', 'auditor_va'), user('ea', 'auditor_ea'),
    ],
    groups: [
      { key: 'g_direct', name: 'Direct', members: { users: [], roles: [], roles_and_subordinates: [], groups: [] } },
      { key: 'g_parent', name: 'Parent of Direct', members: { users: [], roles: [], roles_and_subordinates: [], groups: ['g_direct'] } },
      { key: 'g_role', name: 'Agents by role', members: { users: [], roles: ['agent'], roles_and_subordinates: [], groups: [] } },
      { key: 'g_rs', name: 'Manager and below', members: { users: [], roles: [], roles_and_subordinates: ['manager'], groups: [] } },
      { key: 'g_other', name: 'Others only', members: { users: ['o1'], roles: [], roles_and_subordinates: [], groups: [] } },
    ],
    default_sharing: { Accounts: 3, Contacts: 3, Leads: 3, Potentials: 3, HelpDesk: 2, ...(opts.sharing ?? {}) },
    sharing_rules: opts.rules ?? [],
    records: [
      account('acc_a1', { user: 'a1' }), account('acc_a2', { user: 'a2' }), account('acc_mgr', { user: 'mgr' }), account('acc_boss', { user: 'boss' }),
      account('acc_o1', { user: 'o1' }), account('acc_admin', { user: 'admin' }),
      account('acc_g_direct', { group: 'g_direct' }), account('acc_g_parent', { group: 'g_parent' }), account('acc_g_role', { group: 'g_role' }),
      account('acc_g_rs', { group: 'g_rs' }), account('acc_g_other', { group: 'g_other' }),
      { key: 'con_o1', module: 'Contacts', owner: { user: 'o1' }, fields: { lastname: 'Contact of o1', account_id: { ref: 'acc_o1' } } },
      ...(opts.extraRecords ?? []),
    ],
  };
}
