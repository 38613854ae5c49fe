import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database as DatabaseNs } from '../db/open';

type Database = DatabaseNs.Database;
import { AppError } from '../errors';

export interface OutboxLockOptions {
  /** A holder that has not refreshed its row for this long is presumed dead (e.g. another host). */
  staleMs?: number;
  heartbeatMs?: number;
  now?: () => Date;
  pid?: number;
}

interface LockRow {
  owner: string;
  pid: number;
  host: string;
  heartbeat_at: string;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One drainer per outbox: a row naming the holder (random owner id, pid, host), refreshed by a
 * heartbeat. Check-then-create reconciliation is only sound with a single sender, so a second
 * app instance (or a second outbox object in this process) is refused while the holder lives;
 * a holder killed with SIGKILL leaves a row whose pid is gone, and the next taker replaces it.
 */
export class OutboxLock {
  readonly owner = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private readonly staleMs: number;
  private readonly heartbeatMs: number;
  private readonly now: () => Date;
  private readonly pid: number;

  constructor(
    private readonly db: Database,
    o: OutboxLockOptions = {},
  ) {
    this.staleMs = o.staleMs ?? 60_000;
    this.heartbeatMs = o.heartbeatMs ?? 5_000;
    this.now = o.now ?? (() => new Date());
    this.pid = o.pid ?? process.pid;
  }

  get held(): boolean {
    return this.timer !== null;
  }

  /** Takes the lock or throws; taking a lock this object already holds is a no-op. */
  acquire(): void {
    if (this.timer) return;
    const host = hostname();
    const nowIso = this.now().toISOString();
    this.db
      .transaction(() => {
        const row = this.db.prepare('SELECT owner, pid, host, heartbeat_at FROM outbox_lock WHERE id = 1').get() as LockRow | undefined;
        if (row && row.owner !== this.owner && this.holderLives(row, host)) {
          throw new AppError('STORAGE_FAILED', 'Another instance of the app is sending this outbox.', { reason: 'outbox_locked', pid: row.pid, host: row.host });
        }
        this.db
          .prepare(
            `INSERT INTO outbox_lock (id, owner, pid, host, acquired_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?)
             ON CONFLICT(id) DO UPDATE SET owner = excluded.owner, pid = excluded.pid, host = excluded.host, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`,
          )
          .run(this.owner, this.pid, host, nowIso, nowIso);
      })
      .immediate();
    this.timer = setInterval(() => this.beat(), this.heartbeatMs);
    this.timer.unref();
  }

  release(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    try {
      this.db.prepare('DELETE FROM outbox_lock WHERE id = 1 AND owner = ?').run(this.owner);
    } catch {
      // The row of a dead holder is replaced by the next taker anyway.
    }
  }

  private holderLives(row: LockRow, host: string): boolean {
    if (this.now().getTime() - Date.parse(row.heartbeat_at) > this.staleMs) return false;
    if (row.host !== host) return true;
    return pidAlive(row.pid);
  }

  private beat(): void {
    try {
      this.db.prepare('UPDATE outbox_lock SET heartbeat_at = ? WHERE id = 1 AND owner = ?').run(this.now().toISOString(), this.owner);
    } catch {
      // A full disk stops the heartbeat; the lock then goes stale, which is the safe direction.
    }
  }
}
