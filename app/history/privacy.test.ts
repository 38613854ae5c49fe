import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAppDb, tmpHome } from '../outbox/test-support/harness';
import { acknowledgeNotice, corporateDomains, externalAddresses, isCorporate, noticeState, setCorporateDomains } from './privacy';

const a = (address: string) => ({ name: '', address });

describe('privacy helpers', () => {
  it('remembers the first-use notice acknowledgement across reopenings', () => {
    const file = join(tmpHome('privacy-'), 'app.sqlite');
    let db = openAppDb(file);
    expect(noticeState(db)).toMatchObject({ acknowledged: false, acknowledgedAt: null });
    expect(noticeState(db).text).toMatch(/other authorised CRM users/);
    acknowledgeNotice(db, new Date('2026-05-01T10:00:00Z'));
    db.close();
    db = openAppDb(file);
    expect(noticeState(db)).toMatchObject({ acknowledged: true, acknowledgedAt: '2026-05-01T10:00:00.000Z' });
    db.close();
  });

  it('flags addresses outside the corporate domains (subdomains count as inside)', () => {
    const db = openAppDb(join(tmpHome('privacy-'), 'app.sqlite'));
    expect(setCorporateDomains(db, [' Example.COM ', '@corp.example', 'example.com'])).toEqual(['example.com', 'corp.example']);
    expect(() => setCorporateDomains(db, ['not a domain'])).toThrow(/Not a domain/);
    expect(corporateDomains(db)).toEqual(['example.com', 'corp.example']);
    expect(isCorporate('x@mail.example.com', ['example.com'])).toBe(true);
    expect(isCorporate('x@badexample.com', ['example.com'])).toBe(false);
    const mail = { from: [a('Boss@Example.com')], to: [a('client@other.example'), a('me@corp.example')], cc: [a('CLIENT@other.example')], bcc: [] };
    expect(externalAddresses(mail, corporateDomains(db))).toEqual({ needsConfirmation: true, external: ['client@other.example'], unconfigured: false });
    expect(externalAddresses({ ...mail, to: [], cc: [] }, corporateDomains(db)).needsConfirmation).toBe(false);
    expect(externalAddresses(mail, [])).toMatchObject({ needsConfirmation: true, unconfigured: true });
    db.close();
  });
});
