import { describe, expect, it } from 'vitest';
import { notificationsFor, showNotification } from './notifications';
import { createElectronStandIn, StandInNotification } from './test-support/electron-stand-in';
import type { TrayState } from './tray-model';

const s = (patch: Partial<TrayState>): TrayState => ({ online: true, syncing: false, paused: false, waiting: 0, attention: 0, recent: [], shelf: 'unavailable', ...patch });
const all = { prefs: { delivered: true, attention: true }, appFocused: false };

describe('notificationsFor', () => {
  it.each<[string, Partial<TrayState>, Partial<TrayState>, typeof all, string[]]>([
    ['nothing changed', { waiting: 2 }, { waiting: 2 }, all, []],
    ['one delivered', { waiting: 1 }, { waiting: 0 }, all, ['delivered:Email filed in vtenext']],
    ['three delivered, one left', { waiting: 4 }, { waiting: 1 }, all, ['delivered:3 emails filed in vtenext']],
    ['queued more', { waiting: 1 }, { waiting: 3 }, all, []],
    ['a refusal is not a delivery', { waiting: 2, attention: 0 }, { waiting: 1, attention: 1 }, all, ['attention:An email needs your attention']],
    ['two refused, one delivered', { waiting: 3 }, { waiting: 0, attention: 2 }, all, ['attention:2 emails need your attention', 'delivered:Email filed in vtenext']],
    ['attention resolved', { attention: 2 }, { attention: 1 }, all, []],
    ['delivered while the app is focused: quiet', { waiting: 1 }, { waiting: 0 }, { ...all, appFocused: true }, []],
    ['attention while focused: still said', { attention: 0 }, { attention: 1 }, { ...all, appFocused: true }, ['attention:An email needs your attention']],
    ['delivered turned off', { waiting: 1 }, { waiting: 0 }, { ...all, prefs: { delivered: false, attention: true } }, []],
    ['attention turned off', { attention: 0 }, { attention: 1 }, { ...all, prefs: { delivered: true, attention: false } }, []],
  ])('%s', (_name, prev, next, ctx, expected) => {
    expect(notificationsFor(s(prev), s(next), ctx).map((n) => `${n.kind}:${n.title}`)).toEqual(expected);
  });
});

describe('showNotification (against the stand-in)', () => {
  it('shows delivered quietly, attention with sound, and wires the click', () => {
    const electron = createElectronStandIn();
    let clicked = 0;
    showNotification(electron, { kind: 'delivered', title: 't', body: 'b' }, () => clicked++);
    showNotification(electron, { kind: 'attention', title: 't2', body: 'b2' }, () => clicked++);
    expect(StandInNotification.shown.map((n) => n.options)).toEqual([
      { title: 't', body: 'b', silent: true },
      { title: 't2', body: 'b2', silent: false },
    ]);
    StandInNotification.shown[1]!.click();
    expect(clicked).toBe(1);
  });

  it('does nothing where notifications are unsupported', () => {
    const electron = createElectronStandIn();
    StandInNotification.supported = false;
    expect(showNotification(electron, { kind: 'delivered', title: 't', body: 'b' }, () => {})).toBe(false);
    expect(StandInNotification.shown).toHaveLength(0);
  });
});
