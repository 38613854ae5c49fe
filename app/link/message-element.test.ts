import { describe, expect, it } from 'vitest';
import { bodyHtml, markerFor, messageElement, messageIdFor, uploadName } from './message-element';
import type { MailSnapshot } from './snapshot';
import { wallTimeIn } from './wall-time';

const mail: MailSnapshot = {
  mailId: 'm1',
  sha256: 'a'.repeat(64),
  fileName: 'x.eml',
  messageId: 'abc@example.com',
  subject: 'Hi',
  date: '2024-03-01T10:15:00+01:00',
  from: [{ name: 'Anna B', address: 'anna@example.com' }],
  to: [
    { name: '', address: 'bob@example.com' },
    { name: 'Cé', address: 'ce@example.com' },
  ],
  cc: [],
  bcc: [],
  replyTo: [],
  inReplyTo: '<prev@example.com>',
  references: ['<root@example.com>', '<prev@example.com>'],
  text: 'a < b\nline 2',
  html: null,
  clientKey: 'k'.repeat(64),
};

describe('the Messages element (spec §7.4)', () => {
  it('keeps the angle brackets and makes a stable id for a mail without one', () => {
    expect(messageIdFor(mail)).toBe('<abc@example.com>');
    expect(messageIdFor({ ...mail, messageId: '<x@y>' })).toBe('<x@y>');
    expect(messageIdFor({ ...mail, messageId: null })).toBe(`<vtemc.${'k'.repeat(40)}@mail-connector.invalid>`);
    expect(messageIdFor({ ...mail, messageId: null, clientKey: null })).toBe(`<vtemc.${'a'.repeat(40)}@mail-connector.invalid>`);
  });

  it('escapes a plain-text body and turns newlines into <br>, as parseEML does', () => {
    expect(bodyHtml(mail)).toBe('a &lt; b<br>\nline 2');
    expect(bodyHtml({ html: '<p>x</p>', text: 'x' })).toBe('<p>x</p>');
  });

  it('sends mdate as a wall clock in the CRM user zone', () => {
    expect(wallTimeIn(new Date('2024-03-01T09:15:00Z'), 'America/New_York')).toBe('2024-03-01 04:15:00');
    expect(wallTimeIn(new Date('2024-07-01T23:30:00Z'), 'Europe/Rome')).toBe('2024-07-02 01:30:00');
  });

  it('fills addresses, Link type, owner, parent_id, marker and the external_plugin flags', () => {
    const el = messageElement(mail, { jobId: 'job-1', ownerWsId: '19x6', timeZone: 'UTC', parentIds: ['3x19', '4x7'], withFiles: true });
    expect(el).toMatchObject({
      subject: 'Hi',
      mdate: '2024-03-01 09:15:00',
      mfrom: 'anna@example.com',
      mfrom_n: 'Anna B',
      mfrom_f: 'Anna B <anna@example.com>',
      mto: 'bob@example.com, ce@example.com',
      mto_f: 'bob@example.com, Cé <ce@example.com>',
      messageid: '<abc@example.com>',
      in_reply_to: '<prev@example.com>',
      mreferences: '<root@example.com> <prev@example.com>',
      xmailer: markerFor('job-1'),
      mtype: 'Link',
      assigned_user_id: '19x6',
      parent_id: '3x19|4x7|',
      hasattachments: 'True',
      external_plugin: 'true',
    });
    expect(messageElement(mail, { jobId: 'j', ownerWsId: '19x6', timeZone: 'UTC', parentIds: [], withFiles: false })).not.toHaveProperty('external_plugin');
  });

  it('prefixes upload names with a tag without "_", which the server strips up to the first "_"', () => {
    const n = uploadName('3f2a9c1e-aaaa-bbbb', 2, 'my_file.pdf');
    expect(n).toBe('3f2a9c1e2_my_file.pdf');
    expect(n.slice(n.indexOf('_') + 1)).toBe('my_file.pdf');
  });
});
