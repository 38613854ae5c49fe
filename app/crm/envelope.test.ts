import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { parseEnvelope } from './envelope';
import { crmError, isSessionError } from './errors';

const res = (text: string, status = 200, contentType = 'application/json') => ({ status, contentType, text });
const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (isAppError(e)) return e;
  }
  throw new Error('expected an AppError');
};

describe('envelope', () => {
  it('reads the real server (no __className, result null) and the spec (__className, result absent)', () => {
    expect(parseEnvelope(res('{"success":true,"result":null}'), 'relate')).toEqual({ ok: true, result: null });
    expect(parseEnvelope(res('{"__className":"State","success":true}'), 'relate')).toEqual({ ok: true, result: null });
    expect(parseEnvelope(res('{"success":false,"error":{"message":"Session Identifier provided is Invalid","code":"INVALID_SESSIONID"}}'), 'query')).toEqual({
      ok: false, code: 'INVALID_SESSIONID', message: 'Session Identifier provided is Invalid',
    });
    expect(parseEnvelope(res('{"__className":"State","success":false,"error":{"__className":"WebServiceException","code":"ACCESS_DENIED","message":"x"}}'), 'q')).toMatchObject({ ok: false, code: 'ACCESS_DENIED' });
    expect(parseEnvelope(res('{"success":false,"error":"The site is under maintenance"}'), 'q')).toEqual({ ok: false, code: 'MAINTENANCE', message: 'The site is under maintenance' });
  });

  it('turns empty HTTP 500s, PHP text and HTML pages into CRM_BAD_RESPONSE without echoing the body', () => {
    for (const r of [res('', 500, 'text/html; charset=UTF-8'), res('No valid user ID found.', 200, 'text/html'), res('<html><body>Fatal error</body></html>', 200, 'text/html'), res('{"foo":1}'), res('[1,2]')]) {
      const e = thrown(() => parseEnvelope(r, 'listtypes'));
      expect(e.code).toBe('CRM_BAD_RESPONSE');
      expect(JSON.stringify(e.toShape())).not.toContain('Fatal');
    }
  });
});

describe('vtenext error codes', () => {
  it('maps every code of the spec §4 to a typed error', () => {
    const table: Record<string, string> = {
      AUTHENTICATION_REQUIRED: 'CRM_SESSION_EXPIRED', AUTHENTICATION_FAILURE: 'CRM_AUTH_FAILED', INVALID_SESSIONID: 'CRM_SESSION_EXPIRED',
      SESSION_EXPIRED: 'CRM_SESSION_EXPIRED', SESSION_LEFT_IDLE: 'CRM_SESSION_EXPIRED', INVALID_AUTH_TOKEN: 'CRM_AUTH_FAILED',
      ACCESSKEY_UNDEFINED: 'CRM_AUTH_FAILED', INVALID_USER_CREDENTIALS: 'CRM_AUTH_FAILED', IP_BANNED: 'CRM_AUTH_FAILED', LOGIN_LOCKED: 'CRM_AUTH_FAILED',
      ACCESS_DENIED: 'CRM_ACCESS_DENIED', INVALID_ID_ATTRIBUTE: 'CRM_RECORD_NOT_FOUND', RECORD_NOT_FOUND: 'CRM_RECORD_NOT_FOUND',
      MANDATORY_FIELDS_MISSING: 'CRM_ERROR', REFERENCE_INVALID: 'CRM_ERROR', QUERY_SYNTAX_ERROR: 'CRM_ERROR', DATABASE_QUERY_ERROR: 'CRM_ERROR',
      OPERATION_NOT_SUPPORTED: 'CRM_ERROR', INTERNAL_SERVER_ERROR: 'CRM_ERROR', UNKNOWN_OPERATION: 'CRM_ERROR', WSAPP04: 'CRM_ERROR', MAINTENANCE: 'CRM_ERROR',
    };
    for (const [vt, code] of Object.entries(table)) {
      const e = crmError(vt, 'm', 'op');
      expect([vt, e.code]).toEqual([vt, code]);
      expect(e.details).toEqual({ vtCode: vt, vtMessage: 'm', operation: 'op' });
    }
    expect(crmError('AUTHENTICATION_REQUIRED', 'Given user is inactive', 'login').code).toBe('CRM_AUTH_FAILED');
    expect(isSessionError('AUTHENTICATION_REQUIRED', 'Authencation required')).toBe(true);
    expect(isSessionError('AUTHENTICATION_REQUIRED', 'Given user is inactive')).toBe(false);
    expect(isSessionError('ACCESS_DENIED', 'x')).toBe(false);
  });
});
