import type { Accounts } from '../accounts';
import type { CoreHandlers as Handlers } from '../api/handlers';
import type { Database } from '../db/open';
import type { LinkJobView, OutboxStatus } from '../contract/outbox';
import { AppError } from '../errors';
import { acknowledgeNotice, corporateDomains, externalAddresses, listHistory, noticeState, setCorporateDomains } from '../history';
import { recordUrl } from '../link';
import type { MailIntake } from '../mail';
import type { LinkJob, Outbox } from '../outbox';
import { requireMail } from './mail-handlers';

type OutboxCalls = Pick<
  Handlers,
  | 'link.prepare'
  | 'link.queue'
  | 'outbox.list'
  | 'outbox.status'
  | 'outbox.retry'
  | 'outbox.cancel'
  | 'outbox.retarget'
  | 'outbox.skipAttachment'
  | 'history.list'
  | 'privacy.acknowledge'
  | 'settings.get'
  | 'settings.setCorporateDomains'
  | 'outbox.setPaused'
>;

export interface OutboxHandlerDeps {
  db: Database.Database;
  accounts: Accounts;
  intake: MailIntake;
  outbox: Outbox;
  /** The CRM's upload limit for an account, or null when it cannot be asked now. */
  uploadLimit(accountId: string): Promise<number | null>;
  /** Pausing stops the background sender; resuming starts it. Jobs stay queued either way. */
  sender: { paused(): boolean; setPaused(paused: boolean): Promise<void> };
}

export function jobView(accounts: Accounts, job: LinkJob): LinkJobView {
  const label = (wsId: string): string | null => {
    try {
      return accounts.cache(job.accountId).record(wsId)?.label ?? null;
    } catch {
      return null; // the account was removed while its job stayed
    }
  };
  let openUrl: string | null = null;
  if (job.messageWsId) {
    try {
      openUrl = recordUrl(accounts.client(job.accountId).endpoint, 'Messages', job.messageWsId);
    } catch {
      openUrl = null;
    }
  }
  return {
    id: job.id,
    accountId: job.accountId,
    mailId: job.mailId,
    subject: job.subject,
    state: job.state,
    reason: job.reason,
    lastError: job.lastError,
    attempts: job.attempts,
    nextAttemptAt: job.nextAttemptAt,
    messageWsId: job.messageWsId,
    targets: job.targets.map((t) => ({ wsId: t.wsId, label: label(t.wsId), state: t.state, problem: t.problem })),
    attachments: job.attachments.map((a) => ({ index: a.index, name: a.name, size: a.size, state: a.state })),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    doneAt: job.doneAt,
    openUrl,
  };
}

export function outboxStatus(outbox: Outbox, paused: boolean): OutboxStatus {
  const n = outbox.counts();
  return { online: outbox.online, paused, waiting: n.queued + n.waiting, needsAttention: n.needs_attention };
}

export function createOutboxHandlers(deps: OutboxHandlerDeps): OutboxCalls {
  const { db, accounts, intake, outbox } = deps;
  const job = (id: string) => {
    const j = outbox.get(id);
    if (!j) throw new AppError('NOT_FOUND', 'That link is no longer in the outbox.', { id });
    return jobView(accounts, j);
  };
  const mail = (mailId: string) => requireMail(intake, mailId);
  const settings = () => ({ corporateDomains: corporateDomains(db), noticeAcknowledgedAt: noticeState(db).acknowledgedAt });

  return {
    'link.prepare': async ({ accountId, mailId }) => {
      accounts.get(accountId);
      const m = mail(mailId).mail;
      const domains = corporateDomains(db);
      const notice = noticeState(db);
      return {
        attachments: m.attachments.map((a) => ({
          index: a.index,
          name: a.name,
          size: a.size,
          contentType: a.contentType,
          inline: a.inline,
          selected: !(a.inline && a.contentId !== null && a.contentType.startsWith('image/')),
        })),
        maxUploadBytes: await deps.uploadLimit(accountId),
        externalAddresses: domains.length === 0 ? [] : externalAddresses(m, domains).external,
        corporateDomainsConfigured: domains.length > 0,
        noticeAcknowledged: notice.acknowledged,
        noticeVersion: notice.version,
      };
    },

    'link.queue': async ({ accountId, mailId, targets, attachments, confirmedExternal, holdSeconds }) => {
      accounts.get(accountId);
      if (!noticeState(db).acknowledged) {
        throw new AppError('INVALID_INPUT', 'Read and acknowledge the notice about linked mail becoming CRM data first.', { needs: 'notice' });
      }
      const domains = corporateDomains(db);
      const external = domains.length === 0 ? [] : externalAddresses(mail(mailId).mail, domains).external;
      if (external.length > 0 && !confirmedExternal) {
        throw new AppError('INVALID_INPUT', 'This email has addresses outside your corporate domains: confirm before linking it.', { needs: 'external', external });
      }
      const hold = holdSeconds ?? 0;
      const queued = outbox.enqueue({ accountId, mailId, targets, attachments, ...(hold > 0 ? { notBefore: new Date(Date.now() + hold * 1000).toISOString() } : {}) });
      if (!deps.sender.paused()) outbox.wake();
      return jobView(accounts, queued);
    },

    'outbox.list': async () => outbox.list().map((j) => jobView(accounts, j)),
    'outbox.status': async () => outboxStatus(outbox, deps.sender.paused()),
    'outbox.setPaused': async ({ paused }) => {
      await deps.sender.setPaused(paused);
      return outboxStatus(outbox, deps.sender.paused());
    },
    'outbox.retry': async ({ id }) => {
      outbox.retry(id);
      outbox.wake();
      return job(id);
    },
    'outbox.cancel': async ({ id }) => {
      outbox.cancel(id);
      return job(id);
    },
    'outbox.retarget': async ({ id, targets }) => {
      outbox.retarget(id, targets);
      outbox.wake();
      return job(id);
    },
    'outbox.skipAttachment': async ({ id, index }) => {
      outbox.skipAttachment(id, index);
      outbox.wake();
      return job(id);
    },

    'history.list': async ({ limit }) =>
      listHistory(db, { limit: limit ?? 200 }).map((h) => ({
        jobId: h.jobId,
        accountId: h.accountId,
        subject: h.subject,
        from: h.from,
        mailDate: h.mailDate,
        messageWsId: h.messageWsId,
        landedHow: h.landedHow,
        targets: h.targets.map((wsId) => {
          let label: string | null = null;
          try {
            label = accounts.cache(h.accountId).record(wsId)?.label ?? null;
          } catch {
            label = null;
          }
          return { wsId, label };
        }),
        attachments: h.attachments.map((a) => ({ name: a.name, size: a.size, state: a.state })),
        openUrl: h.openUrl,
        linkedAt: h.linkedAt,
      })),

    'privacy.acknowledge': async () => {
      acknowledgeNotice(db);
      return settings();
    },
    'settings.get': async () => settings(),
    'settings.setCorporateDomains': async ({ domains }) => {
      setCorporateDomains(db, domains);
      return settings();
    },
  };
}
