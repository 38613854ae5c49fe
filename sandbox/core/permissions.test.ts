/**
 * Spec §8.9, row by row, and the seed's cases, each checked end to end over HTTP:
 * list = query, retrieve, update = revise, delete. Every test gets its own in-memory sandbox.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { startSandbox, type SandboxHandle } from '../index';
import { permScenario, type PermScenarioOptions } from '../test-support/perm-scenario';
import { WsClient, control } from '../test-support/ws-client';

interface Can { list: boolean; retrieve: boolean; update: boolean; delete: boolean }

let sb: SandboxHandle | null = null;
afterEach(async () => {
  await sb?.close();
  sb = null;
});

async function start(opts: PermScenarioOptions = {}): Promise<SandboxHandle> {
  sb = await startSandbox({ scenario: permScenario(opts), control: true });
  return sb;
}

async function as(userKey: string): Promise<WsClient> {
  const u = sb?.users.find((x) => x.key === userKey);
  if (!sb || !u) throw new Error(`no user ${userKey}`);
  return new WsClient(sb.webserviceUrl).login(u.userName, u.accessKey);
}

/** What `user` may do to `record`; the delete probe runs last because it changes state. */
async function can(userKey: string, recordKey: string, module = 'Accounts'): Promise<Can> {
  const c = await as(userKey);
  const id = sb?.ids[recordKey] as string;
  const list = (await c.ids(`SELECT id FROM ${module};`)).includes(id);
  const retrieve = (await c.retrieve(id)).success;
  const update = (await c.revise({ id, description: `touched by ${userKey}` })).success;
  const del = (await c.delete(id)).success;
  return { list, retrieve, update, delete: del };
}

const ALL: Can = { list: true, retrieve: true, update: true, delete: true };
const NONE: Can = { list: false, retrieve: false, update: false, delete: false };
const READ_ONLY: Can = { list: true, retrieve: true, update: false, delete: false };
const READ_WRITE: Can = { list: true, retrieve: true, update: true, delete: false };

describe('§8.9 behaviour summary (Private, non-admin, no global permissions)', () => {
  it('own record: list, retrieve, update and delete', async () => {
    await start();
    expect(await can('a1', 'acc_a1')).toEqual(ALL);
  });

  it('record of a user in a subordinate role, any depth: everything', async () => {
    await start();
    expect(await can('mgr', 'acc_a1')).toEqual(ALL);
    expect(await can('boss', 'acc_a2')).toEqual(ALL);
  });

  it('record of a peer in the same role: nothing', async () => {
    await start();
    expect(await can('a1', 'acc_a2')).toEqual(NONE);
  });

  it('record of a superior: nothing', async () => {
    await start();
    expect(await can('a1', 'acc_mgr')).toEqual(NONE);
    expect(await can('mgr', 'acc_boss')).toEqual(NONE);
  });

  it('record owned by a group the user belongs to directly: everything', async () => {
    await start();
    expect(await can('a1', 'acc_g_direct')).toEqual(ALL);
  });

  it('record owned by a group containing the user’s group (nested): everything', async () => {
    await start();
    expect(await can('a1', 'acc_g_parent')).toEqual(ALL);
  });

  it('record owned by a group the user belongs to via role and via role-and-subordinates: everything', async () => {
    await start();
    expect(await can('a2', 'acc_g_role')).toEqual(ALL);
    expect(await can('a2', 'acc_g_rs')).toEqual(ALL);
  });

  it('record owned by a group the user is not in: nothing without a rule', async () => {
    await start();
    expect(await can('a1', 'acc_g_other')).toEqual(NONE);
  });

  it('group-owned record shared by a read-only rule on that group: read only', async () => {
    await start({ rules: [{ key: 'rg', module: 'Accounts', from: { type: 'group', key: 'g_other' }, to: { type: 'role', key: 'agent' }, permission: 'read-only' }] });
    expect(await can('a1', 'acc_g_other')).toEqual(READ_ONLY);
  });

  it('group-owned record shared by a read-write rule on that group: read and update, no delete', async () => {
    await start({ rules: [{ key: 'rg', module: 'Accounts', from: { type: 'group', key: 'g_other' }, to: { type: 'role', key: 'agent' }, permission: 'read-write' }] });
    expect(await can('a1', 'acc_g_other')).toEqual(READ_WRITE);
  });

  it('record shared by a read-only rule: list and retrieve only', async () => {
    await start({ rules: [{ key: 'r1', module: 'Accounts', from: { type: 'role', key: 'other' }, to: { type: 'role', key: 'agent' }, permission: 'read-only' }] });
    expect(await can('a1', 'acc_o1')).toEqual(READ_ONLY);
  });

  it('record shared by a read-write rule: list, retrieve and update, no delete', async () => {
    await start({ rules: [{ key: 'r1', module: 'Accounts', from: { type: 'role', key: 'other' }, to: { type: 'role_and_subordinates', key: 'manager' }, permission: 'read-write' }] });
    expect(await can('a1', 'acc_o1')).toEqual(READ_WRITE);
  });

  it('admin user: everything', async () => {
    await start();
    expect(await can('admin', 'acc_a2')).toEqual(ALL);
  });

  it('View All: list and retrieve everything, update and delete per sharing', async () => {
    await start();
    expect(await can('va', 'acc_a2')).toEqual(READ_ONLY);
  });

  it('Edit All: list, retrieve and update everything, delete per sharing', async () => {
    await start();
    expect(await can('ea', 'acc_a2')).toEqual(READ_WRITE);
  });
});

