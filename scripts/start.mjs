// `npm start`: bootstrap, build, start the built-in demo CRM (the sandbox), then the Electron app when a runtime is installed, or else the headless shell in
// browser mode, printing the URL to open. Ctrl-C stops everything it started.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { bootstrap, electronRuntime, root } from './bootstrap.mjs';
import { buildAll } from './build.mjs';

const children = [];

/** Starts a child; resolves with the ready line's capture and the lines printed before it. */
function startChild(cmd, args, readyPattern, label, env = {}, { echo = true } = {}) {
  const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  children.push(child);
  const before = [];
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const m = readyPattern?.exec(line);
      if (m) resolve({ value: m[1], lines: before });
      else {
        before.push(line);
        if (echo) process.stdout.write(`[${label}] ${line}\n`);
      }
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
  await buildAll({ quiet: true });

  // The built-in demo CRM, kept in a file under the data home so what you link survives restarts.
  // A fixed port keeps the demo account's identity (its URL) stable between launches.
  // eslint-disable-next-line no-unsanitized/method -- a fixed file of our own build, not data
  const { dataHome } = await import(pathToFileURL(join(root, 'dist', 'paths.mjs')).href);
  const home = dataHome();
  mkdirSync(home, { recursive: true });
  const demoArgs = ['--port', process.env.CONNECTOR_DEMO_PORT ?? '8765', '--db', join(home, 'demo-crm.sqlite')];
  // The sandbox runs from source (tsx): it is a development peer, not part of the shipped app.
  const sandbox = await startChild(process.execPath, ['--import', 'tsx', join(root, 'sandbox', 'cli.ts'), ...demoArgs], /^SANDBOX_READY (\S+)/, 'demo-crm', {}, { echo: false });
  const demoUserName = process.env.CONNECTOR_DEMO_USER ?? 'giulia.rinaldi';
  const demoUser = sandbox.lines.map((l) => /^user (\S+) accesskey (\S+)/.exec(l)).find((m) => m?.[1] === demoUserName);
  if (!demoUser) throw new Error(`the demo CRM has no user ${demoUserName}`);
  console.log(`demo CRM (built-in sandbox) at ${sandbox.value} — the app signs in as ${demoUserName}`);
  const demoEnv = { CONNECTOR_DEMO_URL: sandbox.value, CONNECTOR_DEMO_USER: demoUserName, CONNECTOR_DEMO_ACCESS_KEY: demoUser[2] };

  const electron = electronRuntime();
  if (electron) {
    console.log('starting the Electron app…');
    await startChild(electron, [join(root, 'dist', 'electron', 'main.cjs')], null, 'electron', demoEnv);
    return;
  }
  console.log('No Electron runtime on this machine: starting browser mode (the same app, served on 127.0.0.1).');
  const args = [join(root, 'dist', 'headless', 'main.mjs'), '--port', process.env.CONNECTOR_PORT ?? '0'];
  const { value: url } = await startChild(process.execPath, args, /^CONNECTOR_URL (\S+)/, 'app', demoEnv);
  console.log(`\n  Open this URL in your browser (it carries this launch's access token):\n\n    ${url}\n\n  Ctrl-C stops the app.`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  stopAll();
  process.exit(1);
});
