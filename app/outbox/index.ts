export { createOutbox, type Outbox, type OutboxDeps, type DrainOptions } from './outbox';
export { outboxMigrations } from './migrations';
export { OutboxLock, type OutboxLockOptions } from './lock';
export { classify, type ErrorClass } from './classify';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
export type { LinkClient, SpoolReader } from './ports';
export type { LinkRequest, LinkJob, JobState, JobReason, JobTarget, JobAttachment, TargetState, AttachmentState, DrainSummary, OutboxEvent } from './types';
