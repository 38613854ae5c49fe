import { describe, expect, it } from 'vitest';
import { trayIconState, trayModel, type TrayAction, type TrayState } from './tray-model';

const base: TrayState = { online: true, syncing: false, paused: false, waiting: 0, attention: 0, recent: [], shelf: 'unavailable' };
const mail = (n: number) => ({ id: `m${n}`, subject: `Subject ${n}`, from: `Sender ${n}` });
const labels = (s: TrayState) => trayModel(s).menu.map((i) => (i.kind === 'separator' ? '---' : i.label));
const actions = (s: TrayState) => trayModel(s).menu.flatMap((i) => (i.action ? [i.action] : []));

describe('trayIconState', () => {
  it.each<[string, Partial<TrayState>, ReturnType<typeof trayIconState>]>([
    ['all quiet', {}, 'online'],
    ['offline', { online: false }, 'offline'],
    ['syncing', { syncing: true }, 'syncing'],
    ['items waiting', { waiting: 3 }, 'waiting'],
    ['needs attention', { attention: 1 }, 'attention'],
    ['attention outranks offline', { attention: 1, online: false }, 'attention'],
    ['offline outranks syncing and waiting', { online: false, syncing: true, waiting: 2 }, 'offline'],
    ['syncing outranks waiting', { syncing: true, waiting: 2 }, 'syncing'],
    ['paused hides syncing, still shows waiting', { syncing: true, paused: true, waiting: 2 }, 'waiting'],
    ['paused with nothing queued', { paused: true }, 'online'],
  ])('%s', (_name, patch, icon) => {
    expect(trayIconState({ ...base, ...patch })).toBe(icon);
  });
});

describe('trayModel', () => {
  it.each<[string, Partial<TrayState>, string, string]>([
    ['online', {}, 'Online', ''],
    ['offline with waiting', { online: false, waiting: 2 }, 'Offline · 2 waiting', '2'],
    ['syncing', { syncing: true }, 'Syncing…', ''],
    ['paused', { paused: true, waiting: 1 }, 'Paused · 1 waiting', '1'],
    ['one problem', { attention: 1, waiting: 4 }, 'Online · 4 waiting · 1 needs attention', '1!'],
    ['problems', { attention: 3 }, 'Online · 3 need attention', '3!'],
  ])('%s: status line, tooltip and count', (_name, patch, status, title) => {
    const view = trayModel({ ...base, ...patch });
    expect(view.menu[0]).toEqual({ kind: 'info', label: status, enabled: false });
    expect(view.tooltip).toBe(`vtenext Mail Connector — ${status}`);
    expect(view.title).toBe(title);
  });

  it('an empty inbox: link-last is disabled and no recent section', () => {
    expect(labels(base)).toEqual(['Online', '---', 'Link last email', '---', 'Open vtenext Mail Connector', 'Pause sync', '---', 'Quit']);
    expect(trayModel(base).menu.find((i) => i.label === 'Link last email')?.enabled).toBe(false);
  });

  it('recent mails: newest named in link-last, at most five listed, each opens its mail', () => {
    const state = { ...base, recent: [1, 2, 3, 4, 5, 6, 7].map(mail) };
    const menu = trayModel(state).menu;
    expect(menu.find((i) => i.action?.type === 'link-last')).toMatchObject({ label: 'Link last email: Subject 1', enabled: true });
    const opened = actions(state).filter((a): a is Extract<TrayAction, { type: 'open-mail' }> => a.type === 'open-mail');
    expect(opened.map((a) => a.id)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(labels(state)).toContain('Subject 1 — Sender 1');
  });

  it('subjects are shortened, blank ones named, and & never becomes an accelerator', () => {
    const long = { ...base, recent: [{ id: 'a', subject: `Q&A ${'x'.repeat(80)}`, from: 'A & B' }, { id: 'b', subject: '  ', from: '' }] };
    const [first, second] = trayModel(long).menu.filter((i) => i.action?.type === 'open-mail');
    expect(first!.label).toMatch(/^Q&&A x+… — A && B$/);
    expect(first!.label!.split(' — ')[0]!.replace('&&', '&')).toHaveLength(48);
    expect(second!.label).toBe('(no subject) — (no subject)');
  });

  it('needs-attention entry appears only with problems', () => {
    expect(actions(base).some((a) => a.type === 'show-attention')).toBe(false);
    expect(trayModel({ ...base, attention: 2 }).menu).toContainEqual({ kind: 'action', label: 'Needs attention (2)…', action: { type: 'show-attention' } });
  });

  it.each<[TrayState['shelf'], boolean | undefined]>([
    ['unavailable', undefined],
    ['closed', false],
    ['open', true],
  ])('drop shelf %s', (shelf, checked) => {
    const item = trayModel({ ...base, shelf }).menu.find((i) => i.action?.type === 'toggle-shelf');
    expect(item?.checked).toBe(checked);
  });

  it('pause is a checkbox reflecting the state; quit is last', () => {
    expect(trayModel({ ...base, paused: true }).menu.find((i) => i.action?.type === 'toggle-pause')).toMatchObject({ kind: 'checkbox', checked: true });
    expect(actions(base).at(-1)).toEqual({ type: 'quit' });
  });
});
