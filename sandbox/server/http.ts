/**
 * The HTTP front: webservice.php with vtenext's parameter sources and envelope, the optional
 * control API under /_control/, and fault injection.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import { type Store } from '../core/store';
import { type Db } from '../core/db';
import { phpJsonEncode } from '../core/phpjson';
import { OPERATIONS } from './operations';
import { WsError, FatalError, type OpContext, type Params, type Session, type SessionRegistry, type TokenRegistry, type UploadedFile } from './context';
import { boundaryOf, parseMultipart } from './multipart';
import { type FaultTable } from './faults';
import { handleControl } from './control';

const TOKEN_LIFETIME_S = 300;

/**
 * PHP file sessions outlive a web-server restart, so sessions live in the database: a sandbox
 * restarted on the same --db file keeps its clients signed in.
 */
export class Sessions implements SessionRegistry {
  constructor(private readonly db: Db, private readonly clock: () => number) {}
  create(userId: number): Session {
    const s = { id: randomBytes(11).toString('hex').slice(0, 21), userId, created: this.clock() };
    this.db.prepare('INSERT INTO sessions(id, userid, created) VALUES(?, ?, ?)').run(s.id, s.userId, s.created);
    return s;
  }
  get(id: string): Session | undefined {
    const row = this.db.prepare('SELECT id, userid, created FROM sessions WHERE id = ?').get(id) as { id: string; userid: number; created: number } | undefined;
    return row ? { id: row.id, userId: row.userid, created: row.created } : undefined;
  }
  destroy(id: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
  }
  /** Control API: expire every session, or those of one user. */
  expire(userId?: number): number {
    const r = userId === undefined ? this.db.prepare('DELETE FROM sessions').run() : this.db.prepare('DELETE FROM sessions WHERE userid = ?').run(userId);
    return r.changes;
  }
}

export class Tokens implements TokenRegistry {
  private readonly map = new Map<string, Array<{ token: string; expire: number }>>();
  constructor(private readonly clock: () => number) {}
  issue(userName: string): { token: string; serverTime: number; expireTime: number } {
    const now = Math.floor(this.clock() / 1000);
    // uniqid(): 13 hex digits derived from the time.
    const token = (Math.floor(this.clock() * 1000) + Math.floor(Math.random() * 1e6)).toString(16).slice(-13).padStart(13, '0');
    const list = this.map.get(userName) ?? [];
    list.push({ token, expire: now + TOKEN_LIFETIME_S });
    this.map.set(userName, list);
    return { token, serverTime: now, expireTime: now + TOKEN_LIFETIME_S };
  }
  live(userName: string): string[] {
    const now = Math.floor(this.clock() / 1000);
    const list = (this.map.get(userName) ?? []).filter((t) => t.expire >= now);
    this.map.set(userName, list);
    return list.map((t) => t.token);
  }
}

export interface ServerState {
  store: Store;
  sessions: Sessions;
  tokens: Tokens;
  faults: FaultTable;
  control: boolean;
  onReload?: () => void;
}

function sendJson(res: http.ServerResponse, payload: unknown, status = 200): void {
  // phpJsonEncode output is pure ASCII, so its length is its byte length.
  const body = phpJsonEncode(payload);
  res.writeHead(status, { 'Content-type': 'application/json', 'Content-Length': body.length });
  res.end(body, 'latin1');
}

