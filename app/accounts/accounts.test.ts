import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open';
import { isAppError } from '../errors';
import { haveTranscripts } from '../crm/test-support/shared';
import { startReplayServer, type ReplayServer } from '../crm/test-support/replay-server';
import { cacheFilePath } from '../cache/cache-file';
import { KeytarCredentialStore } from '../keychain/keytar-store';
import { MemoryCredentialStore, type CredentialStore } from '../keychain/credential-store';
import { fetchServerFingerprint } from '../crm/tls-pin';
import { selfSignedPair, startTlsCrm } from '../crm/test-support/self-signed';
import { createAccounts, keychainService } from './accounts-service';

const keychain = new KeytarCredentialStore({ timeoutMs: 3000 });
const probe = await keychain.probe();
const haveKeychain = probe.state === 'available';
if (!haveKeychain) console.warn(`[accounts tests] keychain parts skipped: ${probe.state} (${probe.detail})`);

function setup(credentials: CredentialStore = keychain) {
  const home = mkdtempSync(join(tmpdir(), 'acct-'));
  const db = openDatabase(join(home, 'connector.sqlite'), { migrations: [] });
  const accounts = createAccounts({ db, credentials, cachesDir: join(home, 'caches') });
  return { home, db, accounts };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
}

describe.skipIf(!haveTranscripts)('accounts against the recorded real vtenext', () => {
  let srv: ReplayServer;
  beforeEach(async () => {
    srv = await startReplayServer('anna');
  });
  afterEach(() => srv.close());

  it.skipIf(!haveKeychain)('adds an account with its key in the keychain only, and removing it deletes the key and the cache', async () => {
    const { home, db, accounts } = setup();
    const info = await accounts.add({ url: `${srv.url}/`, userName: srv.userName, accessKey: srv.accessKey });
    expect(info).toMatchObject({ userName: 'acme.anna', keyStorage: 'keychain', crmUserId: '19x6' });
    expect(await keychain.get(keychainService(info.url), info.userName)).toBe(srv.accessKey);
    expect(await accounts.testConnection(info.id)).toMatchObject({ userId: '19x6', vteVersion: '5.2.1' });
    accounts.cache(info.id);
    expect(existsSync(cacheFilePath(join(home, 'caches'), info.url, info.userName))).toBe(true);
    // The key must not be in any byte the app wrote (databases, WAL, shm).
    db.pragma('wal_checkpoint(PASSIVE)');
    for (const f of filesUnder(home)) expect(readFileSync(f).includes(Buffer.from(srv.accessKey)), f).toBe(false);
    await accounts.remove(info.id);
    expect(accounts.list()).toEqual([]);
    expect(await keychain.get(keychainService(info.url), info.userName)).toBeNull();
    expect(readdirSync(join(home, 'caches'))).toEqual([]);
    await accounts.close();
  });

  it.skipIf(!haveKeychain)('exchanges a password through login_pwd and keeps only the access key', async () => {
    const { accounts } = setup();
    const info = await accounts.add({ url: srv.url, userName: srv.userName, password: srv.password });
    expect(await keychain.get(keychainService(info.url), info.userName)).toBe(srv.accessKey);
    await accounts.remove(info.id);
  });

  it('refuses a wrong key after exactly one failed login and stores nothing', async () => {
    const { accounts } = setup();
    const e = await accounts.add({ url: srv.url, userName: srv.userName, accessKey: 'WRONG-KEY-000000', sessionOnly: true }).catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('CRM_AUTH_FAILED');
    expect(srv.stats.failedLogins).toBe(1);
    expect(accounts.list()).toEqual([]);
  });

  it('fails closed when the keychain is locked: no account, no key anywhere; session-only works when chosen', async () => {
    const lockedKeychain = new KeytarCredentialStore({
      keytar: {
        getPassword: async () => null,
        setPassword: () => Promise.reject(new Error('Object does not exist at path "/org/freedesktop/secrets/collection/login"')),
        deletePassword: async () => false,
      },
    });
    const { home, accounts } = setup(lockedKeychain);
    expect((await accounts.keychainStatus()).state).toBe('locked');
    const e = await accounts.add({ url: srv.url, userName: srv.userName, accessKey: srv.accessKey }).catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('KEYCHAIN_LOCKED');
    expect(accounts.list()).toEqual([]);
    const info = await accounts.add({ url: srv.url, userName: srv.userName, accessKey: srv.accessKey, sessionOnly: true });
    expect(info.keyStorage).toBe('session');
    expect((await accounts.client(info.id).listTypes()).types).toContain('Accounts');
    for (const f of filesUnder(home)) expect(readFileSync(f).includes(Buffer.from(srv.accessKey)), f).toBe(false);
    await accounts.close();
    // A new process (new service) has lost the session key and says so instead of guessing.
    const again = createAccounts({ db: openDatabase(join(home, 'connector.sqlite'), { migrations: [] }), credentials: lockedKeychain, cachesDir: join(home, 'caches') });
    const e2 = await again.testConnection(info.id).catch((x: unknown) => x);
    expect(isAppError(e2) && e2.code).toBe('KEYCHAIN_UNAVAILABLE');
    again.provideSessionKey(info.id, srv.accessKey);
    expect((await again.testConnection(info.id)).userId).toBe('19x6');
    await again.close();
  });

  it('rejects a plain-http URL that is not this machine', async () => {
    const { accounts } = setup();
    const e = await accounts.add({ url: 'http://crm.example.com', userName: 'u', accessKey: 'k' }).catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('INVALID_INPUT');
  });
});

describe('self-signed CRM: explicit per-account pin', () => {
  const pair = selfSignedPair();
  it.skipIf(!pair)('refuses the server until the user pins its fingerprint, then keeps the pin with the account', async () => {
    const crm = await startTlsCrm(pair!);
    try {
      const { accounts } = setup(new MemoryCredentialStore());
      const e = await accounts.add({ url: crm.url, userName: 'admin', accessKey: 'k' }).catch((x: unknown) => x);
      expect(isAppError(e) && e.code).toBe('CRM_TLS_UNTRUSTED');
      expect(crm.hits()).toBe(0);
      const seen = await fetchServerFingerprint(crm.url, AbortSignal.timeout(5000));
      const info = await accounts.add({ url: crm.url, userName: 'admin', accessKey: 'k', pinnedFingerprint256: seen.fingerprint256 });
      expect(info.pinnedFingerprint256).toBe(pair!.fingerprint256);
      expect((await accounts.testConnection(info.id)).userId).toBe('19x1');
      await accounts.close();
    } finally {
      await crm.close();
    }
  });
});
