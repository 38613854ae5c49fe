import { deEncapsulateSync } from 'rtf-stream-parser';
import { decodeText, encodingKnown } from './codepage';

const LZFU_PREBUF =
  '{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx';
const COMPRESSED = 0x75465a4c; // "LZFu"
const UNCOMPRESSED = 0x414c454d; // "MELA"

/**
 * [MS-OXRTFCP] decompression with every length taken from the input, never from its header:
 * @kenjiuno/decompressrtf trusts the declared raw size and a 20-byte input can exhaust memory
 * (security-research §4.4). One token yields at most 17 bytes, so output is capped at 9× input.
 */
export function decompressRtf(input: Uint8Array): Uint8Array {
  if (input.byteLength < 16) throw new Error('compressed RTF shorter than its header');
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const compSize = view.getUint32(0, true);
  const rawSize = view.getUint32(4, true);
  const type = view.getUint32(8, true);
  const end = Math.min(input.byteLength, compSize + 4);
  // Writers disagree on COMPSIZE for uncompressed data; the raw size bounded by the input is what counts.
  if (type === UNCOMPRESSED) return input.slice(16, Math.min(input.byteLength, 16 + rawSize));
  if (type !== COMPRESSED) throw new Error('unknown compressed-RTF type');
  const cap = Math.min(rawSize, (end - 16) * 9 + 64);
  const out = new Uint8Array(cap);
  const dict = new Uint8Array(4096);
  for (let i = 0; i < LZFU_PREBUF.length; i++) dict[i] = LZFU_PREBUF.charCodeAt(i);
  let w = LZFU_PREBUF.length;
  let o = 0;
  let p = 16;
  while (p < end && o < cap) {
    const control = input[p++]!;
    for (let bit = 0; bit < 8 && p < end && o < cap; bit++) {
      if ((control & (1 << bit)) === 0) {
        const b = input[p++]!;
        out[o++] = b;
        dict[w] = b;
        w = (w + 1) & 0xfff;
      } else {
        if (p + 1 >= end) return out.slice(0, o);
        const token = (input[p]! << 8) | input[p + 1]!;
        p += 2;
        const offset = token >> 4;
        const length = (token & 0xf) + 2;
        if (offset === w) return out.slice(0, o);
        for (let i = 0; i < length && o < cap; i++) {
          const b = dict[(offset + i) & 0xfff]!;
          out[o++] = b;
          dict[w] = b;
          w = (w + 1) & 0xfff;
        }
      }
    }
  }
  return out.slice(0, o);
}

export interface RtfBody {
  html: string | null;
  text: string | null;
}

function decodeForRtf(buf: Buffer, enc: string): string {
  const name = enc.toLowerCase();
  return decodeText(buf, encodingKnown(name) ? name : 'cp1252');
}

/** HTML or text encapsulated in RTF ([MS-OXRTFEX]), else plain text read from the RTF itself. */
export function bodyFromRtf(rtf: Uint8Array, warn: (m: string) => void): RtfBody {
  const buf = Buffer.from(rtf.buffer, rtf.byteOffset, rtf.byteLength);
  const head = buf.subarray(0, 2048).toString('latin1');
  if (/\\fromhtml1/.test(head) || /\\fromtext/.test(head)) {
    try {
      const r = deEncapsulateSync(buf, { decode: decodeForRtf, warn: () => undefined });
      const text = typeof r.text === 'string' ? r.text : r.text.toString('utf8');
      return r.mode === 'html' ? { html: text, text: null } : { html: null, text };
    } catch (e) {
      warn(`encapsulated RTF could not be unpacked (${e instanceof Error ? e.message : String(e)}); read as plain RTF`);
    }
  }
  return { html: null, text: rtfToText(buf) };
}

const SKIP_DESTINATIONS = new Set([
  'fonttbl', 'colortbl', 'stylesheet', 'info', 'pict', 'object', 'header', 'footer', 'headerl', 'headerr', 'footerl',
  'footerr', 'listtable', 'listoverridetable', 'rsidtbl', 'generator', 'xmlnstbl', 'themedata', 'datastore',
  'latentstyles', 'colorschememapping', 'filetbl', 'revtbl', 'pgdsctbl', 'fldinst', 'bkmkstart', 'bkmkend',
  'objdata', 'mmathPr', 'wgrffmtfilter', 'docvar', 'userprops', 'blipuid', 'htmltag',
]);

