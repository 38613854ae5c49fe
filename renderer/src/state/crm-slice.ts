import type { AccountView, AddAccountInput, ModuleView, RecordHit, SyncProgress } from '../../../app/contract/crm';
import type { AppErrorShape } from '../../../app/contract/result';
import type { SliceCreator } from './types';

export interface CrmSlice {
  accounts: AccountView[] | null;
  activeAccountId: string | null;
  modules: ModuleView[];
  sync: SyncProgress | null;
  searchText: string;
  moduleFilter: string | null;
  results: RecordHit[];
  suggestions: RecordHit[];
  /** Records the user picked as link targets for the selected email. */
  targets: RecordHit[];
  loadAccounts(): Promise<void>;
  addAccount(input: AddAccountInput): Promise<AppErrorShape | null>;
  addDemoAccount(): Promise<AppErrorShape | null>;
  removeAccount(id: string): Promise<void>;
  setActiveAccount(id: string): Promise<void>;
  syncNow(reconcile?: boolean): Promise<void>;
  search(text: string, moduleFilter?: string | null): Promise<void>;
  loadSuggestions(): Promise<void>;
  toggleTarget(hit: RecordHit): void;
  clearTargets(): void;
}

export const createCrmSlice: SliceCreator<CrmSlice> = (client, set, get) => {
  client.on('sync.progress', (p) => {
    if (p.accountId === get().activeAccountId) set({ sync: p.phase === 'done' ? null : p });
  });
  client.on('account.changed', ({ accounts }) => set({ accounts }));

  let searchSeq = 0;

  async function afterAccountReady(account: AccountView) {
    set((s) => ({ accounts: [...(s.accounts ?? []).filter((a) => a.id !== account.id), account], activeAccountId: account.id }));
    await get().syncNow();
  }

  return {
    accounts: null,
    activeAccountId: null,
    modules: [],
    sync: null,
    searchText: '',
    moduleFilter: null,
    results: [],
    suggestions: [],
    targets: [],

    async loadAccounts() {
      const r = await client.call('account.list', {});
      if (!r.ok) return get().notify(null, r.error);
      const active = get().activeAccountId ?? r.value[0]?.id ?? null;
      set({ accounts: r.value, activeAccountId: active });
      if (active) {
        const modules = await client.call('modules.list', { accountId: active });
        if (modules.ok) set({ modules: modules.value });
      }
    },

    async addAccount(input) {
      const r = await client.call('account.add', input);
      if (!r.ok) return r.error;
      await afterAccountReady(r.value);
      return null;
    },

    async addDemoAccount() {
      const r = await client.call('account.addDemo', {});
      if (!r.ok) return r.error;
      await afterAccountReady(r.value);
      return null;
    },

    async removeAccount(id) {
      const r = await client.call('account.remove', { id });
      if (!r.ok) return get().notify(null, r.error);
      const accounts = (get().accounts ?? []).filter((a) => a.id !== id);
      set({ accounts, activeAccountId: accounts[0]?.id ?? null, results: [], suggestions: [], targets: [], modules: [] });
    },

    async setActiveAccount(id) {
      set({ activeAccountId: id, results: [], suggestions: [], targets: [] });
      const modules = await client.call('modules.list', { accountId: id });
      if (modules.ok) set({ modules: modules.value });
      void get().loadSuggestions();
    },

    async syncNow(reconcile = false) {
      const accountId = get().activeAccountId;
      if (!accountId) return;
      set({ sync: { accountId, module: null, done: 0, total: null, phase: 'modules' } });
      const r = await client.call('sync.run', { accountId, reconcile });
      set({ sync: null });
      if (!r.ok) return get().notify(null, r.error);
      await get().loadAccounts();
      void get().loadSuggestions();
    },

    async search(text, moduleFilter = get().moduleFilter) {
      const accountId = get().activeAccountId;
      set({ searchText: text, moduleFilter });
      if (!accountId || text.trim() === '') return set({ results: [] });
      // Type-ahead: only the newest answer may land.
      const seq = ++searchSeq;
      const r = await client.call('records.search', { accountId, text, limit: 20, ...(moduleFilter ? { modules: [moduleFilter] } : {}) });
      if (seq !== searchSeq) return;
      if (r.ok) set({ results: r.value });
      else get().notify(null, r.error);
    },

    async loadSuggestions() {
      const accountId = get().activeAccountId;
      const mailId = get().selected?.summary.id;
      if (!accountId || !mailId) return set({ suggestions: [] });
      void get().prepareLink();
      const r = await client.call('records.suggest', { accountId, mailId });
      if (r.ok && get().selected?.summary.id === mailId) set({ suggestions: r.value, targets: [] });
    },

    toggleTarget(hit) {
      set((s) => ({ targets: s.targets.some((t) => t.id === hit.id) ? s.targets.filter((t) => t.id !== hit.id) : [...s.targets, hit] }));
    },

    clearTargets() {
      set({ targets: [] });
    },
  };
};
