import type { Database } from '../db/open';
import { AppError } from '../errors';
import { VtenextClient } from '../crm/client';
import { nodeTransport } from '../crm/node-transport';
import { normalizeFingerprint } from '../crm/tls-pin';
import { fetchTransport, type FetchLike, type Transport } from '../crm/transport';
import type { LoginResult } from '../crm/types';
import { normalizeCrmUrl, openCacheDb, removeCacheFiles } from '../cache/cache-file';
import { CacheStore } from '../cache/cache-store';
import { MemoryCredentialStore, type CredentialStore } from '../keychain/credential-store';
import { createSearch, type Search } from '../search/search';
import { SyncEngine, type SyncProgress } from '../sync/sync-engine';
import { ensureAccountsTable } from './account-schema';

export interface AccountInfo {
  /** `<user>@<canonical url>`: what `--account` takes. */
  id: string;
  url: string;
  userName: string;
  keyStorage: 'keychain' | 'session';
  pinnedFingerprint256: string | null;
  crmUserId: string | null;
  createdAt: string;
}

export interface AddAccountInput {
  url: string;
  userName: string;
  /** Exactly one of accessKey / password; a password is exchanged through login_pwd and not kept. */
  accessKey?: string;
  password?: string;
  /** The user's explicit choice when the keychain is locked or absent: keep the key in memory only. */
  sessionOnly?: boolean;
  /** Explicit opt-in to trust a self-signed server by its certificate's SHA-256 fingerprint. */
  pinnedFingerprint256?: string;
}

export interface ConnectionTest {
  userId: string;
  vteVersion: string | null;
  timezoneOffsetSeconds: number | null;
}

export interface AccountsDeps {
  db: Database.Database;
  /** The OS keychain (KeytarCredentialStore); failures surface, nothing falls back silently. */
  credentials: CredentialStore;
  cachesDir: string;
  /** Inject a fetch (Electron's net.fetch, for the OS certificate store); otherwise Node's https. */
  fetch?: FetchLike;
  timeoutMs?: number;
  onProgress?: (account: string, p: SyncProgress) => void;
}

export interface Accounts {
  add(input: AddAccountInput): Promise<AccountInfo>;
  list(): AccountInfo[];
  get(id: string): AccountInfo;
  /** Deletes the keychain item, the cache database and the row. */
  remove(id: string): Promise<void>;
  /** One login with the stored key (or a given one); never more than one failed attempt. */
  testConnection(idOrInput: string | AddAccountInput): Promise<ConnectionTest>;
  /**
   * The start-up probe: 'locked' or 'unavailable' means asking for keys for this session only
   * (and saying so), never storing them elsewhere.
   */
  keychainStatus(): Promise<{ state: 'available' | 'locked' | 'unavailable'; detail: string }>;
  /** Supplies the key for this session only (keychain locked/absent, explicitly chosen). */
  provideSessionKey(id: string, accessKey: string): void;
  client(id: string): VtenextClient;
  cache(id: string): CacheStore;
  search(id: string): Search;
  sync(id: string): SyncEngine;
  close(): Promise<void>;
}

const SERVICE_PREFIX = 'vtenext-mail-connector:';

export function keychainService(url: string): string {
  return SERVICE_PREFIX + normalizeCrmUrl(url);
}

export function accountId(url: string, userName: string): string {
  return `${userName}@${normalizeCrmUrl(url)}`;
}

interface Row {
  id: string; url: string; user_name: string; key_storage: 'keychain' | 'session';
  pinned_fingerprint256: string | null; crm_user_id: string | null; created_at: string;
}

interface Live {
  client: VtenextClient;
  cache?: CacheStore;
  search?: Search;
  sync?: SyncEngine;
}

