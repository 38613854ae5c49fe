// PACKED LAYOUT WITH A STAND-IN ELECTRON; NOT A RUNNABLE APP.
//
// Runs electron-builder (`--linux dir`) on the built app with a stand-in Electron directory
// (build/stand-in-electron-dist.mjs), because the runtime cannot be downloaded here
// (toolchain.md §6). What it proves: which files land in app.asar, that native modules are
// unpacked next to it, and that the afterPack fuse hook ran on the packed executable (the
// stand-in carries a fuse wire, and the check reads the flipped wire back). What it cannot
// prove: that the app starts, or that native modules match Electron's ABI (npmRebuild is off).
//
//   npm run build && node build/packed-layout-check.mjs [--keep]
//
// Exit codes: 0 layout as expected, 1 layout wrong, 2 could not pack (not built, no builder).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUSE_SENTINEL, writeStandInElectronDist } from './stand-in-electron-dist.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export const BUILT_INPUTS = ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'dist/node/mail-worker.mjs'];
/** What build/fuses.cjs must leave in a 9-fuse wire (see FUSES there). */
export const FUSED_WIRE = '010011001';

export function missingInputs(repoRoot = root) {
  return BUILT_INPUTS.filter((p) => !existsSync(join(repoRoot, p)));
}

function builderCli() {
  try {
    return require.resolve('electron-builder/cli.js');
  } catch {
    return null;
  }
}

/** Packs into `out` with the stand-in; resolves with the unpacked app directory. */
export function pack(out, { repoRoot = root, timeoutMs = 240_000 } = {}) {
  const cli = builderCli();
  if (!cli) return Promise.reject(new Error('electron-builder is not installed'));
  const stub = writeStandInElectronDist(join(out, 'stand-in-electron'));
  const args = [
    cli,
    '--linux',
    'dir',
    '--config',
    join(repoRoot, 'build', 'electron-builder.yml'),
    `-c.electronDist=${dirname(stub)}`,
    '-c.electronVersion=39.8.10',
    `-c.directories.output=${join(out, 'release')}`,
  ];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      // No code signing or update publishing can happen offline; say so rather than let it try.
      { cwd: repoRoot, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false', ELECTRON_BUILDER_DISABLE_UPDATE_CHECK: 'true' } },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`electron-builder failed: ${err.message}\n${stdout}\n${stderr}`.slice(0, 8000)));
        resolve(join(out, 'release', 'linux-unpacked'));
      },
    );
  });
}

function walk(dir, base = dir, acc = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, base, acc);
    else acc.push(relative(base, p).split('\\').join('/'));
  }
  return acc;
}

function fuseWire(exe) {
  const bytes = readFileSync(exe);
  const at = bytes.indexOf(FUSE_SENTINEL);
  if (at < 0) return null;
  const wire = at + FUSE_SENTINEL.length;
  return bytes.subarray(wire + 2, wire + 2 + bytes[wire + 1]).toString('ascii');
}

/** Reads the packed layout; returns facts plus the list of problems against what we ship. */
export function inspect(unpacked, { executableName = 'vtenext-mail-connector' } = {}) {
  const { listPackage } = require('@electron/asar');
  const asar = join(unpacked, 'resources', 'app.asar');
  const problems = [];
  if (!existsSync(asar)) return { problems: [`no ${relative(unpacked, asar)}`] };
  const inAsar = listPackage(asar, { isPack: false }).map((p) => p.split('\\').join('/').replace(/^\//, ''));
  const unpackedDir = join(unpacked, 'resources', 'app.asar.unpacked');
  const outside = existsSync(unpackedDir) ? walk(unpackedDir) : [];
  const files = new Set(inAsar);
  for (const p of ['package.json', ...BUILT_INPUTS]) if (!files.has(p)) problems.push(`app.asar lacks ${p}`);
  for (const p of inAsar) {
    if (/\.map$/.test(p) && !p.startsWith('node_modules/')) problems.push(`a source map is packed: ${p}`);
    if (/\.(ts|tsx)$/.test(p) && !/\.d\.ts$/.test(p) && !p.startsWith('node_modules/')) problems.push(`a TypeScript source is packed: ${p}`);
    if (/^(app|main|renderer|sandbox|e2e|bench|scripts|build)\//.test(p)) problems.push(`a source folder is packed: ${p}`);
    if (/^node_modules\/(electron|electron-builder|vitest|typescript|@doyensec)\//.test(p)) problems.push(`a dev dependency is packed: ${p}`);
  }
  const nativeOutside = outside.filter((p) => p.endsWith('.node'));
  // asar keeps a stub entry for unpacked files; one with content inside the archive would fail to load.
  for (const name of ['better_sqlite3.node', 'keytar.node']) {
    if (!nativeOutside.some((p) => p.endsWith(`/${name}`))) problems.push(`${name} is not unpacked next to app.asar`);
  }
  const exe = join(unpacked, executableName);
  const wire = existsSync(exe) ? fuseWire(exe) : null;
  if (!existsSync(exe)) problems.push(`no executable ${executableName}`);
  else if (wire !== FUSED_WIRE) problems.push(`the fuse hook did not leave the expected wire: ${wire} (want ${FUSED_WIRE})`);
  return { problems, asarEntries: inAsar.length, nativeOutside, wire, asarBytes: statSync(asar).size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const missing = missingInputs();
  if (missing.length > 0) {
    console.error(`packed layout check: build first (npm run build); missing ${missing.join(', ')}`);
    process.exit(2);
  }
  const out = mkdtempSync(join(tmpdir(), 'packed-layout-'));
  const t0 = Date.now();
  pack(out).then(
    (unpacked) => {
      const r = inspect(unpacked);
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      console.log(`packed layout with a stand-in Electron (not a runnable app), ${secs} s: ${r.asarEntries} entries in app.asar (${((r.asarBytes ?? 0) / 1e6).toFixed(1)} MB), unpacked natives: ${(r.nativeOutside ?? []).join(', ')}; fuse wire ${r.wire}`);
      for (const p of r.problems) console.error(`  ${p}`);
      if (!process.argv.includes('--keep')) rmSync(out, { recursive: true, force: true });
      else console.log(`kept ${out}`);
      process.exit(r.problems.length > 0 ? 1 : 0);
    },
    (err) => {
      console.error(`packed layout check could not pack: ${err.message}`);
      rmSync(out, { recursive: true, force: true });
      process.exit(2);
    },
  );
}
