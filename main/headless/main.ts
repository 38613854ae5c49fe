import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDispatcher } from '../../app/api/dispatch';
import type { EmitEvent } from '../../app/api/handlers';
import { createCore } from '../../app/core';
import { demoFromEnv } from '../../app/core/demo';
import { fileLogger } from '../../app/log';
import { appPaths, dataHome } from '../../app/paths';
import { startHeadlessHost, type HeadlessHost } from './server';
import { unavailableShellHandlers } from './shell-handlers';

/**
 * Composition root of the headless shell (browser mode). Prints one machine-readable line,
 * `CONNECTOR_URL <url>`, once it is serving, so scripts and tests can pick the URL up.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      home: { type: 'string' },
      'renderer-dir': { type: 'string' },
      'worker-entry': { type: 'string' },
      locale: { type: 'string', default: 'en' },
    },
  });
  const home = values.home ? resolve(values.home) : dataHome();
  const log = fileLogger(appPaths(home).logs, 'headless.log');
  const here = dirname(fileURLToPath(import.meta.url));
  const rendererDir = resolve(values['renderer-dir'] ?? join(here, '..', 'renderer'));
  // Built layout: dist/headless/main.mjs beside dist/node/mail-worker.mjs. From source (tsx),
  // the core falls back to the TypeScript worker.
  const bundledWorker = join(here, '..', 'node', 'mail-worker.mjs');
  const workerPath = values['worker-entry'] ? resolve(values['worker-entry']) : existsSync(bundledWorker) ? bundledWorker : null;
  const demo = demoFromEnv(process.env);

  let host: HeadlessHost | null = null;
  const emit: EmitEvent = (name, payload) => host?.emit(name, payload);
  const core = await createCore({
    home,
    shell: 'headless',
    emit,
    log,
    locale: values.locale === 'it' ? 'it' : 'en',
    ...(demo ? { demo } : {}),
    ...(workerPath ? { workerEntry: { path: workerPath, execArgv: [] } } : {}),
  });
  host = await startHeadlessHost({
    dispatch: createDispatcher({ ...core.handlers, ...unavailableShellHandlers() }, log),
    rendererDir,
    log,
    port: Number(values.port),
  });
  process.stdout.write(`CONNECTOR_URL ${host.url}\n`);

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await host?.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((e: unknown) => {
  process.stderr.write(`headless shell failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
