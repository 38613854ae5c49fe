// Builds every artifact the shells run: the renderer (Vite) and the Node/Electron entry points
// (esbuild). npm packages stay external, resolved from node_modules at run time, so native
// modules (better-sqlite3, keytar) load the same binaries the tests use.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = (p) => join(root, 'dist', p);
const node = { platform: 'node', target: 'node20', bundle: true, packages: 'external', sourcemap: true };

const entries = [
  { entryPoints: [join(root, 'main/headless/main.ts')], outfile: out('headless/main.mjs'), format: 'esm' },
  { entryPoints: [join(root, 'main/cli/main.ts')], outfile: out('cli.mjs'), format: 'esm', banner: { js: '#!/usr/bin/env node' } },
  // The isolated mail parser runs as its own process (app/mail/parser-pool.ts).
  { entryPoints: [join(root, 'app/mail/worker.ts')], outfile: out('node/mail-worker.mjs'), format: 'esm' },
  // CJS for Electron's main; import.meta is empty there, which only matters for the core's
  // dev-time worker fallback — the Electron shell always passes the bundled worker.
  { entryPoints: [join(root, 'main/electron/main.ts')], outfile: out('electron/main.cjs'), format: 'cjs', external: ['electron'], logOverride: { 'empty-import-meta': 'silent' } },
  // The sandboxed preload cannot require npm packages: bundle everything but electron.
  { entryPoints: [join(root, 'main/electron/preload.ts')], outfile: out('electron/preload.cjs'), format: 'cjs', external: ['electron'], packages: 'bundle' },
  // Where the data lives, for the launcher (scripts/start.mjs).
  { entryPoints: [join(root, 'app/paths.ts')], outfile: out('paths.mjs'), format: 'esm' },
];

export async function buildAll({ quiet = false } = {}) {
  await viteBuild({ configFile: join(root, 'renderer/vite.config.ts'), logLevel: quiet ? 'warn' : 'info' });
  await Promise.all(entries.map((entry) => esbuild({ ...node, logLevel: quiet ? 'warning' : 'info', ...entry })));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildAll({ quiet: process.argv.includes('--quiet') }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