export function createAccounts(deps: AccountsDeps): Accounts {
  const { db, credentials } = deps;
  ensureAccountsTable(db);
  const session = new MemoryCredentialStore();
  const live = new Map<string, Live>();

  const toInfo = (r: Row): AccountInfo => ({
    id: r.id, url: r.url, userName: r.user_name, keyStorage: r.key_storage,
    pinnedFingerprint256: r.pinned_fingerprint256, crmUserId: r.crm_user_id, createdAt: r.created_at,
  });
  const row = (id: string): Row => {
    const r = db.prepare('SELECT * FROM crm_accounts WHERE id = ?').get(id) as Row | undefined;
    if (!r) throw new AppError('NOT_FOUND', 'No such CRM account.', { account: id });
    return r;
  };
  const transportFor = (pin: string | null): Transport =>
    deps.fetch ? fetchTransport(deps.fetch) : nodeTransport(pin ? { pinnedFingerprint256: pin } : {});

  /** The key for a stored account: the session store first (explicit), then the keychain. */
  const keyFor = async (r: Row): Promise<string> => {
    const service = keychainService(r.url);
    const fromSession = await session.get(service, r.user_name);
    if (fromSession !== null) return fromSession;
    if (r.key_storage === 'session') {
      throw new AppError('KEYCHAIN_UNAVAILABLE', 'The access key for this account was kept for the last session only. Enter it again.', { account: r.id });
    }
    const k = await credentials.get(service, r.user_name);
    if (k === null) {
      // The marker says it was stored: a missing item means a locked or replaced keychain.
      throw new AppError('KEYCHAIN_LOCKED', 'The access key could not be read from the keychain. Unlock the keychain or enter the key again.', { account: r.id });
    }
    return k;
  };

  const newClient = (url: string, userName: string, pin: string | null, accessKey: () => Promise<string>) =>
    new VtenextClient({ url, userName, accessKey, transport: transportFor(pin), ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) });

  const liveFor = (id: string): Live => {
    let l = live.get(id);
    if (!l) {
      const r = row(id);
      l = { client: newClient(r.url, r.user_name, r.pinned_fingerprint256, () => keyFor(row(id))) };
      live.set(id, l);
    }
    return l;
  };

  function cacheFor(id: string): CacheStore {
    const l = liveFor(id);
    if (!l.cache) {
      const r = row(id);
      l.cache = new CacheStore(openCacheDb(deps.cachesDir, r.url, r.user_name));
    }
    return l.cache;
  }

  const loginOnce = async (c: VtenextClient): Promise<LoginResult> => {
    try {
      return await c.login();
    } finally {
      await c.logout().catch(() => undefined);
    }
  };

  const resolveKey = async (input: AddAccountInput, pin: string | null): Promise<string> => {
    if ((input.accessKey === undefined) === (input.password === undefined)) {
      throw new AppError('INVALID_INPUT', 'Give either an access key or a password.');
    }
    if (input.accessKey !== undefined) return input.accessKey.trim();
    return VtenextClient.accessKeyFromPassword(transportFor(pin), input.url, input.userName, input.password!);
  };

  const checkUrl = (url: string) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new AppError('INVALID_INPUT', 'The CRM URL is not a valid URL.');
    }
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && local)) {
      throw new AppError('INVALID_INPUT', 'The CRM URL must use https:// (plain http only for this machine).');
    }
  };

  return {
    async add(input) {
      checkUrl(input.url);
      const url = normalizeCrmUrl(input.url);
      const id = accountId(url, input.userName);
      if (db.prepare('SELECT 1 FROM crm_accounts WHERE id = ?').get(id)) throw new AppError('INVALID_INPUT', 'This account is already set up.', { account: id });
      const pin = input.pinnedFingerprint256 ? normalizeFingerprint(input.pinnedFingerprint256) : null;
      const key = await resolveKey(input, pin);
      const login = await loginOnce(newClient(url, input.userName, pin, async () => key));
      const store = input.sessionOnly ? session : credentials;
      await store.set(keychainService(url), input.userName, key);
      db.prepare('INSERT INTO crm_accounts (id, url, user_name, key_storage, pinned_fingerprint256, crm_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        id, url, input.userName, input.sessionOnly ? 'session' : 'keychain', pin, login.userId, new Date().toISOString(),
      );
      return toInfo(row(id));
    },

    list() {
      return (db.prepare('SELECT * FROM crm_accounts ORDER BY created_at, id').all() as Row[]).map(toInfo);
    },

    get(id) {
      return toInfo(row(id));
    },

    async remove(id) {
      const r = row(id);
      const l = live.get(id);
      live.delete(id);
      if (l) {
        await l.client.logout().catch(() => undefined);
        l.cache?.close();
      }
      await session.delete(keychainService(r.url), r.user_name);
      if (r.key_storage === 'keychain') {
        await credentials.delete(keychainService(r.url), r.user_name);
        if ((await credentials.get(keychainService(r.url), r.user_name)) !== null) {
          throw new AppError('KEYCHAIN_LOCKED', 'The access key could not be removed from the keychain.', { account: id });
        }
      }
      removeCacheFiles(deps.cachesDir, r.url, r.user_name);
      db.prepare('DELETE FROM crm_accounts WHERE id = ?').run(id);
    },

    async testConnection(idOrInput) {
      let login: LoginResult;
      if (typeof idOrInput === 'string') {
        const l = liveFor(idOrInput);
        l.client.resetAuthFailure();
        login = await l.client.login();
      } else {
        checkUrl(idOrInput.url);
        const pin = idOrInput.pinnedFingerprint256 ? normalizeFingerprint(idOrInput.pinnedFingerprint256) : null;
        const key = await resolveKey(idOrInput, pin);
        login = await loginOnce(newClient(idOrInput.url, idOrInput.userName, pin, async () => key));
      }
      return { userId: login.userId, vteVersion: login.vteVersion ?? null, timezoneOffsetSeconds: login.timezone ?? null };
    },

    async keychainStatus() {
      if (credentials.probe) return credentials.probe();
      return credentials.kind === 'keychain' ? { state: 'available' as const, detail: 'not probed' } : { state: 'unavailable' as const, detail: 'session-only store' };
    },

    provideSessionKey(id, accessKey) {
      const r = row(id);
      void session.set(keychainService(r.url), r.user_name, accessKey.trim());
      live.get(id)?.client.resetAuthFailure();
    },

    client: (id) => liveFor(id).client,

    cache: cacheFor,

    search(id) {
      const l = liveFor(id);
      l.search ??= createSearch(cacheFor(id).db);
      return l.search;
    },

    sync(id) {
      const l = liveFor(id);
      l.sync ??= new SyncEngine({
        crm: l.client,
        cache: cacheFor(id),
        ...(deps.onProgress ? { onProgress: (p: SyncProgress) => deps.onProgress!(id, p) } : {}),
      });
      return l.sync;
    },

    async close() {
      for (const [, l] of live) {
        await l.client.logout().catch(() => undefined);
        l.cache?.close();
      }
      live.clear();
    },
  };
}
