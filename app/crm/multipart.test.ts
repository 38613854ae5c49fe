import { describe, expect, it } from 'vitest';
import { multipartBody, newBoundary } from './multipart';
import { joined } from './transport';

/** What fetch sends for the same FormData, with its boundary swapped for ours. */
async function viaFormData(fields: Record<string, string>, files: { field: string; filename: string; contentType: string; data: Uint8Array }[], boundary: string) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append(f.field, new Blob([f.data as Uint8Array<ArrayBuffer>], { type: f.contentType }), f.filename);
  const res = new Response(form);
  const theirs = /boundary=(.+)$/.exec(res.headers.get('content-type') ?? '')![1]!;
  return Buffer.from(Buffer.from(await res.arrayBuffer()).toString('latin1').split(theirs).join(boundary), 'latin1');
}

describe('multipartBody', () => {
  it('sends the bytes FormData sends, escapes included', async () => {
    const boundary = newBoundary();
    const fields = { operation: 'create', element: '{"subject":"Grüße \\"q\\""}', 'odd"name\r\nx': 'line1\nline2\rline3\r\nend' };
    const files = [
      { field: 'file_0', filename: '5f1a2b3c_report "anna".txt', contentType: 'Text/Plain', data: new TextEncoder().encode('Attachment one\n') },
      { field: 'file_1', filename: 'a\r\nb.bin', contentType: 'image/png\r\nX-Injected: 1', data: new Uint8Array([0, 0x0d, 0x0a, 0xff]) },
      { field: 'file_2', filename: 'empty.dat', contentType: '', data: new Uint8Array(0) },
    ];
    const ours = multipartBody(fields, files, boundary);
    expect(ours.contentType).toBe(`multipart/form-data; boundary=${boundary}`);
    expect(Buffer.from(joined(ours.body)).equals(await viaFormData(fields, files, boundary))).toBe(true);
    expect(Buffer.from(joined(ours.body)).toString('latin1')).not.toContain('X-Injected: 1\r\n');
  });

  it('carries a file as it is, not copied, and picks a fresh boundary each time', () => {
    const data = new Uint8Array(100_000).map((_, i) => (i * 7) & 0xff);
    const a = multipartBody({}, [{ field: 'file_0', filename: 'x', contentType: 'application/octet-stream', data }]);
    const b = multipartBody({}, [{ field: 'file_0', filename: 'x', contentType: 'application/octet-stream', data }]);
    expect(a.contentType).not.toBe(b.contentType);
    expect(a.body).toContain(data);
    const body = Buffer.from(joined(a.body));
    const start = body.indexOf('\r\n\r\n') + 4;
    expect(body.subarray(start, start + data.length).equals(data)).toBe(true);
  });
});
