/**
 * Property: for random role trees, groups, default sharing, rules and owners, what `query`
 * returns is exactly the set of records for which isPermitted(DetailView) says yes — and
 * retrieve agrees with both.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { startSandbox, sandboxControl } from '../index';
import { WsClient } from '../test-support/ws-client';

const ALL = { access: true, view: true, create: true, edit: true, delete: true };

interface Shape {
  parents: number[];
  userRoles: number[];
  groups: Array<{ users: number[]; roles: number[]; rs: number[]; sub: number[] }>;
  sharing: number;
  rules: Array<{ fromType: number; from: number; toType: number; to: number; rw: boolean }>;
  viewAllUser: number;
  owners: number[];
}

const shapeArb: fc.Arbitrary<Shape> = fc
  .record({ nRoles: fc.integer({ min: 1, max: 5 }), nUsers: fc.integer({ min: 2, max: 5 }), nGroups: fc.integer({ min: 0, max: 3 }) })
  .chain(({ nRoles, nUsers, nGroups }) =>
    fc.record({
      // role i's parent is a lower index (or -1 = under the organisation root).
      parents: fc.tuple(...Array.from({ length: nRoles }, (_, i) => fc.integer({ min: -1, max: i - 1 }))),
      userRoles: fc.array(fc.integer({ min: 0, max: nRoles - 1 }), { minLength: nUsers, maxLength: nUsers }),
      groups: fc.tuple(
        ...Array.from({ length: nGroups }, (_, g) =>
          fc.record({
            users: fc.uniqueArray(fc.integer({ min: 0, max: nUsers - 1 }), { maxLength: 2 }),
            roles: fc.uniqueArray(fc.integer({ min: 0, max: nRoles - 1 }), { maxLength: 1 }),
            rs: fc.uniqueArray(fc.integer({ min: 0, max: nRoles - 1 }), { maxLength: 1 }),
            sub: g === 0 ? fc.constant([] as number[]) : fc.uniqueArray(fc.integer({ min: 0, max: g - 1 }), { maxLength: 1 }),
          }),
        ),
      ),
      sharing: fc.constantFrom(0, 1, 2, 3, 3, 3),
      rules: fc.array(
        fc.record({
          fromType: fc.integer({ min: 0, max: nGroups > 0 ? 2 : 1 }), from: fc.nat(), toType: fc.integer({ min: 0, max: nGroups > 0 ? 2 : 1 }), to: fc.nat(), rw: fc.boolean(),
        }),
        { maxLength: 3 },
      ),
      viewAllUser: fc.integer({ min: -1, max: nUsers - 1 }),
      owners: fc.array(fc.integer({ min: 0, max: nUsers + nGroups - 1 }), { minLength: 4, maxLength: 14 }),
    }),
  );

function scenarioOf(s: Shape): object {
  const nRoles = s.parents.length;
  const roleNode = (i: number): object => ({
    key: `r${i}`, name: `Role ${i}`, profiles: ['std'],
    children: s.parents.map((p, j) => (p === i ? j : -2)).filter((j) => j >= 0).map(roleNode),
  });
  // The View All user sits alone in its own role, which carries the View All profile.
  const userRole = (u: number): string => (u === s.viewAllUser ? 'rva' : `r${s.userRoles[u]}`);
  const nGroups = s.groups.length;
  const partyOf = (type: number, n: number): { type: string; key: string } =>
    type === 0 ? { type: 'role', key: `r${n % nRoles}` } : type === 1 ? { type: 'role_and_subordinates', key: `r${n % nRoles}` } : { type: 'group', key: `g${n % Math.max(1, nGroups)}` };
  return {
    format: 'vte-scenario/1',
    name: 'random',
    roles: {
      key: 'org', name: 'Organisation', builtin: 'H1', profiles: [],
      children: [
        ...s.parents.map((p, i) => (p === -1 ? roleNode(i) : null)).filter((x) => x !== null),
        { key: 'rva', name: 'View All role', profiles: ['va'], children: [] },
        { key: 'builtin_manager', name: 'Manager', builtin: 'H2', profiles: ['builtin_admin'], children: [] },
      ],
    },
    profiles: [
      { key: 'std', name: 'Std', global: { view_all: false, edit_all: false }, modules_default: ALL, modules: {} },
      { key: 'va', name: 'VA', global: { view_all: true, edit_all: false }, modules_default: ALL, modules: {} },
      { key: 'builtin_admin', name: 'Administrator', builtin: 1 },
    ],
    users: [
      { key: 'admin', user_name: 'admin', role: 'builtin_manager', is_admin: true, builtin: true, password: 'pw', accesskey: 'adminkey00000000' },
      ...s.userRoles.map((_, u) => ({ key: `u${u}`, user_name: `u${u}`, role: userRole(u), password: 'pw', accesskey: `key${u}`.padEnd(16, '0') })),
    ],
    groups: s.groups.map((g, i) => ({
      key: `g${i}`, name: `Group ${i}`,
      members: { users: g.users.map((u) => `u${u}`), roles: g.roles.map((r) => `r${r}`), roles_and_subordinates: g.rs.map((r) => `r${r}`), groups: g.sub.map((x) => `g${x}`) },
    })),
    default_sharing: { Accounts: s.sharing, Contacts: s.sharing },
    sharing_rules: s.rules.map((r, i) => ({ key: `rule${i}`, module: 'Accounts', from: partyOf(r.fromType, r.from), to: partyOf(r.toType, r.to), permission: r.rw ? 'read-write' : 'read-only' })),
    records: s.owners.flatMap((o, i) => {
      const owner = o < s.userRoles.length ? { user: `u${o}` } : { group: `g${o - s.userRoles.length}` };
      return [
        { key: `acc${i}`, module: 'Accounts', owner, fields: { accountname: `Account ${i}` } },
        { key: `con${i}`, module: 'Contacts', owner, fields: { lastname: `Contact ${i}`, account_id: { ref: `acc${i}` } } },
      ];
    }),
  };
}

describe('query returns exactly the records isPermitted(DetailView) allows', () => {
  it('holds for random scenarios', async () => {
    await fc.assert(
      fc.asyncProperty(shapeArb, async (shape) => {
        const sb = await startSandbox({ scenario: scenarioOf(shape), control: true });
        try {
          for (const user of sb.users) {
            const c = await new WsClient(sb.webserviceUrl).login(user.userName, user.accessKey);
            for (const module of ['Accounts', 'Contacts']) {
              const listed = await c.ids(`SELECT id FROM ${module};`);
              const all = Object.entries(sb.ids).filter(([k]) => k.startsWith(module === 'Accounts' ? 'acc' : 'con')).map(([, v]) => v);
              const permitted: string[] = [];
              const retrievable: string[] = [];
              for (const id of all) {
                const answer = (await sandboxControl(sb, 'permitted', { user: user.key, record: id, action: 'DetailView' })) as { permitted: boolean };
                if (answer.permitted) permitted.push(id);
                if ((await c.retrieve(id)).success) retrievable.push(id);
              }
              expect(listed, `${user.key} ${module}: query vs isPermitted`).toEqual(permitted.sort());
              expect(retrievable.sort(), `${user.key} ${module}: retrieve vs isPermitted`).toEqual(permitted);
            }
          }
        } finally {
          await sb.close();
        }
      }),
      { numRuns: 30 },
    );
  });
});

/** An independent reading of spec §8.6 for Private sharing without rules, to check the engine against. */
function oracleVisible(s: Shape, userIndex: number, owner: number): boolean {
  if (userIndex === s.viewAllUser) return true;
  const nUsers = s.userRoles.length;
  const roleOf = (u: number): number => (u === s.viewAllUser ? -100 : (s.userRoles[u] as number));
  const ancestors = (r: number): number[] => {
    const out: number[] = [];
    for (let p = s.parents[r] ?? -1; p >= 0; p = s.parents[p] ?? -1) out.push(p);
    return out;
  };
  const inGroup = (u: number, g: number, seen: Set<number> = new Set()): boolean => {
    if (seen.has(g)) return false;
    seen.add(g);
    const grp = s.groups[g];
    if (!grp) return false;
    const role = roleOf(u);
    if (grp.users.includes(u) || grp.roles.includes(role)) return true;
    if (role >= 0 && grp.rs.some((r) => r === role || ancestors(role).includes(r))) return true;
    return grp.sub.some((child) => inGroup(u, child, seen));
  };
  if (owner >= nUsers) return inGroup(userIndex, owner - nUsers);
  if (owner === userIndex) return true;
  const mine = roleOf(userIndex);
  const theirs = roleOf(owner);
  return mine >= 0 && theirs >= 0 && ancestors(theirs).includes(mine);
}

describe('the engine agrees with an independent reading of §8.6 (Private, no rules)', () => {
  it('holds for random role trees, groups and owners', async () => {
    await fc.assert(
      fc.asyncProperty(shapeArb, async (raw) => {
        const shape: Shape = { ...raw, sharing: 3, rules: [] };
        const sb = await startSandbox({ scenario: scenarioOf(shape) });
        try {
          for (let u = 0; u < shape.userRoles.length; u++) {
            const user = sb.users.find((x) => x.key === `u${u}`);
            if (!user) throw new Error(`u${u}`);
            const c = await new WsClient(sb.webserviceUrl).login(user.userName, user.accessKey);
            const listed = await c.ids('SELECT id FROM Accounts;');
            const expected = shape.owners.map((o, i) => (oracleVisible(shape, u, o) ? sb.ids[`acc${i}`] : null)).filter((x): x is string => !!x).sort();
            expect(listed, `u${u}`).toEqual(expected);
          }
        } finally {
          await sb.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});

