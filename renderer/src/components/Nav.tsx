import type { View } from '../state/outbox-slice';
import { useStore, useT } from '../store-context';

const VIEWS: { view: View; key: 'navInbox' | 'navOutbox' | 'navHistory' | 'navSettings' }[] = [
  { view: 'inbox', key: 'navInbox' },
  { view: 'outbox', key: 'navOutbox' },
  { view: 'history', key: 'navHistory' },
  { view: 'settings', key: 'navSettings' },
];

export function Nav() {
  const store = useStore();
  const current = store((s) => s.view);
  const setView = store((s) => s.setView);
  const status = store((s) => s.outboxStatus);
  const t = useT();
  const pending = (status?.waiting ?? 0) + (status?.needsAttention ?? 0);
  return (
    <nav className="nav" aria-label={t('mainNav')}>
      {VIEWS.map(({ view, key }, i) => (
        <button
          key={view}
          type="button"
          aria-current={current === view ? 'page' : undefined}
          className={current === view ? 'nav-item nav-item--current' : 'nav-item'}
          title={`Ctrl+${i + 1}`}
          onClick={() => setView(view)}
        >
          {t(key)}
          {view === 'outbox' && pending > 0 ? <span className="count">{pending}</span> : null}
        </button>
      ))}
    </nav>
  );
}
