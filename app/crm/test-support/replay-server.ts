import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ACME_DIR } from './shared';

/**
 * A test peer that answers exactly what the real vtenext CE 20.04.3 answered in the recorded
 * acme transcripts, over real HTTP on 127.0.0.1. It re-implements the server-side rules the
 * transcripts show (token + md5 login, sessions, GET/POST parameter sources, empty HTTP 500 for
 * unknown operations) and otherwise replays recorded bodies; it shares no code with the client.
 */
export interface Exchange {
  seq: number;
  label: string;
  op: string;
  method: string;
  encoding: string;
  params_raw: Record<string, string>;
  status: number;
  content_type: string;
  body: string;
}

export interface ReplayStats {
  requests: Array<{ op: string; method: string; placement: 'query' | 'body'; files: string[] }>;
  logins: number;
  failedLogins: number;
  /** Requests no recorded exchange matched (answered with an empty HTTP 500). */
  misses: string[];
}

export interface ReplayServer {
  url: string;
  webserviceUrl: string;
  userName: string;
  accessKey: string;
  password: string;
  stats: ReplayStats;
  /** Forget every session, as PHP's session GC would. */
  expireSessions(): void;
  /** Delay every answer (to test timeouts and cancellation). */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

interface ScenarioUser {
  key: string;
  user_name: string;
  accesskey: string;
  password: string;
}

export function loadTranscript(user: string): Exchange[] {
  return readFileSync(join(ACME_DIR, `${user}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Exchange);
}

export function scenarioUser(user: string): ScenarioUser {
  const s = JSON.parse(readFileSync(join(ACME_DIR, 'scenario.json'), 'utf8')) as { users: ScenarioUser[] };
  const u = s.users.find((x) => x.key === user);
  if (!u) throw new Error(`no scenario user ${user}`);
  return u;
}

const JSON_PARAMS = new Set(['element', 'relatelist', 'fieldTypeList']);

export async function startReplayServer(user: string): Promise<ReplayServer> {
  const transcript = loadTranscript(user);
  const who = scenarioUser(user);
  const byLabel = (label: string) => {
    const e = transcript.find((x) => x.label === label);
    if (!e) throw new Error(`transcript ${user} has no "${label}"`);
    return e;
  };
  // Which source each operation reads, learnt from how the recorder had to send it.
  const readsQuery = new Map<string, boolean>();
  for (const e of transcript) if (!e.label.includes('via GET') && !e.label.startsWith('error: unknown operation')) readsQuery.set(e.op, e.encoding === 'query');

  const challenge = byLabel('getchallenge');
  const token = (JSON.parse(challenge.body) as { result: { token: string } }).result.token;
  const loginOk = byLabel('login');
  const sessionName = (JSON.parse(loginOk.body) as { result: { sessionName: string } }).result.sessionName;
  const sessions = new Set<string>();
  let generation = 0;
  let delayMs = 0;
  const stats: ReplayStats = { requests: [], logins: 0, failedLogins: 0, misses: [] };

  const send = (res: ServerResponse, e: Pick<Exchange, 'status' | 'content_type' | 'body'>) => {
    res.writeHead(e.status, { 'Content-type': e.status === 500 ? 'text/html; charset=UTF-8' : 'application/json' });
    res.end(e.body);
  };
  const fatal = { status: 500, content_type: 'text/html; charset=UTF-8', body: '' };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const query = Object.fromEntries(url.searchParams);
    let body: Record<string, string> = {};
    const files: string[] = [];
    const ct = String(req.headers['content-type'] ?? '');
    if (req.method === 'POST' && raw.length > 0) {
      const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': ct }, body: raw }).formData();
      body = {};
      for (const [k, v] of form) {
        if (typeof v === 'string') body[k] = v;
        else files.push(`${k}:${v.name}`);
      }
    }
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    const request = { ...query, ...body };
    const op = (request.operation ?? '').toLowerCase();
    const fromQuery = readsQuery.get(op);
    stats.requests.push({ op, method: req.method ?? '', placement: Object.keys(body).length > 0 ? 'body' : 'query', files });
    if (fromQuery === undefined) return send(res, fatal);
    const params = fromQuery ? query : body;

    if (op === 'getchallenge') return send(res, challenge);
    if (op === 'login') {
      const want = createHash('md5').update(token + who.accesskey).digest('hex');
      if (params.username === who.user_name && params.accessKey === want) {
        stats.logins++;
        const name = `${sessionName}-${++generation}`;
        sessions.add(name);
        return send(res, { ...loginOk, body: loginOk.body.replace(sessionName, name) });
      }
      stats.failedLogins++;
      return send(res, byLabel('login wrong accessKey'));
    }
    if (op === 'login_pwd') {
      return send(res, params.username === who.user_name && params.password === who.password ? byLabel('login_pwd') : byLabel('login_pwd wrong password'));
    }
    const session = request.sessionName;
    if (!session || session === 'null') return send(res, byLabel('error: missing sessionName'));
    if (!sessions.has(session)) return send(res, byLabel('error: unknown sessionName'));
    if (op === 'logout') {
      sessions.delete(session);
      return send(res, byLabel('logout'));
    }
    if (!fromQuery && Object.keys(body).length === 0) return send(res, byLabel('error: create with params in query string (POST op via GET)'));
    const wanted = strip(params);
    const hit = transcript.find((e) => e.op === op && !e.label.includes('via GET') && sameParams(strip(e.params_raw), wanted));
    if (!hit) {
      stats.misses.push(`${op} ${JSON.stringify(wanted)}`);
      return send(res, fatal);
    }
    return send(res, hit);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      stats.misses.push(`error ${String(e)}`);
      if (!res.headersSent) send(res, fatal);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    webserviceUrl: `${base}/webservice.php`,
    userName: who.user_name,
    accessKey: who.accesskey,
    password: who.password,
    stats,
    expireSessions: () => sessions.clear(),
    setDelay: (ms) => {
      delayMs = ms;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function strip(p: Record<string, string>): Record<string, string> {
  const { operation: _o, sessionName: _s, ...rest } = p;
  return rest;
}

function sameParams(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (x === undefined || y === undefined) return false;
    if (JSON_PARAMS.has(k)) {
      try {
        if (isDeepStrictEqual(JSON.parse(x), JSON.parse(y))) continue;
      } catch {
        return false;
      }
    }
    return false;
  }
  return true;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
