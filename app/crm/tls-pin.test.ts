import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { VtenextClient } from './client';
import { nodeTransport } from './node-transport';
import { fetchServerFingerprint, normalizeFingerprint } from './tls-pin';

function selfSigned(): { key: string; cert: string } | null {
  const dir = mkdtempSync(join(tmpdir(), 'tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return { key: readFileSync(join(dir, 'k.pem'), 'utf8'), cert: readFileSync(join(dir, 'c.pem'), 'utf8') };
}

const pair = selfSigned();

describe.skipIf(!pair)('TLS: CA store by default, explicit per-account fingerprint pin for self-signed servers', () => {
  let server: Server;
  let url = '';
  let hits = 0;
  const fingerprint = pair ? new X509Certificate(pair.cert).fingerprint256 : '';

  beforeAll(async () => {
    server = createServer({ key: pair!.key, cert: pair!.cert }, (req, res) => {
      hits++;
      res.writeHead(200, { 'Content-type': 'application/json' });
      const op = new URL(req.url ?? '/', 'https://x').searchParams.get('operation');
      res.end(op === 'getchallenge' ? '{"success":true,"result":{"token":"abc","serverTime":1,"expireTime":2}}' : '{"success":true,"result":{"sessionName":"s1","userId":"19x1"}}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  }));

  const client = (pin?: string) => new VtenextClient({ url, userName: 'admin', accessKey: async () => 'k', transport: nodeTransport(pin ? { pinnedFingerprint256: pin } : {}) });

  it('refuses a self-signed server without a pin and says which certificate it saw', async () => {
    hits = 0;
    const e = await client().login().catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('CRM_TLS_UNTRUSTED');
    expect(hits).toBe(0);
    const seen = await fetchServerFingerprint(url, AbortSignal.timeout(5000));
    expect(seen.fingerprint256).toBe(fingerprint);
  });

  it('talks to it when the user pinned exactly its fingerprint', async () => {
    const login = await client(fingerprint.replace(/:/g, '').toLowerCase()).login();
    expect(login.sessionName).toBe('s1');
  });

  it('sends nothing to a server whose certificate differs from the pin', async () => {
    hits = 0;
    const wrong = normalizeFingerprint('00'.repeat(32));
    const e = await client(wrong).login().catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('CRM_TLS_UNTRUSTED');
    expect(isAppError(e) && e.details?.fingerprint256).toBe(fingerprint);
    expect(hits).toBe(0);
  });
});
