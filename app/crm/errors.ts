import { AppError } from '../errors';
import type { ErrorCode } from '../contract/result';

/** vtenext codes after which a fresh login and one retry can succeed (spec §3.4). */
export const SESSION_CODES: ReadonlySet<string> = new Set([
  'INVALID_SESSIONID',
  'SESSION_EXPIRED',
  'SESSION_LEFT_IDLE',
  'AUTHENTICATION_REQUIRED',
]);

const AUTH_CODES: ReadonlySet<string> = new Set([
  'INVALID_USER_CREDENTIALS',
  'INVALID_AUTH_TOKEN',
  'ACCESSKEY_UNDEFINED',
  'LOGIN_LOCKED',
  'IP_BANNED',
  'AUTHENTICATION_FAILURE',
]);

export function isSessionError(vtCode: string, vtMessage: string): boolean {
  // "Given user is inactive" shares AUTHENTICATION_REQUIRED but a re-login cannot fix it.
  return SESSION_CODES.has(vtCode) && !/inactive/i.test(vtMessage);
}

/** Maps one vtenext error (code + message, as the server sent them) to the app's typed error. */
export function crmError(vtCode: string, vtMessage: string, operation: string): AppError {
  const details = { vtCode, vtMessage, operation };
  let code: ErrorCode;
  let message: string;
  if (AUTH_CODES.has(vtCode) || (vtCode === 'AUTHENTICATION_REQUIRED' && /inactive/i.test(vtMessage))) {
    code = 'CRM_AUTH_FAILED';
    message =
      vtCode === 'LOGIN_LOCKED' || vtCode === 'IP_BANNED'
        ? 'The CRM has locked this login after too many failures; an administrator must unlock it.'
        : 'The CRM rejected the user name or access key.';
  } else if (SESSION_CODES.has(vtCode)) {
    code = 'CRM_SESSION_EXPIRED';
    message = 'The CRM session ended and could not be renewed.';
  } else if (vtCode === 'ACCESS_DENIED') {
    code = 'CRM_ACCESS_DENIED';
    message = 'The CRM does not allow this for your user.';
  } else if (vtCode === 'RECORD_NOT_FOUND' || vtCode === 'INVALID_ID_ATTRIBUTE') {
    code = 'CRM_RECORD_NOT_FOUND';
    message = 'The CRM record does not exist.';
  } else {
    // MANDATORY_FIELDS_MISSING, REFERENCE_INVALID, QUERY_SYNTAX_ERROR, DATABASE_QUERY_ERROR,
    // INTERNAL_SERVER_ERROR, OPERATION_NOT_SUPPORTED, UNKNOWN_OPERATION, WSAPP*: vtCode says which.
    code = 'CRM_ERROR';
    message = `The CRM refused the request (${vtCode}).`;
  }
  return new AppError(code, message, details);
}
