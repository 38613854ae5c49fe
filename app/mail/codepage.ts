import iconv from 'iconv-lite';

// Windows ANSI code page per primary language of an LCID, for .msg files that do not record
// PR_MESSAGE_CODEPAGE. (PR_INTERNET_CPID is the MIME charset of the body, not of PT_STRING8.)
const ANSI_BY_PRIMARY_LANG: Record<number, number> = {
  0x01: 1256, 0x05: 1250, 0x08: 1253, 0x0d: 1255, 0x0e: 1250, 0x11: 932, 0x12: 949, 0x15: 1250,
  0x18: 1250, 0x19: 1251, 0x1a: 1250, 0x1b: 1250, 0x1e: 874, 0x1f: 1254, 0x22: 1251, 0x23: 1251,
  0x24: 1250, 0x25: 1257, 0x26: 1257, 0x27: 1257, 0x2a: 1258, 0x2f: 1251, 0x3f: 1251,
};

export function ansiCodePageForLcid(lcid: number | undefined): number | null {
  if (lcid === undefined || !Number.isFinite(lcid)) return null;
  if (lcid === 0x0804 || lcid === 0x1004) return 936;
  if (lcid === 0x0404 || lcid === 0x0c04 || lcid === 0x1404) return 950;
  return ANSI_BY_PRIMARY_LANG[lcid & 0x3ff] ?? 1252;
}

export function encodingForCodePage(cp: number): string {
  switch (cp) {
    case 65001: return 'utf8';
    case 1200: return 'utf16le';
    case 1201: return 'utf16be';
    case 20127: return 'ascii';
    case 28591: return 'latin1';
    case 50220: case 50221: case 50222: return 'cp932';
    case 51932: return 'euc-jp';
    case 20866: return 'koi8-r';
    case 21866: return 'koi8-u';
    case 54936: return 'gb18030';
    default:
      if (cp >= 28592 && cp <= 28606) return `iso-8859-${cp - 28590}`;
      return `cp${cp}`;
  }
}

/** Decodes with the named charset or code page, falling back to windows-1252 when unknown. */
export function decodeText(bytes: Uint8Array, charsetOrCp: string | number): string {
  const name = typeof charsetOrCp === 'number' ? encodingForCodePage(charsetOrCp) : charsetOrCp;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (iconv.encodingExists(name)) return iconv.decode(buf, name);
  return iconv.decode(buf, 'cp1252');
}

export function encodingKnown(name: string): boolean {
  return iconv.encodingExists(name);
}
