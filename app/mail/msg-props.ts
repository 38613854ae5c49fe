import { decodeText } from './codepage';

/**
 * Raw MAPI property values as msgreader saw them, per property bag (message, recipient,
 * attachment). Keeping the bytes lets strings be decoded with the right code page here rather
 * than msgreader's (it decodes PT_STRING8 as Latin-1 unless told otherwise) and reaches
 * properties msgreader does not name (sent-representing, references, attach method).
 */
export class RawProps {
  private readonly bags = new WeakMap<object, Map<number, Uint8Array[]>>();

  observe = (fields: object, tag: number, raw: Uint8Array | null): void => {
    // msgreader reports every stream, attachment data included; keeping only the properties
    // read here stops a 25 MB attachment from being held twice.
    if (!raw || !WANTED.has((tag >>> 16) & 0xffff)) return;
    let bag = this.bags.get(fields);
    if (!bag) {
      bag = new Map();
      this.bags.set(fields, bag);
    }
    const list = bag.get(tag >>> 0);
    if (list) list.push(raw);
    else bag.set(tag >>> 0, [raw]);
  };

  private variable(fields: object, tag: number): Uint8Array | null {
    const list = this.bags.get(fields)?.get(tag >>> 0);
    if (!list || list.length === 0) return null;
    if (list.length === 1) return list[0]!;
    // The property stream also reports variable-size properties as 8 bytes (size + reserved);
    // prefer the entry that holds the actual value.
    const isSizeEntry = (a: Uint8Array, others: Uint8Array[]) => {
      if (a.byteLength !== 8) return false;
      const size = a[0]! | (a[1]! << 8) | (a[2]! << 16) | (a[3]! << 24);
      return others.some((b) => b !== a && size >= b.byteLength && size <= b.byteLength + 2);
    };
    return list.find((a) => !isSizeEntry(a, list)) ?? list.reduce((x, y) => (y.byteLength > x.byteLength ? y : x));
  }

  string(fields: object, id: number, codepage: number): string | undefined {
    const unicode = this.variable(fields, ((id << 16) | 0x001f) >>> 0);
    if (unicode) return stripNul(Buffer.from(unicode.buffer, unicode.byteOffset, unicode.byteLength & ~1).toString('utf16le'));
    const ansi = this.variable(fields, ((id << 16) | 0x001e) >>> 0);
    if (ansi) return stripNul(decodeText(ansi, codepage));
    return undefined;
  }

  binary(fields: object, id: number): Uint8Array | undefined {
    return this.variable(fields, ((id << 16) | 0x0102) >>> 0) ?? undefined;
  }

  int32(fields: object, id: number): number | undefined {
    const list = this.bags.get(fields)?.get(((id << 16) | 0x0003) >>> 0);
    const raw = list?.[0];
    if (!raw || raw.byteLength < 4) return undefined;
    return new DataView(raw.buffer, raw.byteOffset, raw.byteLength).getInt32(0, true);
  }
}

function stripNul(s: string): string {
  const i = s.indexOf('\u0000');
  return i >= 0 ? s.slice(0, i) : s;
}

export const PID = {
  subject: 0x0037,
  sentRepresentingName: 0x0042,
  sentRepresentingEmail: 0x0065,
  sentRepresentingAddrType: 0x0064,
  transportHeaders: 0x007d,
  senderName: 0x0c1a,
  senderEmail: 0x0c1f,
  senderAddrType: 0x0c1e,
  body: 0x1000,
  rtfCompressed: 0x1009,
  html: 0x1013,
  messageId: 0x1035,
  references: 0x1039,
  inReplyTo: 0x1042,
  displayName: 0x3001,
  addrType: 0x3002,
  emailAddress: 0x3003,
  attachFileName: 0x3704,
  attachMethod: 0x3705,
  attachLongFileName: 0x3707,
  attachMimeTag: 0x370e,
  attachContentId: 0x3712,
  attachFlags: 0x3714,
  smtpAddress: 0x39fe,
  internetCodepage: 0x3fde,
  messageCodepage: 0x3ffd,
  localeId: 0x3ff1,
  senderSmtp: 0x5d01,
  sentRepresentingSmtp: 0x5d02,
  creatorSmtp: 0x5d0a,
  attachmentHidden: 0x7ffe,
} as const;

const WANTED = new Set<number>(Object.values(PID));
