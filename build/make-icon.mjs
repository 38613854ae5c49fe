// Writes build/icon.png, the placeholder app icon (512×512, the size electron-builder needs to
// derive .icns/.ico). Generated rather than drawn so the repo holds no opaque binary that
// nobody can regenerate: `node build/make-icon.mjs`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 512;

function crc32(bytes) {
  let c;
  let crc = 0xffffffff;
  for (const byte of bytes) {
    c = (crc ^ byte) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A rounded blue tile with a white envelope: enough to tell the app apart in a dock or taskbar. */
function pixel(x, y) {
  const r = 96;
  const cx = Math.min(Math.max(x, r), SIZE - 1 - r);
  const cy = Math.min(Math.max(y, r), SIZE - 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return [0, 0, 0, 0];
  const inEnvelope = x >= 112 && x < 400 && y >= 160 && y < 352;
  if (!inEnvelope) return [0x1f, 0x5f, 0xbf, 0xff];
  const flap = (144 - Math.abs(x - 256)) * (96 / 144) + 160;
  const onFlap = Math.abs(y - flap) < 7 && y < 256;
  const onBorder = x < 120 || x >= 392 || y < 168 || y >= 344;
  return onFlap || onBorder ? [0x1f, 0x5f, 0xbf, 0xff] : [0xff, 0xff, 0xff, 0xff];
}

export function iconPng() {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (SIZE * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL('./icon.png', import.meta.url), iconPng());
}
