import type { AppErrorShape } from '../contract/result';

export type JobState = 'queued' | 'waiting' | 'needs_attention' | 'done' | 'cancelled' | 'failed';

/**
 * Why a job stopped and what the user can do: re-target (target_unavailable), skip an attachment
 * (attachment_too_large), fix the account (login_rejected: key rejected, unreadable or the
 * account removed — `lastError` says which; not_permitted), or cancel.
 */
export type JobReason =
  | 'target_unavailable'
  | 'attachment_too_large'
  | 'not_permitted'
  | 'login_rejected'
  | 'spool_missing'
  | 'crm_refused'
  | 'internal';

export type TargetState = 'pending' | 'in_create' | 'linked' | 'unavailable' | 'removed';
export type AttachmentState = 'pending' | 'sent' | 'skipped' | 'too_large' | 'already_there';

export interface LinkRequest {
  accountId: string;
  /** A captured mail (the intake's id). */
  mailId: string;
  /** CRM ws ids (`NxM`) the mail is filed under; the first one is where "open in CRM" points. */
  targets: string[];
  /** Indexes of top-level attachments to send; default: every attachment that is not an inline image. */
  attachments?: number[];
  /** Not sent before this time (ISO): the window in which the user can still undo. */
  notBefore?: string;
}

export interface JobTarget {
  wsId: string;
  state: TargetState;
  problem: string | null;
}

export interface JobAttachment {
  index: number;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  state: AttachmentState;
}

export interface LinkJob {
  id: string;
  accountId: string;
  mailId: string;
  mailSha256: string;
  subject: string;
  messageId: string;
  state: JobState;
  reason: JobReason | null;
  lastError: AppErrorShape | null;
  attempts: number;
  nextAttemptAt: string | null;
  messageWsId: string | null;
  landedHow: 'created' | 'ours' | 'existing' | null;
  /** When the job last sent a create (null: never); with no messageWsId its outcome is not known yet. */
  createSentAt: string | null;
  targets: JobTarget[];
  attachments: JobAttachment[];
  createdAt: string;
  updatedAt: string;
  doneAt: string | null;
}

export interface DrainSummary {
  /** Jobs this drain finished (created, or found already in the CRM). */
  done: number;
  needsAttention: number;
  failed: number;
  /** Still waiting on a transient problem (offline, 5xx, timeouts) when the drain gave up waiting. */
  waiting: number;
  /** Jobs left in the outbox in any unfinished state. */
  remaining: number;
  /** Why the drain stopped early: aborted, or the local disk is full. */
  stoppedBy: 'aborted' | 'disk_full' | null;
}

export type OutboxEvent =
  | { type: 'job'; job: LinkJob }
  | { type: 'drain'; phase: 'start' | 'end'; summary?: DrainSummary }
  | { type: 'online'; online: boolean };
