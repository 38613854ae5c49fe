import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileLogger } from '../../app/log';
import { appPaths, dataHome } from '../../app/paths';
import { runCli } from './run';

// Composition root of the CLI shell. When running as the built bundle (dist/cli.mjs) the
// parser worker is the bundled dist/node/mail-worker.mjs beside it.
const home = dataHome();
const here = dirname(fileURLToPath(import.meta.url));
const bundledWorker = join(here, 'node', 'mail-worker.mjs');

const code = await runCli(process.argv.slice(2), {
  home,
  log: fileLogger(appPaths(home).logs, 'cli.log'),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  ...(existsSync(bundledWorker) ? { workerEntry: { path: bundledWorker, execArgv: [] } } : {}),
});
process.exitCode = code;
