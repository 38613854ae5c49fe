import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { findElectronRuntime } from '../../main/electron/test-support/electron-runtime';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export { findElectronRuntime };

export function suiteTitle(name: string): string {
  const runtime = findElectronRuntime();
  if ('binary' in runtime) return name;
  const title = `${name} — SKIPPED: no Electron runtime on this machine (${runtime.missing}). Set ELECTRON_EXECUTABLE or install electron with its binary to run it.`;
  // Vitest's default reporter shows only "skipped"; say why where people will look.
  console.warn(title);
  return title;
}

export function ensureBuilt(): void {
  const built = ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html'].every((p) => existsSync(join(repoRoot, p)));
  if (!built) execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs'), '--quiet'], { cwd: repoRoot, stdio: 'inherit' });
}

export interface LaunchedApp {
  app: ElectronApplication;
  page: Page;
  home: string;
}

/** Starts the real app on a fresh data home; `extraArgs` are what a user's "open with" would pass. */
export async function launchApp(binary: string, extraArgs: string[] = [], home = mkdtempSync(join(tmpdir(), 'connector-electron-e2e-'))): Promise<LaunchedApp> {
  ensureBuilt();
  // Chromium refuses to start its OS sandbox as root; CI containers run as root.
  const noSandbox = process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const app = await _electron.launch({
    executablePath: binary,
    args: [repoRoot, ...noSandbox, ...extraArgs],
    env: { ...process.env, CONNECTOR_HOME: home },
    timeout: 60_000,
  });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return { app, page, home };
}