describe('public default sharing levels (seed: the three public levels)', () => {
  it('0 Public Read Only: everyone lists and views, nobody else edits or deletes', async () => {
    await start({ sharing: { Accounts: 0 } });
    expect(await can('a1', 'acc_a2')).toEqual(READ_ONLY);
  });

  it('0 Public Read Only with a read-write rule: the rule grants edit', async () => {
    await start({ sharing: { Accounts: 0 }, rules: [{ key: 'r1', module: 'Accounts', from: { type: 'role', key: 'agent' }, to: { type: 'role', key: 'agent' }, permission: 'read-write' }] });
    expect(await can('a1', 'acc_a2')).toEqual(READ_WRITE);
  });

  it('1 Public Read/Create/Edit: everything but delete', async () => {
    await start({ sharing: { Accounts: 1 } });
    expect(await can('a1', 'acc_a2')).toEqual(READ_WRITE);
  });

  it('2 Public Read/Create/Edit/Delete: everything', async () => {
    await start({ sharing: { Accounts: 2 } });
    expect(await can('a1', 'acc_mgr')).toEqual(ALL);
  });
});

describe('seed cases', () => {
  it('private peers do not see each other, each sees their own', async () => {
    await start();
    const a1 = await as('a1');
    const a2 = await as('a2');
    const mine = await a1.ids('SELECT id FROM Accounts;');
    const theirs = await a2.ids('SELECT id FROM Accounts;');
    expect(mine).toContain(sb?.ids.acc_a1);
    expect(mine).not.toContain(sb?.ids.acc_a2);
    expect(theirs).toContain(sb?.ids.acc_a2);
    expect(theirs).not.toContain(sb?.ids.acc_a1);
  });

  it('superiors see their subordinates’ records but not their peers’ or superiors’', async () => {
    await start();
    const mgr = await (await as('mgr')).ids('SELECT id FROM Accounts;');
    const ids = sb?.ids ?? {};
    expect(mgr).toEqual(expect.arrayContaining([ids.acc_mgr, ids.acc_a1, ids.acc_a2]));
    expect(mgr).not.toContain(ids.acc_boss);
    expect(mgr).not.toContain(ids.acc_o1);
    const boss = await (await as('boss')).ids('SELECT id FROM Accounts;');
    expect(boss).toEqual(expect.arrayContaining([ids.acc_boss, ids.acc_mgr, ids.acc_a1, ids.acc_a2, ids.acc_o1]));
    expect(boss).not.toContain(ids.acc_admin);
  });

  it('Contacts follow the Accounts sharing rules', async () => {
    await start({ rules: [{ key: 'r1', module: 'Accounts', from: { type: 'role', key: 'other' }, to: { type: 'role', key: 'agent' }, permission: 'read-only' }] });
    expect(await can('a1', 'con_o1', 'Contacts')).toEqual(READ_ONLY);
  });
});

