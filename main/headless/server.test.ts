import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDispatcher } from '../../app/api/dispatch';
import { createCore, type Core } from '../../app/core';
import { decodeWire, encodeWire } from '../../app/contract/wire';
import { silentLogger } from '../../app/log';
import { startHeadlessHost, type HeadlessHost } from './server';
import { unavailableShellHandlers } from './shell-handlers';

function rawGet(port: number, path: string, host: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(url: string, headers: Record<string, string>): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', () => resolve({ status: -1 }));
  });
}

function callOver(ws: WebSocket, name: string, input: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const id = Math.floor(Math.random() * 1e9);
    const onMessage = (data: WebSocket.RawData) => {
      const msg = decodeWire(data.toString()) as { kind: string; id: number; result: unknown };
      if (msg.kind === 'result' && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(encodeWire({ kind: 'call', id, name, input }));
  });
}

describe('headless host: the contract over a loopback WebSocket', () => {
  let host: HeadlessHost;
  let core: Core;
  let origin: string;
  const token = 'test-token-0123456789abcdef';

  beforeAll(async () => {
    const home = mkdtempSync(join(tmpdir(), 'headless-'));
    const rendererDir = join(home, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(home, 'secret.txt'), 'outside the bundle');
    core = await createCore({ home, shell: 'headless', emit: () => undefined, log: silentLogger });
    host = await startHeadlessHost({ dispatch: createDispatcher({ ...core.handlers, ...unavailableShellHandlers() }, silentLogger), rendererDir, log: silentLogger, token });
    origin = `http://127.0.0.1:${host.port}`;
  });

  afterAll(async () => {
    await host?.close();
    await core?.close();
  });

  const apiUrl = (t: string | null) => `ws://127.0.0.1:${host.port}/api${t === null ? '' : `?token=${t}`}`;

  it('answers a call from our own origin with the right token', async () => {
    const r = await openSocket(apiUrl(token), { origin });
    expect('ws' in r).toBe(true);
    if (!('ws' in r)) return;
    const info = (await callOver(r.ws, 'app.info', {})) as { ok: boolean; value: { shell: string } };
    expect(info).toMatchObject({ ok: true, value: { shell: 'headless' } });
    r.ws.close();
  });

  it('refuses a socket without the token, or with a wrong one', async () => {
    expect(await openSocket(apiUrl(null), { origin })).toEqual({ status: 401 });
    expect(await openSocket(apiUrl('wrong-token-0123456789abcdef'), { origin })).toEqual({ status: 401 });
  });

  it('refuses a socket from another origin even with the token', async () => {
    expect(await openSocket(apiUrl(token), { origin: 'http://evil.example' })).toEqual({ status: 403 });
    expect(await openSocket(apiUrl(token), { origin: `http://127.0.0.1:${host.port + 1}` })).toEqual({ status: 403 });
    expect(await openSocket(apiUrl(token), {})).toEqual({ status: 403 });
  });

  it('refuses requests whose Host is not ours (DNS rebinding)', async () => {
    const page = await rawGet(host.port, '/', `evil.example:${host.port}`);
    expect(page.status).toBe(421);
    expect(await openSocket(apiUrl(token), { origin, host: `evil.example:${host.port}` })).toEqual({ status: 421 });
  });

  it('serves the renderer with a strict CSP and nothing outside it', async () => {
    const page = await rawGet(host.port, '/', `127.0.0.1:${host.port}`);
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(page.headers['content-security-policy'])).toContain(`connect-src ws://127.0.0.1:${host.port}`);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2fetc%2fpasswd', '/a/%00']) {
      const r = await rawGet(host.port, path, `127.0.0.1:${host.port}`);
      expect(r.body).not.toContain('outside the bundle');
      // Refused, or (for an extension-less path that merely looks absolute) the SPA's index.
      if (r.status === 200) expect(r.body).toBe('<!doctype html><title>app</title>');
      else expect([400, 404]).toContain(r.status);
    }
  });

  it('validates input at the boundary and names unknown calls', async () => {
    const r = await openSocket(apiUrl(token), { origin });
    if (!('ws' in r)) throw new Error('socket refused');
    expect(await callOver(r.ws, 'mail.get', { id: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await callOver(r.ws, 'mail.get', { id: 'x', extra: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await callOver(r.ws, 'shell.exec', { cmd: 'rm' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await callOver(r.ws, 'mail.get', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // A page in browser mode can never make the app read local files by path.
    expect(await callOver(r.ws, 'mail.importPaths', { paths: ['/etc/passwd'] })).toMatchObject({ ok: false, error: { code: 'NOT_AVAILABLE' } });
    expect(await callOver(r.ws, 'desktop.get', {})).toMatchObject({ ok: true, value: { available: false } });
    r.ws.close();
  });

  it('closes a socket that sends something other than a call', async () => {
    const r = await openSocket(apiUrl(token), { origin });
    if (!('ws' in r)) throw new Error('socket refused');
    const closed = new Promise<number>((resolve) => r.ws.once('close', (code) => resolve(code)));
    r.ws.send('{"kind":"hello"}');
    expect(await closed).toBe(1008);
  });

  it('binds to the loopback interface only and puts the token in the URL fragment', () => {
    expect(host.address).toBe('127.0.0.1');
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${token}`);
  });
});
