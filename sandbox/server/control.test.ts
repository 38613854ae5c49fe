/** Control API and fault injection, persistence of --db files, and --phase after. */
import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox, sandboxControl, type SandboxHandle } from '../index';
import { permScenario } from '../test-support/perm-scenario';
import { WsClient, control } from '../test-support/ws-client';

const open: SandboxHandle[] = [];
afterEach(async () => {
  while (open.length) await open.pop()?.close();
});

async function start(opts: Parameters<typeof startSandbox>[0] = {}): Promise<SandboxHandle> {
  const sb = await startSandbox({ scenario: permScenario(), control: true, ...opts });
  open.push(sb);
  return sb;
}

async function login(sb: SandboxHandle, key: string): Promise<WsClient> {
  const u = sb.users.find((x) => x.key === key);
  if (!u) throw new Error(key);
  return new WsClient(sb.webserviceUrl).login(u.userName, u.accessKey);
}

describe('control API', () => {
  it('is off unless asked for', async () => {
    const sb = await start({ control: false });
    expect(sb.controlUrl).toBeNull();
    await expect(sandboxControl(sb, 'recalculate')).rejects.toThrow(/without control/);
    expect((await fetch(sb.url + '_control/state')).status).toBe(404);
  });

  it('reassigns records immediately (no Recalculate needed) and deletes them', async () => {
    const sb = await start();
    const a1 = await login(sb, 'a1');
    expect(await a1.ids('SELECT id FROM Accounts;')).not.toContain(sb.ids.acc_a2);
    await control(sb.controlUrl as string, 'reassign', { record: 'acc_a2', owner: 'user:a1' });
    expect(await a1.ids('SELECT id FROM Accounts;')).toContain(sb.ids.acc_a2);
    await control(sb.controlUrl as string, 'delete', { record: sb.ids.acc_a2 });
    expect(await a1.ids('SELECT id FROM Accounts;')).not.toContain(sb.ids.acc_a2);
  });

  it('revoke ends sessions and can deactivate a user', async () => {
    const sb = await start();
    const a1 = await login(sb, 'a1');
    await control(sb.controlUrl as string, 'revoke', { user: 'a1', inactive: true });
    expect((await a1.query('SELECT id FROM Accounts;')).error?.code).toBe('INVALID_SESSIONID');
    const u = sb.users.find((x) => x.key === 'a1');
    await expect(new WsClient(sb.webserviceUrl).login(u?.userName ?? '', u?.accessKey ?? '')).rejects.toThrow(/Given user is inactive/);
  });

  it('answers isPermitted for a user, record and action', async () => {
    const sb = await start();
    const ask = (user: string, record: string, action: string) => sandboxControl(sb, 'permitted', { user, record, action });
    expect(await ask('mgr', 'acc_a1', 'Delete')).toEqual({ permitted: true });
    expect(await ask('a1', 'acc_a2', 'DetailView')).toEqual({ permitted: false });
    expect(await sandboxControl(sb, 'permitted', { user: 'a1', module: 'Accounts', action: 'Save' })).toEqual({ permitted: true });
  });

  it('expires sessions like the PHP session GC', async () => {
    const sb = await start();
    const a1 = await login(sb, 'a1');
    expect(await sandboxControl(sb, 'sessions/expire')).toEqual({ expired: 1 });
    expect((await a1.query('SELECT id FROM Accounts;')).error).toEqual({ message: 'Session Identifier provided is Invalid', code: 'INVALID_SESSIONID' });
  });

  it('moves a user to another role, effective after Recalculate', async () => {
    const sb = await start();
    const a1 = await login(sb, 'a1');
    await control(sb.controlUrl as string, 'user/role', { user: 'a1', role: 'manager' });
    expect(await a1.ids('SELECT id FROM Accounts;')).not.toContain(sb.ids.acc_a2);
    await control(sb.controlUrl as string, 'recalculate');
    expect(await a1.ids('SELECT id FROM Accounts;')).toContain(sb.ids.acc_a2);
  });
});

