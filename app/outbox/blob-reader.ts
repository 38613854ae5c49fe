import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AppError } from '../errors';
import type { SpoolReader } from './ports';

/**
 * Reads a spooled blob and checks it against its name: never upload bytes that differ from what
 * the user chose (a damaged spool file).
 */
export async function readVerifiedBlob(spool: SpoolReader, sha256: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(spool.pathOf(sha256)));
  } catch (e) {
    throw new AppError('NOT_FOUND', 'An attachment is missing from the local spool.', { sha256 }, { cause: e });
  }
  if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw new AppError('NOT_FOUND', 'An attachment in the local spool is damaged.', { sha256 });
  return bytes;
}

type Settled = { ok: true; bytes: Uint8Array } | { ok: false; error: unknown };

/**
 * Reads the next job's attachments while the current job's upload is on the wire. Holds at most
 * `maxBytes`; a blob is handed out once, and a failed read surfaces only when the blob is asked for.
 */
export class BlobPrefetch {
  private readonly pending = new Map<string, { size: number; done: Promise<Settled> }>();
  private held = 0;

  constructor(
    private readonly spool: SpoolReader,
    private readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  want(blobs: readonly { sha256: string; size: number }[]): void {
    for (const b of blobs) {
      if (this.pending.has(b.sha256) || this.held + b.size > this.maxBytes) continue;
      this.held += b.size;
      const done = readVerifiedBlob(this.spool, b.sha256).then(
        (bytes): Settled => ({ ok: true, bytes }),
        (error: unknown): Settled => ({ ok: false, error }),
      );
      this.pending.set(b.sha256, { size: b.size, done });
    }
  }

  async read(sha256: string): Promise<Uint8Array> {
    const p = this.pending.get(sha256);
    if (!p) return readVerifiedBlob(this.spool, sha256);
    this.pending.delete(sha256);
    this.held -= p.size;
    const r = await p.done;
    if (!r.ok) throw r.error;
    return r.bytes;
  }

  clear(): void {
    this.pending.clear();
    this.held = 0;
  }
}
