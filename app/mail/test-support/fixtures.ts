import { burn } from '@kenjiuno/msgreader/lib/Burner';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export const SIMPLE_EML = [
  'From: "Jürgen Müller" <juergen@example.de>',
  'To: Anna <anna@example.com>, bob@example.com',
  'Cc: =?UTF-8?Q?Zo=C3=AB?= <zoe@example.com>',
  'Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgTcO8bmNoZW4=?=',
  'Date: Fri, 01 Mar 2024 10:15:00 +0100',
  'Message-ID: <abc123@example.de>',
  'In-Reply-To: <prev@example.de>',
  'References: <root@example.de> <prev@example.de>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: multipart/related; boundary="b2"',
  '',
  '--b2',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Hallo <img src="cid:logo@x"></p>',
  '--b2',
  'Content-Type: image/png',
  'Content-ID: <logo@x>',
  'Content-Transfer-Encoding: base64',
  '',
  'iVBORw0KGgo=',
  '--b2--',
  '--b1',
  'Content-Type: application/octet-stream; name="../../evil\u202Etxt.exe"',
  'Content-Disposition: attachment; filename="../../evil\u202Etxt.exe"',
  'Content-Transfer-Encoding: base64',
  '',
  'SGVsbG8gd29ybGQ=',
  '--b1',
  'Content-Type: message/rfc822',
  'Content-Disposition: attachment; filename="inner.eml"',
  '',
  'From: inner@example.com',
  'Subject: Inner message',
  'Date: Thu, 29 Feb 2024 08:00:00 -0500',
  '',
  'inner body',
  '--b1--',
  '',
].join('\r\n');

type Entry = Parameters<typeof burn>[0][number];

function utf16(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(`${s}\u0000`, 'utf16le'));
}

/** A minimal .msg built with msgreader's own CFB writer (toolchain.md §5). */
export function buildMsg(opts: {
  /** Extra root streams, e.g. `__substg1.0_0037001E` for an ANSI subject. */
  streams?: Array<{ name: string; data: Uint8Array }>;
  /** Extra fixed-size root properties (PT_LONG), e.g. PR_MESSAGE_CODEPAGE. */
  longProps?: Array<{ tag: number; value: number }>;
  subject: string;
  body?: string;
  senderName?: string;
  senderSmtp?: string;
  to?: Array<{ name: string; email: string; addrType?: string }>;
  attachment?: { name: string; data: Uint8Array };
  /** More attached files, after `attachment`. */
  attachments?: Array<{ name: string; data: Uint8Array }>;
  /** An embedded message (PR_ATTACH_DATA_OBJ storage, attach method 5). */
  embedded?: { subject: string; body: string; attachment?: { name: string; data: Uint8Array } };
}): Uint8Array {
  const entries: Entry[] = [];
  const root: Entry = { name: 'Root Entry', type: 5, children: [], length: 0 } as Entry;
  entries.push(root);
  const stream = (name: string, input: Uint8Array, parent: Entry) => {
    // The Burner reads `.buffer`, so a pooled Buffer slice would leak its neighbours: copy.
    const data = Uint8Array.from(input);
    const idx = entries.length;
    entries.push({ name, type: 2, binaryProvider: () => data, length: data.byteLength } as Entry);
    parent.children!.push(idx);
  };
  const storage = (name: string, parent: Entry): Entry => {
    const idx = entries.length;
    const e = { name, type: 1, children: [], length: 0 } as Entry;
    entries.push(e);
    parent.children!.push(idx);
    return e;
  };
  const props = (count: number, header: number) => {
    const b = new Uint8Array(header);
    const dv = new DataView(b.buffer);
    dv.setUint32(8, count, true);
    dv.setUint32(12, count, true);
    dv.setUint32(16, count, true);
    dv.setUint32(20, count, true);
    return b;
  };
  if (opts.subject !== '') stream('__substg1.0_0037001F', utf16(opts.subject), root);
  for (const x of opts.streams ?? []) stream(x.name, x.data, root);
  stream('__substg1.0_001A001F', utf16('IPM.Note'), root);
  if (opts.body) stream('__substg1.0_1000001F', utf16(opts.body), root);
  if (opts.senderName) stream('__substg1.0_0C1A001F', utf16(opts.senderName), root);
  if (opts.senderSmtp) stream('__substg1.0_5D01001F', utf16(opts.senderSmtp), root);
  const to = opts.to ?? [];
  to.forEach((r, i) => {
    const s = storage(`__recip_version1.0_#${i.toString(16).toUpperCase().padStart(8, '0')}`, root);
    stream('__substg1.0_3001001F', utf16(r.name), s);
    stream('__substg1.0_3003001F', utf16(r.email), s);
    stream('__substg1.0_3002001F', utf16(r.addrType ?? 'SMTP'), s);
    const p = new Uint8Array(8 + 16);
    const dv = new DataView(p.buffer);
    dv.setUint32(8, 0x0c150003, true);
    dv.setUint32(16, 1, true);
    stream('__properties_version1.0', p, s);
  });
  const attachName = (i: number) => `__attach_version1.0_#${i.toString(16).toUpperCase().padStart(8, '0')}`;
  const files = [...(opts.attachment ? [opts.attachment] : []), ...(opts.attachments ?? [])];
  files.forEach((f, i) => {
    const s = storage(attachName(i), root);
    stream('__substg1.0_3707001F', utf16(f.name), s);
    stream('__substg1.0_37010102', f.data, s);
    stream('__properties_version1.0', new Uint8Array(8), s);
  });
  if (opts.embedded) {
    const s = storage(attachName(files.length), root);
    const method = new Uint8Array(8 + 16);
    const mdv = new DataView(method.buffer);
    mdv.setUint32(8, 0x37050003, true);
    mdv.setUint32(16, 5, true);
    stream('__properties_version1.0', method, s);
    const obj = storage('__substg1.0_3701000D', s);
    stream('__substg1.0_0037001F', utf16(opts.embedded.subject), obj);
    stream('__substg1.0_1000001F', utf16(opts.embedded.body), obj);
    if (opts.embedded.attachment) {
      const a = storage(attachName(0), obj);
      stream('__substg1.0_3707001F', utf16(opts.embedded.attachment.name), a);
      stream('__substg1.0_37010102', opts.embedded.attachment.data, a);
      stream('__properties_version1.0', new Uint8Array(8), a);
    }
    stream('__properties_version1.0', new Uint8Array(24), obj);
  }
  const longProps = opts.longProps ?? [];
  const rootProps = new Uint8Array(32 + 16 * longProps.length);
  rootProps.set(props(to.length, 32));
  const rdv = new DataView(rootProps.buffer);
  longProps.forEach((p, i) => {
    rdv.setUint32(32 + i * 16, p.tag, true);
    rdv.setUint32(32 + i * 16 + 8, p.value, true);
  });
  stream('__properties_version1.0', rootProps, root);
  return burn(entries);
}
