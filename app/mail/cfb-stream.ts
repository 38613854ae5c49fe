import { END_OF_CHAIN, type CfbLayout } from './cfb-check';

/** msgreader reads a stream below this size from the mini stream, whatever the header says. */
const MSGREADER_MINI_CUTOFF = 4096;

/**
 * The bytes of one stream of a checked Compound File as views into the file's own buffer, in
 * order, consecutive sectors joined into one view. Nothing is copied, so a 25 MB attachment is
 * hashed and written to the spool without a second 25 MB in memory (msgreader assembles a copy,
 * from a 512-byte copy per sector).
 *
 * Null whenever this could differ from what msgreader would give, so the caller lets msgreader
 * read the stream as before: not a stream reachable from the root, a mini-stream stream (below
 * 4 KB its copy costs nothing and its mini-FAT quirks stay msgreader's), a FAT that msgreader
 * would assemble differently, a chain that ends before the declared size, or a sector cut off
 * by the end of the file.
 */
export function streamViews(bytes: Uint8Array, layout: CfbLayout, entryId: number): Iterable<Uint8Array> | null {
  const entry = layout.entries[entryId];
  if (!entry || entry.type !== 2 || !layout.reachable(entryId)) return null;
  return chainViews(bytes, layout, entry.start, entry.size);
}

/** The same for a stream named by its first sector and size (what msgreader's own entries hold). */
export function chainViews(bytes: Uint8Array, layout: CfbLayout, start: number, size: number): Iterable<Uint8Array> | null {
  if (!Number.isSafeInteger(start) || start < 0 || !Number.isSafeInteger(size)) return null;
  // Below the header's cutoff the check walked the stream as a mini chain, not this one.
  if (size < MSGREADER_MINI_CUTOFF || size < layout.miniCutoff || !layout.fatAgrees) return null;

  // Offsets and lengths of the runs of consecutive sectors, found before anything is written so
  // that a chain that falls short leaves nothing half-spooled. Each step consumes up to one
  // sector of the declared size, so the walk ends even on a chain the check did not see.
  const runs: number[] = [];
  let remaining = size;
  let sector = start;
  while (remaining > 0) {
    if (sector === END_OF_CHAIN) return null;
    const offset = layout.sectorOffset(sector);
    const length = Math.min(remaining, layout.sectorSize);
    if (offset + length > bytes.byteLength) return null;
    const last = runs.length - 2;
    if (last >= 0 && runs[last]! + runs[last + 1]! === offset) runs[last + 1]! += length;
    else runs.push(offset, length);
    remaining -= length;
    if (remaining > 0) {
      const next = layout.next(sector);
      if (next === null) return null;
      sector = next;
    }
  }
  return {
    *[Symbol.iterator]() {
      for (let i = 0; i < runs.length; i += 2) yield bytes.subarray(runs[i], runs[i]! + runs[i + 1]!);
    },
  };
}
