import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { MemoryCredentialStore } from './credential-store';
import { KeytarCredentialStore } from './keytar-store';

const probe = await new KeytarCredentialStore({ timeoutMs: 3000 }).probe();
if (probe.state !== 'available') {
  console.warn(`[keychain tests] skipped: no unlocked Secret Service reachable (${probe.state}: ${probe.detail}). Run under dbus-run-session with gnome-keyring unlocked.`);
}

describe.skipIf(probe.state !== 'available')('KeytarCredentialStore on the real Secret Service', () => {
  it('round-trips a secret (UTF-8 intact), deletes it and reports absence', async () => {
    const store = new KeytarCredentialStore();
    const service = `vtenext-mail-connector:test-${process.pid}`;
    await store.set(service, 'acme.anna', 'Key-ÄÖÜ-0001');
    await store.set(service, 'acme.bruno', 'Key-2');
    expect(await store.get(service, 'acme.anna')).toBe('Key-ÄÖÜ-0001');
    expect(await store.get(service, 'acme.bruno')).toBe('Key-2');
    expect(await store.delete(service, 'acme.anna')).toBe(true);
    expect(await store.get(service, 'acme.anna')).toBeNull();
    expect(await store.delete(service, 'acme.anna')).toBe(false);
    expect(await store.delete(service, 'acme.bruno')).toBe(true);
  });
});

describe('KeytarCredentialStore fails closed', () => {
  it('reports a locked collection as KEYCHAIN_LOCKED and a missing bus as KEYCHAIN_UNAVAILABLE', async () => {
    // A keytar that behaves as measured in security-research §3 (D-Bus up, collection locked / no bus).
    const locked = new KeytarCredentialStore({
      keytar: {
        getPassword: async () => null,
        setPassword: async () => Promise.reject(new Error('Object does not exist at path “/org/freedesktop/secrets/collection/login”')),
        deletePassword: async () => false,
      },
    });
    expect(await locked.probe()).toMatchObject({ state: 'locked' });
    const e = await locked.set('s', 'a', 'k').catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('KEYCHAIN_LOCKED');
    const nobus = new KeytarCredentialStore({
      keytar: {
        getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
        setPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
        deletePassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
      },
    });
    expect(await nobus.probe()).toMatchObject({ state: 'unavailable' });
    const hang = new KeytarCredentialStore({ timeoutMs: 50, keytar: { getPassword: () => new Promise(() => undefined), setPassword: () => new Promise(() => undefined), deletePassword: async () => false } });
    const h = await hang.get('s', 'a').catch((x: unknown) => x);
    expect(isAppError(h) && h.code).toBe('KEYCHAIN_LOCKED');
  });

  it('keeps session-only keys in memory and nowhere else', async () => {
    const m = new MemoryCredentialStore();
    await m.set('s', 'a', 'k');
    expect(await m.get('s', 'a')).toBe('k');
    expect(await m.delete('s', 'a')).toBe(true);
    expect(await m.get('s', 'a')).toBeNull();
  });
});
