import { AccountBar } from './components/AccountBar';
import { DropZone } from './components/DropZone';
import { Inbox } from './components/Inbox';
import { LinkPanel } from './components/LinkPanel';
import { MailDetail } from './components/MailDetail';
import { Notices } from './components/Notices';
import { Setup } from './components/Setup';
import { useStore, useT } from './store-context';

/**
 * Drop zone and inbox on the left, the email in the middle, the CRM on the right. Before any
 * account exists the right-hand side is the first-run setup, and mail can already be dropped.
 */
export function App() {
  const t = useT();
  const accounts = useStore()((s) => s.accounts);
  return (
    <div className="app">
      <header className="topbar">
        <h1>{t('appTitle')}</h1>
        <AccountBar />
      </header>
      <Notices />
      <main className="layout">
        <aside className="sidebar" aria-label={t('inboxTitle')}>
          <DropZone />
          <Inbox />
        </aside>
        <MailDetail />
        {accounts === null ? null : accounts.length === 0 ? <Setup /> : <LinkPanel />}
      </main>
    </div>
  );
}
