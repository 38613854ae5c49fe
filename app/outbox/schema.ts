import { z } from 'zod';
import { AppErrorShape } from '../contract/result';
import type { DrainSummary, LinkJob, LinkRequest } from './types';

/** Boundary schemas for wiring the outbox into the contract (validated input, typed output). */

const WsId = z.string().regex(/^\d+x\d+$/, 'a CRM record id (NxM)');

export const LinkRequestInput = z
  .object({
    accountId: z.string().min(1).max(200),
    mailId: z.string().min(1).max(200),
    targets: z.array(WsId).min(1).max(50),
    attachments: z.array(z.number().int().nonnegative()).max(1000).optional(),
  })
  .strict();

export const LinkJobView = z.object({
  id: z.string(),
  accountId: z.string(),
  mailId: z.string(),
  mailSha256: z.string(),
  subject: z.string(),
  messageId: z.string(),
  state: z.enum(['queued', 'waiting', 'needs_attention', 'done', 'cancelled', 'failed']),
  reason: z.enum(['target_unavailable', 'attachment_too_large', 'not_permitted', 'login_rejected', 'spool_missing', 'crm_refused', 'internal']).nullable(),
  lastError: AppErrorShape.nullable(),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.string().nullable(),
  messageWsId: z.string().nullable(),
  landedHow: z.enum(['created', 'ours', 'existing']).nullable(),
  targets: z.array(z.object({ wsId: z.string(), state: z.enum(['pending', 'in_create', 'linked', 'unavailable', 'removed']), problem: z.string().nullable() })),
  attachments: z.array(
    z.object({
      index: z.number().int(),
      name: z.string(),
      contentType: z.string(),
      size: z.number().int(),
      sha256: z.string(),
      state: z.enum(['pending', 'sent', 'skipped', 'too_large', 'already_there']),
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
  doneAt: z.string().nullable(),
});

export const DrainSummaryView = z.object({
  done: z.number().int(),
  needsAttention: z.number().int(),
  failed: z.number().int(),
  waiting: z.number().int(),
  remaining: z.number().int(),
  stoppedBy: z.enum(['aborted', 'disk_full']).nullable(),
});

export const JobIdInput = z.object({ id: z.string().min(1).max(200) }).strict();
export const RetargetInput = z.object({ id: z.string().min(1).max(200), targets: z.array(WsId).min(1).max(50) }).strict();
export const SkipAttachmentInput = z.object({ id: z.string().min(1).max(200), index: z.number().int().nonnegative() }).strict();

// Compile-time guards: the schemas and the outbox's own types must not drift apart.
export const _jobViewIsJob = (v: z.infer<typeof LinkJobView>): LinkJob => v;
export const _jobIsJobView = (v: LinkJob): z.infer<typeof LinkJobView> => v;
export const _summaryIsView = (v: DrainSummary): z.infer<typeof DrainSummaryView> => v;
export const _requestIsInput = (v: z.infer<typeof LinkRequestInput>): LinkRequest => v;
