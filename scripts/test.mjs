// `npm test`: everything, in the order that fails fastest — bootstrap, typecheck, lint, build,
// unit + integration tests (Vitest on Node, inside a private keyring session), end-to-end tests
// (Playwright + the system Chromium against the headless shell). Ends with one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, root } from './bootstrap.mjs';

const bin = (name) => join(root, 'node_modules', '.bin', name);
const results = join(root, 'test-results');

// Every test's temporary files (SQLite files, spools, sandbox databases, child homes: ~370 MB a
// run) go under one directory that is removed at the end, whatever the tests left behind.
const scratch = mkdtempSync(join(tmpdir(), 'connector-test-'));
const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
process.on('exit', removeScratch);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

function step(title, cmd, args, env = {}) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, TMPDIR: scratch, ...env } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`✖ ${title} failed after ${secs}s (exit ${r.status ?? r.signal})`);
    return false;
  }
  console.log(`✔ ${title} (${secs}s)`);
  return true;
}

function counts(file) {
  if (!existsSync(file)) return null;
  const j = JSON.parse(readFileSync(file, 'utf8'));
  return {
    passed: j.numPassedTests ?? 0,
    failed: j.numFailedTests ?? 0,
    skipped: (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0),
  };
}

bootstrap('test');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const failures = [];
const ok = (name, passed) => passed || failures.push(name);

ok('typecheck', step('typecheck (tsc -b, one project per layer)', bin('tsc'), ['-b']));
ok('lint', step('lint (layers + Electron/React security rules)', bin('eslint'), ['--max-warnings', '0', '.']));
ok('build', step('build (renderer + shells)', process.execPath, [join(root, 'scripts/build.mjs'), '--quiet']));
ok(
  'unit',
  step('unit and integration tests (vitest, private keyring)', join(root, 'scripts/keyring-run.sh'), [
    bin('vitest'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(results, 'unit.json')}`,
  ]),
);
ok(
  'e2e',
  step('end-to-end tests (Playwright + Chromium, headless shell)', bin('vitest'), [
    'run', '--config', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${join(results, 'e2e.json')}`,
  ]),
);

const all = [counts(join(results, 'unit.json')), counts(join(results, 'e2e.json'))].filter(Boolean);
const total = all.reduce((a, c) => ({ passed: a.passed + c.passed, failed: a.failed + c.failed, skipped: a.skipped + c.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log('');
if (failures.length > 0) console.log(`failed steps: ${failures.join(', ')}`);
console.log(`tests: ${total.passed} passed, ${total.failed + (failures.length > 0 && total.failed === 0 ? 1 : 0)} failed, ${total.skipped} skipped`);
process.exit(failures.length > 0 ? 1 : 0);
