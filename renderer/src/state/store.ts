import { create } from 'zustand';
import type { Client } from '../client';
import { createCrmSlice } from './crm-slice';
import { createMailSlice } from './mail-slice';
import { createOutboxSlice } from './outbox-slice';
import { createDesktopSlice } from './desktop-slice';
import type { AppState, Theme } from './types';

export type { AppState, Notice } from './types';
export type Store = ReturnType<typeof createStore>;

let noticeSeq = 1;
const LOCALE_KEY = 'connector.locale';
const THEME_KEY = 'connector.theme';

/** 'system' leaves it to prefers-color-scheme; light and dark override it. */
function applyTheme(theme: Theme) {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

/** All renderer state; components read it and call actions, never the client directly. */
export function createStore(client: Client) {
  return create<AppState>()((set, get) => ({
    locale: 'en',
    setLocale(locale) {
      // The user's choice wins over the shell's default; kept in this profile's storage only.
      localStorage.setItem(LOCALE_KEY, locale);
      set({ locale });
    },
    theme: 'system',
    setTheme(theme) {
      localStorage.setItem(THEME_KEY, theme);
      applyTheme(theme);
      set({ theme });
    },
    notices: [],
    notify(fileName, error) {
      set((s) => ({ notices: [...s.notices, { id: noticeSeq++, fileName, error }] }));
    },
    dismiss(noticeId) {
      set((s) => ({ notices: s.notices.filter((n) => n.id !== noticeId) }));
    },
    ...createMailSlice(client, set, get),
    ...createCrmSlice(client, set, get),
    ...createOutboxSlice(client, set, get),
    ...createDesktopSlice(client, set, get),
  }));
}

export async function initStore(store: Store, client: Client) {
  const info = await client.call('app.info', {});
  const theme = localStorage.getItem(THEME_KEY);
  if (theme === 'light' || theme === 'dark') {
    store.setState({ theme });
    applyTheme(theme);
  }
  const chosen = localStorage.getItem(LOCALE_KEY);
  if (chosen === 'en' || chosen === 'it') store.setState({ locale: chosen });
  else if (info.ok) store.setState({ locale: info.value.locale });
  await Promise.all([store.getState().loadInbox(), store.getState().loadAccounts(), store.getState().loadOutbox(), store.getState().loadSettings(), store.getState().loadDesktop()]);
}
