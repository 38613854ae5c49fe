import { useCallback, useEffect, useState } from 'react';
import type { AppErrorShape } from '../../../app/contract/result';
import { formatSize } from '../format';
import { useStore, useT } from '../store-context';

/**
 * The bottom of the link panel: which attachments go, the first-use privacy notice, the
 * outside-domain confirmation, and the button (Ctrl+Enter) that queues the link.
 */
export function LinkActions() {
  const store = useStore();
  const selected = store((s) => s.selected);
  const preparation = store((s) => s.preparation);
  const chosen = store((s) => s.chosenAttachments);
  const targets = store((s) => s.targets);
  const toggleAttachment = store((s) => s.toggleAttachment);
  const queueLink = store((s) => s.queueLink);
  const acknowledge = store((s) => s.acknowledgeNotice);
  const t = useT();
  const [external, setExternal] = useState<string[] | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);

  const mailId = selected?.summary.id ?? null;
  useEffect(() => {
    setExternal(null);
    setError(null);
  }, [mailId]);

  const limit = preparation?.maxUploadBytes ?? null;
  const canLink = preparation !== null && preparation.noticeAcknowledged && targets.length > 0 && !busy;

  const link = useCallback(
    async (confirmedExternal: boolean) => {
      if (!preparation) return;
      if (!confirmedExternal && preparation.externalAddresses.length > 0) {
        setExternal(preparation.externalAddresses);
        return;
      }
      setBusy(true);
      const err = await queueLink({ confirmedExternal });
      setBusy(false);
      setError(err);
      if (!err) setExternal(null);
    },
    [preparation, queueLink],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && canLink) {
        e.preventDefault();
        void link(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canLink, link]);

  if (!selected || !preparation) return null;

  if (!preparation.noticeAcknowledged) {
    return (
      <section className="notice-card" aria-labelledby="notice-title">
        <h3 id="notice-title">{t('noticeTitle')}</h3>
        <ul>
          <li>{t('notice1')}</li>
          <li>{t('notice2')}</li>
          <li>{t('notice3')}</li>
        </ul>
        <button type="button" className="primary" onClick={() => void acknowledge()}>
          {t('noticeAccept')}
        </button>
      </section>
    );
  }

  return (
    <section className="link-actions" aria-label={t('attachmentsToSend')}>
      {preparation.attachments.length > 0 && (
        <fieldset>
          <legend>{t('attachmentsToSend')}</legend>
          {limit !== null && <p className="muted small">{t('uploadLimit', { limit: formatSize(limit) })}</p>}
          {preparation.attachments.map((a) => {
            const over = limit !== null && a.size > limit;
            return (
              <label key={a.index} className="inline attachment-choice">
                <input type="checkbox" checked={chosen.includes(a.index)} onChange={() => toggleAttachment(a.index)} />
                <span>
                  {a.name} <span className="muted">({formatSize(a.size)}{a.inline ? `, ${t('inlineImage')}` : ''})</span>
                  {over && chosen.includes(a.index) && <span className="warn"> — {t('overLimit', { limit: formatSize(limit) })}</span>}
                </span>
              </label>
            );
          })}
        </fieldset>
      )}
      {!preparation.corporateDomainsConfigured && <p className="muted small">{t('domainsHint')}</p>}
      {external && (
        <div className="confirm" role="alertdialog" aria-labelledby="external-title">
          <h3 id="external-title">{t('externalTitle')}</h3>
          <p>{t('externalText', { list: external.join(', ') })}</p>
          <div className="row">
            <button type="button" className="primary" onClick={() => void link(true)}>
              {t('externalConfirm')}
            </button>
            <button type="button" onClick={() => setExternal(null)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      )}
      <button type="button" className="primary link-button" disabled={!canLink} onClick={() => void link(false)}>
        {t('linkButton', { count: String(targets.length) })}
      </button>
      {targets.length === 0 && <p className="muted small">{t('linkHint')}</p>}
    </section>
  );
}
