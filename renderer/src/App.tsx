import { DropZone } from './components/DropZone';
import { Inbox } from './components/Inbox';
import { MailDetail } from './components/MailDetail';
import { Notices } from './components/Notices';
import { useT } from './store-context';

export function App() {
  const t = useT();
  return (
    <div className="app">
      <header className="topbar">
        <h1>{t('appTitle')}</h1>
      </header>
      <Notices />
      <main className="layout">
        <aside className="sidebar">
          <DropZone />
          <Inbox />
        </aside>
        <MailDetail />
      </main>
    </div>
  );
}
