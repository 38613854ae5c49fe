import type { HistoryEntryView, LinkJobView, LinkPreparation, OutboxStatus, SettingsView } from '../../../app/contract/outbox';
import type { AppErrorShape } from '../../../app/contract/result';
import type { SliceCreator } from './types';

export type View = 'inbox' | 'outbox' | 'history' | 'settings';

export interface Toast {
  id: number;
  jobId: string;
  text: string;
  /** Undo is offered until this time (ms since epoch). */
  undoUntil: number;
}

export interface OutboxSlice {
  view: View;
  jobs: LinkJobView[];
  outboxStatus: OutboxStatus | null;
  history: HistoryEntryView[];
  settings: SettingsView | null;
  preparation: LinkPreparation | null;
  chosenAttachments: number[];
  toasts: Toast[];
  setView(view: View): void;
  loadOutbox(): Promise<void>;
  loadHistory(): Promise<void>;
  loadSettings(): Promise<void>;
  prepareLink(): Promise<void>;
  toggleAttachment(index: number): void;
  /** Queues the selected email onto the chosen targets; returns the error that stopped it, if any. */
  queueLink(opts: { confirmedExternal: boolean }): Promise<AppErrorShape | null>;
  acknowledgeNotice(): Promise<void>;
  undo(toastId: number): Promise<void>;
  dismissToast(toastId: number): void;
  retry(jobId: string): Promise<void>;
  cancel(jobId: string): Promise<void>;
  retargetToChosen(jobId: string): Promise<void>;
  skipAttachment(jobId: string, index: number): Promise<void>;
  setCorporateDomains(domains: string[]): Promise<void>;
  setPaused(paused: boolean): Promise<void>;
}

const UNDO_MS = 10_000;
let toastSeq = 1;

export const createOutboxSlice: SliceCreator<OutboxSlice> = (client, set, get) => {
  client.on('outbox.job', (job) => set((s) => ({ jobs: [job, ...s.jobs.filter((j) => j.id !== job.id)] })));
  client.on('outbox.status', (status) => set({ outboxStatus: status }));

  const report = (r: { ok: false; error: AppErrorShape }) => get().notify(null, r.error);
  const replaceJob = (job: LinkJobView) => set((s) => ({ jobs: s.jobs.map((j) => (j.id === job.id ? job : j)) }));

  return {
    view: 'inbox',
    jobs: [],
    outboxStatus: null,
    history: [],
    settings: null,
    preparation: null,
    chosenAttachments: [],
    toasts: [],

    setView(view) {
      set({ view });
      if (view === 'outbox') void get().loadOutbox();
      if (view === 'history') void get().loadHistory();
      if (view === 'settings') void get().loadSettings();
    },

    async loadOutbox() {
      const [jobs, status] = await Promise.all([client.call('outbox.list', {}), client.call('outbox.status', {})]);
      if (jobs.ok) set({ jobs: jobs.value });
      else report(jobs);
      if (status.ok) set({ outboxStatus: status.value });
    },

    async loadHistory() {
      const r = await client.call('history.list', { limit: 200 });
      if (r.ok) set({ history: r.value });
      else report(r);
    },

    async loadSettings() {
      const r = await client.call('settings.get', {});
      if (r.ok) set({ settings: r.value });
      else report(r);
    },

    async prepareLink() {
      const accountId = get().activeAccountId;
      const mailId = get().selected?.summary.id;
      if (!accountId || !mailId) return set({ preparation: null, chosenAttachments: [] });
      const r = await client.call('link.prepare', { accountId, mailId });
      if (get().selected?.summary.id !== mailId) return;
      if (r.ok) set({ preparation: r.value, chosenAttachments: r.value.attachments.filter((a) => a.selected).map((a) => a.index) });
      else report(r);
    },

    toggleAttachment(index) {
      set((s) => ({
        chosenAttachments: s.chosenAttachments.includes(index) ? s.chosenAttachments.filter((i) => i !== index) : [...s.chosenAttachments, index].sort((a, b) => a - b),
      }));
    },

    async queueLink({ confirmedExternal }) {
      const { activeAccountId: accountId, selected, targets, chosenAttachments } = get();
      if (!accountId || !selected || targets.length === 0) return null;
      const r = await client.call('link.queue', {
        accountId,
        mailId: selected.summary.id,
        targets: targets.map((t) => t.id),
        attachments: chosenAttachments,
        confirmedExternal,
        // Held for the undo window: Undo really takes the link back, it never races the sender.
        holdSeconds: UNDO_MS / 1000,
      });
      if (!r.ok) return r.error;
      const text = targets.map((t) => t.label).join(', ');
      const toast: Toast = { id: toastSeq++, jobId: r.value.id, text, undoUntil: Date.now() + UNDO_MS };
      set((s) => ({ jobs: [r.value, ...s.jobs.filter((j) => j.id !== r.value.id)], toasts: [...s.toasts, toast], targets: [] }));
      setTimeout(() => get().dismissToast(toast.id), UNDO_MS);
      return null;
    },

    async acknowledgeNotice() {
      const r = await client.call('privacy.acknowledge', {});
      if (r.ok) {
        set({ settings: r.value });
        await get().prepareLink();
      } else report(r);
    },

    async undo(toastId) {
      const toast = get().toasts.find((t) => t.id === toastId);
      if (!toast) return;
      get().dismissToast(toastId);
      const r = await client.call('outbox.cancel', { id: toast.jobId });
      if (r.ok) replaceJob(r.value);
      else report(r);
    },

    dismissToast(toastId) {
      set((s) => ({ toasts: s.toasts.filter((t) => t.id !== toastId) }));
    },

    async retry(jobId) {
      const r = await client.call('outbox.retry', { id: jobId });
      if (r.ok) replaceJob(r.value);
      else report(r);
    },

    async cancel(jobId) {
      const r = await client.call('outbox.cancel', { id: jobId });
      if (r.ok) replaceJob(r.value);
      else report(r);
    },

    async retargetToChosen(jobId) {
      const targets = get().targets.map((t) => t.id);
      if (targets.length === 0) return;
      const r = await client.call('outbox.retarget', { id: jobId, targets });
      if (r.ok) {
        replaceJob(r.value);
        set({ targets: [] });
      } else report(r);
    },

    async skipAttachment(jobId, index) {
      const r = await client.call('outbox.skipAttachment', { id: jobId, index });
      if (r.ok) replaceJob(r.value);
      else report(r);
    },

    async setPaused(paused) {
      const r = await client.call('outbox.setPaused', { paused });
      if (r.ok) set({ outboxStatus: r.value });
      else report(r);
    },

    async setCorporateDomains(domains) {
      const r = await client.call('settings.setCorporateDomains', { domains });
      if (r.ok) set({ settings: r.value });
      else report(r);
    },
  };
};
