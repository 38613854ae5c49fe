import { AppError } from '../errors';
import type { CredentialStore } from './credential-store';

/** The keytar functions used; a shell may pass its own build of keytar. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export type KeychainState = 'available' | 'locked' | 'unavailable';

export interface KeychainProbe {
  state: KeychainState;
  /** The backend's own words, for the log and a "details" link; never a secret. */
  detail: string;
}

export interface KeytarStoreOptions {
  keytar?: KeytarLike;
  /** A locked keyring can block on a GUI prompt that never comes (security-research §3). */
  timeoutMs?: number;
}

const CANARY_SERVICE = 'vtenext-mail-connector:probe';

/** Classifies a keytar failure: no Secret Service at all, or one that will not open. */
export function classifyKeychainError(e: unknown): AppError {
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof AppError) return e;
  const locked = /collection\/login|locked|prompt|dismiss|cancel|timed out/i.test(msg);
  return locked
    ? new AppError('KEYCHAIN_LOCKED', 'The system keychain is locked. Unlock it, or enter the access key for this session only.', { reason: msg })
    : new AppError('KEYCHAIN_UNAVAILABLE', 'No system keychain is available. Enter the access key for this session only.', { reason: msg });
}

async function loadKeytar(): Promise<KeytarLike> {
  try {
    const mod = (await import('keytar')) as unknown as KeytarLike & { default?: KeytarLike };
    return typeof mod.getPassword === 'function' ? mod : mod.default!;
  } catch (e) {
    throw new AppError('KEYCHAIN_UNAVAILABLE', 'The keychain library could not be loaded.', { reason: e instanceof Error ? e.message : String(e) });
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`keychain call timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The OS keychain through keytar; every failure surfaces as KEYCHAIN_LOCKED / KEYCHAIN_UNAVAILABLE. */
export class KeytarCredentialStore implements CredentialStore {
  readonly kind = 'keychain' as const;
  private keytar: Promise<KeytarLike> | null;
  private readonly timeoutMs: number;

  constructor(opts: KeytarStoreOptions = {}) {
    this.keytar = opts.keytar ? Promise.resolve(opts.keytar) : null;
    this.timeoutMs = opts.timeoutMs ?? 5000;
  }

  private lib(): Promise<KeytarLike> {
    this.keytar ??= loadKeytar();
    return this.keytar;
  }

  private async run<T>(f: (k: KeytarLike) => Promise<T>): Promise<T> {
    try {
      return await withTimeout(this.lib().then(f), this.timeoutMs);
    } catch (e) {
      throw classifyKeychainError(e);
    }
  }

  get(service: string, account: string): Promise<string | null> {
    return this.run((k) => k.getPassword(service, account));
  }

  set(service: string, account: string, secret: string): Promise<void> {
    return this.run((k) => k.setPassword(service, account, secret));
  }

  delete(service: string, account: string): Promise<boolean> {
    return this.run((k) => k.deletePassword(service, account));
  }

  /**
   * Set / get / delete of a canary item. A keychain that answers `get` with null but throws
   * on `set` (D-Bus up, collection locked) is locked, not empty.
   */
  async probe(): Promise<KeychainProbe> {
    const account = `canary-${process.pid}-${Date.now()}`;
    const value = `probe-${Math.random().toString(36).slice(2)}`;
    try {
      await this.set(CANARY_SERVICE, account, value);
      const back = await this.get(CANARY_SERVICE, account);
      await this.delete(CANARY_SERVICE, account);
      if (back !== value) return { state: 'locked', detail: 'the keychain did not return what was stored' };
      return { state: 'available', detail: 'ok' };
    } catch (e) {
      const err = classifyKeychainError(e);
      return { state: err.code === 'KEYCHAIN_LOCKED' ? 'locked' : 'unavailable', detail: String(err.details?.reason ?? err.message) };
    }
  }
}
