import { useStore, useT } from '../store-context';
import { formatAddresses, formatDate, formatSize } from '../format';
import { PreviewFrame } from '../preview/PreviewFrame';

/** Headers, the attachment list and the sanitised body. */
export function MailDetail() {
  const store = useStore();
  const selected = store((s) => s.selected);
  const locale = store((s) => s.locale);
  const remove = store((s) => s.remove);
  const t = useT();
  if (!selected) return <div className="detail detail--empty muted">{t('selectMail')}</div>;
  const { mail, summary } = selected;

  return (
    <article className="detail" data-testid="mail-detail" aria-labelledby="mail-subject">
      <header>
        <h2 id="mail-subject" data-testid="mail-subject">
          {mail.subject || t('noSubject')}
        </h2>
        <dl className="headers">
          <dt>{t('from')}</dt>
          <dd data-testid="mail-from">{formatAddresses(mail.from)}</dd>
          {mail.to.length > 0 && (
            <>
              <dt>{t('to')}</dt>
              <dd>{formatAddresses(mail.to)}</dd>
            </>
          )}
          {mail.cc.length > 0 && (
            <>
              <dt>{t('cc')}</dt>
              <dd>{formatAddresses(mail.cc)}</dd>
            </>
          )}
          {mail.date && (
            <>
              <dt>{t('date')}</dt>
              <dd>{formatDate(mail.date, locale)}</dd>
            </>
          )}
        </dl>
        <button type="button" onClick={() => void remove(summary.id)}>
          {t('remove')}
        </button>
      </header>
      {mail.attachments.length > 0 && (
        <section aria-label={t('attachments')}>
          <h3>{t('attachments')}</h3>
          <ul className="attachments">
            {mail.attachments.map((a) => (
              <li key={a.index}>
                {a.name} <span className="muted">({formatSize(a.size)})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {mail.embedded.length > 0 && (
        <section aria-label={t('embeddedMails')} data-testid="embedded">
          <h3>{t('embeddedMails')}</h3>
          <ul className="attachments">
            {mail.embedded.map((m, i) => (
              <li key={i}>
                <strong>{m.subject || t('noSubject')}</strong> <span className="muted">— {formatAddresses(m.from)}</span>
                {m.attachments.length > 0 && <span className="muted"> ({m.attachments.map((a) => a.name).join(', ')})</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {mail.warnings.length > 0 && (
        <section className="warnings" aria-label={t('warnings')}>
          <h3>{t('warnings')}</h3>
          <ul>
            {mail.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </section>
      )}
      <PreviewFrame mailId={summary.id} />
    </article>
  );
}
