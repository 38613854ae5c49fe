import { AppError } from '../errors';

export const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;
const NO_STREAM = 0xffffffff;
const MAX_REGULAR = 0xfffffffa;

function fail(reason: string): never {
  throw new AppError('MALFORMED_MAIL', `corrupt Outlook file structure: ${reason}`, { check: 'cfb' });
}

export interface CfbEntry {
  type: number;
  start: number;
  size: number;
}

/**
 * What the check learnt about the file: enough to read a stream without msgreader
 * (cfb-stream.ts). The chain of every reachable stream at or above the mini cutoff was walked
 * once by the check: it ends, without loops, and starts each sector inside the file.
 */
export interface CfbLayout {
  /** Oddities that do not endanger the reader. */
  warnings: string[];
  sectorSize: number;
  miniCutoff: number;
  /**
   * The FAT sectors found are the ones msgreader uses: none skipped as free, as many as the
   * header counts, the DIFAT no longer than it declares. Otherwise the two may map a chain
   * differently.
   */
  fatAgrees: boolean;
  entries: readonly CfbEntry[];
  /** Reachable from the root, exactly once. */
  reachable(id: number): boolean;
  sectorOffset(sector: number): number;
  /** The sector after this one in its chain (END_OF_CHAIN at the end); null when the FAT does not cover it. */
  next(sector: number): number | null;
}

/**
 * Structural checks on a Compound File before msgreader sees it. msgreader follows sector
 * chains and directory links with no cycle check and allocates what the file declares
 * (security-research §0); each chain and link is walked here once with a visited mark, so such
 * files fail fast with MALFORMED_MAIL. The process timeout stays the general defence.
 * Returns the layout it checked, with warnings for oddities that do not endanger the reader.
 */
