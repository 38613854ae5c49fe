import { useEffect } from 'react';
import { AccountBar } from './components/AccountBar';
import { DropZone } from './components/DropZone';
import { HistoryView } from './components/HistoryView';
import { Inbox } from './components/Inbox';
import { LinkPanel } from './components/LinkPanel';
import { MailDetail } from './components/MailDetail';
import { Nav } from './components/Nav';
import { Notices } from './components/Notices';
import { OutboxView } from './components/OutboxView';
import { SettingsView } from './components/SettingsView';
import { Setup } from './components/Setup';
import { Toasts } from './components/Toasts';
import type { View } from './state/outbox-slice';
import { useStore, useT } from './store-context';

const VIEW_KEYS: Record<string, View> = { '1': 'inbox', '2': 'outbox', '3': 'history', '4': 'settings' };

/**
 * Drop zone and inbox on the left, the email in the middle, the CRM on the right. Before any
 * account exists the right-hand side is the first-run setup, and mail can already be dropped.
 */
export function App() {
  const t = useT();
  const store = useStore();
  const accounts = store((s) => s.accounts);
  const view = store((s) => s.view);
  const setView = store((s) => s.setView);
  const locale = store((s) => s.locale);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]') !== null && target !== null;
      if ((e.ctrlKey || e.metaKey) && VIEW_KEYS[e.key]) {
        e.preventDefault();
        setView(VIEW_KEYS[e.key] as View);
      } else if (e.key === '/' && !typing) {
        e.preventDefault();
        setView('inbox');
        requestAnimationFrame(() => document.getElementById('record-search')?.focus());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setView]);

  return (
    <div className="app">
      <header className="topbar">
        <h1>{t('appTitle')}</h1>
        <Nav />
        <AccountBar />
      </header>
      <Notices />
      {view === 'inbox' ? (
        <main className="layout">
          <aside className="sidebar" aria-label={t('inboxTitle')}>
            <DropZone />
            <Inbox />
          </aside>
          <MailDetail />
          {accounts === null ? null : accounts.length === 0 ? <Setup /> : <LinkPanel />}
        </main>
      ) : (
        <main className="layout layout--page">
          {view === 'outbox' && <OutboxView />}
          {view === 'history' && <HistoryView />}
          {view === 'settings' && <SettingsView />}
        </main>
      )}
      <Toasts />
    </div>
  );
}
