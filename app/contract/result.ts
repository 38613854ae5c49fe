import { z } from 'zod';

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
] as const;

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AppErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Machine-readable extras (field paths, limits hit); never secrets. */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AppErrorShape = z.infer<typeof AppErrorShape>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: AppErrorShape }),
  ]);
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): Result<never> {
  return details === undefined
    ? { ok: false, error: { code, message } }
    : { ok: false, error: { code, message, details } };
}
