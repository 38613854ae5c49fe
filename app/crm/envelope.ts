import { AppError } from '../errors';
import type { HttpResponse } from './transport';

export type Envelope =
  | { ok: true; result: unknown }
  | { ok: false; code: string; message: string };

/**
 * Reads vtenext's answer as sent by the real server: `{"success":true,"result":…}` (result may be
 * null), `{"success":false,"error":{"message","code"}}`, maintenance mode's string `error`, with or
 * without `__className`; and non-JSON bodies (HTTP 500 with an empty body, PHP error pages).
 */
export function parseEnvelope(res: HttpResponse, operation: string): Envelope {
  const details = { operation, status: res.status, contentType: res.contentType, bodyLength: res.text.length };
  let body: unknown;
  try {
    body = res.text.trim() === '' ? undefined : JSON.parse(res.text);
  } catch {
    body = undefined;
  }
  if (body === undefined || typeof body !== 'object' || body === null || !('success' in body)) {
    const why = res.status >= 500 ? 'The CRM failed with a server error' : 'The CRM sent an answer that is not a webservice response';
    throw new AppError('CRM_BAD_RESPONSE', `${why} (HTTP ${res.status}).`, details);
  }
  const b = body as { success: unknown; result?: unknown; error?: unknown };
  if (b.success === true) return { ok: true, result: b.result ?? null };
  if (b.success === false) {
    if (typeof b.error === 'string') return { ok: false, code: 'MAINTENANCE', message: b.error };
    if (typeof b.error === 'object' && b.error !== null) {
      const e = b.error as { code?: unknown; message?: unknown };
      return { ok: false, code: typeof e.code === 'string' ? e.code : 'UNKNOWN', message: typeof e.message === 'string' ? e.message : '' };
    }
  }
  throw new AppError('CRM_BAD_RESPONSE', 'The CRM sent a malformed webservice envelope.', details);
}
