import { AccountBar } from './components/AccountBar';
import { DropZone } from './components/DropZone';
import { Inbox } from './components/Inbox';
import { LinkPanel } from './components/LinkPanel';
import { MailDetail } from './components/MailDetail';
import { Notices } from './components/Notices';
import { Setup } from './components/Setup';
import { useStore, useT } from './store-context';

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
      {accounts !== null && accounts.length === 0 ? (
        <Setup />
      ) : (
        <main className="layout">
          <aside className="sidebar">
            <DropZone />
            <Inbox />
          </aside>
          <MailDetail />
          {accounts !== null && <LinkPanel />}
        </main>
      )}
    </div>
  );
}
