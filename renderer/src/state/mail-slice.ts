import type { MailPreview } from '../../../app/contract/api';
import type { CapturedMail, CapturedMailSummary } from '../../../app/contract/mail';
import { ERROR_CODES, type ErrorCode } from '../../../app/contract/plain';
import type { SliceCreator } from './types';

const isErrorCode = (c: string): c is ErrorCode => (ERROR_CODES as readonly string[]).includes(c);

export interface MailSlice {
  inbox: CapturedMailSummary[];
  selected: CapturedMail | null;
  importing: string[];
  loadInbox(): Promise<void>;
  importFiles(files: readonly File[]): Promise<void>;
  select(id: string): Promise<void>;
  loadPreview(id: string): Promise<MailPreview | null>;
  remove(id: string): Promise<void>;
}

export const createMailSlice: SliceCreator<MailSlice> = (client, set, get) => {
  client.on('mail.captured', (summary) => set((s) => ({ inbox: [summary, ...s.inbox.filter((m) => m.id !== summary.id)] })));
  client.on('mail.removed', ({ id }) =>
    set((s) => ({ inbox: s.inbox.filter((m) => m.id !== id), selected: s.selected?.summary.id === id ? null : s.selected })),
  );

  return {
    inbox: [],
    selected: null,
    importing: [],

    async loadInbox() {
      const list = await client.call('mail.list', {});
      if (list.ok) set({ inbox: list.value });
      else get().notify(null, list.error);
    },

    async importFiles(files) {
      // Electron: classic Outlook's dragged messages are temporary files that exist only during
      // the drop, so hand their paths to the core at once. Browser mode reads the bytes instead.
      const paths = files.map((f) => window.connectorFiles?.pathForFile(f) ?? '');
      if (files.length > 0 && paths.every((p) => p !== '')) {
        set((s) => ({ importing: [...s.importing, ...files.map((f) => f.name)] }));
        const r = await client.call('mail.importPaths', { paths });
        set((s) => ({ importing: s.importing.filter((n) => !files.some((f) => f.name === n)) }));
        if (!r.ok) return get().notify(null, r.error);
        for (const o of r.value) if (!o.ok) get().notify(o.path, { code: isErrorCode(o.code) ? o.code : 'INTERNAL', message: o.message });
        const last = [...r.value].reverse().find((o) => o.ok);
        await get().loadInbox();
        if (last?.ok) await get().select(last.id);
        return;
      }
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
            void get().loadSuggestions();
          } else {
            get().notify(file.name, result.error);
          }
        } finally {
          set((s) => ({ importing: s.importing.filter((n) => n !== file.name) }));
        }
      }
    },

    async select(id) {
      const result = await client.call('mail.get', { id });
      if (result.ok) {
        set({ selected: result.value });
        void get().loadSuggestions();
      } else get().notify(null, result.error);
    },

    async loadPreview(id) {
      const result = await client.call('mail.preview', { id });
      if (result.ok) return result.value;
      get().notify(null, result.error);
      return null;
    },

    async remove(id) {
      const result = await client.call('mail.remove', { id });
      if (!result.ok) get().notify(null, result.error);
      else set((s) => ({ inbox: s.inbox.filter((m) => m.id !== id), selected: s.selected?.summary.id === id ? null : s.selected }));
    },
  };
};