describe('fault injection', () => {
  it('adds latency to matching operations only', async () => {
    const sb = await start();
    const a1 = await login(sb, 'a1');
    await control(sb.controlUrl as string, 'faults', { kind: 'latency', operation: 'query', ms: 300, count: 1 });
    let t = Date.now();
    await a1.retrieve(sb.ids.acc_a1 as string);
    expect(Date.now() - t).toBeLessThan(250);
    t = Date.now();
    await a1.query('SELECT id FROM Accounts;');
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
  });

  it('answers with a 5xx status', async () => {
    const sb = await start();
    await control(sb.controlUrl as string, 'faults', { kind: 'status', status: 502, count: 1 });
    const res = await fetch(`${sb.webserviceUrl}?operation=getchallenge&username=a1`);
    expect(res.status).toBe(502);
    expect((await fetch(`${sb.webserviceUrl}?operation=getchallenge&username=a1`)).status).toBe(200);
  });

  it('answers like maintenance mode: error is a string, not an object', async () => {
    const sb = await start();
    await sandboxControl(sb, 'faults', { kind: 'maintenance', count: 1 });
    const body = await (await fetch(`${sb.webserviceUrl}?operation=getchallenge&username=a1`)).text();
    expect(body).toBe('{"success":false,"error":"The CRM is under maintenance, please try again later"}');
  });

  it('resets the connection', async () => {
    const sb = await start();
    await control(sb.controlUrl as string, 'faults', { kind: 'reset', count: 1 });
    await expect(fetch(`${sb.webserviceUrl}?operation=getchallenge&username=a1`)).rejects.toThrow();
  });

  it('hangs until the client gives up', async () => {
    const sb = await start();
    await control(sb.controlUrl as string, 'faults', { kind: 'hang', count: 1 });
    await expect(fetch(`${sb.webserviceUrl}?operation=getchallenge&username=a1`, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
  });

  it('drops the response after the change was committed', async () => {
    const sb = await start();
    const a1 = await login(sb, 'a1');
    await control(sb.controlUrl as string, 'faults', { kind: 'drop-after-commit', operation: 'create', count: 1 });
    await expect(a1.create('Accounts', { accountname: 'Committed but unanswered', assigned_user_id: a1.userId })).rejects.toThrow();
    const found = (await a1.query("SELECT id FROM Accounts WHERE accountname = 'Committed but unanswered';")).result as unknown[];
    expect(found).toHaveLength(1);
  });

  it('fails an upload after N bytes of the request body', async () => {
    const sb = await start();
    const a1 = await login(sb, 'a1');
    await control(sb.controlUrl as string, 'faults', { kind: 'upload-fail', bytes: 1024, count: 1 });
    const form = new FormData();
    form.append('operation', 'create');
    form.append('sessionName', a1.session);
    form.append('elementType', 'Messages');
    form.append('element', JSON.stringify({ subject: 'big', assigned_user_id: a1.userId, hasattachments: 'True', external_plugin: 'true' }));
    form.append('file_0', new Blob([new Uint8Array(200_000)]), 'x_big.bin');
    await expect(fetch(sb.webserviceUrl, { method: 'POST', body: form })).rejects.toThrow();
    expect((await a1.query('SELECT count(*) FROM Messages;')).result).toEqual([{ count: '0' }]);
    // Aimed at `create`, whose name travels inside the multipart body: small bodies and other operations pass.
    await sandboxControl(sb, 'faults', { kind: 'upload-fail', operation: 'create', bytes: 1024, count: 1 });
    expect((await a1.query('SELECT count(*) FROM Messages;')).success).toBe(true);
    await expect(fetch(sb.webserviceUrl, { method: 'POST', body: form })).rejects.toThrow();
    expect((await a1.query('SELECT count(*) FROM Messages;')).result).toEqual([{ count: '0' }]);
    expect((await (await fetch(sb.webserviceUrl, { method: 'POST', body: form })).json()) as { success: boolean }).toMatchObject({ success: true });
  });
});

describe('storage', () => {
  it('an existing --db file is served as it is, so records and sessions survive restarts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-db-'));
    const file = path.join(dir, 'crm.db');
    try {
      const first = await startSandbox({ scenario: permScenario(), db: file });
      const a1 = await login(first, 'a1');
      const made = (await a1.create('Accounts', { accountname: 'Survivor', assigned_user_id: a1.userId })).result as { id: string };
      const sessionBefore = a1.session;
      await first.close();
      // A different scenario is ignored for an initialised file.
      const second = await startSandbox({ scenario: { ...permScenario(), records: [] }, db: file });
      open.push(second);
      expect(second.ids).toEqual(first.ids);
      const again = await login(second, 'a1');
      expect((await again.retrieve(made.id)).result).toMatchObject({ accountname: 'Survivor' });
      // Sessions are PHP files on a real server: they outlive the restart too.
      const resumed = new WsClient(second.webserviceUrl);
      resumed.session = sessionBefore;
      expect((await resumed.retrieve(made.id)).success).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('pins ws ids from an ids map and reports the ids it used', async () => {
    const sb = await start({ ids: { acc_a1: '3x500', 'user:a1': '19x40', 'group:g_direct': '22x41' } });
    expect(sb.ids).toMatchObject({ acc_a1: '3x500', 'user:a1': '19x40', 'group:g_direct': '22x41' });
    expect(sb.users.find((u) => u.key === 'a1')?.wsId).toBe('19x40');
    const a1 = await login(sb, 'a1');
    expect((await a1.retrieve('3x500')).result).toMatchObject({ accountname: 'Account acc_a1', assigned_user_id: '19x40' });
  });

  it('--phase after applies the revocation step and recalculates', async () => {
    const scenario = {
      ...permScenario({ rules: [{ key: 'r1', module: 'Accounts', from: { type: 'role', key: 'other' }, to: { type: 'role', key: 'agent' }, permission: 'read-only' }] }),
      revocation: { delete_rules: ['r1'], default_sharing: { HelpDesk: 3 } },
    };
    const before = await start({ scenario });
    expect(await (await login(before, 'a1')).ids('SELECT id FROM Accounts;')).toContain(before.ids.acc_o1);
    const after = await start({ scenario, phase: 'after' });
    expect(await (await login(after, 'a1')).ids('SELECT id FROM Accounts;')).not.toContain(after.ids.acc_o1);
  });
});
