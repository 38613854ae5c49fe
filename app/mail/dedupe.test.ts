import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { clientKey, vteMessageHash } from './dedupe';
import { emptyMail } from './model';

describe('dedupe keys', () => {
  it("computes vtenext's messagehash as sha1(messageid . subject), Message-ID with brackets", () => {
    const expected = createHash('sha1').update('<abc@example.com>Grüße', 'utf8').digest('hex');
    expect(vteMessageHash('<abc@example.com>', 'Grüße')).toBe(expected);
    expect(vteMessageHash(null, 'x')).toBeNull();
  });

  it('gives mails without a Message-ID a stable key that changes with content', () => {
    const a = { ...emptyMail('eml'), subject: 'Offer', date: '2024-03-01T10:15:00+01:00', from: [{ name: 'A', address: 'A@x.com' }], to: [{ name: '', address: 'b@y.com' }], text: 'hello' };
    expect(clientKey(a)).toBe(clientKey({ ...a, from: [{ name: 'Other display name', address: 'a@X.com' }] }));
    expect(clientKey(a)).not.toBe(clientKey({ ...a, text: 'hello!' }));
    expect(clientKey(a)).not.toBe(clientKey({ ...a, date: '2024-03-01T10:16:00+01:00' }));
  });
});