export function checkCfbStructure(bytes: Uint8Array): CfbLayout {
  const warnings: string[] = [];
  if (bytes.byteLength < 512) fail('shorter than its header');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (o: number) => dv.getUint32(o, true);
  if (dv.getUint16(28, true) !== 0xfffe) fail('bad byte-order mark');
  const sectorShift = dv.getUint16(30, true);
  if (sectorShift !== 9 && sectorShift !== 12) fail(`sector shift ${sectorShift}`);
  const miniShift = dv.getUint16(32, true);
  if (miniShift !== 6) fail(`mini sector shift ${miniShift}`);
  const sectorSize = 1 << sectorShift;
  const numSectors = Math.ceil((bytes.byteLength - sectorSize) / sectorSize);
  const numFat = u32(44);
  const firstDir = u32(48);
  const miniCutoff = u32(56);
  const firstMiniFat = u32(60);
  const numMiniFat = u32(64);
  const firstDifat = u32(68);
  const numDifat = u32(72);
  if (numFat > numSectors || numMiniFat > numSectors || numDifat > numSectors) fail('more allocation sectors than the file has');
  if (miniCutoff !== 4096) warnings.push(`unusual mini-stream cutoff ${miniCutoff}`);

  const sectorOffset = (s: number) => (s + 1) * sectorSize;
  const validSector = (s: number) => s < numSectors && sectorOffset(s) + sectorSize <= bytes.byteLength + sectorSize;

  // FAT sector list: 109 in the header, the rest along the DIFAT chain.
  const fatSectors: number[] = [];
  let skippedFree = false;
  for (let i = 0; i < 109 && fatSectors.length < numFat; i++) {
    const s = u32(76 + i * 4);
    if (s === FREE) {
      skippedFree = true;
      continue;
    }
    if (!validSector(s)) fail('FAT sector out of range');
    fatSectors.push(s);
  }
  const seenDifat = new Set<number>();
  let difat = firstDifat;
  const perDifat = sectorSize / 4 - 1;
  while (difat !== END_OF_CHAIN && difat !== FREE && fatSectors.length < numFat) {
    if (seenDifat.has(difat)) fail('DIFAT chain loops');
    if (!validSector(difat)) fail('DIFAT sector out of range');
    seenDifat.add(difat);
    const base = sectorOffset(difat);
    for (let i = 0; i < perDifat && fatSectors.length < numFat; i++) {
      if (base + i * 4 + 4 > bytes.byteLength) break;
      const s = u32(base + i * 4);
      if (s === FREE) {
        skippedFree = true;
        continue;
      }
      if (!validSector(s)) fail('FAT sector out of range');
      fatSectors.push(s);
    }
    if (base + sectorSize > bytes.byteLength) break;
    difat = u32(base + perDifat * 4);
  }

  const perSector = sectorSize / 4;
  const nextSector = (s: number): number | null => {
    const fs = fatSectors[Math.floor(s / perSector)];
    if (fs === undefined) return null;
    const off = sectorOffset(fs) + (s % perSector) * 4;
    return off + 4 > bytes.byteLength ? null : u32(off);
  };
  const fatEntry = (s: number): number => nextSector(s) ?? fail('sector beyond the FAT');
  // One mark array for every chain walk (a chain's number marks its sectors): a 25 MB stream
  // has ~50 000 sectors, which a Set per chain would hold as megabytes of entries.
  const marks = new Uint32Array(numSectors);
  let walk = 0;
  const walkChain = (start: number, what: string, visit?: (s: number) => void): number => {
    walk++;
    let length = 0;
    let s = start;
    while (s !== END_OF_CHAIN) {
      if (s > MAX_REGULAR || !validSector(s)) fail(`${what} chain leaves the file`);
      if (marks[s] === walk) fail(`${what} chain loops`);
      marks[s] = walk;
      visit?.(s);
      length++;
      s = fatEntry(s);
    }
    return length;
  };
  const chain = (start: number, what: string): number[] => {
    const out: number[] = [];
    walkChain(start, what, (s) => out.push(s));
    return out;
  };

  const dirSectors = chain(firstDir, 'directory');
  const entryCount = (dirSectors.length * sectorSize) / 128;
  interface Entry extends CfbEntry { left: number; right: number; child: number }
  const entries: Entry[] = [];
  for (const s of dirSectors) {
    for (let i = 0; i < sectorSize / 128; i++) {
      const o = sectorOffset(s) + i * 128;
      if (o + 128 > bytes.byteLength) {
        entries.push({ type: 0, left: NO_STREAM, right: NO_STREAM, child: NO_STREAM, start: 0, size: 0 });
        continue;
      }
      entries.push({ type: bytes[o + 66]!, left: u32(o + 68), right: u32(o + 72), child: u32(o + 76), start: u32(o + 116), size: u32(o + 120) });
    }
  }
  const root = entries[0];
  if (!root || root.type !== 5) fail('no root entry');

  // Every entry must be reachable exactly once: a second visit means a cycle or a shared subtree.
  const visited = new Uint8Array(entryCount);
  const stack: number[] = [0];
  visited[0] = 1;
  while (stack.length) {
    const id = stack.pop()!;
    const e = entries[id]!;
    for (const next of [e.left, e.right, e.child]) {
      if (next === NO_STREAM) continue;
      if (next >= entryCount) fail('directory link out of range');
      if (visited[next]) fail('directory tree loops or shares an entry');
      if (entries[next]!.type === 0) fail('directory link to an empty entry');
      visited[next] = 1;
      stack.push(next);
    }
  }

  const miniStream = root.size > 0 ? chain(root.start, 'mini stream') : [];
  const miniFatSectors = numMiniFat > 0 ? chain(firstMiniFat, 'mini FAT') : [];
  const miniCount = Math.floor((miniStream.length * sectorSize) / 64);
  const miniEntry = (m: number): number => {
    const idx = Math.floor(m / perSector);
    const s = miniFatSectors[idx];
    if (s === undefined) fail('mini sector beyond the mini FAT');
    return u32(sectorOffset(s) + (m % perSector) * 4);
  };
  for (let id = 1; id < entryCount; id++) {
    const e = entries[id]!;
    if (!visited[id] || e.type !== 2) continue;
    if (e.size > bytes.byteLength) fail('a stream declares more bytes than the file has');
    if (e.size === 0) continue;
    if (e.size < miniCutoff) {
      const seen = new Set<number>();
      let m = e.start;
      while (m !== END_OF_CHAIN) {
        if (m >= miniCount) fail('mini chain leaves the mini stream');
        if (seen.has(m)) fail('mini chain loops');
        seen.add(m);
        m = miniEntry(m);
      }
    } else {
      const sectors = walkChain(e.start, 'stream');
      if (sectors * sectorSize < e.size) warnings.push('a stream is shorter than declared');
    }
  }
  return {
    warnings,
    sectorSize,
    miniCutoff,
    fatAgrees: !skippedFree && fatSectors.length === numFat && seenDifat.size <= numDifat,
    entries,
    reachable: (id) => visited[id] === 1,
    sectorOffset,
    next: nextSector,
  };
}
