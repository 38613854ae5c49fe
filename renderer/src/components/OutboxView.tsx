import type { LinkJobView } from '../../../app/contract/outbox';
import { formatDate } from '../format';
import { useStore, useT } from '../store-context';
import { RecordSearch } from './RecordSearch';

function JobCard({ job }: { job: LinkJobView }) {
  const store = useStore();
  const locale = store((s) => s.locale);
  const chosen = store((s) => s.targets);
  const retry = store((s) => s.retry);
  const cancel = store((s) => s.cancel);
  const retarget = store((s) => s.retargetToChosen);
  const skip = store((s) => s.skipAttachment);
  const t = useT();
  const open = job.state !== 'done' && job.state !== 'cancelled';
  const sent = job.attachments.filter((a) => a.state === 'sent' || a.state === 'already_there' || a.state === 'skipped').length;

  return (
    <li className={`job job--${job.state}`} data-testid="job" data-state={job.state}>
      <div className="job-head">
        <strong>{job.subject || t('noSubject')}</strong>
        <span className="badge">{t(`state_${job.state}`)}</span>
      </div>
      <p className="muted small">
        {t('linkedTo')}: {job.targets.map((x) => `${x.label ?? x.wsId}${x.state === 'unavailable' ? ' ⚠' : ''}`).join(', ')}
      </p>
      {job.attachments.length > 0 && (
        <progress max={job.attachments.length} value={sent} aria-label={t('attachments')}>
          {sent}/{job.attachments.length}
        </progress>
      )}
      {job.reason && <p className="warn">{t(`reason_${job.reason}`)}</p>}
      {job.lastError && job.state !== 'done' && <p className="muted small">{job.lastError.message}</p>}
      <p className="muted small">
        {t('attempts', { count: String(job.attempts) })}
        {job.nextAttemptAt && job.state === 'waiting' ? ` · ${t('nextAttempt', { when: formatDate(job.nextAttemptAt, locale) })}` : ''}
      </p>
      <div className="row">
        {job.openUrl && (
          <a href={job.openUrl} target="_blank" rel="noreferrer noopener">
            {t('openInCrm')}
          </a>
        )}
        {open && job.state !== 'queued' && (
          <button type="button" onClick={() => void retry(job.id)}>
            {t('retry')}
          </button>
        )}
        {open && (
          <button type="button" onClick={() => void cancel(job.id)}>
            {t('cancel')}
          </button>
        )}
        {job.state === 'needs_attention' && job.reason === 'target_unavailable' && (
          <button type="button" disabled={chosen.length === 0} onClick={() => void retarget(job.id)}>
            {t('retarget', { count: String(chosen.length) })}
          </button>
        )}
        {job.state === 'needs_attention' &&
          job.attachments
            .filter((a) => a.state === 'too_large')
            .map((a) => (
              <button key={a.index} type="button" onClick={() => void skip(job.id, a.index)}>
                {t('skip', { name: a.name })}
              </button>
            ))}
      </div>
    </li>
  );
}

export function OutboxView() {
  const store = useStore();
  const jobs = store((s) => s.jobs);
  const status = store((s) => s.outboxStatus);
  const setPaused = store((s) => s.setPaused);
  const t = useT();
  const needsRetarget = jobs.some((j) => j.state === 'needs_attention' && j.reason === 'target_unavailable');
  return (
    <section className="page" aria-labelledby="outbox-title">
      <div className="row spread">
        <h2 id="outbox-title">{t('navOutbox')}</h2>
        {status && (
          <button type="button" onClick={() => void setPaused(!status.paused)}>
            {status.paused ? t('resumeSending') : t('pauseButton')}
          </button>
        )}
      </div>
      {status?.paused && (
        <p className="banner" role="status">
          {t('pausedBanner')}
        </p>
      )}
      {status && !status.online && (
        <p className="banner" role="status">
          {t('offline')}
        </p>
      )}
      {jobs.length === 0 ? (
        <p className="muted">{t('outboxEmpty')}</p>
      ) : (
        <ul className="jobs" data-testid="jobs">
          {jobs.map((j) => (
            <JobCard key={j.id} job={j} />
          ))}
        </ul>
      )}
      {needsRetarget && (
        <div className="retarget">
          <p className="muted">{t('retargetHint')}</p>
          <RecordSearch />
        </div>
      )}
    </section>
  );
}
