import { formatAddresses, formatDate } from '../format';
import { useStore, useT } from '../store-context';

export function HistoryView() {
  const store = useStore();
  const history = store((s) => s.history);
  const locale = store((s) => s.locale);
  const t = useT();
  return (
    <section className="page" aria-labelledby="history-title">
      <h2 id="history-title">{t('navHistory')}</h2>
      {history.length === 0 ? (
        <p className="muted">{t('historyEmpty')}</p>
      ) : (
        <ul className="jobs" data-testid="history">
          {history.map((h) => (
            <li key={h.jobId} className="job">
              <div className="job-head">
                <strong>{h.subject || t('noSubject')}</strong>
                <span className="muted small">{t('linkedAt', { when: formatDate(h.linkedAt, locale) })}</span>
              </div>
              <p className="muted small">{formatAddresses(h.from)}</p>
              <p className="small">
                {t('linkedTo')}: {h.targets.map((x) => x.label ?? x.wsId).join(', ')}
              </p>
              {h.attachments.length > 0 && <p className="muted small">{h.attachments.map((a) => `${a.name} (${a.state})`).join(', ')}</p>}
              <a href={h.openUrl} target="_blank" rel="noreferrer noopener">
                {t('openInCrm')}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
