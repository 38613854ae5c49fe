import type { Database as DatabaseNs } from '../db/open';
import { AppError } from '../errors';
import { isSqliteFull } from './classify';

type Database = DatabaseNs.Database;

/**
 * Runs `fn` (one write transaction) with `synchronous = FULL`, then restores the connection's
 * setting. What the user was told is queued must survive power loss (security-research §6);
 * the sender's own checkpoints need not, because "did it land?" re-derives them, so they keep
 * WAL's NORMAL and the drain does not pay an fsync per step.
 */
export function durably<T>(db: Database, fn: () => T): T {
  const before = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = FULL');
  try {
    return fn();
  } catch (e) {
    // A full disk is the user's to fix, so it crosses the boundary as DISK_FULL, not INTERNAL.
    if (isSqliteFull(e)) throw new AppError('DISK_FULL', 'The disk is full: the link could not be saved.', undefined, { cause: e });
    throw e;
  } finally {
    db.pragma(`synchronous = ${before}`);
  }
}
