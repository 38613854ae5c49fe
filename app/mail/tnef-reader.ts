import { decodeText } from './codepage';

/**
 * A bounded reader for TNEF (winmail.dat, [MS-OXTNEF]). npm's TNEF readers trust declared
 * lengths (security-research §0.1), so every length and count here is checked against the
 * bytes that remain before anything is allocated.
 */

export const TNEF_SIGNATURE = 0x223e9f78;

export type MapiValue = { type: number; values: Uint8Array[] };
export type MapiProps = Map<number, MapiValue>;

export interface TnefAttachment {
  title: string | null;
  data: Uint8Array | null;
  props: MapiProps;
}

export interface TnefMessage {
  oemCodepage: number | null;
  subject: string | null;
  messageId: string | null;
  body: string | null;
  dateSent: Date | null;
  props: MapiProps;
  recipients: MapiProps[];
  attachments: TnefAttachment[];
  warnings: string[];
}

class Cursor {
  pos = 0;
  private readonly dv: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get remaining(): number {
    return this.bytes.byteLength - this.pos;
  }
  need(n: number, what: string): void {
    if (n < 0 || n > this.remaining) throw new Error(`${what}: ${n} bytes declared, ${this.remaining} left`);
  }
  u8(): number {
    this.need(1, 'u8');
    return this.bytes[this.pos++]!;
  }
  u16(): number {
    this.need(2, 'u16');
    const v = this.dv.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4, 'u32');
    const v = this.dv.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  skip(n: number, what: string): void {
    this.need(n, what);
    this.pos += n;
  }
}

const FIXED_SIZE: Record<number, number> = {
  0x0001: 4, 0x0002: 4, 0x0003: 4, 0x0004: 4, 0x0005: 8, 0x0006: 8, 0x0007: 8, 0x000a: 4, 0x000b: 4, 0x0014: 8, 0x0040: 8, 0x0048: 16,
};
const VARIABLE = new Set([0x000d, 0x001e, 0x001f, 0x0102]);

const pad4 = (n: number) => (4 - (n % 4)) % 4;

export function readMapiProps(bytes: Uint8Array): MapiProps {
  return readPropList(new Cursor(bytes));
}

/** attRecipTable: a row count, then one property list per recipient. */
export function readRecipientTable(bytes: Uint8Array): MapiProps[] {
  const c = new Cursor(bytes);
  const rows = c.u32();
  if (rows > c.remaining / 4) throw new Error(`recipient count ${rows} exceeds the data`);
  const out: MapiProps[] = [];
  for (let i = 0; i < rows; i++) out.push(readPropList(c));
  return out;
}

function readPropList(c: Cursor): MapiProps {
  const count = c.u32();
  // Each property needs at least 8 bytes, so a larger count is a lie.
  if (count > c.remaining / 8 + 1) throw new Error(`MAPI property count ${count} exceeds the data`);
  const props: MapiProps = new Map();
  for (let i = 0; i < count; i++) {
    const type = c.u16();
    const id = c.u16();
    if (id >= 0x8000) {
      c.skip(16, 'named property GUID');
      const kind = c.u32();
      if (kind === 0) c.skip(4, 'named property id');
      else {
        const len = c.u32();
        c.skip(len + pad4(len), 'named property name');
      }
    }
    const base = type & 0x0fff;
    const multi = (type & 0x1000) !== 0;
    const values: Uint8Array[] = [];
    if (VARIABLE.has(base)) {
      const n = c.u32();
      if (n > c.remaining / 4) throw new Error(`value count ${n} exceeds the data`);
      for (let k = 0; k < n; k++) {
        const len = c.u32();
        values.push(c.take(len, 'property value'));
        c.skip(Math.min(pad4(len), c.remaining), 'padding');
      }
    } else {
      const size = FIXED_SIZE[base];
      if (size === undefined) throw new Error(`unsupported property type 0x${base.toString(16)}`);
      const n = multi ? c.u32() : 1;
      if (n > c.remaining / size + 1) throw new Error(`value count ${n} exceeds the data`);
      for (let k = 0; k < n; k++) {
        values.push(c.take(size, 'property value'));
        c.skip(Math.min(pad4(size), c.remaining), 'padding');
      }
    }
    if (id < 0x8000) props.set(id, { type: base, values });
  }
  return props;
}

