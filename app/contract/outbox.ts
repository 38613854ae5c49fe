import { z } from 'zod';
import { AccountId } from './crm';
import { AppErrorShape } from './result';

/** Linking, the outbox, history, privacy and settings as the renderer sees them. */

const WsId = z.string().regex(/^\d+x\d+$/, 'a CRM record id like 12x345');

export const JobState = z.enum(['queued', 'waiting', 'needs_attention', 'done', 'cancelled', 'failed']);
export const JobReason = z.enum(['target_unavailable', 'attachment_too_large', 'not_permitted', 'login_rejected', 'spool_missing', 'crm_refused', 'internal']);

export const LinkJobView = z.object({
  id: z.string(),
  accountId: AccountId,
  mailId: z.string(),
  subject: z.string(),
  state: JobState,
  reason: JobReason.nullable(),
  lastError: AppErrorShape.nullable(),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.string().nullable(),
  messageWsId: z.string().nullable(),
  targets: z.array(
    z.object({
      wsId: z.string(),
      /** The record's label from the local cache, when it is there. */
      label: z.string().nullable(),
      state: z.enum(['pending', 'in_create', 'linked', 'unavailable', 'removed']),
      problem: z.string().nullable(),
    }),
  ),
  attachments: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      name: z.string(),
      size: z.number().int().nonnegative(),
      state: z.enum(['pending', 'sent', 'skipped', 'too_large', 'already_there']),
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
  doneAt: z.string().nullable(),
  /** "Open in CRM", once the Messages record exists. */
  openUrl: z.string().nullable(),
});
export type LinkJobView = z.infer<typeof LinkJobView>;

export const LinkPreparation = z.object({
  attachments: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      name: z.string(),
      size: z.number().int().nonnegative(),
      contentType: z.string(),
      inline: z.boolean(),
      /** Pre-ticked: every real attachment; inline images of the body are not. */
      selected: z.boolean(),
    }),
  ),
  /** The CRM's largest upload, when the CRM could be asked; null offline (checked again at send time). */
  maxUploadBytes: z.number().int().positive().nullable(),
  /** Addresses outside the corporate domains: linking needs the user's confirmation. */
  externalAddresses: z.array(z.string()),
  corporateDomainsConfigured: z.boolean(),
  noticeAcknowledged: z.boolean(),
  noticeVersion: z.number().int().positive(),
});
export type LinkPreparation = z.infer<typeof LinkPreparation>;

export const QueueLinkInput = z
  .object({
    accountId: AccountId,
    mailId: z.string().min(1).max(200),
    targets: z.array(WsId).min(1).max(50),
    attachments: z.array(z.number().int().nonnegative()).max(1000),
    /** The user confirmed linking mail with addresses outside the corporate domains. */
    confirmedExternal: z.boolean().default(false),
    /** Hold the job this long before sending, so Undo can still cancel it (0 = send when possible). */
    holdSeconds: z.number().int().min(0).max(60).default(0),
  })
  .strict();

export const JobIdInput = z.object({ id: z.string().min(1).max(200) }).strict();

export const HistoryEntryView = z.object({
  jobId: z.string(),
  accountId: z.string(),
  subject: z.string(),
  from: z.array(z.object({ name: z.string(), address: z.string() })),
  mailDate: z.string().nullable(),
  messageWsId: z.string(),
  landedHow: z.string(),
  targets: z.array(z.object({ wsId: z.string(), label: z.string().nullable() })),
  attachments: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative(), state: z.string() })),
  openUrl: z.string(),
  linkedAt: z.string(),
});
export type HistoryEntryView = z.infer<typeof HistoryEntryView>;

export const SettingsView = z.object({
  corporateDomains: z.array(z.string()),
  noticeAcknowledgedAt: z.string().nullable(),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const OutboxStatus = z.object({
  online: z.boolean(),
  /** The user paused sending (tray or settings). */
  paused: z.boolean(),
  waiting: z.number().int().nonnegative(),
  needsAttention: z.number().int().nonnegative(),
});
export type OutboxStatus = z.infer<typeof OutboxStatus>;

export { WsId };
