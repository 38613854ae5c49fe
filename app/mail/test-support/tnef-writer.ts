/** Builds TNEF streams for tests ([MS-OXTNEF]); only what the reader needs to be exercised. */

type Prop = { id: number; type: 0x001f | 0x001e | 0x0102 | 0x0003 | 0x000d; value: string | Uint8Array | number };

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}
function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}
const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);

export function mapiProps(props: Prop[]): Buffer {
  const parts: Buffer[] = [u32(props.length)];
  for (const p of props) {
    parts.push(u16(p.type), u16(p.id));
    if (p.type === 0x0003) parts.push(u32(p.value as number));
    else {
      const data =
        p.type === 0x001f ? Buffer.from(`${p.value as string}\u0000`, 'utf16le') : p.type === 0x001e ? Buffer.from(`${p.value as string}\u0000`, 'latin1') : Buffer.from(p.value as Uint8Array);
      parts.push(u32(1), u32(data.length), pad(data));
    }
  }
  return Buffer.concat(parts);
}

function attr(level: number, id: number, data: Buffer): Buffer {
  let sum = 0;
  for (const b of data) sum = (sum + b) & 0xffff;
  return Buffer.concat([Buffer.from([level]), u32(id), u32(data.length), data, u16(sum)]);
}

export interface TnefSpec {
  subject?: string;
  messageProps?: Prop[];
  attachments?: Array<{ title: string; data?: Uint8Array; props?: Prop[] }>;
  recipients?: Prop[][];
  oemCodepage?: number;
}

export function buildTnef(spec: TnefSpec): Buffer {
  const parts: Buffer[] = [u32(0x223e9f78), u16(0x0001)];
  parts.push(attr(1, 0x00089006, u32(0x00010000)));
  if (spec.oemCodepage) parts.push(attr(1, 0x00069007, Buffer.concat([u32(spec.oemCodepage), u32(0)])));
  if (spec.subject !== undefined) parts.push(attr(1, 0x00018004, Buffer.from(`${spec.subject}\u0000`, 'latin1')));
  if (spec.messageProps) parts.push(attr(1, 0x00069003, mapiProps(spec.messageProps)));
  if (spec.recipients) parts.push(attr(1, 0x00069004, Buffer.concat([u32(spec.recipients.length), ...spec.recipients.map(mapiProps)])));
  for (const a of spec.attachments ?? []) {
    parts.push(attr(2, 0x00069002, Buffer.alloc(14)));
    parts.push(attr(2, 0x00018010, Buffer.from(`${a.title}\u0000`, 'latin1')));
    if (a.data) parts.push(attr(2, 0x0006800f, Buffer.from(a.data)));
    if (a.props) parts.push(attr(2, 0x00069005, mapiProps(a.props)));
  }
  return Buffer.concat(parts);
}

/** LZFu "compressed" RTF made only of literals: valid input for any decompressor. */
export function literalLzfu(rtf: string): Buffer {
  const raw = Buffer.from(rtf, 'latin1');
  const body: number[] = [];
  for (let i = 0; i < raw.length; i += 8) {
    body.push(0);
    for (let k = i; k < Math.min(i + 8, raw.length); k++) body.push(raw[k]!);
  }
  // An end token: a reference whose offset equals the current write position.
  const pos = (207 + raw.length) & 0xfff;
  const lastCount = raw.length % 8;
  if (lastCount === 0) body.push(0x01);
  else body[body.length - lastCount - 1] = 1 << lastCount;
  body.push((pos >> 4) & 0xff, (pos << 4) & 0xf0);
  const data = Buffer.from(body);
  return Buffer.concat([u32(data.length + 12), u32(raw.length), u32(0x75465a4c), u32(0), data]);
}
