import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { sandboxControl, startSandbox, type SandboxHandle, type SandboxUser } from '../../../sandbox/index';
import { cacheFilePath, openCacheDb } from '../../cache/cache-file';
import { CacheStore, type CachedRecord } from '../../cache/cache-store';
import { VtenextClient, nodeTransport } from '../../crm';
import { createSearch } from '../../search/search';
import { keysetPages } from '../keyset-pager';
import { SyncEngine } from '../sync-engine';
import type { SyncChildConfig } from './sync-crash-child';
import { prng } from '../../test-support/seeded-random';

export interface SyncCrashOptions {
  kills: number;
  /** Contacts generated over the demo company's ten non-admin users (the synced user owns a tenth). */
  contacts: number;
  pageSize: number;
  seed: number;
  log?: (line: string) => void;
}

export interface CacheCheck {
  integrity: string;
  records: number;
  distinctIds: number;
  namesFts: number;
  recordsFts: number;
  /** Records whose rid has no names_fts row, plus names_fts rows with no record. */
  ftsOrphans: number;
  ftsIntegrity: string;
}

export interface SyncCrashReport {
  kills: number;
  /** Kills that struck after a "fill" progress line and before "done". */
  killsMidFill: number;
  /** Kills whose last line was a delta or reconcile page. */
  killsMidDeltaOrReconcile: number;
  selfExits: number;
  mutations: Record<string, number>;
  /** Cache checks after every kill that found something wrong (empty when all were clean). */
  brokenAfterKill: { kill: number; check: CacheCheck }[];
  /** Checkpoint checks done after kills, and the ones that found a record behind the cursor missing or stale. */
  cursorChecks: number;
  behindCursor: { kill: number; cursor: string; missing: string[]; stale: string[] }[];
  final: CacheCheck;
  fillDone: Record<string, boolean>;
  /** Module → ids in the crash-tested cache but not in a fresh fill, and the other way round. */
  extra: Record<string, string[]>;
  missing: Record<string, string[]>;
  /** Records present in both whose cached content differs from the fresh fill (stale after a touch). */
  stale: string[];
  /** Records changed through the CRM during the test that the server's permission engine grants or refuses, against the cache. */
  permissionMismatches: string[];
  /** Records added during the test that the app's search does not find by their name. */
  unsearchable: string[];
  cachedContacts: number;
  /** What the final, unkilled run did for Contacts ("fill Contacts", "reconcile Contacts", …). */
  finalContacts: string[];
  ms: number;
}


const here = dirname(fileURLToPath(import.meta.url));

