import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, existsSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable, type Readable } from 'node:stream';

export interface BlobRef {
  sha256: string;
  size: number;
  /** Staged file holding the bytes, or null when the sink only hashes. */
  stagedPath: string | null;
}

/**
 * Where the parser process puts attachment bytes. Streams go straight to disk, so a large
 * attachment is never held whole in memory; the file is named by its sha256 only once complete.
 */
export interface BlobSink {
  /** Whether blobs land in files (stagedPath set), or are only hashed. */
  readonly stages: boolean;
  fromBytes(bytes: Uint8Array): BlobRef;
  /** One blob given in pieces (e.g. views into a buffer already held), none of them copied. */
  fromChunks(chunks: Iterable<Uint8Array>): BlobRef;
  /** `keep` also returns the bytes (needed for embedded messages that are parsed again). */
  fromStream(stream: Readable, keep: boolean): Promise<{ ref: BlobRef; bytes: Buffer | null }>;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function hashOnlySink(): BlobSink {
  return {
    stages: false,
    fromBytes: (bytes) => ({ sha256: sha256Hex(bytes), size: bytes.byteLength, stagedPath: null }),
    fromChunks(chunks) {
      const hash = createHash('sha256');
      let size = 0;
      for (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.byteLength;
      }
      return { sha256: hash.digest('hex'), size, stagedPath: null };
    },
    async fromStream(stream, keep) {
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      let size = 0;
      await pipeline(
        stream,
        new Writable({
          write(chunk: Buffer, _enc, cb) {
            hash.update(chunk);
            size += chunk.length;
            if (keep) chunks.push(chunk);
            cb();
          },
        }),
      );
      return { ref: { sha256: hash.digest('hex'), size, stagedPath: null }, bytes: keep ? Buffer.concat(chunks) : null };
    },
  };
}

export function stagingSink(dir: string): BlobSink {
  const finalise = (tmp: string, sha256: string): string => {
    const target = join(dir, sha256);
    // Same content twice in one mail (e.g. a logo in every signature): keep one file.
    if (existsSync(target)) rmSync(tmp, { force: true });
    else renameSync(tmp, target);
    return target;
  };
  const tmpName = () => join(dir, `.tmp-${randomBytes(8).toString('hex')}`);
  // Write-then-rename: a crash never leaves a half-written file under a content name.
  return {
    stages: true,
    fromBytes(bytes) {
      const sha256 = sha256Hex(bytes);
      const target = join(dir, sha256);
      if (!existsSync(target)) {
        const tmp = tmpName();
        writeExclusive(tmp, [bytes]);
        renameSync(tmp, target);
      }
      return { sha256, size: bytes.byteLength, stagedPath: target };
    },
    fromChunks(chunks) {
      const tmp = tmpName();
      const hash = createHash('sha256');
      const size = writeExclusive(tmp, chunks, (chunk) => hash.update(chunk));
      const sha256 = hash.digest('hex');
      return { sha256, size, stagedPath: finalise(tmp, sha256) };
    },
    async fromStream(stream, keep) {
      const tmp = tmpName();
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      let size = 0;
      const out = createWriteStream(tmp, { flags: 'wx' });
      await pipeline(
        stream,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            hash.update(chunk);
            size += chunk.length;
            if (keep) chunks.push(chunk);
            yield chunk;
          }
        },
        out,
      );
      const sha256 = hash.digest('hex');
      return { ref: { sha256, size, stagedPath: finalise(tmp, sha256) }, bytes: keep ? Buffer.concat(chunks) : null };
    },
  };
}

/** Writes the chunks to a new file (removed again on failure); returns the byte count. */
function writeExclusive(path: string, chunks: Iterable<Uint8Array>, each?: (chunk: Uint8Array) => void): number {
  const fd = openSync(path, 'wx');
  let size = 0;
  try {
    for (const chunk of chunks) {
      each?.(chunk);
      let off = 0;
      while (off < chunk.byteLength) off += writeSync(fd, chunk, off, chunk.byteLength - off);
      size += chunk.byteLength;
    }
  } catch (e) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw e;
  }
  closeSync(fd);
  return size;
}
