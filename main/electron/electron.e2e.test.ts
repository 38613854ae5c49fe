import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN } from './app-origin';
import { findElectronRuntime } from './test-support/electron-runtime';

/**
 * Drives the real app with Playwright's `_electron` and reads the live security state back
 * (security-research.md §1 "E2E" column). Runs wherever an Electron binary is installed; on a
 * machine without one (like the one this was written on: npm ships no binary and the download
 * is blocked, toolchain.md §6) it is skipped with the reason in its title.
 */

/**
 * What the page-side callbacks touch. They are serialised and run in the renderer, but this file
 * compiles with the Node layer's libs (no DOM), so the few browser globals are typed here.
 */
interface PageGlobals {
  connector?: { call(name: string, input: unknown): Promise<unknown> } & Record<string, unknown>;
  require?: unknown;
  process?: unknown;
  __inlineRan?: boolean;
  open(url: string): unknown;
  location: { href: string };
  document: {
    addEventListener(type: 'securitypolicyviolation', listener: (e: { violatedDirective: string }) => void, options: { once: boolean }): void;
    createElement(tag: 'script'): { textContent: string | null };
    head: { append(node: unknown): void };
  };
  navigator: {
    mediaDevices: { getUserMedia(constraints: { audio: boolean }): Promise<unknown> };
    permissions: { query(descriptor: { name: string }): Promise<{ state: string }> };
  };
}

/** A native WebContents method (registered in electron_api_web_contents.cc) missing from electron.d.ts. */
interface WithLastWebPreferences {
  getLastWebPreferences(): Record<string, unknown> | null;
}

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const runtime = findElectronRuntime();
const title =
  'binary' in runtime
    ? 'Electron e2e: live security state of the real app'
    : `Electron e2e SKIPPED — no Electron runtime on this machine: ${runtime.missing}. Set ELECTRON_EXECUTABLE or install electron with its binary to run it.`;

// Vitest's default reporter shows only "skipped"; say why where people will look.
if (!('binary' in runtime)) console.warn(title);

describe.skipIf(!('binary' in runtime))(title, () => {
  let home: string;
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    if (!('binary' in runtime)) return;
    if (!existsSync(join(appRoot, 'dist', 'electron', 'main.cjs')) || !existsSync(join(appRoot, 'dist', 'renderer', 'index.html'))) {
      execFileSync(process.execPath, [join(appRoot, 'scripts', 'build.mjs'), '--quiet'], { cwd: appRoot, stdio: 'inherit' });
    }
    home = mkdtempSync(join(tmpdir(), 'connector-electron-e2e-'));
    const rootNeedsNoSandbox = process.platform === 'linux' && process.getuid?.() === 0;
    app = await _electron.launch({
      executablePath: runtime.binary,
      // Chromium refuses to start its OS sandbox as root; CI containers run as root.
      args: [appRoot, ...(rootNeedsNoSandbox ? ['--no-sandbox'] : [])],
      env: { ...process.env, CONNECTOR_HOME: home },
      timeout: 60_000,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('loads the renderer from app://, not file://', () => {
    expect(page.url().startsWith(`${APP_ORIGIN}/`)).toBe(true);
  });

  it('runs every window with the secure preferences (items 2–4, 6, 8–11)', async () => {
    const prefs = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((w) => {
        const read = Reflect.get(w.webContents, 'getLastWebPreferences') as WithLastWebPreferences['getLastWebPreferences'] | undefined;
        if (typeof read !== 'function') throw new Error('this Electron has no webContents.getLastWebPreferences()');
        return read.call(w.webContents);
      }),
    );
    expect(prefs.length).toBeGreaterThan(0);
    for (const p of prefs) {
      expect(p).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
      expect(p?.nodeIntegrationInSubFrames).toBeFalsy();
      expect(p?.nodeIntegrationInWorker).toBeFalsy();
      expect(p?.allowRunningInsecureContent).toBeFalsy();
      expect(p?.experimentalFeatures).toBeFalsy();
      expect(p?.enableBlinkFeatures).toBeFalsy();
    }
  });

  it('gives the page no Node and only the frozen contract bridge (items 2, 3, 20)', async () => {
    const seen = await page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals;
      return {
        require: typeof w.require,
        process: typeof w.process,
        keys: w.connector ? Object.keys(w.connector).sort() : null,
        frozen: w.connector ? Object.isFrozen(w.connector) : null,
      };
    });
    expect(seen).toEqual({ require: 'undefined', process: 'undefined', keys: ['call', 'on'], frozen: true });
  });

  it('answers a contract call over IPC from the app window', async () => {
    const result = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).connector!.call('app.info', {}),
    );
    expect(result).toMatchObject({ ok: true, value: { shell: 'electron' } });
  });

  it('denies window.open and leaves the window count unchanged (item 14)', async () => {
    const before = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.com') === null)).toBe(true);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(before);
  });

  it('does not navigate away (item 13)', async () => {
    const url = page.url();
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://app.example.com.attacker.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(url);
  });

  it('reports an injected inline script as a CSP violation and does not run it (item 7)', async () => {
    const outcome = await page.evaluate(
      () =>
        new Promise<{ violated: string | null; ran: boolean }>((resolve) => {
          const w = globalThis as unknown as PageGlobals;
          let violated: string | null = null;
          w.document.addEventListener('securitypolicyviolation', (e) => (violated = e.violatedDirective), { once: true });
          const s = w.document.createElement('script');
          s.textContent = 'window.__inlineRan = true';
          w.document.head.append(s);
          setTimeout(() => resolve({ violated, ran: w.__inlineRan === true }), 200);
        }),
    );
    expect(outcome.ran).toBe(false);
    expect(outcome.violated).toMatch(/^script-src/);
  });

  it('cannot reach the network from the renderer (connect-src and the request block)', async () => {
    const reached = await page.evaluate(() => fetch('https://example.com/').then(() => true, () => false));
    expect(reached).toBe(false);
  });

  it('denies media and geolocation (item 5)', async () => {
    const outcome = await page.evaluate(async () => {
      const { navigator } = globalThis as unknown as PageGlobals;
      return {
        media: await navigator.mediaDevices.getUserMedia({ audio: true }).then(() => 'granted', () => 'rejected'),
        geolocation: (await navigator.permissions.query({ name: 'geolocation' })).state,
      };
    });
    expect(outcome).toEqual({ media: 'rejected', geolocation: 'denied' });
  });
});