async function bundleChild(dir: string): Promise<string> {
  const out = join(dir, 'sync-crash-child.cjs');
  await build({ entryPoints: [resolve(here, 'sync-crash-child.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['better-sqlite3'], outfile: out, logLevel: 'warning' });
  return out;
}

/** When to kill: after the child printed its n-th progress line (plus a delay), or at a time after spawn. */
type KillPlan = { afterLines: number; delayMs: number } | { afterMs: number } | null;

interface RunResult {
  killed: boolean;
  lastLine: string;
  /** Distinct "phase module" pairs the child printed, in order. */
  phases: string[];
  code: number | null;
  stderr: string;
}

function runChild(script: string, cfgFile: string, plan: KillPlan): Promise<RunResult> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [script, cfgFile], { env: { ...process.env, NODE_PATH: resolve(here, '../../../node_modules') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killed = false;
    let lastLine = '';
    let timer: NodeJS.Timeout | null = null;
    const lines = () => out.split('\n').filter(Boolean);
    const killNow = () => {
      if (killed) return;
      const l = lines();
      lastLine = l.at(-1) ?? '';
      killed = child.kill('SIGKILL');
    };
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (plan && 'afterLines' in plan && timer === null && !killed && lines().length >= plan.afterLines) timer = setTimeout(killNow, plan.delayMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    if (plan && 'afterMs' in plan) timer = setTimeout(killNow, plan.afterMs);
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      if (!killed) lastLine = lines().at(-1) ?? '';
      const phases = [...new Set(lines().map((l) => l.split(' ').slice(0, 2).join(' ')))];
      resolveRun({ killed: killed && code === null, lastLine, phases, code, stderr: err });
    });
  });
}

/** What must hold of the cache file at any moment, even right after a SIGKILL. */
export function checkCacheFile(file: string): CacheCheck {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const n = (sql: string) => db.prepare(sql).pluck().get() as number;
    let ftsIntegrity = 'ok';
    // FTS5's own check of its index structure needs a writable handle. Closing it checkpoints the
    // WAL, so only every few kills are checked here: the others leave the child a hot WAL to recover.
    const rw = new Database(file, { fileMustExist: true });
    try {
      rw.prepare("INSERT INTO names_fts(names_fts) VALUES('integrity-check')").run();
      rw.prepare("INSERT INTO records_fts(records_fts) VALUES('integrity-check')").run();
    } catch (e) {
      ftsIntegrity = String(e);
    } finally {
      rw.close();
    }
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      records: n('SELECT count(*) FROM records'),
      distinctIds: n('SELECT count(DISTINCT id) FROM records'),
      namesFts: n('SELECT count(*) FROM names_fts'),
      recordsFts: n('SELECT count(*) FROM records_fts'),
      ftsOrphans:
        n('SELECT count(*) FROM records WHERE rid NOT IN (SELECT rowid FROM names_fts)') + n('SELECT count(*) FROM names_fts WHERE rowid NOT IN (SELECT rid FROM records)') +
        n('SELECT count(*) FROM records WHERE rid NOT IN (SELECT rowid FROM records_fts)'),
      ftsIntegrity,
    };
  } finally {
    db.close();
  }
}

const clean = (c: CacheCheck) => c.integrity === 'ok' && c.ftsIntegrity === 'ok' && c.records === c.distinctIds && c.namesFts === c.records && c.recordsFts === c.records && c.ftsOrphans === 0;

function client(sbx: SandboxHandle, u: SandboxUser): VtenextClient {
  return new VtenextClient({ url: sbx.url, userName: u.userName, accessKey: async () => u.accessKey, transport: nodeTransport(), timeoutMs: 10_000 });
}

/**
 * Issue 5's crash test for the cache fill: a child process syncs one user's real cache file from
 * the sandbox over HTTP and is SIGKILLed at random moments `kills` times (restarted each time)
 * while the CRM changes under it; then one unkilled run with reconcile, and the cache is compared
 * with a fresh fill and with the server's permission engine.
 */
