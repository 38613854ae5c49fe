import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh self-signed certificate for 127.0.0.1 (openssl), or null where openssl is missing. */
export function selfSignedPair(): { key: string; cert: string; fingerprint256: string } | null {
  const dir = mkdtempSync(join(tmpdir(), 'tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const cert = readFileSync(join(dir, 'c.pem'), 'utf8');
  return { key: readFileSync(join(dir, 'k.pem'), 'utf8'), cert, fingerprint256: new X509Certificate(cert).fingerprint256 };
}

/** A minimal vtenext over HTTPS: challenge, login (any key), logout. Counts requests. */
export async function startTlsCrm(pair: { key: string; cert: string }): Promise<{ url: string; hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const server: Server = createServer({ key: pair.key, cert: pair.cert }, (req, res) => {
    hits++;
    res.writeHead(200, { 'Content-type': 'application/json' });
    const op = new URL(req.url ?? '/', 'https://x').searchParams.get('operation');
    res.end(op === 'getchallenge' ? '{"success":true,"result":{"token":"abc","serverTime":1,"expireTime":2}}' : '{"success":true,"result":{"sessionName":"s1","userId":"19x1","vteVersion":"5.2.1","timezone":0}}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * A private CA and a leaf for 127.0.0.1 signed by it (openssl), as a company CA installed by IT
 * would look; null where openssl is missing.
 */
export function caSignedPair(): { key: string; cert: string; caCert: string; dir: string } | null {
  const dir = mkdtempSync(join(tmpdir(), 'tls-ca-'));
  const f = (n: string) => join(dir, n);
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=Connector Test Company CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-keyout', f('ca.key'), '-out', f('ca.pem')], { stdio: 'ignore' });
    execFileSync('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', f('leaf.key'), '-out', f('leaf.csr')], { stdio: 'ignore' });
    writeFileSync(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
    execFileSync('openssl', ['x509', '-req', '-in', f('leaf.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', f('ext.cnf'), '-out', f('leaf.pem')], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return { key: readFileSync(f('leaf.key'), 'utf8'), cert: readFileSync(f('leaf.pem'), 'utf8'), caCert: readFileSync(f('ca.pem'), 'utf8'), dir };
}
