import { describe, expect, it } from 'vitest';
import type { CapturedMailSummary } from '../../app/contract/mail';
import { DesktopStatus } from './desktop-status';
import type { TrayState } from './tray-model';

const summary = (id: string, capturedAt: string, from = [{ name: 'Ada', address: 'ada@example.com' }]): CapturedMailSummary => ({
  id, fileName: `${id}.eml`, format: 'eml', subject: `S ${id}`, from, date: null, size: 1, sha256: 'x', attachmentCount: 0, capturedAt, warnings: [],
});

describe('DesktopStatus', () => {
  it('seeds recent mails newest first, at most five, sender by name or address', () => {
    const status = new DesktopStatus('unavailable');
    status.seed([summary('a', '2026-01-01'), summary('b', '2026-01-03', [{ name: '', address: 'b@x.com' }]), summary('c', '2026-01-02'), ...['d', 'e', 'f'].map((id) => summary(id, '2025-01-01'))]);
    expect(status.state.recent.map((m) => m.id)).toEqual(['b', 'c', 'a', 'd', 'e']);
    expect(status.state.recent[0]!.from).toBe('b@x.com');
  });

  it('follows the core events: captured, removed, sync per account', () => {
    const status = new DesktopStatus('closed');
    const seen: TrayState[] = [];
    status.subscribe((s) => seen.push(s));
    status.onEvent('mail.captured', summary('a', '2026-01-01'));
    status.onEvent('mail.captured', summary('b', '2026-01-02'));
    status.onEvent('mail.removed', { id: 'a' });
    expect(status.state.recent.map((m) => m.id)).toEqual(['b']);
    status.onEvent('sync.progress', { accountId: 'acc1', module: null, done: 0, total: null, phase: 'modules' });
    status.onEvent('sync.progress', { accountId: 'acc2', module: null, done: 0, total: null, phase: 'records' });
    status.onEvent('sync.progress', { accountId: 'acc1', module: null, done: 1, total: 1, phase: 'done' });
    expect(status.state.syncing).toBe(true);
    status.onEvent('sync.progress', { accountId: 'acc2', module: null, done: 0, total: null, phase: 'failed' });
    expect(status.state.syncing).toBe(false);
    expect(seen.length).toBe(5); // acc2's 'records' while already syncing changed nothing
  });

  it('follows the outbox: online, waiting, needs attention', () => {
    const status = new DesktopStatus('closed');
    status.onEvent('outbox.status', { online: false, paused: false, waiting: 3, needsAttention: 1 });
    expect(status.state).toMatchObject({ online: false, paused: false, waiting: 3, attention: 1 });
  });

  it('queue, pause and shelf updates notify only on change', () => {
    const status = new DesktopStatus('closed');
    let calls = 0;
    status.subscribe(() => calls++);
    status.setQueue({ online: true, waiting: 0, attention: 0 });
    expect(calls).toBe(0);
    status.setQueue({ online: false, waiting: 2, attention: 0 });
    status.setPaused(true);
    status.setShelf('open');
    expect(calls).toBe(3);
    expect(status.state).toMatchObject({ online: false, waiting: 2, paused: true, shelf: 'open' });
  });
});