export async function runSyncCrash(o: SyncCrashOptions): Promise<SyncCrashReport> {
  const started = Date.now();
  const rnd = prng(o.seed);
  const log = o.log ?? (() => undefined);
  const home = mkdtempSync(join(tmpdir(), 'sync-crash-'));
  const sbx = await startSandbox({ control: true, generate: { module: 'Contacts', records: o.contacts, seed: o.seed } });
  try {
    const u = sbx.users.find((x) => x.key === 'giulia');
    if (!u) throw new Error('demo user giulia missing');
    const peer = sbx.users.find((x) => x.key === 'luca')!;
    const ctl = (route: string, body: object = {}) => sandboxControl(sbx, route, body);
    const crm = client(sbx, u);
    const cachesDir = join(home, 'caches');
    const script = await bundleChild(home);
    const cfgFile = join(home, 'child.json');
    const writeCfg = (reconcile: boolean) => {
      const cfg: SyncChildConfig = { cachesDir, url: sbx.url, userName: u.userName, accessKey: u.accessKey, pageSize: o.pageSize, reconcile };
      writeFileSync(cfgFile, JSON.stringify(cfg));
    };

    // The synced user's Contacts as the server shows them to her, kept current as the test changes them.
    const visible = new Set<string>();
    for await (const page of keysetPages(crm, 'Contacts', ['modifiedtime'], null, 1000)) for (const r of page.rows) if (r.id) visible.add(r.id);
    const all = ((await ctl('records', { module: 'Contacts' })) as { ids: string[] }).ids;
    const others = all.filter((id) => !visible.has(id));
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const changed = new Map<string, 'gone' | 'visible'>();
    const added: { id: string; lastname: string }[] = [];
    const mutations: Record<string, number> = {};
    const mutate = async () => {
      const kind = pick(['reassign-away', 'delete', 'add', 'touch', 'reassign-to'] as const);
      const ids = [...visible];
      if (kind === 'reassign-away' || kind === 'delete') {
        const id = pick(ids);
        await (kind === 'delete' ? ctl('delete', { record: id }) : ctl('reassign', { record: id, owner: peer.key }));
        visible.delete(id);
        changed.set(id, 'gone');
      } else if (kind === 'add') {
        const lastname = `Crashtest${Math.floor(rnd() * 1e9).toString(36)}`;
        const r = await crm.create('Contacts', { firstname: 'Sync', lastname, email: `${lastname.toLowerCase()}@crash.example`, assigned_user_id: u.wsId });
        visible.add(String(r.id));
        changed.set(String(r.id), 'visible');
        added.push({ id: String(r.id), lastname });
      } else if (kind === 'touch') {
        const id = pick(ids);
        await crm.revise({ id, title: `Touched ${Math.floor(rnd() * 1e6)}` });
        changed.set(id, 'visible');
      } else {
        const id = others.splice(Math.floor(rnd() * others.length), 1)[0]!;
        await ctl('reassign', { record: id, owner: u.key });
        visible.add(id);
        changed.set(id, 'visible');
      }
      mutations[kind] = (mutations[kind] ?? 0) + 1;
    };

    const cacheFile = cacheFilePath(cachesDir, sbx.url, u.userName);
    let kills = 0;
    let midFill = 0;
    let midOther = 0;
    let selfExits = 0;
    let runs = 0;
    let hidden = false;
    const broken: SyncCrashReport['brokenAfterKill'] = [];
    let cursorChecks = 0;
    const behindCursor: SyncCrashReport['behindCursor'] = [];
    /**
     * The checkpoint's promise: every Contact the user sees with a modifiedtime before the cursor
     * is cached with that modifiedtime. The CRM only changes between runs, and every change here
     * stamps the record with the current time, never before a cursor already reached; a checkpoint
     * committed ahead of its page breaks this (a sweep would repair it later, so only here it shows).
     */
    const behind = async (file: string) => {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      let cursor: string | null;
      let cachedTimes: Map<string, string>;
      try {
        cursor = (db.prepare("SELECT cursor FROM sync_state WHERE module = 'Contacts'").pluck().get() as string | null | undefined) ?? null;
        cachedTimes = new Map((db.prepare("SELECT id, modifiedtime FROM records WHERE module = 'Contacts'").all() as { id: string; modifiedtime: string }[]).map((r) => [r.id, r.modifiedtime]));
      } finally {
        db.close();
      }
      if (cursor === null) return null;
      const missing: string[] = [];
      const stale: string[] = [];
      for await (const page of keysetPages(crm, 'Contacts', ['modifiedtime'], null, 1000)) {
        for (const r of page.rows) {
          const mt = r.modifiedtime ?? '';
          if (!r.id || mt >= cursor) continue;
          const have = cachedTimes.get(r.id);
          if (have === undefined) missing.push(r.id);
          else if (have !== mt) stale.push(r.id);
        }
      }
      return { cursor, missing, stale };
    };
    while (kills < o.kills) {
      runs++;
      if (runs > o.kills * 4) throw new Error(`only ${kills} kills in ${runs} runs`);
      if (kills > 0 && rnd() < 0.35) await mutate();
      // Halfway, a field leaves the profile: the module's fields hash changes and it is refilled
      // from scratch, so kills land in a second fill, after a reset, too.
      if (!hidden && kills >= o.kills / 2) {
        hidden = true;
        await ctl('profile', { profile: 'sales', hidden_fields: { Contacts: ['title'] } });
        await ctl('recalculate');
        mutations['hide-field'] = 1;
      }
      writeCfg(rnd() < 0.25);
      const plan: KillPlan = rnd() < 0.7 ? { afterLines: 1 + Math.floor(rnd() * 12), delayMs: Math.floor(rnd() * 40) } : { afterMs: 20 + Math.floor(rnd() * 600) };
      const res = await runChild(script, cfgFile, plan);
      if (res.killed) {
        kills++;
        if (res.lastLine.startsWith('fill ')) midFill++;
        else if (res.lastLine.startsWith('delta ') || res.lastLine.startsWith('reconcile ')) midOther++;
        // The file may not exist yet when the kill came before the child opened it.
        if (existsSync(cacheFile)) {
          const b = await behind(cacheFile);
          if (b) {
            cursorChecks++;
            if (b.missing.length || b.stale.length) behindCursor.push({ kill: kills, ...b });
          }
          if (kills % 4 === 0) {
            const c = checkCacheFile(cacheFile);
            if (!clean(c)) broken.push({ kill: kills, check: c });
          }
        }
      } else if (res.code === 0) selfExits++;
      else throw new Error(`sync child failed on its own (exit ${res.code}, last line ${res.lastLine}): ${res.stderr}`);
      if (runs % 10 === 0) log(`runs ${runs}, kills ${kills} (mid-fill ${midFill}, mid-delta/reconcile ${midOther}), self-exits ${selfExits}`);
    }
    writeCfg(true);
    const fin = await runChild(script, cfgFile, null);
    if (fin.code !== 0) throw new Error(`final sync did not finish: exit ${fin.code} ${fin.stderr}`);

    const final = checkCacheFile(cacheFile);
    const tested = new CacheStore(openCacheDb(cachesDir, sbx.url, u.userName));
    const fresh = new CacheStore(openCacheDb(join(home, 'fresh'), sbx.url, u.userName));
    await new SyncEngine({ crm: client(sbx, u), cache: fresh, pageSize: 1000 }).run();
    const extra: Record<string, string[]> = {};
    const missing: Record<string, string[]> = {};
    const stale: string[] = [];
    const fillDone: Record<string, boolean> = {};
    const modules = new Set([...tested.modules(), ...fresh.modules()].map((m) => m.name));
    for (const m of modules) {
      fillDone[m] = tested.checkpoint(m).fillDone;
      const a = new Map(tested.records(m).map((r) => [r.id, r]));
      const b = new Map(fresh.records(m).map((r) => [r.id, r]));
      const x = [...a.keys()].filter((id) => !b.has(id));
      const y = [...b.keys()].filter((id) => !a.has(id));
      if (x.length) extra[m] = x;
      if (y.length) missing[m] = y;
      for (const [id, r] of a) if (b.has(id) && !sameRecord(r, b.get(id)!)) stale.push(id);
    }
    const cached = tested.recordIds('Contacts');
    const permissionMismatches: string[] = [];
    for (const id of changed.keys()) {
      const { permitted: allowed } = (await ctl('permitted', { user: u.key, record: id, action: 'DetailView' })) as { permitted: boolean };
      if (allowed !== cached.has(id)) permissionMismatches.push(`${id} permitted=${allowed} cached=${cached.has(id)}`);
    }
    const search = createSearch(tested.db);
    const unsearchable = added.filter((a) => cached.has(a.id) && !search.search(a.lastname, { limit: 5 }).some((h) => h.id === a.id)).map((a) => a.id);
    const cachedContacts = cached.size;
    tested.close();
    fresh.close();
    return {
      kills, killsMidFill: midFill, killsMidDeltaOrReconcile: midOther, selfExits, mutations, brokenAfterKill: broken, cursorChecks, behindCursor, final, fillDone,
      extra, missing, stale, permissionMismatches, unsearchable, cachedContacts, finalContacts: fin.phases.filter((x) => x.endsWith(' Contacts')), ms: Date.now() - started,
    };
  } finally {
    await sbx.close();
    rmSync(home, { recursive: true, force: true });
  }
}

function sameRecord(a: CachedRecord, b: CachedRecord): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
