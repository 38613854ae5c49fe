import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import type { IntakeCrashChildConfig } from './test-support/intake-crash-child';
import { buildMsg, tmp } from './test-support/fixtures';
import { prng } from '../test-support/seeded-random';

// Product yardstick "Reliability" (issue #4): SIGKILL the importing process at random moments,
// restart it, and check that no mail is lost or doubled and the spool holds exactly what the
// database references. INTAKE_CRASH_SEED replays a run; INTAKE_CRASH_KILLS sets the kills.
const KILLS = Number(process.env.INTAKE_CRASH_KILLS ?? 40);
const SEED = Number(process.env.INTAKE_CRASH_SEED ?? 4);
const log = (line: string) => process.stderr.write(`[intake-crash] ${line}\n`);

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');


function bytes(rnd: () => number, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i += 4) {
    const v = Math.floor(rnd() * 4294967296);
    b[i] = v & 255;
    b[i + 1] = (v >>> 8) & 255;
    b[i + 2] = (v >>> 16) & 255;
    b[i + 3] = v >>> 24;
  }
  return b;
}

function eml(subject: string, messageId: string, atts: { name: string; data: Uint8Array }[]): Uint8Array {
  const lines = [`From: Crash Test <crash@example.com>`, `To: inbox@example.com`, `Subject: ${subject}`, `Message-ID: ${messageId}`, 'Date: Mon, 02 Mar 2026 09:00:00 +0100', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="cb"', '', '--cb', 'Content-Type: text/plain; charset=utf-8', '', `Body of ${subject}`];
  for (const a of atts) {
    lines.push('--cb', `Content-Type: application/octet-stream; name="${a.name}"`, `Content-Disposition: attachment; filename="${a.name}"`, 'Content-Transfer-Encoding: base64', '');
    lines.push(...(Buffer.from(a.data).toString('base64').match(/.{1,76}/g) ?? []));
  }
  lines.push('--cb--', '');
  return Buffer.from(lines.join('\r\n'));
}

interface Expected {
  file: string;
  /** sha256 of the file: the intake's dedupe key (captured_mails.sha256 is unique). */
  sha: string;
  attachments: { name: string; sha: string; size: number }[] | null;
}

/** A mix of .eml and .msg with attachments of 10 KB–2 MB, copies under other names, and malformed files. */
function makeCorpus(dir: string, rnd: () => number): Expected[] {
  const out: Expected[] = [];
  const size = () => (rnd() < 0.25 ? 1_000_000 + Math.floor(rnd() * 1_000_000) : 10_000 + Math.floor(rnd() * 200_000));
  for (let i = 0; i < 10; i++) {
    const atts = Array.from({ length: 1 + (i % 3) }, (_, k) => ({ name: `att-${i}-${k}.bin`, data: bytes(rnd, size()) }));
    const isMsg = i % 2 === 1;
    const data = isMsg
      ? buildMsg({ subject: `Crash msg ${i}`, body: `Body ${i}`, senderName: 'Crash Test', senderSmtp: 'crash@example.com', to: [{ name: 'Inbox', email: 'inbox@example.com' }], attachments: atts })
      : eml(`Crash eml ${i}`, `<intake-crash-${i}@example.com>`, atts);
    const file = join(dir, `mail-${i}.${isMsg ? 'msg' : 'eml'}`);
    writeFileSync(file, data);
    out.push({ file, sha: sha(data), attachments: atts.map((a) => ({ name: a.name, sha: sha(a.data), size: a.data.byteLength })) });
  }
  // The same file dropped again under another name is the same mail.
  for (const i of [0, 3, 7]) {
    const src = out[i]!;
    const file = join(dir, `copy-of-${i}${src.file.slice(src.file.lastIndexOf('.'))}`);
    copyFileSync(src.file, file);
    out.push({ ...src, file });
  }
  const good = readFileSync(out[1]!.file);
  writeFileSync(join(dir, 'truncated.msg'), good.subarray(0, 5_000));
  out.push({ file: join(dir, 'truncated.msg'), sha: sha(good.subarray(0, 5_000)), attachments: null });
  const junk = Buffer.concat([Buffer.from('%PDF-1.4\n'), bytes(rnd, 300_000)]);
  writeFileSync(join(dir, 'not-a-mail.eml'), junk);
  out.push({ file: join(dir, 'not-a-mail.eml'), sha: sha(junk), attachments: null });
  // Shuffled, so copies and malformed files sit between the others.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface Run {
  killed: boolean;
  /** The child had printed `start X` and not yet `done|error X` when it was killed. */
  midImport: boolean;
  code: number | null;
  pid: number;
  lines: string[];
  stderr: string;
}

function runChild(script: string, cfgFile: string, killAfterMs: number | null): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [script, cfgFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killed = false;
    let midImport = false;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // Timed from the child's `ready` (database open, intake created), so kills land in the imports
    // rather than in Node's start-up; a few land at once, in the start-up recovery itself.
    let timer: NodeJS.Timeout | null = null;
    const kill = () => {
      const lines = out.split('\n').filter(Boolean);
      const last = lines[lines.length - 1] ?? '';
      midImport = last.startsWith('start ');
      killed = child.kill('SIGKILL');
    };
    if (killAfterMs !== null) {
      const arm = (d: Buffer) => {
        if (!d.toString().includes('ready') && !out.includes('ready')) return;
        child.stdout.off('data', arm);
        timer = setTimeout(kill, killAfterMs);
      };
      child.stdout.on('data', arm);
    }
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      done({ killed: killed && code === null, midImport, code, pid: child.pid ?? 0, lines: out.split('\n').filter(Boolean), stderr: err });
    });
  });
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('intake crash test: SIGKILL the importer at random moments', () => {
  // Bundled under node_modules/.cache so Node resolves the external npm packages from there.
  const bundles = join(root, 'node_modules', '.cache');
  mkdirSync(bundles, { recursive: true });
  const bundleDir = mkdtempSync(join(bundles, 'intake-crash-'));
  afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

  it(`imports every mail exactly once through ${KILLS} SIGKILLs; the spool holds exactly what the database references`, async () => {
    const started = Date.now();
    const rnd = prng(SEED);
    const home = tmp('intake-crash-');
    const corpusDir = join(home, 'drop');
    mkdirSync(corpusDir);
    const corpus = makeCorpus(corpusDir, rnd);
    const opts = { bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' } as const;
    const script = join(bundleDir, 'child.mjs');
    const worker = join(bundleDir, 'worker.mjs');
    await Promise.all([
      build({ ...opts, entryPoints: [join(here, 'test-support/intake-crash-child.ts')], outfile: script }),
      build({ ...opts, entryPoints: [join(here, 'worker.ts')], outfile: worker }),
    ]);
    const appDb = join(home, 'data', 'connector.sqlite');
    const spoolDir = join(home, 'data', 'spool');
    const cfg: IntakeCrashChildConfig = {
      appDb,
      spoolDir,
      worker: { path: worker, execArgv: [] },
      files: corpus.map((c) => c.file),
      asBytes: corpus.filter(() => rnd() < 0.5).map((c) => c.file),
    };
    const cfgFile = join(home, 'child.json');
    writeFileSync(cfgFile, JSON.stringify(cfg));

    let kills = 0;
    let midImport = 0;
    let runs = 0;
    let finishedEarly = 0;
    let lastPid = 0;
    while (kills < KILLS) {
      runs++;
      // Most kills within the first imports of a run (where the work is); some right at start-up.
      const r = rnd();
      const at = r < 0.1 ? 0 : r < 0.8 ? Math.floor(rnd() * 250) : Math.floor(rnd() * 900);
      const res = await runChild(script, cfgFile, at);
      lastPid = res.pid;
      if (res.killed) {
        kills++;
        if (res.midImport) midImport++;
      } else if (res.code === 0) finishedEarly++;
      else throw new Error(`the importer failed on its own (exit ${res.code}): ${res.stderr}`);
      if (runs > KILLS * 3) throw new Error(`only ${kills} kills in ${runs} runs`);
    }
    // What the kills left for the start-up recovery, and one of each kind of leftover planted
    // for sure (a kill rarely lands in the microseconds between a blob's rename and its commit):
    // a complete blob with no row, and a killed importer's staging directory with a half-written file.
    const stagingRoot = join(spoolDir, 'staging');
    const leftBehind = { staging: readdirSync(stagingRoot).length, tmp: walk(stagingRoot).filter((p) => p.includes('.tmp')).length };
    const stray = bytes(rnd, 50_000);
    const strayBlob = join(spoolDir, 'blobs', sha(stray).slice(0, 2), sha(stray));
    mkdirSync(dirname(strayBlob), { recursive: true });
    writeFileSync(strayBlob, stray);
    const deadStaging = join(stagingRoot, `${Date.now()}-${lastPid}-0123456789ab`);
    mkdirSync(deadStaging);
    writeFileSync(join(deadStaging, '.tmp-0123456789abcdef'), stray.subarray(0, 1000));
    // The final run is not killed: it is an app start after the crashes (its start-up recovery
    // included) and a last drop of whatever is still missing.
    const final = await runChild(script, cfgFile, null);
    expect(final.code, final.stderr).toBe(0);
    log(JSON.stringify({ seed: SEED, kills, midImport, runs, finishedEarly, leftBehind, ms: Date.now() - started }));
    log(`final run: ${final.lines.join(' | ')}`);

    const db = new Database(appDb, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);

      // Every mail exactly once: one row per distinct file content, none for the malformed ones.
      const rows = db.prepare('SELECT id, sha256, file_name FROM captured_mails').all() as { id: string; sha256: string; file_name: string }[];
      const good = corpus.filter((c) => c.attachments !== null);
      const distinct = new Set(good.map((c) => c.sha));
      expect(rows.map((r) => r.sha256).sort()).toEqual([...distinct].sort());
      for (const c of corpus.filter((x) => x.attachments === null)) {
        const name = c.file.slice(c.file.lastIndexOf('/') + 1);
        // Each malformed file is dropped again every run and ends with a typed error every time.
        expect(final.lines.find((l) => l.startsWith(`error ${name} `))).toMatch(/^error \S+ (MALFORMED_MAIL|UNSUPPORTED_FORMAT)$/);
      }
      // Copies dropped in the final run came back as the mail already there.
      for (const c of good) {
        const name = c.file.slice(c.file.lastIndexOf('/') + 1);
        const row = rows.find((r) => r.sha256 === c.sha)!;
        const line = final.lines.find((l) => l.startsWith(`done ${name} `));
        if (line) expect(line).toBe(`done ${name} ${row.id} ${c.sha}`);
      }

      // Every attachment in its row and in the spool, bytes matching the name and the row.
      const blobFile = (h: string) => join(spoolDir, 'blobs', h.slice(0, 2), h);
      const attRows = db.prepare("SELECT name, size, sha256 FROM mail_attachments WHERE mail_id = ? AND part = '' ORDER BY idx");
      for (const c of good) {
        const row = rows.find((r) => r.sha256 === c.sha)!;
        expect(attRows.all(row.id)).toEqual(c.attachments!.map((a) => ({ name: a.name, size: a.size, sha256: a.sha })));
      }
      const referenced = new Set([...rows.map((r) => r.sha256), ...(db.prepare('SELECT sha256 FROM mail_attachments').pluck().all() as string[])]);
      const blobRows = new Map((db.prepare('SELECT sha256, size FROM blobs').all() as { sha256: string; size: number }[]).map((b) => [b.sha256, b.size]));
      const pinned = new Set(db.prepare('SELECT sha256 FROM blob_pins').pluck().all() as string[]);
      for (const h of referenced) {
        expect(existsSync(blobFile(h)), `blob ${h} missing`).toBe(true);
        const data = readFileSync(blobFile(h));
        expect(sha(data)).toBe(h);
        expect(blobRows.get(h)).toBe(data.byteLength);
        expect(pinned.has(h)).toBe(true);
      }
      // Nothing on disk or in the blobs table that no mail references (after the start-up GC).
      const onDisk = walk(join(spoolDir, 'blobs'));
      expect(onDisk.map((p) => p.slice(p.lastIndexOf('/') + 1)).sort()).toEqual([...referenced].sort());
      expect([...blobRows.keys()].sort()).toEqual([...referenced].sort());
      expect(existsSync(strayBlob)).toBe(false);
      expect(readdirSync(stagingRoot)).toEqual([]);
      expect(walk(join(home, 'data')).filter((p) => /\.tmp/.test(p))).toEqual([]);

      // Teeth: kills that struck between `start` and `done` of a mail.
      expect(kills).toBe(KILLS);
      expect(midImport).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  }, 180_000);
});
