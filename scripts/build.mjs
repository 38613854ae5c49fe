// Builds every artifact the shells run: the renderer (Vite) and the Node/Electron entry points
// (esbuild). npm packages stay external, resolved from node_modules at run time, so native
// modules (better-sqlite3, keytar) load the same binaries the tests use.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = (p) => join(root, 'dist', p);
const quiet = process.argv.includes('--quiet');

const node = { platform: 'node', target: 'node20', bundle: true, packages: 'external', sourcemap: true, logLevel: quiet ? 'warning' : 'info' };

const entries = [
  { entryPoints: [join(root, 'main/headless/main.ts')], outfile: out('headless/main.mjs'), format: 'esm' },
  { entryPoints: [join(root, 'main/cli/main.ts')], outfile: out('cli.mjs'), format: 'esm', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: [join(root, 'app/mail/worker/parse-worker.ts')], outfile: out('node/mail-worker.mjs'), format: 'esm', optional: true },
  { entryPoints: [join(root, 'main/electron/main.ts')], outfile: out('electron/main.cjs'), format: 'cjs', external: ['electron'], optional: true },
  // The sandboxed preload cannot require npm packages: bundle everything but electron.
  { entryPoints: [join(root, 'main/electron/preload.ts')], outfile: out('electron/preload.cjs'), format: 'cjs', external: ['electron'], packages: 'bundle', optional: true },
];

export async function buildAll() {
  await viteBuild({ configFile: join(root, 'renderer/vite.config.ts'), logLevel: quiet ? 'warn' : 'info' });
  for (const { optional, ...entry } of entries) {
    if (optional && !existsSync(entry.entryPoints[0])) continue;
    await esbuild({ ...node, ...entry });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildAll().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
