/**
 * Where CRM access keys live. Only two kinds exist on purpose: the OS keychain, and a
 * session-only memory store the user explicitly chooses when the keychain is locked or absent.
 * There is no file or database fallback.
 */
export interface CredentialStore {
  readonly kind: 'keychain' | 'session-memory';
  get(service: string, account: string): Promise<string | null>;
  /** Rejects with KEYCHAIN_UNAVAILABLE or KEYCHAIN_LOCKED rather than storing elsewhere. */
  set(service: string, account: string, secret: string): Promise<void>;
  /** True when an item was removed. */
  delete(service: string, account: string): Promise<boolean>;
  /** A start-up check with a canary item (the keychain implementation has one). */
  probe?(): Promise<{ state: 'available' | 'locked' | 'unavailable'; detail: string }>;
}

/** Held in this process's memory only and gone at exit: the user re-enters the key next launch. */
export class MemoryCredentialStore implements CredentialStore {
  readonly kind = 'session-memory' as const;
  private readonly items = new Map<string, string>();

  async get(service: string, account: string): Promise<string | null> {
    return this.items.get(key(service, account)) ?? null;
  }

  async set(service: string, account: string, secret: string): Promise<void> {
    this.items.set(key(service, account), secret);
  }

  async delete(service: string, account: string): Promise<boolean> {
    return this.items.delete(key(service, account));
  }
}

function key(service: string, account: string): string {
  return JSON.stringify([service, account]);
}