/** A small RTF reader: enough to show the words of an RTF-only Outlook body, not its layout. */
export function rtfToText(rtf: Buffer): string {
  let codepage = 1252;
  const out: string[] = [];
  let pending: number[] = [];
  const flush = () => {
    if (pending.length) {
      out.push(decodeText(Uint8Array.from(pending), codepage));
      pending = [];
    }
  };
  const emit = (s: string) => {
    flush();
    out.push(s);
  };
  interface State { skip: boolean; uc: number }
  let state: State = { skip: false, uc: 1 };
  const stack: State[] = [];
  let skipChars = 0;
  let i = 0;
  let groupStart = false;
  const n = rtf.length;
  while (i < n) {
    const c = rtf[i]!;
    if (c === 0x7b) {
      stack.push(state);
      state = { ...state };
      groupStart = true;
      i++;
      continue;
    }
    if (c === 0x7d) {
      flush();
      state = stack.pop() ?? { skip: false, uc: 1 };
      groupStart = false;
      i++;
      continue;
    }
    if (c === 0x5c) {
      const next = rtf[i + 1];
      if (next === undefined) break;
      const isLetter = (b: number) => (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a);
      if (isLetter(next)) {
        let j = i + 1;
        while (j < n && isLetter(rtf[j]!)) j++;
        const word = rtf.subarray(i + 1, j).toString('latin1');
        let param: number | null = null;
        let k = j;
        if (rtf[k] === 0x2d || (rtf[k]! >= 0x30 && rtf[k]! <= 0x39)) {
          k++;
          while (k < n && rtf[k]! >= 0x30 && rtf[k]! <= 0x39) k++;
          param = Number(rtf.subarray(j, k).toString('latin1'));
        }
        if (rtf[k] === 0x20) k++;
        i = k;
        const wasGroupStart = groupStart;
        groupStart = false;
        if (word === 'bin' && param !== null && param > 0) {
          i += param;
          continue;
        }
        if (wasGroupStart && SKIP_DESTINATIONS.has(word)) {
          state.skip = true;
          continue;
        }
        if (state.skip) continue;
        if (skipChars > 0) {
          skipChars--;
          continue;
        }
        switch (word) {
          case 'ansicpg':
            if (param !== null && param > 0) codepage = param;
            break;
          case 'uc':
            state.uc = param ?? 1;
            break;
          case 'u':
            if (param !== null) {
              emit(String.fromCharCode(param < 0 ? param + 65536 : param));
              skipChars = state.uc;
            }
            break;
          case 'par': case 'line': case 'sect': case 'row':
            emit('\n');
            break;
          case 'tab': case 'cell':
            emit('\t');
            break;
          case 'emdash': emit('\u2014'); break;
          case 'endash': emit('\u2013'); break;
          case 'bullet': emit('\u2022'); break;
          case 'lquote': emit('\u2018'); break;
          case 'rquote': emit('\u2019'); break;
          case 'ldblquote': emit('\u201c'); break;
          case 'rdblquote': emit('\u201d'); break;
          default:
            break;
        }
        continue;
      }
      groupStart = false;
      if (next === 0x2a) {
        // {\* ...}: an optional destination this reader does not know.
        state.skip = true;
        i += 2;
        continue;
      }
      if (next === 0x27) {
        const hex = rtf.subarray(i + 2, i + 4).toString('latin1');
        i += 4;
        if (state.skip) continue;
        if (skipChars > 0) {
          skipChars--;
          continue;
        }
        const b = parseInt(hex, 16);
        if (Number.isFinite(b)) pending.push(b);
        continue;
      }
      i += 2;
      if (state.skip) continue;
      if (next === 0x7e) emit('\u00a0');
      else if (next === 0x5c || next === 0x7b || next === 0x7d) pending.push(next);
      else if (next === 0x0a || next === 0x0d) emit('\n');
      continue;
    }
    groupStart = false;
    i++;
    if (c === 0x0a || c === 0x0d || state.skip) continue;
    if (skipChars > 0) {
      skipChars--;
      continue;
    }
    pending.push(c);
  }
  flush();
  return out.join('').split('\u0000').join('').replace(/\n{3,}/g, '\n\n').trim();
}

export function textToSimpleHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return `<div>${escaped.split('\n').join('<br>\n')}</div>`;
}
