import { deflateSync } from 'node:zlib';
import type { TrayIconState } from './tray-model';

/**
 * Tray icons drawn in code, one per state: a blue envelope tile with a coloured status dot.
 * Generated rather than shipped as files so the packed layout has nothing extra to place and
 * every state is guaranteed to exist. 32 px, shown at scale factor 2 (16 pt).
 */
export const TRAY_ICON_PX = 32;

type Rgba = readonly [number, number, number, number];

const DOT: Record<TrayIconState, Rgba | null> = {
  online: null,
  offline: [0x80, 0x80, 0x80, 0xff],
  syncing: [0x1e, 0x90, 0xff, 0xff],
  waiting: [0xf5, 0xa6, 0x23, 0xff],
  attention: [0xd9, 0x30, 0x25, 0xff],
};

const TILE: Rgba = [0x1f, 0x5f, 0xbf, 0xff];
const PAPER: Rgba = [0xff, 0xff, 0xff, 0xff];
const CLEAR: Rgba = [0, 0, 0, 0];

function pixel(state: TrayIconState, x: number, y: number): Rgba {
  const dot = DOT[state];
  const n = TRAY_ICON_PX;
  if (dot) {
    const dx = x - (n - 8);
    const dy = y - (n - 8);
    const d2 = dx * dx + dy * dy;
    if (d2 <= 36) return dot;
    if (d2 <= 64) return CLEAR; // a gap so the dot reads on any menu-bar colour
  }
  const r = 6;
  const cx = Math.min(Math.max(x, r), n - 1 - r);
  const cy = Math.min(Math.max(y, r), n - 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return CLEAR;
  const inside = x >= 7 && x < 25 && y >= 10 && y < 22;
  if (!inside) return TILE;
  const flap = Math.abs(y - (10 + (9 - Math.abs(x - 15.5)) * 0.7)) < 1 && y < 17;
  return flap ? TILE : PAPER;
}

let table: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[i] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = table[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export function trayIconPng(state: TrayIconState): Buffer {
  const n = TRAY_ICON_PX;
  const raw = Buffer.alloc(n * (n * 4 + 1));
  for (let y = 0; y < n; y++) {
    const row = y * (n * 4 + 1);
    for (let x = 0; x < n; x++) raw.set(pixel(state, x, y), row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(n, 0);
  header.writeUInt32BE(n, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
