import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { VtenextClient } from './client';
import { nodeTransport } from './node-transport';
import { fetchServerFingerprint, normalizeFingerprint } from './tls-pin';
import { selfSignedPair, startTlsCrm } from './test-support/self-signed';

const pair = selfSignedPair();

describe.skipIf(!pair)('TLS: CA store by default, explicit per-account fingerprint pin for self-signed servers', () => {
  let crm: Awaited<ReturnType<typeof startTlsCrm>>;
  beforeAll(async () => {
    crm = await startTlsCrm(pair!);
  });
  afterAll(() => crm.close());

  const client = (pin?: string) => new VtenextClient({ url: crm.url, userName: 'admin', accessKey: async () => 'k', transport: nodeTransport(pin ? { pinnedFingerprint256: pin } : {}) });

  it('refuses a self-signed server without a pin and says which certificate it saw', async () => {
    const before = crm.hits();
    const e = await client().login().catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('CRM_TLS_UNTRUSTED');
    expect(crm.hits()).toBe(before);
    const seen = await fetchServerFingerprint(crm.url, AbortSignal.timeout(5000));
    expect(seen.fingerprint256).toBe(pair!.fingerprint256);
  });

  it('talks to it when the user pinned exactly its fingerprint', async () => {
    const login = await client(pair!.fingerprint256.replace(/:/g, '').toLowerCase()).login();
    expect(login.sessionName).toBe('s1');
  });

  it('sends nothing to a server whose certificate differs from the pin', async () => {
    const before = crm.hits();
    const e = await client(normalizeFingerprint('00'.repeat(32))).login().catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('CRM_TLS_UNTRUSTED');
    expect(isAppError(e) && e.details?.fingerprint256).toBe(pair!.fingerprint256);
    expect(crm.hits()).toBe(before);
  });
});
