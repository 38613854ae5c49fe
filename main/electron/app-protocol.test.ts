import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, lookupBundlePath } from './app-protocol';
import { CONTENT_SECURITY_POLICY, parseCsp } from './csp';

describe('lookupBundlePath (checklist item 18)', () => {
  it.each([
    ['app://bundle/', 'index.html'],
    ['app://bundle/index.html', 'index.html'],
    ['app://bundle/assets/index-abc123.js', 'assets/index-abc123.js'],
    ['app://bundle/assets/app.css?v=1#x', 'assets/app.css'],
    ['app://bundle/fonts/Inter%20Regular.woff2', 'fonts/Inter Regular.woff2'],
  ])('%s → %s', (url, rel) => {
    expect(lookupBundlePath(url)).toEqual({ kind: 'file', relativePath: rel });
  });

  it.each([
    'app://bundle/../../etc/passwd',
    'app://bundle/assets/../../../etc/passwd',
    'app://bundle/%2e%2e/%2e%2e/etc/passwd',
    'app://bundle/%2E%2E/etc/passwd',
    'app://bundle/.%2e/etc/passwd',
    'app://bundle/..%2f..%2fetc%2fpasswd',
    'app://bundle/..%5c..%5cwindows%5cwin.ini',
    'app://bundle/assets\\..\\..\\secret',
    'app://bundle//etc/passwd',
    'app://bundle/C:/Windows/win.ini',
    'app://bundle/%00index.html',
    'app://bundle/~root/.ssh/id_rsa',
    'app://bundle/%E0%A4%A',
    'app://other/index.html',
    'app://bundle.attacker.com/index.html',
    'app://user:pw@bundle/index.html',
    'app://bundle:99/index.html',
    'file:///etc/passwd',
    'https://bundle/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    expect(lookupBundlePath(url).kind).toBe('refused');
  });
});

describe('createAppProtocolHandler', () => {
  let root: string;
  let bundle: string;
  const warnings: string[] = [];
  const log = { warn: (message: string) => void warnings.push(message) };
  let handler: (request: Request) => Promise<Response>;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'app-protocol-'));
    bundle = join(root, 'renderer');
    mkdirSync(join(bundle, 'assets'), { recursive: true });
    writeFileSync(join(bundle, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(bundle, 'assets', 'index.js'), 'console.log(1)');
    writeFileSync(join(bundle, 'assets', 'blob.bin'), 'x');
    writeFileSync(join(root, 'secret.txt'), 'TOP SECRET');
    symlinkSync(join(root, 'secret.txt'), join(bundle, 'assets', 'escape.txt'));
    symlinkSync(root, join(bundle, 'parent-dir'));
    symlinkSync(join(bundle, 'index.html'), join(bundle, 'alias.html'));
    handler = createAppProtocolHandler(bundle, log);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

  it('serves the entry page with the CSP and hardening headers', async () => {
    const res = await get('app://bundle/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>app</title>');
  });

  it('serves / as index.html and scripts as JavaScript', async () => {
    expect(await (await get('app://bundle/')).text()).toContain('<title>app</title>');
    const js = await get('app://bundle/assets/index.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('serves unknown types as opaque bytes (nosniff keeps them from running)', async () => {
    expect((await get('app://bundle/assets/blob.bin')).headers.get('content-type')).toBe('application/octet-stream');
  });

  it('refuses traversal that survives URL normalisation', async () => {
    for (const url of ['app://bundle/..%2fsecret.txt', 'app://bundle/assets/..%2f..%2fsecret.txt', 'app://bundle/%2e%2e%2fsecret.txt']) {
      const res = await get(url);
      expect(res.status, url).toBe(403);
      expect(await res.text()).not.toContain('TOP SECRET');
    }
  });

  it('never serves files outside the bundle even when URL parsing folds the dots away', async () => {
    // new Request() normalises `..` and `%2e%2e` exactly as Chromium does before the handler runs.
    for (const url of ['app://bundle/../secret.txt', 'app://bundle/%2e%2e/secret.txt', 'app://bundle/assets/../../secret.txt']) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('TOP SECRET');
    }
  });

  it('refuses symlinks that lead out of the bundle', async () => {
    const file = await get('app://bundle/assets/escape.txt');
    expect(file.status).toBe(404);
    expect(await file.text()).not.toContain('TOP SECRET');
    const dir = await get('app://bundle/parent-dir/secret.txt');
    expect(dir.status).toBe(404);
    expect(await dir.text()).not.toContain('TOP SECRET');
  });

  it('follows symlinks that stay inside the bundle', async () => {
    expect((await get('app://bundle/alias.html')).status).toBe(200);
  });

  it('answers 404 for directories and missing files, 405 for writes, 403 for other hosts', async () => {
    expect((await get('app://bundle/assets')).status).toBe(404);
    expect((await get('app://bundle/missing.js')).status).toBe(404);
    expect((await get('app://bundle/index.html', 'POST')).status).toBe(405);
    expect((await get('app://elsewhere/index.html')).status).toBe(403);
  });

  it('puts the CSP on refusals too', async () => {
    expect((await get('app://bundle/missing.js')).headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('logs refusals', () => {
    expect(warnings).toContain('app:// request refused');
  });
});

describe('CONTENT_SECURITY_POLICY (checklist item 7)', () => {
  const csp = parseCsp(CONTENT_SECURITY_POLICY);

  it.each([
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    ['connect-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'none'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
  ])('%s is %j', (directive, sources) => {
    expect(csp.get(directive)).toEqual(sources);
  });

  it('allows no remote, insecure or wildcard source anywhere', () => {
    for (const [directive, sources] of csp) {
      for (const source of sources) {
        expect(source, directive).not.toMatch(/^(https?:|wss?:|\*|'unsafe-eval'|'strict-dynamic'|'wasm-unsafe-eval')/);
      }
    }
  });

  it("keeps 'unsafe-inline' to styles only", () => {
    for (const [directive, sources] of csp) {
      if (directive !== 'style-src') expect(sources, directive).not.toContain("'unsafe-inline'");
    }
  });
});
