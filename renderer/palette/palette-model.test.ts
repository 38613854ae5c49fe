import { describe, expect, it } from 'vitest';
import type { RecordHit } from '../../app/contract/crm';
import type { CapturedMailSummary } from '../../app/contract/mail';
import type { LinkPreparation } from '../../app/contract/outbox';
import { decideLink, initialPalette, keyOf, newestMail, onKey, typed, visibleHits, type PaletteState } from './palette-model';

const hit = (id: string, linkable = true): RecordHit => ({ id, module: 'Contacts', label: `Rec ${id}`, emails: [], account: null, linkable } as unknown as RecordHit);
const mail = { id: 'm1', subject: 'Offer', capturedAt: '2026-01-02' } as CapturedMailSummary;
const ready: PaletteState = { ...initialPalette, accountId: 'a1', mail, suggestions: [hit('1x1'), hit('1x2'), hit('1x3', false)], results: [hit('2x9')], phase: { kind: 'ready' } };

describe('palette model', () => {
  it('newest captured mail wins', () => {
    expect(newestMail([{ ...mail, id: 'a', capturedAt: '2026-01-01' }, { ...mail, id: 'b', capturedAt: '2026-01-03' }, mail])?.id).toBe('b');
    expect(newestMail([])).toBeNull();
  });

  it('suggestions show until something is typed; typing resets the selection', () => {
    expect(visibleHits(ready).map((h) => h.id)).toEqual(['1x1', '1x2', '1x3']);
    const t = typed({ ...ready, selected: 2 }, 'acme');
    expect(visibleHits(t).map((h) => h.id)).toEqual(['2x9']);
    expect(t.selected).toBe(0);
    expect(visibleHits(typed(ready, '   ')).map((h) => h.id)).toEqual(['1x1', '1x2', '1x3']);
  });

  it.each<[string, PaletteState, Parameters<typeof onKey>[1], number, string | null]>([
    ['down moves', ready, 'ArrowDown', 1, null],
    ['down wraps', { ...ready, selected: 2 }, 'ArrowDown', 0, null],
    ['up wraps', ready, 'ArrowUp', 2, null],
    ['tab moves like down', ready, 'Tab', 1, null],
    ['enter prepares the selected record', { ...ready, selected: 1 }, 'Enter', 1, 'prepare:1x2'],
    ['esc dismisses', ready, 'Escape', 0, 'dismiss'],
    ['other keys do nothing', ready, 'other', 0, null],
    ['enter with no mail does nothing', { ...ready, mail: null }, 'Enter', 0, null],
    ['enter with no account does nothing', { ...ready, accountId: null }, 'Enter', 0, null],
    ['enter while sending does nothing', { ...ready, phase: { kind: 'sending' } }, 'Enter', 0, null],
    ['enter in confirmation queues with consent', { ...ready, phase: { kind: 'confirm-external', addresses: ['x@y.z'] } }, 'Enter', 0, 'queue:1x1:true'],
  ])('%s', (_name, state, key, selected, effect) => {
    const r = onKey(state, key);
    expect(r.state.selected).toBe(selected);
    const e = r.effect;
    expect(e === null ? null : e.type === 'dismiss' ? 'dismiss' : e.type === 'prepare' ? `prepare:${e.hit.id}` : `queue:${e.hit.id}:${e.confirmedExternal}`).toBe(effect);
  });

  it('a record that cannot take links says so instead of preparing', () => {
    const r = onKey({ ...ready, selected: 2 }, 'Enter');
    expect(r.effect).toBeNull();
    expect(r.state.phase).toEqual({ kind: 'blocked', message: 'Rec 1x3 cannot take links' });
    expect(typed(r.state, 'a').phase).toEqual({ kind: 'ready' });
  });

  it('esc in the confirmation steps back instead of dismissing', () => {
    const r = onKey({ ...ready, phase: { kind: 'confirm-external', addresses: ['x@y.z'] } }, 'Escape');
    expect(r).toEqual({ state: { ...ready, phase: { kind: 'ready' } }, effect: null });
  });

  const prep = (patch: Partial<LinkPreparation>): LinkPreparation => ({
    attachments: [
      { index: 0, name: 'a.pdf', size: 1, contentType: 'application/pdf', inline: false, selected: true },
      { index: 1, name: 'logo.png', size: 1, contentType: 'image/png', inline: true, selected: false },
    ],
    maxUploadBytes: null,
    externalAddresses: [],
    corporateDomainsConfigured: true,
    noticeAcknowledged: true,
    noticeVersion: 1,
    ...patch,
  });

  it.each<[string, Partial<LinkPreparation>, ReturnType<typeof decideLink>]>([
    ['queues with the pre-ticked attachments', {}, { kind: 'queue', attachments: [0] }],
    ['asks before linking mail with outside addresses', { externalAddresses: ['p@partner.example'] }, { kind: 'confirm-external', attachments: [0], addresses: ['p@partner.example'] }],
    ['sends the user to the app for the privacy notice first', { noticeAcknowledged: false }, { kind: 'blocked', message: 'Open the app once to read the privacy notice before linking.' }],
  ])('decideLink: %s', (_name, patch, expected) => {
    expect(decideLink(prep(patch))).toEqual(expected);
  });

  it('maps DOM key names', () => {
    expect(['ArrowDown', 'Enter', 'Escape', 'a', 'Shift'].map(keyOf)).toEqual(['ArrowDown', 'Enter', 'Escape', 'other', 'other']);
  });
});
