import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import type { ParseContext } from './context';
import { resolveLimits } from './limits';
import { parseMsg } from './parse-msg';
import { hashOnlySink } from './sink';
import { buildMsg } from './test-support/fixtures';
import { literalLzfu } from './test-support/tnef-writer';

function ctx(): ParseContext {
  return { limits: resolveLimits(), sink: hashOnlySink(), depth: 0, parts: { count: 0 }, parseNested: (b, c) => parseMsg(b, c) };
}
const nul = (b: Buffer) => Buffer.concat([b, Buffer.from([0])]);

describe('.msg specifics', () => {
  it('decodes ANSI strings with PR_MESSAGE_CODEPAGE, not PR_INTERNET_CPID', async () => {
    const msg = buildMsg({
      subject: '',
      streams: [{ name: '__substg1.0_0037001E', data: nul(iconv.encode('Привет, мир', 'cp1251')) }],
      longProps: [
        { tag: 0x3ffd0003, value: 1251 },
        { tag: 0x3fde0003, value: 65001 },
      ],
    });
    expect((await parseMsg(msg, ctx())).subject).toBe('Привет, мир');
  });

  it('falls back to the locale\'s ANSI code page without PR_MESSAGE_CODEPAGE', async () => {
    const msg = buildMsg({
      subject: '',
      streams: [{ name: '__substg1.0_0037001E', data: nul(iconv.encode('コム ドット', 'cp932')) }],
      longProps: [{ tag: 0x3ff10003, value: 1041 }, { tag: 0x3fde0003, value: 50220 }],
    });
    expect((await parseMsg(msg, ctx())).subject).toBe('コム ドット');
  });

  it('reads a binary HTML body in the internet code page', async () => {
    const msg = buildMsg({
      subject: 'html',
      streams: [{ name: '__substg1.0_10130102', data: iconv.encode('<p>Größe</p>', 'cp1252') }],
      longProps: [{ tag: 0x3fde0003, value: 1252 }],
    });
    expect((await parseMsg(msg, ctx())).html).toBe('<p>Größe</p>');
  });

  it('falls back to the HTML\'s own meta charset without PR_INTERNET_CPID', async () => {
    const html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body>Привет</body></html>';
    const msg = buildMsg({ subject: 'meta', streams: [{ name: '__substg1.0_10130102', data: iconv.encode(html, 'cp1251') }] });
    expect((await parseMsg(msg, ctx())).html).toContain('<body>Привет</body>');
  });

  it('de-encapsulates HTML from compressed RTF and turns RTF-only bodies into text and simple HTML', async () => {
    const encapsulated = '{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 {\\*\\htmltag1 <p>}Hi {\\*\\htmltag1 </p>}}';
    const a = await parseMsg(buildMsg({ subject: 'a', streams: [{ name: '__substg1.0_10090102', data: literalLzfu(encapsulated) }] }), ctx());
    expect(a.html).toBe('<p>Hi </p>');
    expect(a.text).toBe('Hi');
    const plain = "{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}}\\pard Zeile 1\\par Zeile <2> \\'e4}";
    const b = await parseMsg(buildMsg({ subject: 'b', streams: [{ name: '__substg1.0_10090102', data: literalLzfu(plain) }] }), ctx());
    expect(b.text).toBe('Zeile 1\nZeile <2> ä');
    expect(b.html).toBe('<div>Zeile 1<br>\nZeile &lt;2&gt; ä</div>');
    expect(b.warnings.join()).toMatch(/RTF-only/);
  });

  it('parses an embedded .msg as a child and keeps it as an attachment', async () => {
    const inner = buildMsg({ subject: 'Inner', body: 'inner body' });
    const outer = buildMsg({ subject: 'Outer', attachment: { name: 'inner.msg', data: inner }, embedded: { subject: 'Forwarded item', body: 'fw body' } });
    const m = await parseMsg(outer, ctx());
    // Attached as bytes (PR_ATTACH_DATA_BIN), a .msg file is an ordinary attachment: no guessing.
    expect(m.attachments[0]).toMatchObject({ originalName: 'inner.msg', embeddedIndex: null, size: inner.byteLength });
    // Attached as an item (PR_ATTACH_DATA_OBJ), it is parsed and kept as msgreader's re-burned .msg.
    expect(m.attachments[1]).toMatchObject({ originalName: 'Forwarded item.msg', contentType: 'application/vnd.ms-outlook', embeddedIndex: 0 });
    expect(m.embedded[0]).toMatchObject({ format: 'msg', subject: 'Forwarded item', text: 'fw body' });
  });

  it('resolves Exchange recipients by name from the transport headers, never keeping an X.500 DN', async () => {
    const headers = 'From: Sam <sam@example.com>\r\nTo: Rita Rossi <rita@example.com>\r\nDate: Fri, 01 Mar 2024 10:15:00 +0100\r\n';
    const msg = buildMsg({
      subject: 'ex',
      to: [
        { name: 'Rita Rossi', email: '/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=RITA', addrType: 'EX' },
        { name: 'Nobody', email: '/O=EXCHANGELABS/CN=NOBODY', addrType: 'EX' },
      ],
      streams: [{ name: '__substg1.0_007D001F', data: new Uint8Array(Buffer.from(`${headers}\u0000`, 'utf16le')) }],
    });
    const m = await parseMsg(msg, ctx());
    expect(m.to).toEqual([
      { name: 'Rita Rossi', address: 'rita@example.com' },
      { name: 'Nobody', address: '' },
    ]);
    expect(m.from).toEqual([{ name: 'Sam', address: 'sam@example.com' }]);
    expect(m.date).toBe('2024-03-01T10:15:00+01:00'); // no submit time in the item: the header's Date
  });

  it('takes From from the represented mailbox and Sender from the one that sent on its behalf', async () => {
    const u16 = (t: string) => new Uint8Array(Buffer.from(`${t}\u0000`, 'utf16le'));
    const msg = buildMsg({
      subject: 'on behalf',
      senderName: 'Assistant',
      senderSmtp: 'assistant@example.com',
      streams: [
        { name: '__substg1.0_0042001F', data: u16('Boss') },
        { name: '__substg1.0_5D02001F', data: u16('boss@example.com') },
      ],
    });
    const m = await parseMsg(msg, ctx());
    expect(m.from).toEqual([{ name: 'Boss', address: 'boss@example.com' }]);
    expect(m.sender).toEqual({ name: 'Assistant', address: 'assistant@example.com' });
  });
});
