import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AppError } from '../errors';
import { isReusable, readAndHash } from './blob-thread';
import type { SpoolReader } from './ports';

const missing = (sha256: string, cause?: unknown) => new AppError('NOT_FOUND', 'An attachment is missing from the local spool.', { sha256 }, cause === undefined ? undefined : { cause });
const damaged = (sha256: string) => new AppError('NOT_FOUND', 'An attachment in the local spool is damaged.', { sha256 });

/**
 * Reads a spooled blob and checks it against its name: never upload bytes that differ from what
 * the user chose (a damaged spool file). The check is on the very bytes that will be sent.
 */
export async function readVerifiedBlob(spool: SpoolReader, sha256: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(spool.pathOf(sha256));
  } catch (e) {
    throw missing(sha256, e);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw damaged(sha256);
  return bytes;
}

/**
 * The same, read and hashed on the blob thread (blob-thread.ts), into `into` if the file fits
 * (the caller gives that buffer up); in this thread if the blob thread fails.
 */
export async function readVerifiedBlobOffThread(spool: SpoolReader, sha256: string, into?: ArrayBuffer): Promise<Uint8Array> {
  let r;
  try {
    r = await readAndHash(spool.pathOf(sha256), into);
  } catch {
    return readVerifiedBlob(spool, sha256);
  }
  if ('unreadable' in r) throw missing(sha256, new Error(r.unreadable));
  if (r.sha256 !== sha256) throw damaged(sha256);
  return r.bytes;
}

const SPARE_BUFFERS = 4;

type Settled = { ok: true; bytes: Uint8Array } | { ok: false; error: unknown };

/**
 * Reads a job's attachments while its targets are checked and the next job's while it uploads
 * (on the blob thread, so neither waits for the other's CPU). Holds at most
 * `maxBytes`; a blob is handed out once, and a failed read surfaces only when the blob is asked for.
 */
export class BlobPrefetch {
  private readonly pending = new Map<string, { size: number; done: Promise<Settled> }>();
  private held = 0;
  // Buffers of uploads that completed, filled again by the next reads: a fresh megabyte per
  // attachment made the garbage collector run a full collection every few uploads.
  private readonly spare: ArrayBuffer[] = [];

  constructor(
    private readonly spool: SpoolReader,
    private readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  want(blobs: readonly { sha256: string; size: number }[]): void {
    for (const b of blobs) {
      if (this.pending.has(b.sha256) || this.held + b.size > this.maxBytes) continue;
      this.held += b.size;
      const fit = this.spare.findIndex((x) => x.byteLength >= b.size);
      const into = fit === -1 ? undefined : this.spare.splice(fit, 1)[0];
      const done = readVerifiedBlobOffThread(this.spool, b.sha256, into).then(
        (bytes): Settled => ({ ok: true, bytes }),
        (error: unknown): Settled => ({ ok: false, error }),
      );
      this.pending.set(b.sha256, { size: b.size, done });
    }
  }

  async read(sha256: string): Promise<Uint8Array> {
    const p = this.pending.get(sha256);
    if (!p) return readVerifiedBlobOffThread(this.spool, sha256);
    this.pending.delete(sha256);
    this.held -= p.size;
    const r = await p.done;
    if (!r.ok) throw r.error;
    return r.bytes;
  }

  /**
   * Gives back the bytes of an upload the CRM has answered (the transport is done with them) for
   * a later read to fill; the caller keeps no view of them. Only buffers this reader filled, and
   * only a few, not larger than the read-ahead budget.
   */
  release(bytes: Uint8Array): void {
    const b = bytes.buffer as ArrayBuffer;
    // Empty (or already handed back and transferred: detached) and twice-given buffers are not kept.
    if (!isReusable(bytes) || b.byteLength === 0 || b.byteLength > this.maxBytes || this.spare.length >= SPARE_BUFFERS || this.spare.includes(b)) return;
    this.spare.push(b);
  }

  clear(): void {
    this.pending.clear();
    this.held = 0;
    this.spare.length = 0;
  }
}
