import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../errors';
import { VtenextClient } from './client';
import { nodeTransport } from './node-transport';
import { fetchTransport } from './transport';
import { buildSelect } from './vtql';
import { haveTranscripts } from './test-support/shared';
import { loadTranscript, startReplayServer, type ReplayServer } from './test-support/replay-server';

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

const recorded = haveTranscripts ? loadTranscript('anna') : [];
const bodyOf = (label: string) => JSON.parse(recorded.find((e) => e.label === label)!.body) as { result: unknown };

describe.skipIf(!haveTranscripts)('VtenextClient against the recorded real vtenext (anna)', () => {
  let srv: ReplayServer;
  let client: VtenextClient;
  const make = (over: Partial<ConstructorParameters<typeof VtenextClient>[0]> = {}) =>
    new VtenextClient({ url: srv.url, userName: srv.userName, accessKey: async () => srv.accessKey, transport: nodeTransport(), ...over });

  beforeEach(async () => {
    srv = await startReplayServer('anna');
    client = make();
  });
  afterEach(() => srv.close());

  it('logs in with md5(token + accessKey) and reuses the session', async () => {
    const login = await client.login();
    expect(login.userId).toBe('19x6');
    const types = await client.listTypes();
    expect(types.types).toContain('Accounts');
    const email = await client.listTypes(['email']);
    expect(email.types).toEqual(['Leads', 'Accounts', 'Contacts', 'HelpDesk', 'Vendors', 'Newsletter', 'Employees']);
    expect(srv.stats.logins).toBe(1);
    expect(srv.stats.requests.filter((r) => r.op === 'getchallenge')).toHaveLength(1);
    expect(srv.stats.misses).toEqual([]);
  });

  it('sends GET operations in the query string and POST operations in the body', async () => {
    await client.describe('Accounts');
    await client.relate('44x110', ['4x35']);
    const placement = Object.fromEntries(srv.stats.requests.map((r) => [r.op, `${r.method} ${r.placement}`]));
    expect(placement).toEqual({ getchallenge: 'GET query', login: 'POST body', describe: 'GET query', relate: 'POST body' });
  });

  it('parses describe and query as the real server sends them', async () => {
    const d = await client.describe('HelpDesk');
    expect(d.idPrefix).toBe('9');
    expect(d.updateable).toBe(false);
    expect(d.fields.find((f) => f.name === 'parent_id')?.type.refersTo).toEqual(['Leads', 'Accounts', 'Contacts']);
    const rows = await client.query('SELECT * FROM Accounts;');
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r.id).sort()).toEqual((bodyOf('query * Accounts').result as Array<{ id: string }>).map((r) => r.id).sort());
    const con21 = await client.retrieve('4x54');
    expect(con21.lastname).toBe('Großmann-Ñúñez');
  });

  it('logs in again once after INVALID_SESSIONID, shared by concurrent callers, and retries once', async () => {
    const c = make({ maxInFlight: 4 });
    await c.login();
    srv.expireSessions();
    const all = await Promise.all([c.describe('Accounts'), c.describe('Contacts'), c.listTypes(), c.query('SELECT * FROM Accounts;')]);
    expect(all).toHaveLength(4);
    expect(srv.stats.logins).toBe(2);
    expect(srv.stats.misses).toEqual([]);
  });

  it('makes exactly one failed login for a wrong key, however often it is called', async () => {
    const c = make({ accessKey: async () => 'WRONG-KEY-000000' });
    const errors = await Promise.all([rejection(c.listTypes()), rejection(c.describe('Accounts')), rejection(c.login())]);
    errors.push(await rejection(c.query('SELECT * FROM Accounts;')));
    for (const e of errors) {
      expect(e.code).toBe('CRM_AUTH_FAILED');
      expect(e.details?.vtCode).toBe('INVALID_USER_CREDENTIALS');
    }
    expect(srv.stats.failedLogins).toBe(1);
    expect(JSON.stringify(errors.map((e) => e.toShape()))).not.toContain('WRONG-KEY');
  });

  it('exchanges a password for the access key with login_pwd', async () => {
    await expect(VtenextClient.accessKeyFromPassword(nodeTransport(), srv.url, srv.userName, srv.password)).resolves.toBe(srv.accessKey);
    const e = await rejection(VtenextClient.accessKeyFromPassword(nodeTransport(), srv.url, srv.userName, 'nope'));
    expect(e.code).toBe('CRM_AUTH_FAILED');
  });

  it('maps every recorded error to a typed AppError', async () => {
    const cases: Array<[Promise<unknown>, string, string]> = [
      [client.retrieve('3x23'), 'CRM_ACCESS_DENIED', 'ACCESS_DENIED'],
      [client.retrieve('999x1'), 'CRM_ACCESS_DENIED', 'ACCESS_DENIED'],
      [client.retrieve('4x19'), 'CRM_RECORD_NOT_FOUND', 'INVALID_ID_ATTRIBUTE'],
      [client.query('SELECT * FROM Accounts WHERE;'), 'CRM_ERROR', 'QUERY_SYNTAX_ERROR'],
      [client.query('SELECT * FROM Accounts WHERE accountname = "Alpha";'), 'CRM_ERROR', 'INTERNAL_SERVER_ERROR'],
      [client.query('SELECT * FROM NoSuchModule;'), 'CRM_ACCESS_DENIED', 'ACCESS_DENIED'],
      [client.create('Contacts', { firstname: 'NoLastname', assigned_user_id: '19x6' }), 'CRM_ERROR', 'MANDATORY_FIELDS_MISSING'],
    ];
    for (const [p, code, vtCode] of cases) {
      const e = await rejection(p);
      expect([e.code, e.details?.vtCode]).toEqual([code, vtCode]);
    }
    expect(srv.stats.misses).toEqual([]);
  });

  it('treats the null result of relate and of delete of a missing record as success', async () => {
    await expect(client.relate('44x110', ['4x35'])).resolves.toBeUndefined();
    await expect(client.delete('3x999999')).resolves.toBe(false);
    await expect(client.delete('44x110')).resolves.toBe(true);
  });

  it('reports the empty HTTP 500 of an unknown operation as CRM_BAD_RESPONSE', async () => {
    const t = nodeTransport();
    const res = await t({ url: `${srv.webserviceUrl}?operation=nosuchoperation`, method: 'GET', headers: {}, signal: AbortSignal.timeout(5000) });
    expect([res.status, res.text]).toEqual([500, '']);
    const { parseEnvelope } = await import('./envelope');
    expect(() => parseEnvelope(res, 'nosuchoperation')).toThrow(expect.objectContaining({ code: 'CRM_BAD_RESPONSE' }) as Error);
  });

  it('creates a Messages record as multipart with file_0, file_1', async () => {
    const create = recorded.find((e) => e.op === 'create' && e.encoding === 'multipart/form-data')!;
    const element = JSON.parse(create.params_raw.element!) as Record<string, unknown>;
    const files = [
      { filename: '5f1a2b3c_report anna.txt', contentType: 'text/plain', data: new TextEncoder().encode('Attachment one for anna\n') },
      { filename: '9d8e7f6a_pixel.png', contentType: 'image/png', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) },
    ];
    const rec = await client.create('Messages', element, files);
    expect(rec.id).toBe('44x110');
    expect(rec.description).toContain('<!-- begin sanitized html -->');
    const req = srv.stats.requests.find((r) => r.op === 'create')!;
    expect(req.files).toEqual(['file_0:5f1a2b3c_report anna.txt', 'file_1:9d8e7f6a_pixel.png']);
    expect(req.placement).toBe('body');
  });

  it('times out and cancels', async () => {
    await client.login();
    srv.setDelay(400);
    expect((await rejection(client.listTypes(undefined, { timeoutMs: 100 }))).code).toBe('CRM_TIMEOUT');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    expect((await rejection(client.listTypes(undefined, { signal: ac.signal }))).code).toBe('CANCELLED');
  });

  it('works over an injected fetch as well', async () => {
    const c = make({ transport: fetchTransport(fetch) });
    expect((await c.describe('Accounts')).idPrefix).toBe('3');
  });

  it('answers a query built by the VTQL builder exactly like the recorded one', async () => {
    const q = buildSelect({ module: 'Accounts', columns: ['accountname', 'industry'], where: [{ field: 'industry', in: ['Banking', 'Transportation'] }], orderBy: ['accountname'], desc: true, limit: 3, offset: 2 });
    const rows = await client.query(q);
    const rec = recorded.filter((e) => e.label === 'query Accounts filtered')[1]!;
    expect(rec.params_raw.query).toBe(q);
    expect(rows).toEqual((JSON.parse(rec.body) as { result: unknown }).result);
    expect(srv.stats.misses).toEqual([]);
  });
});

describe('VtenextClient without a server', () => {
  it('reports a refused connection as CRM_UNREACHABLE', async () => {
    const c = new VtenextClient({ url: 'http://127.0.0.1:9', userName: 'u', accessKey: async () => 'k', transport: nodeTransport() });
    expect((await rejection(c.login())).code).toBe('CRM_UNREACHABLE');
  });
});

describe('response size guard', () => {
  it('refuses an answer larger than the limit as CRM_BAD_RESPONSE', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-type': 'application/json' });
      res.end(`{"success":true,"result":{"token":"${'x'.repeat(5000)}","serverTime":1,"expireTime":2}}`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const c = new VtenextClient({ url: `http://127.0.0.1:${port}`, userName: 'u', accessKey: async () => 'k', transport: nodeTransport({ maxResponseBytes: 1000 }) });
      expect((await rejection(c.login())).code).toBe('CRM_BAD_RESPONSE');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
