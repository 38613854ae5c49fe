import { Transform, type TransformCallback } from 'node:stream';

const MAX_HEADER_BYTES = 512 * 1024;
const FIELD = /^[!-9;-~]+[ \t]*:/;
// Only lines that begin with an RFC 2047 encoded-word are taken as lost continuations: any
// other bare line may be the start of a body whose blank separator line is missing.
const ENCODED_WORD_START = /^=\?[^?\s]+\?[bq]\?/i;

/**
 * Repairs folding in the top-level header block before mailparser sees it: some senders wrap a
 * long header without the leading whitespace RFC 5322 requires (seen in the corpus: a Subject
 * split into encoded-words on bare lines). mailparser drops such lines, truncating the header;
 * a bare line that starts with an encoded-word is joined to the previous field instead, with a
 * warning.
 * Whitespace before a field's colon (obsolete syntax) is removed too.
 */
export function headerRepair(onRepair: (count: number) => void): Transform {
  let head: Buffer[] = [];
  let headLen = 0;
  let done = false;
  const flushHead = (t: Transform, final: boolean) => {
    const buf = Buffer.concat(head);
    head = [];
    const text = buf.toString('latin1');
    const m = /\r?\n\r?\n/.exec(text);
    if (!m && !final && buf.length < MAX_HEADER_BYTES) {
      head = [buf];
      return false;
    }
    const end = m ? m.index : text.length;
    const lines = text.slice(0, end).split(/(\r?\n)/);
    let repaired = 0;
    let inHeader = false;
    for (let i = 0; i < lines.length; i += 2) {
      const line = lines[i]!;
      if (FIELD.test(line)) {
        inHeader = true;
        // Obsolete "Name  :" spacing; as the first line, "From  :" would pass for an mbox
        // "From " line and the From header would be dropped.
        const spaced = /^([!-9;-~]+)[ \t]+:/.exec(line);
        if (spaced) {
          lines[i] = `${spaced[1]}:${line.slice(spaced[0].length)}`;
          repaired++;
        }
      }
      else if (i > 0 && inHeader && ENCODED_WORD_START.test(line)) {
        lines[i] = ` ${line}`;
        repaired++;
      }
    }
    if (repaired > 0) onRepair(repaired);
    t.push(Buffer.from(lines.join('') + text.slice(end), 'latin1'));
    return true;
  };
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      if (done) return cb(null, chunk);
      head.push(chunk);
      headLen += chunk.length;
      done = flushHead(this, false) || headLen >= MAX_HEADER_BYTES;
      if (done && head.length) flushHead(this, true);
      cb();
    },
    flush(cb: TransformCallback) {
      if (!done && head.length) flushHead(this, true);
      cb();
    },
  });
}
