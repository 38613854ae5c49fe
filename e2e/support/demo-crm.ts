import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './headless';

export interface DemoCrm {
  url: string;
  port: number;
  users: Map<string, string>;
  /** The control API (permissions, faults), when started with `control`. */
  controlUrl: string | null;
  stop(): Promise<void>;
}

export interface DemoCrmOptions {
  /** A scenario file (default: the built-in demo company). */
  scenario?: string;
  port?: number;
  /** A database file: the same CRM survives a stop and a start. */
  db?: string;
  control?: boolean;
}

/** The sandbox with its demo company, on a free port, as its own process (as `npm start` runs it). */
export async function startDemoCrm(opts: DemoCrmOptions = {}): Promise<DemoCrm> {
  const args = [join(repoRoot, 'sandbox', 'cli.ts'), '--port', String(opts.port ?? 0)];
  if (opts.db) args.push('--db', opts.db);
  if (opts.scenario) args.push('--scenario', opts.scenario);
  if (opts.control) args.push('--control');
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let controlUrl: string | null = null;
  const users = new Map<string, string>();
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('demo CRM did not start in 20 s')), 20_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const u = /^user (\S+) accesskey (\S+)/.exec(line);
      if (u?.[1] && u[2]) users.set(u[1], u[2]);
      const c = /^control API: (\S+)/.exec(line);
      if (c?.[1]) controlUrl = c[1];
      const m = /^SANDBOX_READY (\S+)/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.once('exit', (code) => fail(new Error(`demo CRM exited with ${code}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    users,
    controlUrl,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * A deliberately independent, minimal webservice client for checking what the server holds:
 * the app's own client is what is under test, so it must not be the judge.
 */
export async function wsQuery(baseUrl: string, userName: string, accessKey: string, vtql: string): Promise<Record<string, string>[]> {
  const ws = new URL('webservice.php', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
  const ch = (await (await fetch(`${ws}?operation=getchallenge&username=${encodeURIComponent(userName)}`)).json()) as { result: { token: string } };
  const body = new URLSearchParams({ operation: 'login', username: userName, accessKey: createHash('md5').update(ch.result.token + accessKey).digest('hex') });
  const login = (await (await fetch(ws, { method: 'POST', body })).json()) as { success: boolean; result: { sessionName: string } };
  if (!login.success) throw new Error(`login as ${userName} failed`);
  const q = (await (await fetch(`${ws}?operation=query&sessionName=${login.result.sessionName}&query=${encodeURIComponent(vtql)}`)).json()) as {
    success: boolean;
    result: Record<string, string>[];
  };
  if (!q.success) throw new Error(`query failed: ${JSON.stringify(q)}`);
  return q.result;
}

/** One call to the sandbox's control API. */
export async function control(crm: DemoCrm, route: string, body?: unknown): Promise<unknown> {
  if (!crm.controlUrl) throw new Error('the demo CRM was started without --control');
  const res = await fetch(new URL(route, crm.controlUrl), body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (!res.ok) throw new Error(`control ${route}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}