function sendFatal(res: http.ServerResponse): void {
  res.writeHead(500, { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': 0 });
  res.end();
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function readBody(req: http.IncomingMessage, failAfter: number | null): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    total += b.length;
    if (failAfter !== null && total > failAfter) {
      req.socket.destroy();
      return null;
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function toParams(sp: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of sp) out[k] = v;
  return out;
}

/** PHP's `if(!$param)`: empty strings and "0" reach the handler as null. */
function phpValue(v: string | undefined): string | null {
  return v === undefined || v === '' || v === '0' ? null : v;
}

async function handleWebservice(state: ServerState, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const get = toParams(url.searchParams);
  const uploadFault = state.faults.take(get.operation ?? null, ['upload-fail']);
  const body = await readBody(req, uploadFault ? (uploadFault.bytes ?? 0) : null);
  if (body === null) return;
  const ctype = req.headers['content-type'] ?? '';
  let post: Record<string, string> = {};
  let files: UploadedFile[] = [];
  if (req.method === 'POST') {
    const boundary = /multipart\/form-data/i.test(ctype) ? boundaryOf(ctype) : null;
    if (boundary) {
      const mp = parseMultipart(body, boundary);
      post = mp.fields;
      files = mp.files;
    } else if (/application\/x-www-form-urlencoded/i.test(ctype)) post = toParams(new URLSearchParams(body.toString('utf8')));
    // PHP fills $_POST only from form bodies: JSON or untyped bodies reach POST operations as nothing.
  }
  const request = { ...get, ...post };
  const opName = (request.operation ?? '').toLowerCase();
  // An upload fault aimed at an operation named only inside the body is known once the body is read:
  // the connection is then dropped before anything is processed, as a broken upload would be.
  if (!uploadFault && state.faults.take(opName, ['upload-fail'], (f) => f.operation !== undefined && body.length > (f.bytes ?? 0))) {
    req.socket.destroy();
    return;
  }
  const fault = state.faults.take(opName, ['latency', 'status', 'reset', 'hang', 'drop-after-commit', 'maintenance']);
  if (fault?.kind === 'maintenance') {
    // MaintenanceMode::displayWS: plain json_encode, and `error` is a string, not an object.
    return sendJson(res, { success: false, error: fault.message ?? 'The CRM is under maintenance, please try again later' });
  }
  if (fault?.kind === 'latency') await sleep(fault.ms ?? 1000);
  if (fault?.kind === 'status') {
    res.writeHead(fault.status ?? 503, { 'Content-Type': 'text/html; charset=UTF-8' });
    res.end();
    return;
  }
  if (fault?.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'hang') return;

  const op = OPERATIONS[opName];
  // Unknown operations die outside webservice.php's try block: HTTP 500, empty body (FINDINGS 4).
  if (!op) return sendFatal(res);
  const ctx: OpContext = {
    store: state.store, session: null, user: null, priv: null, files, operationInBody: 'operation' in post, sessions: state.sessions, tokens: state.tokens,
  };
  let payload: unknown;
  try {
    if (!op.prelogin) {
      const sessionName = request.sessionName;
      if (!sessionName || sessionName === 'null') throw new WsError('AUTHENTICATION_REQUIRED', 'Authencation required');
      const session = state.sessions.get(sessionName);
      if (!session) throw new WsError('INVALID_SESSIONID', 'Session Identifier provided is Invalid');
      const user = state.store.user(session.userId);
      const priv = state.store.privileges(session.userId);
      if (!user || !priv) throw new WsError('AUTHENTICATION_REQUIRED', 'Authencation required');
      ctx.session = session;
      ctx.user = user;
      ctx.priv = priv;
    }
    const source = op.type === 'GET' ? get : post;
    const params: Params = {};
    for (const name of op.params) params[name] = phpValue(source[name]);
    const result = op.handler(ctx, params);
    payload = { success: true, result: result === undefined ? null : result };
  } catch (e) {
    if (e instanceof FatalError) return sendFatal(res);
    if (e instanceof WsError) payload = { success: false, error: { message: e.message, code: e.code } };
    else {
      console.error('[sandbox] internal error', e);
      payload = { success: false, error: { message: 'Unknown Error while processing request', code: 'INTERNAL_SERVER_ERROR' } };
    }
  }
  if (fault?.kind === 'drop-after-commit') {
    req.socket.destroy();
    return;
  }
  sendJson(res, payload);
}

export interface Listening { server: http.Server; url: string }

export async function listen(state: ServerState, host: '127.0.0.1', port: number): Promise<Listening> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const done = (p: Promise<void>): void => {
      p.catch((e: unknown) => {
        console.error('[sandbox]', e);
        if (!res.headersSent) sendFatal(res);
      });
    };
    if (url.pathname === '/webservice.php' || url.pathname.endsWith('/webservice.php')) return done(handleWebservice(state, req, res, url));
    if (state.control && url.pathname.startsWith('/_control/')) return done(handleControl(state, req, res, url));
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('vtenext sandbox: use /webservice.php\n');
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${addr.port}/` };
}

export { sendJson };
