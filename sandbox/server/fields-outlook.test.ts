/** Field visibility from profiles (§8.4) and the Outlook search operations (§6.1). */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startSandbox, type SandboxHandle } from '../index';
import { permScenario } from '../test-support/perm-scenario';
import { WsClient } from '../test-support/ws-client';

let sb: SandboxHandle;

beforeAll(async () => {
  const scenario = permScenario({
    extraRecords: [
      { key: 'con_a1', module: 'Contacts', owner: { user: 'a1' }, fields: { firstname: 'Lucia', lastname: 'Bianchi', email: 'lucia@bianchi.example' } },
      { key: 'ven1', module: 'Vendors', owner: { user: 'o1' }, fields: { vendorname: 'Lucia Forniture', email: 'ordini@forniture.example' } },
    ],
  }) as { profiles: Array<Record<string, unknown>> };
  // The standard profile hides Accounts.phone; the View All profile does not (and global permissions show every field anyway).
  scenario.profiles[0] = { ...scenario.profiles[0], hidden_fields: { Accounts: ['phone'] } };
  sb = await startSandbox({ scenario });
});
afterAll(async () => {
  await sb.close();
});

const as = (key: string) => {
  const u = sb.users.find((x) => x.key === key) as SandboxHandle['users'][number];
  return new WsClient(sb.webserviceUrl).login(u.userName, u.accessKey);
};

describe('field visibility', () => {
  it('a field hidden in every profile of the user is absent from describe, retrieve and *, and naming it is ACCESS_DENIED', async () => {
    const c = await as('a1');
    const d = (await c.describe('Accounts')).result as { fields: Array<{ name: string }> };
    expect(d.fields.map((f) => f.name)).not.toContain('phone');
    expect((await c.retrieve(sb.ids.acc_a1 as string)).result).not.toHaveProperty('phone');
    expect(((await c.query('SELECT * FROM Accounts;')).result as object[])[0]).not.toHaveProperty('phone');
    expect((await c.query('SELECT phone FROM Accounts;')).error).toEqual({ message: "Permission to access '.phone.' attribute denied.", code: 'ACCESS_DENIED' });
    expect((await c.query("SELECT id FROM Accounts WHERE phone = '1';")).error?.message).toBe('Permission to access phone attribute denied.');
  });

  it('admins and global-permission users see every field', async () => {
    for (const key of ['admin', 'va']) {
      const c = await as(key);
      expect((await c.retrieve(sb.ids.acc_a1 as string)).result, key).toHaveProperty('phone');
    }
  });
});

describe('Outlook operations', () => {
  it('ol_doquery finds readable records whose search fields contain the value', async () => {
    const c = await as('a1');
    const rows = (await c.post({ operation: 'ol_doquery', sessionName: c.session, module: 'Contacts', search_fields: '["email"]', search_value: 'bianchi.example' })).result as Array<Record<string, string>>;
    expect(rows.map((r) => r.id)).toEqual([sb.ids.con_a1]);
    const other = await as('a2');
    expect((await other.post({ operation: 'ol_doquery', sessionName: other.session, module: 'Contacts', search_fields: '["email"]', search_value: 'bianchi.example' })).result).toEqual([]);
  });

  it('ol_clientsearch answers [module, id, label, detail] in the requested module order', async () => {
    const c = await as('a1');
    const rows = (await c.post({ operation: 'ol_clientsearch', sessionName: c.session, modules: '["Vendors","Contacts","Accounts"]', search_text: 'lucia' })).result as string[][];
    // Vendors have no owner-based sharing (ownedby = 1): a1 finds o1's vendor.
    expect(rows).toEqual([['Vendors', sb.ids.ven1, 'Lucia Forniture', 'ordini@forniture.example'], ['Contacts', sb.ids.con_a1, 'Lucia Bianchi', 'lucia@bianchi.example']]);
  });

  it('ol_is_sdk compares the client version', async () => {
    const c = await as('a1');
    expect((await c.post({ operation: 'ol_is_sdk', sessionName: c.session, client_version: '3.1.0' })).result).toBe('true');
    expect((await c.post({ operation: 'ol_is_sdk', sessionName: c.session, client_version: '2.9' })).result).toBe('false');
  });
});

describe('modules the recording did not describe', () => {
  it('Vendors have a usable shape: describe lists the e-mail field and queries on it work', async () => {
    const c = await as('a1');
    const d = (await c.describe('Vendors')).result as { fields: Array<{ name: string; type: { name: string } }> };
    expect(d.fields.find((f) => f.name === 'email')?.type.name).toBe('email');
    expect(await c.ids("SELECT id FROM Vendors WHERE email = 'ordini@forniture.example';")).toEqual([sb.ids.ven1]);
  });
});

