import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AppError } from '../errors';
import { readAndHash } from './blob-thread';
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
 * (the caller keeps no other view of it in use); in this thread if the blob thread fails.
 */
export async function readVerifiedBlobOffThread(spool: SpoolReader, sha256: string, into?: SharedArrayBuffer): Promise<Uint8Array> {
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

/** Shared buffers a prefetch reads into and refills, at most (each up to its byte budget). */
const SLABS = 4;

type Settled = { ok: true; bytes: Uint8Array } | { ok: false; error: unknown };

/**
 * Reads a job's attachments while its targets are checked and the next job's while it uploads
 * (on the blob thread, so neither waits for the other's CPU). Holds at most
 * `maxBytes`; a blob is handed out once, and a failed read surfaces only when the blob is asked for.
 *
 * The bytes land in a few shared buffers that are filled again once their upload is answered. A
 * new megabyte per attachment — read in this thread, or transferred from the blob thread, which
 * gives this thread a new buffer object each time — counts as external memory here, and drains
 * fell into runs of full collections more often (README: the drain benchmark); a shared buffer
 * is one object for the whole drain, and only a length crosses back.
 */
export class BlobPrefetch {
  private readonly pending = new Map<string, { size: number; done: Promise<Settled> }>();
  private held = 0;
  private free: SharedArrayBuffer[] = [];
  // This prefetch's slabs (since the last clear), lent or free.
  private owned = new Set<SharedArrayBuffer>();
  // Which slab each handed-out view lies in, so that release() can only give back what this
  // prefetch filled, and only once.
  private lent = new WeakMap<Uint8Array, SharedArrayBuffer>();

  constructor(
    private readonly spool: SpoolReader,
    private readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  want(blobs: readonly { sha256: string; size: number }[]): void {
    for (const b of blobs) {
      if (this.pending.has(b.sha256) || this.held + b.size > this.maxBytes) continue;
      this.held += b.size;
      const slab = this.takeSlab(b.size);
      const lent = this.lent;
      const done = readVerifiedBlobOffThread(this.spool, b.sha256, slab).then(
        (bytes): Settled => {
          if (slab && bytes.buffer === slab) lent.set(bytes, slab);
          else if (slab) this.giveBack(slab);
          return { ok: true, bytes };
        },
        (error: unknown): Settled => {
          if (slab) this.giveBack(slab);
          return { ok: false, error };
        },
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
   * a later read to fill; the caller keeps no view of them in use. Anything else is ignored.
   */
  release(bytes: Uint8Array): void {
    const slab = this.lent.get(bytes);
    if (!slab) return;
    this.lent.delete(bytes);
    this.giveBack(slab);
  }

  /** Drops what was read ahead and the buffers (a drain's end: an idle app holds no megabytes). */
  clear(): void {
    this.pending.clear();
    this.held = 0;
    this.free = [];
    this.owned = new Set();
    this.lent = new WeakMap();
  }

  private takeSlab(size: number): SharedArrayBuffer | undefined {
    const fit = this.free.findIndex((x) => x.byteLength >= size);
    if (fit !== -1) return this.free.splice(fit, 1)[0];
    if (size === 0 || size > this.maxBytes) return undefined;
    if (this.owned.size >= SLABS) {
      // All in use, or all too small: a smaller free one makes room for this size.
      const smaller = this.free.shift();
      if (!smaller) return undefined;
      this.owned.delete(smaller);
    }
    const slab = new SharedArrayBuffer(size);
    this.owned.add(slab);
    return slab;
  }

  private giveBack(slab: SharedArrayBuffer): void {
    // A slab lent before the last clear() stays with its last reader.
    if (this.owned.has(slab)) this.free.push(slab);
  }
}
