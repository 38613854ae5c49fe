/**
 * The contract's names, error codes and result shape without zod, for code that must stay
 * tiny: the sandboxed preload ships these few hundred bytes instead of every schema. `api.ts`
 * and `result.ts` build their schemas on these lists, and the compiler holds them equal.
 */

/**
 * Every failure that crosses the boundary carries one of these codes, so the renderer can
 * choose wording and recovery without parsing messages. Later features add codes here — in
 * one place — rather than inventing strings at the call site.
 */
export const ERROR_CODES = [
  // boundary
  'INVALID_INPUT',
  'UNKNOWN_CALL',
  'UNAUTHORIZED',
  'INTERNAL',
  'NOT_FOUND',
  'CANCELLED',
  // mail intake
  'MALFORMED_MAIL',
  'UNSUPPORTED_FORMAT',
  'MAIL_TOO_LARGE',
  'MAIL_TOO_COMPLEX',
  'MAIL_TIMEOUT',
  // storage
  'DISK_FULL',
  'STORAGE_FAILED',
  // credentials
  'KEYCHAIN_UNAVAILABLE',
  'KEYCHAIN_LOCKED',
  // crm
  'CRM_UNREACHABLE',
  'CRM_TIMEOUT',
  'CRM_BAD_RESPONSE',
  'CRM_AUTH_FAILED',
  'CRM_SESSION_EXPIRED',
  'CRM_ACCESS_DENIED',
  'CRM_RECORD_NOT_FOUND',
  'CRM_TLS_UNTRUSTED',
  'CRM_ERROR',
  // shells
  'NOT_AVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  /** Machine-readable extras (field paths, limits hit); never secrets. */
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): Result<never> {
  return details === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, details } };
}

export const CALL_NAMES = [
  'app.info',
  'mail.import',
  'mail.list',
  'mail.get',
  'mail.preview',
  'mail.remove',
  'account.list',
  'account.add',
  'account.addDemo',
  'account.remove',
  'sync.run',
  'modules.list',
  'records.search',
  'records.suggest',
  'link.prepare',
  'link.queue',
  'outbox.list',
  'outbox.status',
  'outbox.retry',
  'outbox.cancel',
  'outbox.retarget',
  'outbox.skipAttachment',
  'history.list',
  'privacy.acknowledge',
  'settings.get',
  'settings.setCorporateDomains',
  'outbox.setPaused',
  'desktop.get',
  'desktop.update',
  'desktop.chooseWatchFolder',
  'mail.importPaths',
] as const;

/** Calls the shell answers itself (desktop integration); the core answers all the others. */
export const SHELL_CALL_NAMES = ['desktop.get', 'desktop.update', 'desktop.chooseWatchFolder', 'mail.importPaths'] as const;

export const EVENT_NAMES = ['progress', 'mail.captured', 'mail.removed', 'sync.progress', 'account.changed', 'outbox.job', 'outbox.status', 'desktop.changed', 'desktop.showMail'] as const;

export type CallName = (typeof CALL_NAMES)[number];
export type ShellCallName = (typeof SHELL_CALL_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

const callSet: ReadonlySet<string> = new Set(CALL_NAMES);
const eventSet: ReadonlySet<string> = new Set(EVENT_NAMES);

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && callSet.has(name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && eventSet.has(name);
}
