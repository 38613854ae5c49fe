import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { startSandbox } from '../../../sandbox/index';
import { createMailIntake } from '../../mail';
import type { ChildConfig } from './crash-child';
import { buildEml } from './eml';
import { clientFor, control, openAppDb, serverMessages, tmpHome, userTimeZone } from './harness';
import { prng } from '../../test-support/seeded-random';

export interface CrashOptions {
  emails: number;
  kills: number;
  /** false = the naive control: no "did it land?" before a create. */
  reconcile: boolean;
  seed?: number;
  log?: (line: string) => void;
}

export interface CrashReport {
  reconcile: boolean;
  emails: number;
  kills: number;
  /** Kills that struck after the child had started sending a job (printed a step) and before it finished. */
  killsMidSend: number;
  selfExits: number;
  faultsInjected: Record<string, number>;
  /** Injected faults the server actually applied, by kind. */
  faultsFired: Record<string, number>;
  jobsDone: number;
  serverRecords: number;
  lost: number;
  duplicates: number;
  attachmentMismatches: number;
  integrity: string;
  ms: number;
}


const here = dirname(fileURLToPath(import.meta.url));

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function bundleChild(dir: string): Promise<string> {
  const out = join(dir, 'crash-child.cjs');
  await build({ entryPoints: [resolve(here, 'crash-child.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['better-sqlite3'], outfile: out, logLevel: 'warning' });
  return out;
}

interface RunResult {
  killed: boolean;
  midSend: boolean;
  code: number | null;
  stderr: string;
}

/** When to kill: a random time after spawn, or a random time after the child reports a job's targets checked (the create is then in flight). */
type KillPlan = { afterMs: number } | { afterStepMs: number; fallbackMs: number } | null;

function runChild(script: string, cfgFile: string, plan: KillPlan): Promise<RunResult> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [script, cfgFile], {
      env: { ...process.env, NODE_PATH: resolve(here, '../../../node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let killed = false;
    let midSend = false;
    let timer: NodeJS.Timeout | null = null;
    const killNow = () => {
      const lines = out.split('\n').filter(Boolean);
      midSend = lines.includes('targets-checked') && lines[lines.length - 1] !== 'drained';
      killed = child.kill('SIGKILL');
    };
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (plan && 'afterStepMs' in plan && out.includes('targets-checked') && !killed && timer !== null && !midSendArmed) {
        midSendArmed = true;
        clearTimeout(timer);
        timer = setTimeout(killNow, plan.afterStepMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    let midSendArmed = false;
    if (plan) timer = setTimeout(killNow, 'afterMs' in plan ? plan.afterMs : plan.fallbackMs);
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      resolveRun({ killed: killed && code === null, midSend, code, stderr: err });
    });
  });
}

/**
 * Issue 6's crash test: queues `emails` mails with attachments and SIGKILLs the sender process at
 * random moments `kills` times (restarting it each time) while the sandbox injects faults, then
 * lets it finish and counts, on the server, each mail's Messages records and attachment bytes.
 */
export async function runCrashHarness(o: CrashOptions): Promise<CrashReport> {
  const started = Date.now();
  const rnd = prng(o.seed ?? 42);
  const log = o.log ?? (() => undefined);
  const home = tmpHome('crash-');
  const sandboxDb = join(home, 'sandbox.sqlite');
  const sandbox = await startSandbox({ control: true, db: sandboxDb });
  try {
    const u = sandbox.users.find((x) => x.key === 'giulia');
    if (!u || !sandbox.controlUrl) throw new Error('sandbox user or control missing');
    const ctl = sandbox.controlUrl;
    const client = clientFor(sandbox.webserviceUrl, u);
    const visible = (await client.query('SELECT id FROM Accounts LIMIT 20;')).map((r) => r.id ?? '').filter(Boolean);
    const appDb = join(home, 'app.sqlite');
    const spoolDir = join(home, 'spool');

    // Capture in this process (the intake is not under test here), then close the connection.
    const expected: { mailId: string; messageId: string; targets: string[]; attachments: { name: string; sha: string }[] }[] = [];
    {
      const db = openAppDb(appDb);
      const intake = createMailIntake({ db, spoolDir });
      for (let i = 0; i < o.emails; i++) {
        const messageId = `<crash-${i}-${randomBytes(6).toString('hex')}@client.example>`;
        const atts = Array.from({ length: 1 + (i % 3) }, (_, k) => ({ name: `att-${i}-${k}.bin`, contentType: 'application/octet-stream', data: randomBytes(8_000 + Math.floor(rnd() * 150_000)) }));
        const c = await intake.import(`crash-${i}.eml`, buildEml({ subject: `Crash mail ${i}`, messageId, attachments: atts }));
        const targets = i % 4 === 0 ? [visible[i % visible.length]!, visible[(i + 1) % visible.length]!] : [visible[i % visible.length]!];
        expected.push({ mailId: c.summary.id, messageId, targets, attachments: atts.map((a) => ({ name: a.name, sha: sha(a.data) })) });
      }
      await intake.close();
      db.close();
    }

    const script = await bundleChild(home);
    const cfgFile = join(home, 'child.json');
    const writeCfg = (upTo: number) => {
      const cfg: ChildConfig = {
        appDb,
        spoolDir,
        webserviceUrl: sandbox.webserviceUrl,
        userName: u.userName,
        accessKey: u.accessKey,
        timeZone: userTimeZone(sandboxDb, u.userName),
        accountId: 'crash-account',
        reconcile: o.reconcile,
        jobs: expected.slice(0, upTo).map((e) => ({ mailId: e.mailId, targets: e.targets })),
      };
      writeFileSync(cfgFile, JSON.stringify(cfg));
    };

    const injected: Record<string, number> = {};
    const inject = async (f: Record<string, unknown>) => {
      await control(ctl, 'faults', f);
      const k = String(f.kind);
      injected[k] = (injected[k] ?? 0) + 1;
    };
    // The last few mails are held back for the final, unkilled run, which meets one lost response
    // per mail for sure: a deterministic share of the test's teeth beside the random kills.
    const tail = Math.min(5, Math.floor(o.emails / 10));
    const paced = o.emails - tail;
    let kills = 0;
    let midSend = 0;
    let selfExits = 0;
    let runs = 0;
    while (kills < o.kills) {
      runs++;
      // Mails arrive over the first 80 % of the kills, so kills keep landing while work is in flight.
      writeCfg(Math.min(paced, Math.ceil(((kills + 1) * paced) / Math.max(1, o.kills * 0.8))));
      const r = rnd();
      if (r < 0.3) await inject({ kind: 'drop-after-commit', operation: 'create', count: 1 });
      else if (r < 0.4) await inject({ kind: 'status', status: 503, operation: 'create', count: 1 });
      else if (r < 0.45) await inject({ kind: 'hang', operation: 'create', count: 1 });
      else if (r < 0.7) await inject({ kind: 'latency', operation: 'create', ms: 40 + Math.floor(rnd() * 120), count: 1 });
      if (rnd() < 0.05) {
        await control(ctl, 'sessions/expire', {});
        injected['session-expired'] = (injected['session-expired'] ?? 0) + 1;
      }
      const plan: KillPlan = rnd() < 0.7 ? { afterMs: 30 + Math.floor(rnd() * 320) } : { afterStepMs: Math.floor(rnd() * 150), fallbackMs: 1_500 };
      const res = await runChild(script, cfgFile, plan);
      if (res.killed) {
        kills++;
        if (res.midSend) midSend++;
      } else if (res.code === 0 || res.code === 3) selfExits++;
      else throw new Error(`sender crashed on its own (exit ${res.code}): ${res.stderr}`);
      if (runs % 25 === 0) log(`runs ${runs}, kills ${kills} (mid-send ${midSend}), self-exits ${selfExits}`);
    }
    // The sandbox keeps spent faults in its list with count 0.
    const firedByKind: Record<string, number> = {};
    const countFired = async () => {
      const spent = ((await control(ctl, 'state', undefined, 'GET')) as { faults: { kind: string; count?: number }[] }).faults.filter((f) => f.count === 0);
      for (const f of spent) firedByKind[f.kind] = (firedByKind[f.kind] ?? 0) + 1;
      await control(ctl, 'faults', undefined, 'DELETE');
    };
    await countFired();
    for (let i = 0; i < tail; i++) await inject({ kind: 'drop-after-commit', operation: 'create', count: 1 });
    writeCfg(o.emails);
    let final: RunResult | null = null;
    for (let i = 0; i < 5 && final?.code !== 0; i++) final = await runChild(script, cfgFile, null);
    if (final?.code !== 0) throw new Error(`final drain did not finish: ${final?.code} ${final?.stderr}`);
    await countFired();

    const db = new Database(appDb, { readonly: true });
    const jobsDone = db.prepare("SELECT count(*) FROM outbox_jobs WHERE state = 'done'").pluck().get() as number;
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    db.close();
    const server = serverMessages(sandboxDb).filter((m) => m.deleted === 0);
    let lost = 0;
    let duplicates = 0;
    let mismatches = 0;
    for (const e of expected) {
      const recs = server.filter((m) => m.messageid === e.messageId);
      if (recs.length === 0) lost++;
      duplicates += Math.max(0, recs.length - 1);
      for (const rec of recs) {
        const got = rec.attachments.map((a) => `${a.name}:${sha(a.bytes)}`);
        const want = e.attachments.map((a) => `${a.name}:${a.sha}`);
        if (JSON.stringify(got) !== JSON.stringify(want)) mismatches++;
        const links = new Set(rec.links);
        if (!e.targets.every((t) => links.has(Number(t.split('x')[1])))) mismatches++;
      }
    }
    return {
      reconcile: o.reconcile,
      emails: o.emails,
      kills,
      killsMidSend: midSend,
      selfExits,
      faultsInjected: injected,
      faultsFired: firedByKind,
      jobsDone,
      serverRecords: server.length,
      lost,
      duplicates,
      attachmentMismatches: mismatches,
      integrity,
      ms: Date.now() - started,
    };
  } finally {
    await sandbox.close();
  }
}
