import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rootCertificates } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { VtenextClient } from './client';
import { nodeTransport } from './node-transport';
import { processSources, splitPemBundle, trustStore, type CaSources } from './system-ca';
import { caSignedPair, startTlsCrm } from './test-support/self-signed';

const pair = caSignedPair();
const real = processSources();
/** The real file system and commands, with the platform, environment and Node API chosen by the test. */
const sources = (over: Partial<CaSources>): CaSources => {
  const { nodeApi: _ignored, ...rest } = real;
  return { ...rest, env: {}, ...over };
};

describe.skipIf(!pair)('TLS trust: Node roots plus the OS store, also on a Node without getCACertificates', () => {
  let crm: Awaited<ReturnType<typeof startTlsCrm>>;
  beforeAll(async () => {
    crm = await startTlsCrm(pair!);
  });
  afterAll(() => crm.close());

  const login = (ca: string[]) => new VtenextClient({ url: crm.url, userName: 'admin', accessKey: async () => 'k', transport: nodeTransport({ ca }) }).login();

  it("refuses a server signed by a company CA that only the OS store holds when given Node's roots alone", async () => {
    const e = await login([...rootCertificates]).catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('CRM_TLS_UNTRUSTED');
  });

  it('trusts it once the CA is in the bundle named by SSL_CERT_FILE', async () => {
    const file = join(pair!.dir, 'bundle.pem');
    writeFileSync(file, `${rootCertificates[0]}\n${pair!.caCert}`);
    const store = trustStore(sources({ platform: 'linux', env: { SSL_CERT_FILE: file } }));
    expect(store.source).toBe(`SSL_CERT_FILE=${file}`);
    expect(store.certificates).toContain(pair!.caCert.trim());
    expect((await login(store.certificates)).sessionName).toBe('s1');
  });

  it('trusts it from an OpenSSL hashed directory (SSL_CERT_DIR)', async () => {
    const dir = join(pair!.dir, 'certs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'abcdef01.0'), pair!.caCert);
    writeFileSync(join(dir, 'README'), 'not a certificate');
    const store = trustStore(sources({ platform: 'linux', env: { SSL_CERT_DIR: dir } }));
    expect(store.systemCount).toBe(1);
    expect((await login(store.certificates)).sessionName).toBe('s1');
  });

  it('adds NODE_EXTRA_CA_CERTS, which an explicit CA list would otherwise drop', async () => {
    const file = join(pair!.dir, 'extra.pem');
    writeFileSync(file, pair!.caCert);
    const store = trustStore(sources({ platform: 'win32', env: { NODE_EXTRA_CA_CERTS: file } }));
    expect(store.source).toBe('none');
    expect((await login(store.certificates)).sessionName).toBe('s1');
  });

  it('a fresh Node process with SSL_CERT_FILE set trusts the server through the default transport', async () => {
    const file = join(pair!.dir, 'only-ca.pem');
    writeFileSync(file, pair!.caCert);
    const root = resolve(__dirname, '../..');
    const script = `import { VtenextClient } from './app/crm/client'; import { nodeTransport } from './app/crm/node-transport';
      const c = new VtenextClient({ url: ${JSON.stringify(crm.url)}, userName: 'admin', accessKey: async () => 'k', transport: nodeTransport() });
      c.login().then((l) => console.log('OK ' + l.sessionName), (e) => console.log('FAIL ' + e.code));`;
    const run = (env: NodeJS.ProcessEnv) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env: { ...process.env, ...env }, timeout: 30_000 });
    const trusted = await run({ SSL_CERT_FILE: file });
    expect(trusted.stdout.trim()).toBe('OK s1');
    const untrusted = await run({ SSL_CERT_FILE: join(pair!.dir, 'missing.pem') });
    expect(untrusted.stdout.trim()).toBe('FAIL CRM_TLS_UNTRUSTED');
  }, 60_000);
});

describe('trust store sources', () => {
  it.skipIf(!existsSync('/etc/ssl/certs/ca-certificates.crt'))("reads this Debian machine's bundle when nothing is set", () => {
    const store = trustStore(sources({ platform: 'linux' }));
    expect(store.source).toBe('/etc/ssl/certs/ca-certificates.crt');
    expect(store.systemCount).toBeGreaterThan(50);
    expect(store.certificates.length).toBeGreaterThanOrEqual(rootCertificates.length);
  });

  it("prefers the runtime's own reader (Electron's Node) and keeps Node's roots", () => {
    const store = trustStore(sources({ platform: 'linux', nodeApi: (kind) => (kind === 'system' ? ['PEM-FROM-OS'] : ['PEM-EXTRA']) }));
    expect(store.source).toBe('tls.getCACertificates');
    expect(store.certificates.slice(0, rootCertificates.length)).toEqual([...rootCertificates]);
    expect(store.certificates.slice(-2)).toEqual(['PEM-FROM-OS', 'PEM-EXTRA']);
  });

  it('asks the macOS system keychains through `security` (a stand-in for the macOS command, which does not exist here)', () => {
    const calls: string[][] = [];
    const store = trustStore(
      sources({
        platform: 'darwin',
        run: (cmd, args) => {
          calls.push([cmd, ...args]);
          return `${rootCertificates[1]}\n`;
        },
      }),
    );
    expect(calls[0]?.slice(0, 4)).toEqual(['/usr/bin/security', 'find-certificate', '-a', '-p']);
    expect(store.source).toBe('macOS system keychains');
    expect(store.systemCount).toBe(1);
  });

  it('a damaged entry does not take the rest of the bundle with it', () => {
    const broken = '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----';
    const certs = splitPemBundle(`${rootCertificates[0]}\n${broken}\n${rootCertificates[1]}`);
    expect(certs).toEqual([rootCertificates[0], rootCertificates[1]]);
  });
});
