import { describe, expect, it } from 'vitest';
import { checkCfbStructure } from './cfb-check';
import { embeddedMessageBytes } from './msg-embedded';
import { parseMsg } from './parse-msg';
import { sha256Hex } from './sink';
import { fragmentStream } from './test-support/cfb-tamper';
import { buildMsg } from './test-support/fixtures';
import { msgContext, msgreader, pseudoRandom } from './test-support/msg-kit';

const files = {
  contiguous: buildMsg({ subject: 'outer', body: 'o', embedded: { subject: 'inner', body: 'i', attachment: { name: 'big.bin', data: pseudoRandom(300_000, 7) } } }),
  fragmented: fragmentStream(
    buildMsg({ subject: 'outer', body: 'o', embedded: { subject: 'inner', body: 'i', attachment: { name: 'big.bin', data: pseudoRandom(20_000, 8) } } }),
    '__substg1.0_37010102',
  ),
};

// msgreader's own re-burn first, before the burn from views (which changes a msgreader write method) has run in this process.
const plainBurns = Object.fromEntries(
  Object.entries(files).map(([name, msg]) => {
    const reader = msgreader(msg);
    const att = reader.getFileData().attachments![0]!;
    return [name, Buffer.from(reader.getAttachment(att).content)];
  }),
);

describe('an embedded message re-burned from views of the file', () => {
  for (const [name, msg] of Object.entries(files)) {
    it(`gives the bytes msgreader's own re-burn gives (${name} chain)`, () => {
      const reader = msgreader(msg);
      const att = reader.getFileData().attachments![0]!;
      expect(att.innerMsgContent).toBe(true);
      const burned = embeddedMessageBytes(reader, att, msg, checkCfbStructure(msg));
      expect(Buffer.from(burned).equals(plainBurns[name]!)).toBe(true);
      // The reader is left as it was: a second burn, now msgreader's own, is the same again.
      expect(Buffer.from(reader.getAttachment(att).content).equals(plainBurns[name]!)).toBe(true);
    });
  }

  it('parses the embedded message and its attachment from the re-burned bytes', async () => {
    const data = pseudoRandom(300_000, 7);
    const m = await parseMsg(files.contiguous, msgContext());
    expect(m.attachments[0]).toMatchObject({ originalName: 'inner.msg', embeddedIndex: 0, sha256: sha256Hex(plainBurns.contiguous!) });
    expect(m.embedded[0]!.attachments[0]).toMatchObject({ originalName: 'big.bin', size: data.byteLength, sha256: sha256Hex(data) });
  });
});
