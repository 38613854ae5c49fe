import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../errors';
import { backoffDelay } from './backoff';
import { classify } from './classify';
import { durably } from './durable';
import { openAppDb, tmpHome } from './test-support/harness';
import { join } from 'node:path';

describe('backoff with jitter', () => {
  it('stays within [step/2, step] and never exceeds the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const p = { baseMs: 1000, maxMs: 60_000 };
        const step = Math.min(p.maxMs, p.baseMs * 2 ** (attempt - 1));
        const d = backoffDelay(attempt, p, () => r);
        return d >= step / 2 - 1 && d <= step + 1 && d <= p.maxMs;
      }),
    );
  });

  it('spreads retries: different random draws give different delays', () => {
    const p = { baseMs: 1000, maxMs: 60_000 };
    expect(backoffDelay(3, p, () => 0)).toBe(2000);
    expect(backoffDelay(3, p, () => 0.999)).toBe(3998);
  });
});

describe('error classes (issue 6 §4)', () => {
  const vt = (vtCode: string) => new AppError('CRM_ERROR', 'x', { vtCode });
  it.each([
    [new AppError('CRM_UNREACHABLE', 'x'), 'transient'],
    [new AppError('CRM_TIMEOUT', 'x'), 'transient'],
    [new AppError('CRM_BAD_RESPONSE', 'x'), 'transient'],
    [vt('INTERNAL_SERVER_ERROR'), 'transient'],
    [vt('DATABASE_QUERY_ERROR'), 'transient'],
    [new AppError('CRM_SESSION_EXPIRED', 'x'), 'session'],
    [new AppError('CRM_AUTH_FAILED', 'x'), 'attention'],
    [new AppError('KEYCHAIN_LOCKED', 'x'), 'attention'],
    [new AppError('CRM_ACCESS_DENIED', 'x'), 'attention'],
    [new AppError('CRM_RECORD_NOT_FOUND', 'x'), 'attention'],
    [vt('MANDATORY_FIELDS_MISSING'), 'permanent'],
    [vt('REFERENCE_INVALID'), 'permanent'],
    [new AppError('NOT_FOUND', 'spool'), 'permanent'],
    [Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }), 'local'],
    [new AppError('CANCELLED', 'x'), 'cancelled'],
  ])('%s → %s', (e, kind) => {
    expect(classify(e).kind).toBe(kind);
  });

  it('stops the whole account on a rejected key (five failures lock the CRM user)', () => {
    expect(classify(new AppError('CRM_AUTH_FAILED', 'x'))).toEqual({ kind: 'attention', reason: 'login_rejected', stopAccount: true });
  });
});

describe('durable user actions', () => {
  it('runs an enqueue-like write with synchronous = FULL and restores the connection setting', () => {
    const db = openAppDb(join(tmpHome(), 'app.sqlite'));
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(durably(db, () => db.pragma('synchronous', { simple: true }))).toBe(2);
    expect(() => durably(db, () => { throw new Error('boom'); })).toThrow('boom');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    db.close();
  });
});