describe('Recalculate', () => {
  it('a new rule has no effect until recalculated', async () => {
    const s = await start();
    const cu = s.controlUrl as string;
    await control(cu, 'rules/add', { key: 'late', module: 'Accounts', from: { type: 'role', key: 'other' }, to: { type: 'role', key: 'agent' }, permission: 'read-only' });
    const a1 = await as('a1');
    expect(await a1.ids('SELECT id FROM Accounts;')).not.toContain(s.ids.acc_o1);
    expect((await a1.retrieve(s.ids.acc_o1 as string)).success).toBe(false);
    await control(cu, 'recalculate');
    expect(await a1.ids('SELECT id FROM Accounts;')).toContain(s.ids.acc_o1);
    expect((await a1.retrieve(s.ids.acc_o1 as string)).success).toBe(true);
  });

  it('revoking a rule and recalculating removes access', async () => {
    const s = await start({ rules: [{ key: 'r1', module: 'Accounts', from: { type: 'role', key: 'other' }, to: { type: 'role', key: 'agent' }, permission: 'read-only' }] });
    const a1 = await as('a1');
    expect(await a1.ids('SELECT id FROM Accounts;')).toContain(s.ids.acc_o1);
    await control(s.controlUrl as string, 'rules/delete', { key: 'r1' });
    expect(await a1.ids('SELECT id FROM Accounts;')).toContain(s.ids.acc_o1);
    await control(s.controlUrl as string, 'recalculate');
    expect(await a1.ids('SELECT id FROM Accounts;')).not.toContain(s.ids.acc_o1);
  });

  it('setting Accounts Private through the admin action also makes HelpDesk Private (seed coupling), after Recalculate', async () => {
    const s = await start({
      sharing: { Accounts: 2, Contacts: 2 },
      extraRecords: [{ key: 'tkt_a2', module: 'HelpDesk', owner: { user: 'a2' }, fields: { ticket_title: 'Printer', ticketstatus: 'Open' } }],
    });
    const a1 = await as('a1');
    expect(await a1.ids('SELECT id FROM HelpDesk;')).toContain(s.ids.tkt_a2);
    await control(s.controlUrl as string, 'sharing', { module: 'Accounts', code: 3 });
    expect(await a1.ids('SELECT id FROM HelpDesk;')).toContain(s.ids.tkt_a2);
    await control(s.controlUrl as string, 'recalculate');
    expect(await a1.ids('SELECT id FROM HelpDesk;')).not.toContain(s.ids.tkt_a2);
    expect(await a1.ids('SELECT id FROM Accounts;')).not.toContain(s.ids.acc_a2);
  });

  it('a profile change (module access revoked) takes effect only after Recalculate', async () => {
    const s = await start();
    const a1 = await as('a1');
    await control(s.controlUrl as string, 'profile', { profile: 'std', module: 'Leads', perms: { access: false, view: false, create: false, edit: false, delete: false } });
    expect((await a1.query('SELECT count(*) FROM Leads;')).success).toBe(true);
    await control(s.controlUrl as string, 'recalculate');
    const r = await a1.query('SELECT count(*) FROM Leads;');
    expect(r.error).toEqual({ message: 'Permission to perform the operation is denied', code: 'ACCESS_DENIED' });
  });
});

describe('Messages rules', () => {
  const message = (subject: string, owner: string, extra: Record<string, string> = {}) => ({
    subject, description: '<p>hi</p>', messageid: `<${subject}@test>`, mtype: 'Link', assigned_user_id: owner, ...extra,
  });

  it('queries are owner-only, even for admins and superiors', async () => {
    const s = await start();
    const a1 = await as('a1');
    const created = await a1.create('Messages', message('mine', a1.userId));
    expect(created.success).toBe(true);
    expect((await a1.query('SELECT count(*) FROM Messages;')).result).toEqual([{ count: '1' }]);
    for (const other of ['admin', 'mgr']) expect((await (await as(other)).query('SELECT count(*) FROM Messages;')).result).toEqual([{ count: '0' }]);
    void s;
  });

  it('a Public message is readable by others; a Link message is not editable by a superior and never deletable by non-owners', async () => {
    await start();
    const a1 = await as('a1');
    const pub = (await a1.create('Messages', message('pub', a1.userId, { mvisibility: 'Public' }))).result as { id: string };
    const priv = (await a1.create('Messages', message('priv', a1.userId))).result as { id: string };
    const a2 = await as('a2');
    expect((await a2.retrieve(pub.id)).success).toBe(true);
    expect((await a2.retrieve(priv.id)).success).toBe(false);
    expect((await a2.delete(pub.id)).success).toBe(false);
    const mgr = await as('mgr');
    // Superiors see subordinates' messages (Private), but Link messages refuse EditView to non-owners.
    expect((await mgr.retrieve(priv.id)).success).toBe(true);
    expect((await mgr.revise({ id: priv.id, subject: 'x' })).error?.message).toBe('Permission to read given object is denied');
    expect((await mgr.delete(priv.id)).success).toBe(false);
  });

  it('with Messages sharing 8 (Assigned) only the owner reads a non-public message; superiors no longer do', async () => {
    await start({ sharing: { Messages: 8 } });
    const a1 = await as('a1');
    const priv = (await a1.create('Messages', message('assigned', a1.userId))).result as { id: string };
    expect((await (await as('mgr')).retrieve(priv.id)).success).toBe(false);
    expect((await a1.retrieve(priv.id)).success).toBe(true);
  });

  it('with Messages sharing 0 a message is readable by whoever can see a record it is linked to', async () => {
    const s = await start({ sharing: { Messages: 0, Accounts: 3 } });
    const a1 = await as('a1');
    const linked = (await a1.create('Messages', message('linked', a1.userId, { parent_id: `${s.ids.acc_o1}|` }))).result as { id: string };
    expect((await (await as('a2')).retrieve(linked.id)).success).toBe(false);
    expect((await (await as('o1')).retrieve(linked.id)).success).toBe(true);
    expect((await (await as('boss')).retrieve(linked.id)).success).toBe(true);
  });
});
