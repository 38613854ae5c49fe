// Makes a fresh clone runnable: system packages (installed with apt when we are root on
// Debian/Ubuntu, otherwise the exact command is printed) and npm dependencies (npm ci when
// node_modules is missing or older than the lockfile, a rebuild when a native module was
// compiled for another Node).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Debian package → how we notice it is present. */
const SYSTEM_PACKAGES = {
  'libsecret-1-dev': { for: ['start', 'test'], present: () => existsSync('/usr/include/libsecret-1/libsecret/secret.h') },
  'gnome-keyring': { for: ['start', 'test'], present: () => onPath('gnome-keyring-daemon') },
  dbus: { for: ['start', 'test'], present: () => onPath('dbus-run-session') },
  chromium: { for: ['test'], present: () => existsSync('/usr/bin/chromium') || existsSync('/usr/lib/chromium/chromium') },
  xvfb: { for: ['test'], present: () => onPath('Xvfb') },
  xauth: { for: ['test'], present: () => onPath('xauth') },
};

export function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function isDebianLike() {
  return existsSync('/etc/debian_version');
}

export function ensureSystemPackages(purpose) {
  if (process.platform !== 'linux') return;
  const missing = Object.entries(SYSTEM_PACKAGES)
    .filter(([, p]) => p.for.includes(purpose) && !p.present())
    .map(([name]) => name);
  if (missing.length === 0) return;
  const install = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (isDebianLike() && process.getuid?.() === 0) {
    console.log(`bootstrap: installing system packages: ${missing.join(' ')}`);
    run('apt-get', ['update', '-q']);
    run('sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${install}`]);
    return;
  }
  console.error(`bootstrap: these system packages are missing: ${missing.join(' ')}`);
  console.error(`Install them, then run this command again:\n\n    sudo apt-get update && sudo ${install}\n`);
  process.exit(1);
}

function nativeModulesLoad() {
  const r = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close(); require('keytar')"], {
    cwd: root,
    stdio: 'ignore',
  });
  return r.status === 0;
}

export function ensureNodeModules() {
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
  if (stale) {
    console.log('bootstrap: installing npm dependencies (npm ci; native modules compile from source, ~2 min)…');
    run('npm', ['ci', '--no-audit', '--no-fund'], { env });
  }
  if (!nativeModulesLoad()) {
    console.log('bootstrap: rebuilding native modules for this Node…');
    run('npm', ['rebuild', 'better-sqlite3', 'keytar'], { env });
  }
}

/** True when an Electron runtime binary is installed (never on our build machines). */
export function electronRuntime() {
  try {
    const require = createRequire(join(root, 'package.json'));
    const dir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const exe = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

export function bootstrap(purpose) {
  ensureSystemPackages(purpose);
  ensureNodeModules();
}
