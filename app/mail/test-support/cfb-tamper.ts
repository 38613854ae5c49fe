/** Surgical edits of a Compound File, to make the hostile .msg files msgreader hangs on. */

interface Layout {
  dv: DataView;
  sectorSize: number;
  fatSectors: number[];
  dirSectors: number[];
}

function layout(bytes: Uint8Array): Layout {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sectorSize = 1 << dv.getUint16(30, true);
  const numFat = dv.getUint32(44, true);
  const fatSectors: number[] = [];
  for (let i = 0; i < Math.min(109, numFat); i++) fatSectors.push(dv.getUint32(76 + i * 4, true));
  const l: Layout = { dv, sectorSize, fatSectors, dirSectors: [] };
  let s = dv.getUint32(48, true);
  const seen = new Set<number>();
  while (s < 0xfffffffa && !seen.has(s)) {
    seen.add(s);
    l.dirSectors.push(s);
    s = fatGet(l, s);
  }
  return l;
}

const off = (l: Layout, sector: number) => (sector + 1) * l.sectorSize;

function fatGet(l: Layout, s: number): number {
  const per = l.sectorSize / 4;
  return l.dv.getUint32(off(l, l.fatSectors[Math.floor(s / per)]!) + (s % per) * 4, true);
}

function fatSet(l: Layout, s: number, v: number): void {
  const per = l.sectorSize / 4;
  l.dv.setUint32(off(l, l.fatSectors[Math.floor(s / per)]!) + (s % per) * 4, v, true);
}

function entryOffset(l: Layout, id: number): number {
  const per = l.sectorSize / 128;
  return off(l, l.dirSectors[Math.floor(id / per)]!) + (id % per) * 128;
}

function findEntry(l: Layout, name: string): number {
  const count = (l.dirSectors.length * l.sectorSize) / 128;
  for (let id = 0; id < count; id++) {
    const o = entryOffset(l, id);
    const len = l.dv.getUint16(o + 64, true);
    const n = Buffer.from(l.dv.buffer, l.dv.byteOffset + o, Math.max(0, len - 2)).toString('utf16le');
    if (n === name) return id;
  }
  throw new Error(`no entry ${name}`);
}

/** The stream's sector chain points back to its first sector. */
export function fatCycle(msg: Uint8Array, streamName: string): Uint8Array {
  const b = msg.slice();
  const l = layout(b);
  const o = entryOffset(l, findEntry(l, streamName));
  const start = l.dv.getUint32(o + 116, true);
  let s = start;
  while (fatGet(l, s) < 0xfffffffa) s = fatGet(l, s);
  fatSet(l, s, start);
  return b;
}

/** A directory entry becomes its own right sibling. */
export function siblingCycle(msg: Uint8Array, entryName: string): Uint8Array {
  const b = msg.slice();
  const l = layout(b);
  const id = findEntry(l, entryName);
  l.dv.setUint32(entryOffset(l, id) + 72, id, true);
  return b;
}

/** The directory's own sector chain loops. */
export function directoryChainCycle(msg: Uint8Array): Uint8Array {
  const b = msg.slice();
  const l = layout(b);
  const last = l.dirSectors[l.dirSectors.length - 1]!;
  fatSet(l, last, l.dirSectors[0]!);
  return b;
}

/** A stream declares far more bytes than the file has. */
export function hugeStream(msg: Uint8Array, streamName: string): Uint8Array {
  const b = msg.slice();
  const l = layout(b);
  l.dv.setUint32(entryOffset(l, findEntry(l, streamName)) + 120, 0x7ffffff0, true);
  return b;
}

function streamChain(l: Layout, streamName: string): number[] {
  const o = entryOffset(l, findEntry(l, streamName));
  const out: number[] = [];
  for (let s = l.dv.getUint32(o + 116, true); s < 0xfffffffa; s = fatGet(l, s)) out.push(s);
  return out;
}

/**
 * The stream's second and third sectors trade places on disk and in the chain: the same bytes
 * in the same order, no longer contiguous in the file.
 */
export function fragmentStream(msg: Uint8Array, streamName: string): Uint8Array {
  const b = msg.slice();
  const l = layout(b);
  const [s0, s1, s2] = streamChain(l, streamName);
  if (s0 === undefined || s1 === undefined || s2 === undefined) throw new Error(`${streamName} has fewer than three sectors`);
  const after = fatGet(l, s2);
  const first = b.slice(off(l, s1), off(l, s1) + l.sectorSize);
  b.copyWithin(off(l, s1), off(l, s2), off(l, s2) + l.sectorSize);
  b.set(first, off(l, s2));
  fatSet(l, s0, s2);
  fatSet(l, s2, s1);
  fatSet(l, s1, after);
  return b;
}

/** The stream's chain ends after its first sector, far short of its declared size. */
export function cutStreamChain(msg: Uint8Array, streamName: string): Uint8Array {
  const b = msg.slice();
  const l = layout(b);
  fatSet(l, streamChain(l, streamName)[0]!, 0xfffffffe);
  return b;
}
