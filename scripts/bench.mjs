// `npm run bench [-- <filter>]`: every registered benchmark; never part of `npm test`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bootstrap, root } from './bootstrap.mjs';

bootstrap('start');
const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(root, 'bench/run.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(r.status ?? 1);
