import { useEffect, useMemo, useState } from 'react';
import type { MailPreview } from '../../../app/contract/api';
import { useStore, useT } from '../store-context';
import { previewDocument, sanitizeEmailHtml } from './sanitize';

/**
 * The email body. HTML is sanitised here and shown in a frame with no permissions at all
 * (empty `sandbox`: no scripts, no same-origin, no forms, no popups, no navigation) and its
 * own CSP; plain text is shown as text.
 */
export function PreviewFrame({ mailId }: { mailId: string }) {
  const store = useStore();
  const loadPreview = store((s) => s.loadPreview);
  const locale = store((s) => s.locale);
  const t = useT();
  const [preview, setPreview] = useState<MailPreview | null>(null);

  useEffect(() => {
    let live = true;
    setPreview(null);
    void loadPreview(mailId).then((p) => {
      if (live) setPreview(p);
    });
    return () => {
      live = false;
    };
  }, [mailId, loadPreview]);

  const rendered = useMemo(() => {
    if (!preview?.html) return null;
    const cids = new Map(preview.cidImages.map((c) => [c.contentId, c.dataUrl]));
    const { html, blockedRemote } = sanitizeEmailHtml(preview.html, cids);
    return { doc: previewDocument(html, locale), blockedRemote };
  }, [preview, locale]);

  if (!preview) return null;
  if (!rendered) return <pre className="body-text" data-testid="mail-text">{preview.text ?? ''}</pre>;
  return (
    <section className="preview" aria-label={t('preview')}>
      {rendered.blockedRemote > 0 && (
        <p className="note" role="note" data-testid="remote-blocked">
          {t('remoteBlocked', { count: String(rendered.blockedRemote) })}
        </p>
      )}
      <iframe className="preview-frame" title={t('preview')} sandbox="" srcDoc={rendered.doc} referrerPolicy="no-referrer" data-testid="preview-frame" />
    </section>
  );
}
