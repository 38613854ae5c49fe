import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCfbStructure } from './cfb-check';
import { streamViews } from './cfb-stream';
import { detectFormat } from './detect';
import { parseMsg } from './parse-msg';
import { sha256Hex } from './sink';
import { cutStreamChain, fragmentStream } from './test-support/cfb-tamper';
import { CORPUS, corpusPresent, manifest } from './test-support/corpus';
import { buildMsg } from './test-support/fixtures';
import { msgContext, msgreader, pseudoRandom } from './test-support/msg-kit';

function joined(views: Iterable<Uint8Array>): Buffer {
  return Buffer.concat([...views]);
}

const DATA = '__substg1.0_37010102';

describe('reading a stream straight from the file buffer', () => {
  it('gives the attachment bytes as views into the file, one view for contiguous sectors', () => {
    const sizes = [4095, 4096, 5000, 300_000];
    const files = sizes.map((n, i) => ({ name: `f${i}.bin`, data: pseudoRandom(n, i + 1) }));
    const msg = buildMsg({ subject: 's', attachments: files });
    const layout = checkCfbStructure(msg);
    const atts = msgreader(msg).getFileData().attachments!;
    expect(atts).toHaveLength(sizes.length);
    // Below 4 KB a stream lives in the mini stream: left to msgreader.
    expect(streamViews(msg, layout, atts[0]!.dataId!)).toBeNull();
    for (let i = 1; i < sizes.length; i++) {
      const views = [...streamViews(msg, layout, atts[i]!.dataId!)!];
      expect(views).toHaveLength(1);
      expect(views[0]!.buffer).toBe(msg.buffer);
      expect(joined(views).equals(files[i]!.data)).toBe(true);
    }
  });

  it('follows a chain whose sectors are out of order in the file', () => {
    const data = pseudoRandom(20_000, 9);
    const msg = fragmentStream(buildMsg({ subject: 's', attachment: { name: 'a.bin', data } }), DATA);
    const layout = checkCfbStructure(msg);
    const reader = msgreader(msg);
    const att = reader.getFileData().attachments![0]!;
    const views = [...streamViews(msg, layout, att.dataId!)!];
    expect(views.length).toBe(4);
    expect(joined(views).equals(data)).toBe(true);
    expect(joined(views).equals(Buffer.from(reader.getAttachment(att).content))).toBe(true);
  });

  it('declines a chain shorter than its stream, and the parse then spools what msgreader reads, as before', async () => {
    const msg = cutStreamChain(buildMsg({ subject: 's', attachment: { name: 'a.bin', data: pseudoRandom(20_000, 5) } }), DATA);
    const layout = checkCfbStructure(msg);
    expect(layout.warnings).toContain('a stream is shorter than declared');
    const reader = msgreader(msg);
    const att = reader.getFileData().attachments![0]!;
    expect(streamViews(msg, layout, att.dataId!)).toBeNull();
    const m = await parseMsg(msg, msgContext());
    expect(m.attachments[0]!.sha256).toBe(sha256Hex(reader.getAttachment(att).content));
  });

  it('declines what is not a reachable stream', () => {
    const msg = buildMsg({ subject: 's', attachment: { name: 'a.bin', data: pseudoRandom(5000, 2) } });
    const layout = checkCfbStructure(msg);
    expect(streamViews(msg, layout, 0)).toBeNull(); // the root storage
    expect(streamViews(msg, layout, layout.entries.length + 5)).toBeNull();
  });

  it.skipIf(!corpusPresent)('gives the same bytes as msgreader for every attachment of every corpus .msg', () => {
    let viaViews = 0;
    let declined = 0;
    for (const row of manifest()) {
      const bytes = readFileSync(join(CORPUS, row.path));
      if (detectFormat(bytes.subarray(0, 8192)) !== 'msg') continue;
      let layout;
      try {
        layout = checkCfbStructure(bytes);
      } catch {
        continue;
      }
      const reader = msgreader(bytes);
      const fields = reader.getFileData();
      for (const att of fields.attachments ?? []) {
        if (att.innerMsgContent === true || typeof att.dataId !== 'number') continue;
        const views = streamViews(bytes, layout, att.dataId);
        if (!views) {
          declined++;
          continue;
        }
        viaViews++;
        expect(joined(views).equals(Buffer.from(reader.getAttachment(att).content)), `${row.path} attachment ${att.dataId}`).toBe(true);
      }
    }
    console.log(`corpus .msg attachments: ${viaViews} read from the file buffer, ${declined} left to msgreader`);
    expect(viaViews).toBeGreaterThan(0);
  });
});
