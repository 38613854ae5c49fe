/**
 * vtenext-compatible CRM sandbox: the public API used by tests, the CLI and the app's demo mode.
 * Shares no code with app/ — a client bug can never be mirrored by its test peer.
 */
import { readFileSync } from 'node:fs';
import { openDb, isInitialised, getMeta } from './core/db';
import { Store, wsId, type PinnedRecordMeta } from './core/store';
import { loadScenario, applyRevocation } from './core/scenario';
import { listen, Sessions, Tokens, type ServerState } from './server/http';
import { FaultTable } from './server/faults';
import { demoScenario } from './data/demo';
import { generateRecords, type GenerateOptions } from './data/generate';

export { largeScenario } from './data/generate';
export { demoScenario } from './data/demo';

export interface SandboxUser { key: string; userName: string; accessKey: string; password: string; wsId: string; isAdmin: boolean }

export interface SandboxHandle {
  /** http://127.0.0.1:<port>/ */
  url: string;
  /** url + 'webservice.php' */
  webserviceUrl: string;
  /** url + '_control/' when the control API is enabled, else null. */
  controlUrl: string | null;
  users: SandboxUser[];
  /** Scenario key → ws id (records, 'user:<key>', 'group:<key>'), same keys as the recorded ids.json. */
  ids: Record<string, string>;
  close(): Promise<void>;
}

export interface SandboxOptions {
  /** Path to a vte-scenario/1 JSON file, or the parsed object; default: the built-in demo company. */
  scenario?: string | object;
  port?: number;
  host?: '127.0.0.1';
  /** SQLite file; default ':memory:'. An existing initialised file is served as it is. */
  db?: string;
  /** Pins ws ids: key → ws id, like the recorded ids.json. */
  ids?: Record<string, string>;
  /** Pins creation/modification times and autonumbers per record key (a recording's record_meta.json). */
  recordMeta?: Record<string, PinnedRecordMeta>;
  /** Bulk-generates records over the scenario's non-admin users (benchmarks); new databases only. */
  generate?: GenerateOptions;
  /** 'after' applies the scenario's revocation step and recalculates before serving. */
  phase?: 'before' | 'after';
  /** Enables the control API under /_control/. */
  control?: boolean;
  /** Server time zone (vtenext server default here: Europe/Rome, as on the recording install). */
  serverTimezone?: string;
  /** Clock for tests; default Date.now. */
  clock?: () => number;
}

function readScenario(s: string | object | undefined): object {
  if (s === undefined) return demoScenario();
  if (typeof s === 'string') return JSON.parse(readFileSync(s, 'utf8')) as object;
  return s;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<SandboxHandle> {
  const db = openDb(opts.db ?? ':memory:');
  const store = new Store(db);
  if (opts.serverTimezone) store.serverTz = opts.serverTimezone;
  if (opts.clock) store.clock = opts.clock;
  let ids: Record<string, string>;
  if (isInitialised(db)) {
    ids = JSON.parse(getMeta(db, 'ids') ?? '{}') as Record<string, string>;
  } else {
    const scenario = readScenario(opts.scenario);
    ids = loadScenario(store, scenario, opts.ids ?? {}, opts.recordMeta ?? {}).ids;
    if (opts.phase === 'after') applyRevocation(store, scenario);
    if (opts.generate) generateRecords(store, opts.generate);
  }
  const state: ServerState = {
    store, sessions: new Sessions(db, () => store.clock()), tokens: new Tokens(() => store.clock()), faults: new FaultTable(), control: opts.control === true,
  };
  const { server, url } = await listen(state, opts.host ?? '127.0.0.1', opts.port ?? 0);
  const rows = db.prepare('SELECT id, key, user_name, accesskey, password, is_admin FROM users WHERE deleted = 0 ORDER BY id').all() as Array<{
    id: number; key: string | null; user_name: string; accesskey: string; password: string; is_admin: number;
  }>;
  const users: SandboxUser[] = rows.map((u) => ({
    key: u.key ?? u.user_name, userName: u.user_name, accessKey: u.accesskey, password: u.password, wsId: wsId('Users', u.id), isAdmin: u.is_admin === 1,
  }));
  let closed = false;
  return {
    url,
    webserviceUrl: url + 'webservice.php',
    controlUrl: state.control ? url + '_control/' : null,
    users,
    ids,
    async close() {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}

/**
 * Calls a control route of a sandbox started with `control: true`, e.g.
 * `await sandboxControl(sb, 'rules/add', {...}); await sandboxControl(sb, 'recalculate')`.
 */
export async function sandboxControl(handle: Pick<SandboxHandle, 'controlUrl'>, route: string, body: object = {}, method: 'POST' | 'GET' | 'DELETE' = 'POST'): Promise<unknown> {
  if (!handle.controlUrl) throw new Error('the sandbox was started without control: true');
  const res = await fetch(handle.controlUrl + route, {
    method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`sandbox control ${route}: ${JSON.stringify(json)}`);
  return json;
}

