/**
 * Attachment names come from the sender and are returned verbatim by every parser
 * (security-research §4.5). A sanitised name is safe as a label and as a single path
 * component on Windows, macOS and Linux.
 */

// C0/C1 controls, DEL, bidi embeddings/overrides/isolates, zero-width and BOM characters.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/gu;
const RESERVED_CHARS = /[<>:"|?*]/g;
// Windows also treats "CON .txt" and "nul.tar.gz" as the device: spaces before the dot count.
const DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)\s*(\.|$)/i;
const MAX_BYTES = 200;
const FALLBACK = 'attachment';

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function truncateUtf8(s: string, maxBytes: number): string {
  if (utf8Length(s) <= maxBytes) return s;
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const n = utf8Length(ch);
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out;
}

function capLength(name: string): string {
  if (utf8Length(name) <= MAX_BYTES) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot) : '';
  // Keep a short extension so the type stays recognisable after truncation.
  if (ext.length > 1 && utf8Length(ext) <= 16) return truncateUtf8(name.slice(0, dot), MAX_BYTES - utf8Length(ext)) + ext;
  return truncateUtf8(name, MAX_BYTES);
}

function step(input: string): string {
  let s = input.normalize('NFC').replace(INVISIBLE, '');
  const lastSep = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
  if (lastSep >= 0) s = s.slice(lastSep + 1);
  s = s.replace(RESERVED_CHARS, '_');
  s = s.replace(/^[.\s]+/u, '').replace(/[.\s]+$/u, '');
  if (DEVICE.test(s)) s = `_${s}`;
  s = capLength(s);
  s = s.replace(/[.\s]+$/u, '');
  return s;
}

export function sanitizeFileName(original: string, fallback: string = FALLBACK): string {
  let s = original;
  // Each step can expose something a previous one removed (e.g. truncation leaving a trailing
  // dot), so run to a fixed point: that also makes the function idempotent by construction.
  for (let i = 0; i < 8; i++) {
    const next = step(s);
    if (next === s) break;
    s = next;
  }
  if (s === '') return fallback === original ? FALLBACK : sanitizeFileName(fallback, FALLBACK);
  return s;
}
