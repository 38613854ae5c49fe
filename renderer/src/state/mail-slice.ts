import { create } from 'zustand';
import type { MailPreview } from '../../app/contract/api';
import type { CapturedMail, CapturedMailSummary } from '../../app/contract/mail';
import type { AppErrorShape } from '../../app/contract/result';
import type { Client } from './client';
import type { Locale } from './i18n';

export interface Notice {
  id: number;
  fileName: string | null;
  error: AppErrorShape;
}

export interface State {
  locale: Locale;
  inbox: CapturedMailSummary[];
  selected: CapturedMail | null;
  importing: string[];
  notices: Notice[];
}

export interface Actions {
  init(): Promise<void>;
  importFiles(files: readonly File[]): Promise<void>;
  select(id: string): Promise<void>;
  loadPreview(id: string): Promise<MailPreview | null>;
  remove(id: string): Promise<void>;
  dismiss(noticeId: number): void;
}

export type Store = ReturnType<typeof createStore>;

let noticeSeq = 1;

/** All renderer state; components read it and call actions, never the client directly. */
export function createStore(client: Client) {
  return create<State & Actions>()((set, get) => {
    const notify = (fileName: string | null, error: AppErrorShape) =>
      set((s) => ({ notices: [...s.notices, { id: noticeSeq++, fileName, error }] }));

    client.on('mail.captured', (summary) =>
      set((s) => ({ inbox: [summary, ...s.inbox.filter((m) => m.id !== summary.id)] })),
    );
    client.on('mail.removed', ({ id }) =>
      set((s) => ({ inbox: s.inbox.filter((m) => m.id !== id), selected: s.selected?.summary.id === id ? null : s.selected })),
    );

    return {
      locale: 'en',
      inbox: [],
      selected: null,
      importing: [],
      notices: [],

      async init() {
        const [info, list] = await Promise.all([client.call('app.info', {}), client.call('mail.list', {})]);
        if (info.ok) set({ locale: info.value.locale });
        if (list.ok) set({ inbox: list.value });
        else notify(null, list.error);
      },

      async importFiles(files) {
        // One at a time: the parser process handles one mail at a time anyway, and the inbox
        // fills in the order the user dropped them.
        for (const file of files) {
          set((s) => ({ importing: [...s.importing, file.name] }));
          try {
            const bytes = new Uint8Array(await file.arrayBuffer());
            const result = await client.call('mail.import', { fileName: file.name, bytes });
            if (result.ok) {
              set((s) => ({
                inbox: [result.value.summary, ...s.inbox.filter((m) => m.id !== result.value.summary.id)],
                selected: result.value,
              }));
            } else {
              notify(file.name, result.error);
            }
          } finally {
            set((s) => ({ importing: s.importing.filter((n) => n !== file.name) }));
          }
        }
      },

      async select(id) {
        const result = await client.call('mail.get', { id });
        if (result.ok) set({ selected: result.value });
        else notify(null, result.error);
      },

      async loadPreview(id) {
        const result = await client.call('mail.preview', { id });
        if (result.ok) return result.value;
        notify(null, result.error);
        return null;
      },

      async remove(id) {
        const result = await client.call('mail.remove', { id });
        if (!result.ok) notify(null, result.error);
        else set((s) => ({ inbox: s.inbox.filter((m) => m.id !== id), selected: get().selected?.summary.id === id ? null : s.selected }));
      },

      dismiss(noticeId) {
        set((s) => ({ notices: s.notices.filter((n) => n.id !== noticeId) }));
      },
    };
  });
}
