import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors';

const SHA256 = /^[0-9a-f]{64}$/;

export function isSha256(s: string): boolean {
  return SHA256.test(s);
}

function storageError(e: unknown, what: string): AppError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new AppError('DISK_FULL', `no space left while ${what}`);
  return new AppError('STORAGE_FAILED', `${what} failed: ${e instanceof Error ? e.message : String(e)}`);
}

/** True when a staging directory's name carries the pid of a process that no longer exists. */
function ownerGone(name: string): boolean {
  const pid = Number(/^\d+-(\d+)-[0-9a-f]+$/.exec(name)?.[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    // EPERM: alive, owned by someone else.
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Content-addressed files under the app's data directory: `blobs/ab/<sha256>`. Files arrive
 * in a per-import `staging/<random>/` directory (same file system, so adoption is a rename)
 * and are only ever renamed into place once complete.
 */
export class Spool {
  readonly blobsDir: string;
  readonly stagingRoot: string;

  constructor(readonly dir: string) {
    this.blobsDir = join(dir, 'blobs');
    this.stagingRoot = join(dir, 'staging');
    try {
      mkdirSync(this.blobsDir, { recursive: true, mode: 0o700 });
      mkdirSync(this.stagingRoot, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw storageError(e, 'creating the spool');
    }
  }

  blobPath(sha256: string): string {
    if (!isSha256(sha256)) throw new AppError('INVALID_INPUT', 'not a sha256');
    return join(this.blobsDir, sha256.slice(0, 2), sha256);
  }

  /** Same as blobPath; the name the outbox's SpoolReader port uses. */
  pathOf(sha256: string): string {
    return this.blobPath(sha256);
  }

  has(sha256: string): boolean {
    return existsSync(this.blobPath(sha256));
  }

  newStagingDir(): string {
    // The owner's pid in the name lets a later start tell a crashed import's leftovers from a
    // running one's (another process, e.g. the CLI beside the app, may share the spool).
    const d = join(this.stagingRoot, `${Date.now()}-${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      mkdirSync(d, { mode: 0o700 });
    } catch (e) {
      throw storageError(e, 'creating a staging directory');
    }
    return d;
  }

  /** Moves a staged, already-hashed file into place (sync, so it can sit beside a DB transaction). */
  adopt(stagedPath: string, sha256: string): void {
    const target = this.blobPath(sha256);
    try {
      if (existsSync(target)) return;
      mkdirSync(join(this.blobsDir, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
      renameSync(stagedPath, target);
    } catch (e) {
      throw storageError(e, 'storing a blob');
    }
  }

  delete(sha256: string): number {
    const p = this.blobPath(sha256);
    try {
      const size = statSync(p).size;
      rmSync(p, { force: true });
      return size;
    } catch {
      return 0;
    }
  }

  removeStaging(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
  }

  /** Every blob on disk (for sweeping files a crash left without a database row). */
  *listBlobs(): Generator<string> {
    for (const prefix of readdirSync(this.blobsDir)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const name of readdirSync(join(this.blobsDir, prefix))) if (isSha256(name)) yield name;
    }
  }

  /**
   * Staging directories no running import owns: those of a process that is gone (killed mid-import),
   * and any older than `olderThanMs` (names without a pid, or a pid the OS has given to another process).
   */
  sweepStaging(active: ReadonlySet<string>, olderThanMs: number, now: number): void {
    for (const name of readdirSync(this.stagingRoot)) {
      const d = join(this.stagingRoot, name);
      if (active.has(d)) continue;
      try {
        // A killed importer's parser process may still be finishing a file in there: retry ENOTEMPTY.
        if (ownerGone(name) || now - statSync(d).mtimeMs > olderThanMs) rmSync(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
      } catch {
        // already gone, or still busy: the next sweep takes it
      }
    }
  }
}
