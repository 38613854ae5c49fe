import type { Database as DatabaseNs } from '../db/open';

type Database = DatabaseNs.Database;

/**
 * Runs `fn` (one write transaction) with `synchronous = FULL`, then restores the connection's
 * setting. What the user was told is queued must survive power loss (security-research §6);
 * the sender's own checkpoints need not, because "did it land?" re-derives them, so they keep
 * WAL's NORMAL and the drain does not pay an fsync per step.
 */
export function durably<T>(db: Database, fn: () => T): T {
  const before = db.pragma('synchronous', { simple: true }) as number;
  if (before >= 2) return fn();
  db.pragma('synchronous = FULL');
  try {
    return fn();
  } finally {
    db.pragma(`synchronous = ${before}`);
  }
}
