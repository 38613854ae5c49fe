import { useStore, useT } from '../store-context';

export function Toasts() {
  const store = useStore();
  const toasts = store((s) => s.toasts);
  const undo = store((s) => s.undo);
  const dismiss = store((s) => s.dismissToast);
  const jobs = store((s) => s.jobs);
  const t = useT();
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className="toast" data-testid="toast">
          <span>{t('queued', { targets: toast.text })}</span>
          {/* Undo cancels the job; once the CRM has it, there is nothing left to undo here. */}
          {['queued', 'waiting'].includes(jobs.find((j) => j.id === toast.jobId)?.state ?? 'queued') ? (
            <button type="button" onClick={() => void undo(toast.id)}>
              {t('undo')}
            </button>
          ) : (
            <span className="muted">{t(`state_${jobs.find((j) => j.id === toast.jobId)?.state ?? 'queued'}`)}</span>
          )}
          <button type="button" aria-label={t('close')} onClick={() => dismiss(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
