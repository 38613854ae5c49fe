import { useStore, useT } from '../store-context';
import { formatDate } from '../format';

export function AccountBar() {
  const store = useStore();
  const accounts = store((s) => s.accounts) ?? [];
  const activeId = store((s) => s.activeAccountId);
  const sync = store((s) => s.sync);
  const locale = store((s) => s.locale);
  const setActive = store((s) => s.setActiveAccount);
  const syncNow = store((s) => s.syncNow);
  const t = useT();
  const active = accounts.find((a) => a.id === activeId);
  if (!active) return null;

  return (
    <div className="account-bar">
      <label>
        <span className="visually-hidden">{t('account')}</span>
        <select value={active.id} onChange={(e) => void setActive(e.target.value)} aria-label={t('account')}>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.userName} @ {a.demo ? 'demo' : new URL(a.url).host}
            </option>
          ))}
        </select>
      </label>
      <span className="muted" aria-live="polite" data-testid="sync-status">
        {sync
          ? t('syncing', { module: sync.module ?? '', done: String(sync.done) })
          : active.lastSyncAt
            ? `${t('lastSync', { when: formatDate(active.lastSyncAt, locale) })} · ${t('records', { count: String(active.recordCount) })}`
            : t('neverSynced')}
      </span>
      <button type="button" onClick={() => void syncNow()} disabled={sync !== null}>
        {t('syncNow')}
      </button>
    </div>
  );
}
