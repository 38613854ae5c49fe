import { useStore, useT } from '../store-context';
import { formatAddresses, formatDate } from '../format';

export function Inbox() {
  const store = useStore();
  const inbox = store((s) => s.inbox);
  const selectedId = store((s) => s.selected?.summary.id ?? null);
  const locale = store((s) => s.locale);
  const select = store((s) => s.select);
  const t = useT();

  return (
    <nav className="inbox" aria-label={t('inboxTitle')}>
      <h2>{t('inboxTitle')}</h2>
      {inbox.length === 0 ? (
        <p className="muted">{t('inboxEmpty')}</p>
      ) : (
        <ul data-testid="inbox">
          {inbox.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                className={m.id === selectedId ? 'inbox-item inbox-item--selected' : 'inbox-item'}
                aria-current={m.id === selectedId}
                onClick={() => void select(m.id)}
              >
                <span className="inbox-subject">{m.subject || t('noSubject')}</span>
                <span className="inbox-from">{formatAddresses(m.from)}</span>
                <span className="inbox-date">{formatDate(m.date, locale)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
