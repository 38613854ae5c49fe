import { AppError, isAppError } from '../errors';
import type { JobReason } from './types';

export type ErrorClass =
  | { kind: 'transient'; offline: boolean }
  | { kind: 'session' }
  | { kind: 'attention'; reason: JobReason; stopAccount: boolean }
  | { kind: 'permanent'; reason: JobReason }
  | { kind: 'local'; diskFull: boolean }
  | { kind: 'cancelled' };

/** vtenext codes that say "try again later" rather than "this request is wrong". */
const TRANSIENT_VT = new Set(['INTERNAL_SERVER_ERROR', 'DATABASE_QUERY_ERROR', 'MAINTENANCE']);

/** SQLite's "database or disk is full" (better-sqlite3 puts the extended code on `code`). */
export function isSqliteFull(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_FULL');
}

export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  if (isSqliteFull(e)) return new AppError('DISK_FULL', 'The disk is full: the outbox cannot record progress.', undefined, { cause: e });
  return new AppError('INTERNAL', e instanceof Error ? e.message : String(e), undefined, { cause: e });
}

/** The four classes of issue 6 §4 (plus local storage and cancellation), decided once, here. */
export function classify(e: unknown): ErrorClass {
  const err = toAppError(e);
  switch (err.code) {
    case 'CRM_UNREACHABLE':
      return { kind: 'transient', offline: true };
    case 'CRM_TIMEOUT':
    case 'CRM_BAD_RESPONSE':
      return { kind: 'transient', offline: false };
    case 'CRM_SESSION_EXPIRED':
      return { kind: 'session' };
    case 'CRM_AUTH_FAILED':
    case 'CRM_TLS_UNTRUSTED':
      // Retrying a rejected key locks the CRM user after five failures: stop the account.
      return { kind: 'attention', reason: 'login_rejected', stopAccount: true };
    case 'KEYCHAIN_LOCKED':
    case 'KEYCHAIN_UNAVAILABLE':
      // The key cannot be read (locked keyring, session-only key gone): the user must act.
      return { kind: 'attention', reason: 'login_rejected', stopAccount: true };
    case 'CRM_ACCESS_DENIED':
      return { kind: 'attention', reason: 'not_permitted', stopAccount: false };
    case 'CRM_RECORD_NOT_FOUND':
      return { kind: 'attention', reason: 'target_unavailable', stopAccount: false };
    case 'CRM_ERROR': {
      const vt = String(err.details?.vtCode ?? '');
      return TRANSIENT_VT.has(vt) ? { kind: 'transient', offline: false } : { kind: 'permanent', reason: 'crm_refused' };
    }
    case 'DISK_FULL':
      return { kind: 'local', diskFull: true };
    case 'STORAGE_FAILED':
      return { kind: 'local', diskFull: false };
    case 'CANCELLED':
      return { kind: 'cancelled' };
    case 'NOT_FOUND':
      return { kind: 'permanent', reason: 'spool_missing' };
    default:
      return { kind: 'permanent', reason: 'internal' };
  }
}
