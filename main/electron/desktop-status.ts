import type { EventName, EventPayload } from '../../app/contract/api';
import type { CapturedMailSummary } from '../../app/contract/mail';
import { RECENT_IN_MENU, type RecentMail, type TrayState } from './tray-model';

/**
 * The desktop's view of the core, built from the same events the renderer gets (the shell taps
 * the core's emit), so the tray, palette and notifications need no polling and no extra calls.
 */
export class DesktopStatus {
  #state: TrayState;
  readonly #syncing = new Set<string>();
  readonly #listeners = new Set<(state: TrayState) => void>();

  constructor(shelf: TrayState['shelf']) {
    this.#state = { online: true, syncing: false, paused: false, waiting: 0, attention: 0, recent: [], shelf };
  }

  get state(): TrayState {
    return this.#state;
  }

  subscribe(listener: (state: TrayState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The inbox at start-up, newest first by capture time. */
  seed(mails: readonly CapturedMailSummary[]): void {
    const recent = [...mails].sort((a, b) => b.capturedAt.localeCompare(a.capturedAt)).slice(0, RECENT_IN_MENU).map(toRecent);
    this.#set({ recent });
  }

  onEvent<K extends EventName>(name: K, payload: EventPayload<K>): void {
    switch (name) {
      case 'mail.captured': {
        const mail = toRecent(payload as EventPayload<'mail.captured'>);
        this.#set({ recent: [mail, ...this.#state.recent.filter((m) => m.id !== mail.id)].slice(0, RECENT_IN_MENU) });
        return;
      }
      case 'mail.removed': {
        const { id } = payload as EventPayload<'mail.removed'>;
        this.#set({ recent: this.#state.recent.filter((m) => m.id !== id) });
        return;
      }
      case 'sync.progress': {
        const p = payload as EventPayload<'sync.progress'>;
        if (p.phase === 'done' || p.phase === 'failed') this.#syncing.delete(p.accountId);
        else this.#syncing.add(p.accountId);
        this.#set({ syncing: this.#syncing.size > 0 });
        return;
      }
      case 'outbox.status': {
        const o = payload as EventPayload<'outbox.status'>;
        this.setQueue({ online: o.online, waiting: o.waiting, attention: o.needsAttention });
        return;
      }
      default:
        return;
    }
  }

  setQueue(queue: { online: boolean; waiting: number; attention: number }): void {
    this.#set(queue);
  }

  setPaused(paused: boolean): void {
    this.#set({ paused });
  }

  setShelf(shelf: TrayState['shelf']): void {
    this.#set({ shelf });
  }

  #set(patch: Partial<TrayState>): void {
    const next = { ...this.#state, ...patch };
    if ((Object.keys(patch) as Array<keyof TrayState>).every((k) => next[k] === this.#state[k])) return;
    this.#state = next;
    for (const listener of this.#listeners) listener(next);
  }
}

function toRecent(mail: CapturedMailSummary): RecentMail {
  const sender = mail.from[0];
  return { id: mail.id, subject: mail.subject, from: sender ? sender.name || sender.address : '' };
}