export function propString(props: MapiProps, id: number, codepage: number): string | null {
  const p = props.get(id);
  const v = p?.values[0];
  if (!p || !v) return null;
  let s: string;
  if (p.type === 0x001f) s = Buffer.from(v.buffer, v.byteOffset, v.byteLength & ~1).toString('utf16le');
  else if (p.type === 0x001e) s = decodeText(v, codepage);
  else return null;
  const nul = s.indexOf('\u0000');
  return nul >= 0 ? s.slice(0, nul) : s;
}

export function propBinary(props: MapiProps, id: number): Uint8Array | null {
  const p = props.get(id);
  return p && (p.type === 0x0102 || p.type === 0x000d) ? (p.values[0] ?? null) : null;
}

export function propInt(props: MapiProps, id: number): number | null {
  const v = props.get(id)?.values[0];
  if (!v || v.byteLength < 4) return null;
  return new DataView(v.buffer, v.byteOffset, v.byteLength).getInt32(0, true);
}

export function propTime(props: MapiProps, id: number): Date | null {
  const p = props.get(id);
  const v = p?.values[0];
  if (!p || p.type !== 0x0040 || !v) return null;
  const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
  const filetime = dv.getUint32(0, true) + dv.getUint32(4, true) * 4294967296;
  const d = new Date(filetime / 10000 - 11644473600000);
  return Number.isFinite(d.getTime()) ? d : null;
}

function tnefDate(v: Uint8Array): Date | null {
  if (v.byteLength < 12) return null;
  const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
  const [y, mo, d, h, mi, s] = [0, 2, 4, 6, 8, 10].map((o) => dv.getUint16(o, true)) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isFinite(date.getTime()) ? date : null;
}

function cstr(v: Uint8Array, cp: number): string {
  const s = decodeText(v, cp);
  const nul = s.indexOf('\u0000');
  return nul >= 0 ? s.slice(0, nul) : s;
}

export function readTnef(bytes: Uint8Array): TnefMessage {
  const c = new Cursor(bytes);
  if (c.u32() !== TNEF_SIGNATURE) throw new Error('not a TNEF stream');
  c.u16();
  const msg: TnefMessage = { oemCodepage: null, subject: null, messageId: null, body: null, dateSent: null, props: new Map(), recipients: [], attachments: [], warnings: [] };
  let current: TnefAttachment | null = null;
  const cp = () => msg.oemCodepage ?? 1252;
  while (c.remaining > 0) {
    if (c.remaining < 11) {
      msg.warnings.push(`TNEF: ${c.remaining} trailing bytes ignored`);
      break;
    }
    const level = c.u8();
    const attr = c.u32();
    const len = c.u32();
    if (len > c.remaining - 2) {
      msg.warnings.push(`TNEF: attribute 0x${attr.toString(16)} declares ${len} bytes, ${c.remaining} left; stopped there`);
      break;
    }
    const data = c.take(len, 'attribute');
    c.u16();
    const id = attr & 0xffff;
    try {
      if (level === 2 || (level !== 1 && current && [0x9002, 0x800f, 0x8010, 0x9005].includes(id))) {
        if (id === 0x9002) {
          current = { title: null, data: null, props: new Map() };
          msg.attachments.push(current);
          continue;
        }
        if (!current) {
          current = { title: null, data: null, props: new Map() };
          msg.attachments.push(current);
        }
        if (id === 0x800f) current.data = data;
        else if (id === 0x8010) current.title = cstr(data, cp());
        else if (id === 0x9005) for (const [k, v] of readMapiProps(data)) current.props.set(k, v);
        continue;
      }
      if (level !== 1) {
        msg.warnings.push(`TNEF: attribute with unknown level ${level} ignored`);
        continue;
      }
      switch (id) {
        case 0x9007:
          if (data.byteLength >= 4) msg.oemCodepage = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0, true);
          break;
        case 0x8004:
          msg.subject = cstr(data, cp());
          break;
        case 0x8009:
          msg.messageId = cstr(data, cp());
          break;
        case 0x800c:
          msg.body = cstr(data, cp());
          break;
        case 0x8005:
          msg.dateSent = tnefDate(data);
          break;
        case 0x9003:
          for (const [k, v] of readMapiProps(data)) msg.props.set(k, v);
          break;
        case 0x9004:
          msg.recipients.push(...readRecipientTable(data));
          break;
        default:
          break;
      }
    } catch (e) {
      msg.warnings.push(`TNEF: attribute 0x${attr.toString(16)} unreadable (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  return msg;
}
