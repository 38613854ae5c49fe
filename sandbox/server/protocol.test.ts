/** Wire behaviour of webservice.php as recorded from vtenext CE 20.04.3 (FINDINGS 1–20). */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { startSandbox, sandboxControl, type SandboxHandle } from '../index';
import { permScenario } from '../test-support/perm-scenario';
import { WsClient, type Envelope } from '../test-support/ws-client';
import fc from 'fast-check';
import { lex } from '../vtql/lexer';

let sb: SandboxHandle;
beforeAll(async () => {
  sb = await startSandbox({ control: true, scenario: permScenario({ extraRecords: [{ key: 'con_a1', module: 'Contacts', owner: { user: 'a1' }, fields: { lastname: 'Müller/Ñúñez', account_id: { ref: 'acc_a1' }, birthday: '1980-03-15' } }] }) });
});
afterAll(async () => {
  await sb.close();
});

function raw(pathAndQuery: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; rawHeaders: string[]; body: string }> {
  const url = new URL(pathAndQuery, sb.url);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const user = (key: string) => sb.users.find((u) => u.key === key) as SandboxHandle['users'][number];
const as = (key: string) => new WsClient(sb.webserviceUrl).login(user(key).userName, user(key).accessKey);

describe('envelope', () => {
  it('has no __className, sends message before code, and uses the header spelling Content-type', async () => {
    const r = await raw('/webservice.php?operation=listtypes&sessionName=nope');
    expect(r.body).toBe('{"success":false,"error":{"message":"Session Identifier provided is Invalid","code":"INVALID_SESSIONID"}}');
    expect(r.status).toBe(200);
    expect(r.rawHeaders).toContain('Content-type');
    expect(r.headers['content-type']).toBe('application/json');
  });

  it('escapes "/" and non-ASCII like PHP json_encode', async () => {
    const c = await as('a1');
    const res = await raw(`/webservice.php?${new URLSearchParams({ operation: 'retrieve', sessionName: c.session, id: sb.ids.con_a1 as string })}`);
    expect(res.body).toContain('"lastname":"M\\u00fcller\\/\\u00d1\\u00fa\\u00f1ez"');
  });

  it('answers null results as "result":null (delete of a missing record, relate)', async () => {
    const c = await as('admin');
    const r = await raw('/webservice.php', { method: 'POST', body: new URLSearchParams({ operation: 'delete', sessionName: c.session, id: '3x999999' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.body).toBe('{"success":true,"result":null}');
  });

  it('answers an unknown or missing operation with HTTP 500 and an empty text/html body', async () => {
    for (const q of ['?operation=nosuchoperation', '']) {
      const r = await raw(`/webservice.php${q}`);
      expect(r.status).toBe(500);
      expect(r.body).toBe('');
      expect(r.headers['content-type']).toBe('text/html; charset=UTF-8');
    }
  });
});

describe('parameters come from the query string for GET operations and from the body for POST ones', () => {
  it('create sent as GET finds no elementType', async () => {
    const c = await as('a1');
    const r = await c.get({ operation: 'create', sessionName: c.session, elementType: 'Accounts', element: '{"accountname":"x"}' });
    expect(r.error).toEqual({ message: 'Permission to perform the operation is denied', code: 'ACCESS_DENIED' });
  });

  it('login sent as GET finds no username', async () => {
    const c = new WsClient(sb.webserviceUrl);
    const r = await c.get({ operation: 'login', username: 'a1', accessKey: 'x' });
    expect(r.error?.code).toBe('INVALID_AUTH_TOKEN');
  });

  it('a POST body that is not a form (e.g. JSON) is invisible, as $_POST would be', async () => {
    const res = await fetch(sb.webserviceUrl, { method: 'POST', body: JSON.stringify({ operation: 'login_pwd', username: 'a1', password: 'pw-a1' }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(500);
    const r = (await (await fetch(`${sb.webserviceUrl}?operation=login_pwd`, { method: 'POST', body: JSON.stringify({ username: 'a1', password: 'pw-a1' }), headers: { 'content-type': 'application/json' } })).json()) as Envelope;
    expect(r.error?.code).toBe('INVALID_USER_CREDENTIALS');
  });

  it('a query sent as POST finds no query', async () => {
    const c = await as('a1');
    const r = await c.post({ operation: 'query', sessionName: c.session, query: 'SELECT * FROM Accounts;' });
    expect(r.success).toBe(false);
  });
});

describe('authentication', () => {
  it('login is md5(token + access key); the token is not consumed; a wrong key is INVALID_USER_CREDENTIALS', async () => {
    const c = new WsClient(sb.webserviceUrl);
    const token = ((await c.get({ operation: 'getchallenge', username: 'a2' })).result as { token: string }).token;
    expect(token).toMatch(/^[0-9a-f]{13}$/);
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    const wrong = await c.post({ operation: 'login', username: 'a2', accessKey: md5(token + 'WRONG') });
    expect(wrong.error).toEqual({ message: 'Invalid username or password', code: 'INVALID_USER_CREDENTIALS' });
    for (let i = 0; i < 2; i++) {
      const ok = await c.post({ operation: 'login', username: 'a2', accessKey: md5(token + user('a2').accessKey) });
      expect(ok.result).toMatchObject({ userId: user('a2').wsId, version: '0.22', vteVersion: '5.2.1' });
    }
  });

  it('an unknown user still gets a token, then INVALID_AUTH_TOKEN', async () => {
    const c = new WsClient(sb.webserviceUrl);
    expect((await c.get({ operation: 'getchallenge', username: 'ghost' })).success).toBe(true);
    expect((await c.post({ operation: 'login', username: 'ghost', accessKey: 'x' })).error?.code).toBe('INVALID_AUTH_TOKEN');
  });

  it('login_pwd returns the access key in a one-element list', async () => {
    const c = new WsClient(sb.webserviceUrl);
    expect((await c.post({ operation: 'login_pwd', username: 'a1', password: user('a1').password })).result).toEqual([user('a1').accessKey]);
    expect((await c.post({ operation: 'login_pwd', username: 'a1', password: 'nope' })).error?.code).toBe('INVALID_USER_CREDENTIALS');
  });

  it('missing, "null" and unknown sessions; logout ends the session', async () => {
    const c = await as('a1');
    expect((await c.get({ operation: 'listtypes' })).error).toEqual({ message: 'Authencation required', code: 'AUTHENTICATION_REQUIRED' });
    expect((await c.get({ operation: 'listtypes', sessionName: 'null' })).error?.code).toBe('AUTHENTICATION_REQUIRED');
    expect((await c.post({ operation: 'logout', sessionName: c.session })).result).toEqual({ message: 'successfull' });
    expect((await c.get({ operation: 'listtypes', sessionName: c.session })).error?.code).toBe('INVALID_SESSIONID');
  });

  it('extendsession fails for a webservice client', async () => {
    const c = new WsClient(sb.webserviceUrl);
    expect((await c.post({ operation: 'extendsession' })).error).toEqual({ message: 'Authencation Failed', code: 'AUTHENTICATION_FAILURE' });
  });

  it('five failed logins in a row lock the user', async () => {
    const c = new WsClient(sb.webserviceUrl);
    const token = ((await c.get({ operation: 'getchallenge', username: 'o1' })).result as { token: string }).token;
    for (let i = 0; i < 5; i++) await c.post({ operation: 'login', username: 'o1', accessKey: 'bad' });
    const key = createHash('md5').update(token + user('o1').accessKey).digest('hex');
    expect((await c.post({ operation: 'login', username: 'o1', accessKey: 'still-wrong' })).error?.code).toBe('INVALID_USER_CREDENTIALS');
    expect((await c.post({ operation: 'login', username: 'o1', accessKey: key })).error?.code).toBe('LOGIN_LOCKED');
    await sandboxControl(sb, 'revoke', { user: 'o1', unlock: true });
    expect((await c.post({ operation: 'login', username: 'o1', accessKey: key })).success).toBe(true);
  });
});

describe('records', () => {
  it('retrieve shows dates in the user format and resolves references to ws ids', async () => {
    const c = await as('a1');
    const r = (await c.retrieve(sb.ids.con_a1 as string)).result as Record<string, string>;
    expect(r.birthday).toBe('1980-03-15');
    expect(r.account_id).toBe(sb.ids.acc_a1);
    expect(r.assigned_user_id).toBe(user('a1').wsId);
  });

  it('id errors: unknown prefix, no x, other module prefix, missing record', async () => {
    const c = await as('admin');
    const acc = sb.ids.acc_a1 as string;
    const crmid = acc.split('x')[1];
    expect((await c.retrieve('999x1')).error?.message).toBe('Permission to perform the operation is denied for id');
    expect((await c.retrieve('12345')).error?.message).toBe('Permission to perform the operation is denied for id');
    expect((await c.retrieve(`4x${crmid}`)).error).toEqual({ message: 'Id specified is incorrect', code: 'INVALID_ID_ATTRIBUTE' });
    expect((await c.retrieve('3x999999')).error).toEqual({ message: 'Permission to perform the operation is denied', code: 'ACCESS_DENIED' });
  });

  it('create checks mandatory fields in field order; malformed JSON is an empty element', async () => {
    const c = await as('a1');
    expect((await c.create('Contacts', { firstname: 'x', assigned_user_id: c.userId })).error?.message).toBe('lastname does not have a value');
    const bad = await c.post({ operation: 'create', sessionName: c.session, elementType: 'Accounts', element: '{"accountname": "broken' });
    expect(bad.error).toEqual({ message: 'accountname does not have a value', code: 'MANDATORY_FIELDS_MISSING' });
  });

  it('create then update (full replacement) and revise (merge)', async () => {
    const c = await as('a1');
    const made = (await c.create('Accounts', { accountname: 'Nuova S.r.l.', phone: '123', assigned_user_id: c.userId })).result as Record<string, string>;
    expect(made).toMatchObject({ accountname: 'Nuova S.r.l.', phone: '123', assigned_user_id: c.userId, creator: c.userId });
    const revised = (await c.revise({ id: made.id, website: 'https://nuova.example' })).result as Record<string, string>;
    expect(revised).toMatchObject({ phone: '123', website: 'https://nuova.example' });
    const updated = (await c.post({ operation: 'update', sessionName: c.session, element: JSON.stringify({ id: made.id, accountname: 'Nuova', assigned_user_id: c.userId }) })).result as Record<string, string>;
    expect(updated).toMatchObject({ accountname: 'Nuova', phone: '', website: '', employees: '0', daily_cost: '0.00' });
  });

  it('deleted records vanish from query and retrieve says ACCESS_DENIED; a second delete is null', async () => {
    const c = await as('a1');
    const made = (await c.create('Accounts', { accountname: 'Temp', assigned_user_id: c.userId })).result as { id: string };
    expect((await c.delete(made.id)).result).toEqual({ status: 'successful' });
    expect((await c.retrieve(made.id)).error?.code).toBe('ACCESS_DENIED');
    expect(await c.ids('SELECT id FROM Accounts;')).not.toContain(made.id);
    expect((await c.delete(made.id)).result).toBeNull();
  });
});

describe('query', () => {
  it('takes ws ids in WHERE for id, owner and reference fields', async () => {
    const c = await as('admin');
    expect(await c.ids(`SELECT id FROM Accounts WHERE id = '${sb.ids.acc_a1}';`)).toEqual([sb.ids.acc_a1]);
    expect(await c.ids(`SELECT id FROM Contacts WHERE account_id = '${sb.ids.acc_a1}';`)).toEqual([sb.ids.con_a1]);
    expect((await c.ids(`SELECT id FROM Accounts WHERE assigned_user_id = '${user('a1').wsId}';`)).length).toBeGreaterThan(0);
  });

  it('compares text case-insensitively, like the MySQL collation, and respects ORDER BY … DESC and LIMIT off,n', async () => {
    const c = await as('admin');
    expect(await c.ids("SELECT id FROM Accounts WHERE accountname = 'ACCOUNT ACC_A1';")).toEqual([sb.ids.acc_a1]);
    const names = ((await c.query("SELECT accountname FROM Accounts WHERE accountname LIKE 'account acc_g%' ORDER BY accountname DESC LIMIT 1, 2;")).result as Array<{ accountname: string }>).map((r) => r.accountname);
    expect(names).toEqual(['Account acc_g_role', 'Account acc_g_parent']);
  });

  it('returns count(*) as a string and unknown ORDER BY columns as a database error', async () => {
    const c = await as('admin');
    expect((await c.query('SELECT count(*) FROM Accounts;')).result).toEqual([{ count: expect.stringMatching(/^\d+$/) as unknown }]);
    expect((await c.query('SELECT * FROM Accounts ORDER BY nosuch;')).error?.code).toBe('DATABASE_QUERY_ERROR');
  });

  it('pastes values as written: a bare word is a database error, bare numbers and bare ws ids work', async () => {
    const c = await as('admin');
    expect((await c.query('SELECT id FROM Accounts WHERE accountname = Alpha;')).error?.code).toBe('DATABASE_QUERY_ERROR');
    expect((await c.query('SELECT id FROM Contacts WHERE lastname LIKE x;')).error?.code).toBe('DATABASE_QUERY_ERROR');
    expect((await c.query(`SELECT id FROM Accounts WHERE id = ${sb.ids.acc_a1};`)).result).toEqual([{ id: sb.ids.acc_a1 }]);
    expect((await c.query('SELECT id FROM Accounts WHERE employees = 0 LIMIT 1;')).success).toBe(true);
  });

  it('never fails internally: INTERNAL_SERVER_ERROR only where the real lexer throws', async () => {
    const c = await as('a1');
    const piece = fc.constantFrom(
      'SELECT', '*', 'count(*)', 'id', 'accountname', 'phone', 'account_id', 'FROM', 'Accounts', 'Contacts', 'WHERE', '=', '!=', '<', '>=', 'LIKE', 'IN', '(', ')', ',',
      "'%a%'", "'x'", `'${sb.ids.acc_a1}'`, '5', 'AND', 'OR', 'ORDER BY', 'DESC', 'LIMIT', ';', '"', '.',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 3, maxLength: 14 }), async (parts) => {
        const q = parts.join(' ');
        const r = await c.query(q);
        if (r.error?.code === 'INTERNAL_SERVER_ERROR') expect(() => lex(q), q).toThrow();
        expect(typeof r.success, q).toBe('boolean');
      }),
      { numRuns: 150 },
    );
  });

  it('field errors: select list vs WHERE wording', async () => {
    const c = await as('a1');
    expect((await c.query('SELECT nosuch FROM Accounts;')).error?.message).toBe("Permission to access '.nosuch.' attribute denied.");
    expect((await c.query("SELECT id FROM Accounts WHERE nosuch = '1';")).error?.message).toBe('Permission to access nosuch attribute denied.');
    expect((await c.query('SELECT * FROM NoSuchModule;')).error?.message).toBe('Permission to perform the operation is denied for name');
  });
});

describe('query paging limits', () => {
  let big: SandboxHandle;
  beforeAll(async () => {
    big = await startSandbox({ scenario: permScenario(), generate: { module: 'Contacts', records: 1500 } });
  });
  afterAll(async () => {
    await big.close();
  });

  it('applies a silent 1000-row default, and no cap on an explicit LIMIT', async () => {
    const admin = big.users.find((u) => u.key === 'admin') as SandboxHandle['users'][number];
    const c = await new WsClient(big.webserviceUrl).login(admin.userName, admin.accessKey);
    expect(((await c.query('SELECT id FROM Contacts;')).result as unknown[]).length).toBe(1000);
    expect(((await c.query('SELECT id FROM Contacts LIMIT 1400;')).result as unknown[]).length).toBe(1400);
    const total = Number(((await c.query('SELECT count(*) FROM Contacts;')).result as Array<{ count: string }>)[0]?.count);
    expect(total).toBe(1501);
    expect(((await c.query('SELECT id FROM Contacts LIMIT 1000, 1000;')).result as unknown[]).length).toBe(501);
  });

  it('sync pages by 100 modification times and says when there is more', async () => {
    const u = big.users.find((x) => x.key === 'a1') as SandboxHandle['users'][number];
    const c = await new WsClient(big.webserviceUrl).login(u.userName, u.accessKey);
    const own = Number(((await c.query(`SELECT count(*) FROM Contacts WHERE assigned_user_id = '${u.wsId}';`)).result as Array<{ count: string }>)[0]?.count);
    expect(own).toBeGreaterThan(100);
    let since = '0';
    const seen: string[] = [];
    for (let round = 0; round < 10; round++) {
      const r = (await c.get({ operation: 'sync', sessionName: c.session, modifiedTime: since, elementType: 'Contacts' })).result as {
        updated: Array<{ id: string; assigned_user_id: string }>; more: boolean; lastModifiedTime: number;
      };
      expect(r.updated.length).toBeLessThanOrEqual(100);
      expect(r.updated.every((x) => x.assigned_user_id === u.wsId)).toBe(true);
      seen.push(...r.updated.map((x) => x.id));
      since = String(r.lastModifiedTime);
      if (!r.more) break;
    }
    expect(new Set(seen).size).toBe(own);
  });
});

describe('sync', () => {
  it('returns only the caller’s own records, reports deletions, and is HTTP 500 for Messages and for all modules', async () => {
    const c = await as('mgr');
    const r = (await c.get({ operation: 'sync', sessionName: c.session, modifiedTime: '0', elementType: 'Accounts' })).result as {
      updated: Array<{ id: string }>; deleted: string[]; more: boolean; lastModifiedTime: number;
    };
    expect(r.updated.map((x) => x.id)).toEqual([sb.ids.acc_mgr]);
    expect(r.more).toBe(false);
    expect(Number.isInteger(r.lastModifiedTime)).toBe(true);
    expect((await c.delete(sb.ids.acc_mgr as string)).success).toBe(true);
    const after = (await c.get({ operation: 'sync', sessionName: c.session, modifiedTime: '0', elementType: 'Accounts' })).result as { updated: unknown[]; deleted: string[] };
    expect(after.deleted).toEqual([sb.ids.acc_mgr]);
    for (const params of [{ elementType: 'Messages', modifiedTime: '0' }, { modifiedTime: '1' }] as Array<Record<string, string>>) {
      const res = await fetch(`${sb.webserviceUrl}?${new URLSearchParams({ operation: 'sync', sessionName: c.session, ...params })}`);
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('');
    }
  });
});

describe('Messages', () => {
  it('multipart create with external_plugin turns files into Documents, links parent_id by hash, relate adds links', async () => {
    const c = await as('a1');
    const element = {
      subject: 'Offerta', description: '<p>Ciao <script>alert(1)</script><b>Anna</b></p>', mdate: '2026-11-20 10:30:00', messageid: '<m1@test>',
      mtype: 'Link', mvisibility: 'Public', assigned_user_id: c.userId, parent_id: `${sb.ids.con_a1}|`, hasattachments: 'True', external_plugin: 'true',
    };
    const form = new FormData();
    form.append('operation', 'create');
    form.append('sessionName', c.session);
    form.append('elementType', 'Messages');
    form.append('element', JSON.stringify(element));
    form.append('file_0', new Blob(['hello']), '5f1a_report q3.txt');
    form.append('file_1', new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }), '9d8e_pixel.png');
    const created = (await (await fetch(sb.webserviceUrl, { method: 'POST', body: form })).json()) as Envelope;
    const msg = created.result as Record<string, string>;
    expect(msg.description).toBe('\n<!-- begin sanitized html -->\n<p>Ciao <b>Anna</b></p>\n<!-- end sanitized html -->\n');
    expect(msg.cleaned_body).toBe(msg.description);
    expect(msg.mdate).toBe('2026-11-20 10:30:00');
    const docs = (await c.query("SELECT notes_title, filename, filelocationtype, assigned_user_id FROM Documents WHERE notes_title IN ('report q3.txt','pixel.png') ORDER BY notes_title;")).result;
    expect(docs).toEqual([
      { notes_title: 'pixel.png', filename: '9d8e_pixel.png', filelocationtype: 'I', assigned_user_id: c.userId, id: expect.any(String) as unknown },
      { notes_title: 'report q3.txt', filename: '5f1a_report_q3.txt', filelocationtype: 'I', assigned_user_id: c.userId, id: expect.any(String) as unknown },
    ]);
    const listed = (await c.query("SELECT description, messageid FROM Messages WHERE messageid = '<m1@test>';")).result as Array<Record<string, string>>;
    expect(listed).toEqual([{ description: '', messageid: '<m1@test>', id: msg.id }]);
    expect((await c.post({ operation: 'relate', sessionName: c.session, id: msg.id as string, relatelist: JSON.stringify([sb.ids.acc_a1]), relationid: '' })).result).toBeNull();
    const links = (await sandboxControl(sb, 'message-links', { messageid: '<m1@test>' })) as { links: Array<{ id: string }>; attachments: Array<{ name: string; size: number }> };
    expect(links.links.map((l) => l.id).sort()).toEqual([sb.ids.con_a1, sb.ids.acc_a1].sort());
    expect(links.attachments.map((x) => [x.name, x.size])).toEqual([['report q3.txt', 5], ['pixel.png', 4]]);
    // Another user's copy of the same mail (same Message-ID and subject) shares the links: they are keyed by the hash.
    const a2 = await as('a2');
    const copy = (await a2.create('Messages', { subject: 'Offerta', messageid: '<m1@test>', mtype: 'Link', assigned_user_id: a2.userId })).result as { id: string };
    const shared = (await sandboxControl(sb, 'message-links', { record: copy.id })) as { links: unknown[]; messages: string[] };
    expect(shared.links).toHaveLength(2);
    expect(shared.messages).toEqual([msg.id, copy.id]);
    expect((await c.query('SELECT mvisibility FROM Messages;')).error?.message).toBe("Permission to access '.mvisibility.' attribute denied.");
  });
});

describe('listtypes and describe', () => {
  it('lists permitted modules plus actors, and the e-mail modules in their own order', async () => {
    const c = await as('a1');
    const all = (await c.get({ operation: 'listtypes', sessionName: c.session })).result as { types: string[]; information: Record<string, unknown> };
    expect(all.types).toEqual(expect.arrayContaining(['Accounts', 'Contacts', 'Messages', 'Groups', 'Currency', 'DocumentFolders']));
    expect(all.information.Groups).toEqual({ isEntity: false, label: 'Groups', singular: 'Groups' });
    const email = (await c.get({ operation: 'listtypes', sessionName: c.session, fieldTypeList: '["email"]' })).result as { types: string[] };
    expect(email.types).toEqual(['Leads', 'Accounts', 'Contacts', 'HelpDesk', 'Vendors', 'Newsletter', 'Employees']);
  });

  it('describe carries the user date format and profile flags', async () => {
    const c = await as('a1');
    const d = (await c.describe('Contacts')).result as { fields: Array<{ name: string; type: { format?: string } }>; createable: boolean; idPrefix: string };
    expect(d.idPrefix).toBe('4');
    expect(d.createable).toBe(true);
    expect(d.fields.find((f) => f.name === 'birthday')?.type.format).toBe('yyyy-mm-dd');
    expect(d.fields[d.fields.length - 1]).toMatchObject({ name: 'id', type: { name: 'autogenerated' } });
  });
});

describe('Documents', () => {
  it('a multipart create with a "filename" part stores the file; dangerous extensions get .txt', async () => {
    const c = await as('a1');
    const form = new FormData();
    form.append('operation', 'create');
    form.append('sessionName', c.session);
    form.append('elementType', 'Documents');
    form.append('element', JSON.stringify({ notes_title: 'Listino 2027', filelocationtype: 'I', filestatus: '1', assigned_user_id: c.userId }));
    form.append('filename', new Blob(['<?php echo 1; ?>'], { type: 'text/plain' }), 'listino prezzi.php');
    const doc = ((await (await fetch(sb.webserviceUrl, { method: 'POST', body: form })).json()) as Envelope).result as Record<string, string>;
    expect(doc).toMatchObject({ notes_title: 'Listino 2027', filename: 'listino_prezzi.php.txt', filesize: '16', filelocationtype: 'I' });
  });
});
