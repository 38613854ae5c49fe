// `npm start`: bootstrap, build, start the built-in demo CRM (the sandbox) unless a CRM is
// configured, then the Electron app when a runtime is installed, or else the headless shell in
// browser mode, printing the URL to open. Ctrl-C stops everything it started.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { bootstrap, electronRuntime, root } from './bootstrap.mjs';
import { buildAll } from './build.mjs';

const children = [];

function startChild(cmd, args, readyPattern, label, env = {}) {
  const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  children.push(child);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const m = readyPattern?.exec(line);
      if (m) resolve(m[1]);
      else process.stdout.write(`[${label}] ${line}\n`);
    });
    child.once('exit', (code) => reject(new Error(`${label} exited (${code})`)));
    if (!readyPattern) resolve(null);
  });
}

function stopAll() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
}
process.on('SIGINT', () => {
  stopAll();
  process.exit(0);
});
process.on('SIGTERM', () => {
  stopAll();
  process.exit(0);
});

async function main() {
  bootstrap('start');
  console.log('building…');
  await buildAll();

  let crmUrl = process.env.CONNECTOR_CRM_URL ?? null;
  const sandboxEntry = join(root, 'dist', 'sandbox', 'cli.mjs');
  if (!crmUrl && existsSync(sandboxEntry)) {
    const port = process.env.CONNECTOR_DEMO_PORT ?? '0';
    crmUrl = await startChild(process.execPath, [sandboxEntry, '--port', port], /^SANDBOX_READY (\S+)/, 'demo-crm');
    console.log(`demo CRM (built-in sandbox) at ${crmUrl}`);
  }

  const electron = electronRuntime();
  if (electron) {
    console.log('starting the Electron app…');
    await startChild(electron, [join(root, 'dist', 'electron', 'main.cjs')], null, 'electron', crmUrl ? { CONNECTOR_CRM_URL: crmUrl } : {});
    return;
  }
  console.log('No Electron runtime on this machine: starting browser mode (the same app, served on 127.0.0.1).');
  const args = [join(root, 'dist', 'headless', 'main.mjs'), '--port', process.env.CONNECTOR_PORT ?? '0'];
  if (crmUrl) args.push('--crm-url', crmUrl);
  const url = await startChild(process.execPath, args, /^CONNECTOR_URL (\S+)/, 'app');
  console.log(`\n  Open this URL in your browser (it carries this launch's access token):\n\n    ${url}\n\n  Ctrl-C stops the app.`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  stopAll();
  process.exit(1);
});
