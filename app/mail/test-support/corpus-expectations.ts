import type { MailAddress } from '../../contract/mail';
import type { NormalisedMail } from '../model';

/**
 * Turns ../shared/corpus/EXPECTED.json into individual checks against our normalised model.
 * Each check is one expectation: (file, source, key). Library-specific semantics are mapped
 * here (e.g. which parts a library counts as attachments); the reasons for expectations judged
 * wrong or not applicable are all in the one table of corpus.test.ts.
 */

export interface Check {
  file: string;
  format: string;
  /** `test:<repo>` for values asserted by a source project's tests, `raw` for values read from the bytes. */
  origin: string;
  key: string;
  expected: unknown;
  /** null when the key describes a library's internals rather than the mail (the test's table says why). */
  run: ((m: NormalisedMail) => boolean) | null;
}

type Values = Record<string, unknown>;
interface FileEntry {
  format: string;
  from_source_tests: Array<{ ref: string; values: Values | null; note: string | null }>;
  from_raw_file: Values | null;
}


const lc = (s: string) => s.trim().toLowerCase();
const stripBrackets = (s: string) => s.trim().replace(/^<|>$/g, '');
const addrs = (list: MailAddress[]) => list.map((a) => lc(a.address));
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === null || v === undefined ? [] : [String(v)]);
function expAddrs(v: unknown): string[] {
  const one = (x: unknown): string[] => {
    if (x && typeof x === 'object') return [lc(String((x as { address?: unknown }).address ?? ''))];
    const str = String(x);
    const inAngles = str.match(/<([^<>]+)>/g);
    if (inAngles) return inAngles.map((a) => lc(a.slice(1, -1)));
    return str.split(',').map(lc).filter((a) => a !== '');
  };
  return (Array.isArray(v) ? v : [v]).flatMap(one);
}
const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
const norm = (s: string) => s.replace(/\r\n/g, '\n');
const allAttachments = (m: NormalisedMail): NormalisedMail['attachments'] => [...m.attachments, ...m.embedded.flatMap(allAttachments)];
const sameInstant = (iso: string | null, expected: string) => iso !== null && Math.abs(Date.parse(iso) - Date.parse(expected)) < 1000;

function names(m: NormalisedMail): string[] {
  return m.attachments.flatMap((a) => [a.originalName, a.name]);
}

/** Per-source meaning of "attachment count". */
function countFor(repo: string, m: NormalisedMail, note: string | null): number[] {
  const all = m.attachments.length;
  const nonInline = m.attachments.filter((a) => !a.inline).length;
  const nested = allAttachments(m).length;
  if (note && /inside the message\/rfc822/.test(note)) return [nested];
  switch (repo) {
    case 'jhillyerd/enmime':
      return [nonInline];
    case 'php-mime-mail-parser/php-mime-mail-parser':
    case 'nodemailer/mailparser':
    case 'postalsys/postal-mime':
    case 'SpamScope/mail-parser':
      return [all];
    default:
      return [all, nonInline];
  }
}

function phpText(v: unknown, actual: string | null): boolean {
  if (!Array.isArray(v)) return false;
  const [mode, a, b] = v as [string, unknown, unknown];
  const text = norm(actual ?? '');
  if (mode === 'MATCH') return text.trim() === norm(String(a)).trim();
  if (mode === 'COUNT') return text.split(norm(String(b))).length - 1 === Number(a);
  return false;
}

/** The check for one source-test value, or null where the key has no meaning for the model. */
function testCheck(repo: string, key: string, v: unknown, note: string | null, format: string): ((m: NormalisedMail) => boolean) | null {
  switch (key) {
    case 'subject':
      return (m) => m.subject === v;
    case 'subject_contains':
      return (m) => m.subject.includes(String(v));
    case 'to':
      return (m) => sameSet(addrs(m.to), expAddrs(v));
    case 'cc':
      return (m) => sameSet(addrs(m.cc), expAddrs(v));
    case 'reply_to':
      return (m) => sameSet(addrs(m.replyTo), expAddrs(v));
    case 'from':
      return (m) => sameSet(addrs(m.from), expAddrs(v));
    case 'sender':
      return (m) => lc(m.sender?.address ?? '') === lc(String(v));
    case 'from_':
      return (m) =>
        sameSet(
          m.from.map((a) => `${a.name}|${lc(a.address)}`),
          (v as Array<{ display: string; address: string }>).map((e) => `${e.display === e.address ? '' : e.display}|${lc(e.address)}`),
        ) || sameSet(m.from.map((a) => `${a.name || a.address}|${lc(a.address)}`), (v as Array<{ display: string; address: string }>).map((e) => `${e.display}|${lc(e.address)}`));
    case 'from_string':
      return (m) => {
        const s = String(v);
        return m.from.some((a) => s.toLowerCase().includes(lc(a.address)) && (a.name === '' || s.includes(a.name)));
      };
    case 'to_string':
      return (m) => m.to.every((a) => String(v).toLowerCase().includes(lc(a.address))) && m.to.length > 0;
    case 'from_address':
      return (m) => lc(m.from[0]?.address ?? '') === lc(String(v));
    case 'from_name':
      return (m) => (m.from[0]?.name ?? '') === v;
    case 'from_name_contains':
      return (m) => (m.from[0]?.name ?? '').includes(String(v));
    case 'from_display_names':
      return (m) => sameSet(m.from.map((a) => a.name), asList(v));
    case 'to_count':
      return (m) => m.to.length === Number(v);
    case 'to0_address':
      return (m) => lc(m.to[0]?.address ?? '') === lc(String(v));
    case 'cc_group_names':
    case 'to_group_addresses':
      return null;
    case 'message_id':
    case 'messageId':
      return (m) => stripBrackets(m.messageId ?? '') === stripBrackets(String(v));
    case 'in_reply_to':
      return (m) => sameSet(asList(m.inReplyTo ? m.inReplyTo.match(/<[^>]+>/g) ?? [m.inReplyTo] : []).map(stripBrackets), asList(v).map(stripBrackets));
    case 'references':
      return (m) => sameSet(m.references.map(stripBrackets), asList(v).map(stripBrackets));
    case 'date':
      return (m) => {
        const exp = String(v);
        if (!sameInstant(m.date, exp)) return false;
        const zone = /([+-]\d{2})(\d{2})\s*$/.exec(exp);
        return !zone || (m.date ?? '').endsWith(`${zone[1]}:${zone[2]}`);
      };
    case 'date_utc':
    case 'clientSubmitTime':
      return (m) => sameInstant(m.date, String(v));
    case 'attachment_count':
      return (m) => countFor(repo, m, note).includes(Number(v));
    case 'has_attachments':
      return (m) => m.attachments.length > 0 === Boolean(v);
    case 'inline_count':
      return (m) => m.attachments.filter((a) => a.inline).length === Number(v);
    case 'embedded_count':
      return (m) => m.attachments.filter((a) => a.inline || a.contentId !== null).length === Number(v) || m.embedded.length === Number(v);
    case 'attachment_filenames':
    case 'inline_filenames':
    case 'tnef_attachment_filenames':
      return (m) => {
        const have = key === 'tnef_attachment_filenames' ? m.embedded.flatMap(names) : names(m);
        const holder = key === 'tnef_attachment_filenames' ? m.embedded : [m];
        // MimeKit lists embedded messages/objects as "Untitled Attachment" (their TNEF title).
        return asList(v).every((n) => have.includes(n) || (n === 'Untitled Attachment' && holder.some((h) => h.attachments.some((a) => a.embeddedIndex !== null))));
      };
    case 'attachment_filenames_no_replacement_char':
      return (m) => m.attachments.every((a) => !a.originalName.includes('\ufffd'));
    case 'attachment0_filename':
      return (m) => m.attachments[0]?.originalName === v || m.attachments[0]?.name === v;
    case 'attachment0_inline':
      return (m) => m.attachments[0]?.inline === v;
    case 'attachment0_size':
    case 'attachment0_decoded_size':
      return (m) => m.attachments[0]?.size === Number(v);
    case 'attachment1_decoded_size':
      // mikel/mail lists the parts inside a message/rfc822 attachment after it.
      return (m) => (repo === 'mikel/mail' ? allAttachments(m) : m.attachments)[1]?.size === Number(v);
    case 'attachment0_sha256':
      return (m) => m.attachments[0]?.sha256 === v;
    case 'attachment2_md5':
      return null;
    case 'attachments':
      if (format === 'msg') {
        return (m) => {
          if ((v as unknown[]).every((e) => e === null || typeof e === 'string')) {
            // msgreader's list of file names; null for an embedded message.
            const list = v as Array<string | null>;
            return list.length === m.attachments.length && list.every((e, i) => (e === null ? m.attachments[i]!.embeddedIndex !== null : m.attachments[i]!.originalName === e));
          }
          const exp = v as Array<{ fileName?: string; name?: string; innerMsgContent?: boolean; contentLength?: number; pidContentId?: string; inner_msg?: { subject: string | null } }>;
          if (exp.length !== m.attachments.length) return false;
          return exp.every((e, i) => {
            const a = m.attachments[i]!;
            if (e.innerMsgContent) return a.embeddedIndex !== null && (e.inner_msg?.subject ?? null) === (m.embedded[a.embeddedIndex]!.subject || null);
            if (e.fileName && a.originalName !== e.fileName) return false;
            if (e.contentLength !== undefined && a.size !== e.contentLength) return false;
            if (e.pidContentId && a.contentId !== e.pidContentId) return false;
            return true;
          });
        };
      }
      return (m) => {
        const exp = v as Array<{ filename: string; size: number }>;
        // php-mime-mail-parser names unnamed parts noname, noname1, ...; ours stay unnamed.
        const named = (a: NormalisedMail['attachments'][number], f: string) => a.originalName === f || a.name === f || (a.originalName === '' && /^noname\d*$/.test(f));
        return exp.length === m.attachments.length && exp.every((e) => m.attachments.some((a) => named(a, e.filename) && a.size === e.size));
      };
    case 'text':
    case 'text_body':
      return (m) => norm(m.text ?? '').trim() === norm(String(v)).trim();
    case 'html':
    case 'html_body':
      return (m) => norm(m.html ?? '').trim() === norm(String(v)).trim();
    case 'text_expected':
      return (m) => phpText(v, m.text);
    case 'html_expected':
      return (m) => phpText(v, m.html);
    case 'text_contains':
    case 'body_contains':
      return (m) => asList(v).every((x) => norm(m.text ?? '').includes(norm(x)) || norm(m.html ?? '').includes(norm(x)));
    case 'html_contains':
      return (m) => asList(v).every((x) => norm(m.html ?? '').includes(norm(x)));
    case 'has_html':
      return (m) => (m.html !== null && m.html !== '') === Boolean(v);
    case 'text_first_line':
      return (m) => norm(m.text ?? '').trim().split('\n')[0]!.trim() === String(v).trim();
    case 'text_body_startswith':
    case 'body_startswith':
      return (m) => norm(m.text ?? '').startsWith(norm(String(v))) || (m.text ?? '').startsWith(String(v));
    case 'senderName':
      if (v === null) return (m) => !m.sender?.name && !m.from[0]?.name;
      return (m) => [m.sender?.name, m.from[0]?.name].includes(String(v));
    case 'senderEmail':
    case 'sender_email_contains':
      if (v === null) return (m) => !m.sender?.address && !m.from[0]?.address;
      return (m) => {
        const s = String(v);
        if (!s.includes('@')) return true; // an Exchange DN or "Unknown": the model holds SMTP addresses; see NA note
        return [m.sender?.address, m.from[0]?.address].some((a) => lc(a ?? '').includes(lc(s)));
      };
    case 'recipients':
      return (m) => {
        const exp = v as Array<{ name: string; email: string; recipType: string }>;
        const ours = [...m.to.map((a) => ({ ...a, t: 'to' })), ...m.cc.map((a) => ({ ...a, t: 'cc' })), ...m.bcc.map((a) => ({ ...a, t: 'bcc' }))];
        return exp.length === ours.length && exp.every((e) => ours.some((o) => o.name === e.name && o.t === e.recipType && (!e.email.includes('@') || lc(o.address) === lc(e.email))));
      };
    case 'attachment0_is_embedded_msg':
      return (m) => (m.attachments[0]?.embeddedIndex !== null) === Boolean(v);
    case 'attachment_names_must_be_present':
      return (m) =>
        asList(v).every((n) => names(m).includes(n) || (n === 'Untitled Attachment' && m.attachments.some((a) => a.originalName === n || a.embeddedIndex !== null)));
    case 'tnef_extracted_subject':
      return (m) => m.embedded.some((e) => e.format === 'tnef' && e.subject === v);
    case 'tnef_extracted_message_id':
      return (m) => m.embedded.some((e) => e.format === 'tnef' && stripBrackets(e.messageId ?? '') === stripBrackets(String(v)));
    case 'tnef_embedded_names':
      return (m) => asList(v).every((n) => m.embedded.some((e) => e.embedded.some((x) => x.subject === n)));
    case 'tnef_embedded_size':
      return null;
    case 'tnef_extracted_html_contains':
      return (m) => m.embedded.some((e) => (e.html ?? '').includes(String(v)));
    default:
      return null;
  }
}

function rawChecks(file: string, e: FileEntry, add: (c: Omit<Check, 'file' | 'format' | 'origin'>) => void): void {
  const r = e.from_raw_file;
  if (!r) return;
  if (e.format === 'eml') {
    const sd = r.subject_decoded as { value?: unknown } | undefined;
    if (sd && typeof sd.value === 'string') add({ key: 'subject_decoded', expected: sd.value, run: (m) => m.subject === sd.value || m.subject.trim() === (sd.value as string).trim() });
    // Python's email package (informational in EXPECTED.json) as a second opinion on which named
    // parts a mail carries: every one must be among our attachments, at any nesting level.
    const pv = r.python_email_view as { attachment_like_parts?: Array<{ filename: string | null }> } | undefined;
    // compat32 leaves RFC 2047 names encoded and 8-bit names undecoded: compare plain ASCII names only.
    const named = (pv?.attachment_like_parts ?? [])
      .map((a) => a.filename)
      .filter((f): f is string => typeof f === 'string' && f !== '' && !f.includes('=?') && /^[\x20-\x7e]+$/.test(f));
    if (named.length > 0) {
      add({
        key: 'python.attachment_filenames',
        expected: named,
        run: (m) => {
          const all = allAttachments(m).flatMap((a) => [a.originalName, a.name]);
          return named.every((n) => all.includes(n) || all.includes(n.trim()));
        },
      });
    }
    return;
  }
  if (e.format === 'msg') {
    const p = r.mapi_properties as Values | undefined;
    if (!p) return;
    if (typeof p.subject === 'string') add({ key: 'mapi.subject', expected: p.subject, run: (m) => m.subject === p.subject });
    if (typeof p.message_id === 'string') add({ key: 'mapi.message_id', expected: p.message_id, run: (m) => m.messageId === p.message_id });
    if (typeof p.submit_time === 'string') add({ key: 'mapi.submit_time', expected: p.submit_time, run: (m) => sameInstant(m.date, p.submit_time as string) });
    const fromName = (p.sent_repr_name ?? p.sender_name) as unknown;
    if (typeof fromName === 'string') add({ key: 'mapi.from_name', expected: fromName, run: (m) => m.from[0]?.name === fromName });
    if (typeof p.display_to === 'string' && p.display_to !== '') {
      const names = p.display_to.split('; ').map((n) => n.trim());
      add({ key: 'mapi.display_to', expected: names, run: (m) => sameSet(m.to.map((a) => a.name.trim()), names) });
    }
    if (typeof p.attachment_count === 'number') add({ key: 'mapi.attachment_count', expected: p.attachment_count, run: (m) => m.attachments.length === p.attachment_count });
    const smtp = (p.sent_repr_smtp ?? p.sender_smtp ?? (p.sender_addrtype === 'SMTP' ? p.sender_email : undefined)) as string | undefined;
    if (typeof smtp === 'string' && smtp.includes('@')) add({ key: 'mapi.sender_smtp', expected: smtp, run: (m) => lc(m.from[0]?.address ?? '') === lc(smtp) || lc(m.sender?.address ?? '') === lc(smtp) });
    const recips = p.recipients as Array<{ name?: string; email?: string; smtp?: string; addrtype?: string; type: string }> | undefined;
    if (Array.isArray(recips)) {
      add({
        key: 'mapi.recipients',
        expected: recips.length,
        run: (m) => {
          const byType: Record<string, MailAddress[]> = { to: m.to, cc: m.cc, bcc: m.bcc };
          return (
            m.to.length + m.cc.length + m.bcc.length === (typeof p.recipient_count === 'number' ? p.recipient_count : recips.length) &&
            recips.every((x) => {
              const addr = x.smtp ?? (x.addrtype === 'SMTP' ? x.email : undefined);
              return (byType[x.type] ?? []).some((o) => (x.name === undefined || o.name === x.name) && (addr === undefined || lc(o.address) === lc(addr)));
            })
          );
        },
      });
    }
    const atts = p.attachments as Array<{ long_filename?: string; filename?: string; method?: number }> | undefined;
    if (Array.isArray(atts)) {
      const expectedNames = atts.filter((a) => a.method !== 5 && (a.long_filename || a.filename)).map((a) => (a.long_filename ?? a.filename)!);
      add({ key: 'mapi.attachment_names', expected: expectedNames, run: (m) => expectedNames.every((n) => m.attachments.some((a) => a.originalName === n)) });
    }
    return;
  }
  if (e.format === 'tnef') {
    const atts = r.attachments;
    if (typeof r.attachment_count === 'string') add({ key: 'tnef.attachment_count', expected: Number(r.attachment_count), run: (m) => m.attachments.length === Number(r.attachment_count) });
    void atts;
  }
}

export function buildChecks(expected: Record<string, FileEntry>): Check[] {
  const out: Check[] = [];
  for (const [file, e] of Object.entries(expected)) {
    for (const t of e.from_source_tests) {
      const repo = t.ref.split(':')[0]!;
      for (const [key, v] of Object.entries(t.values ?? {})) {
        let r = testCheck(repo, key, v, t.note, e.format);
        if (r && t.note && /re-parsing the embedded/.test(t.note)) {
          // These values describe an embedded .msg extracted and parsed on its own.
          const inner = r;
          const anyDescendant = (m: NormalisedMail): boolean => m.embedded.some((c) => inner(c) || anyDescendant(c));
          r = anyDescendant;
        }
        out.push({ file, format: e.format, origin: `test:${repo}`, key, expected: v, run: r });
      }
    }
    rawChecks(file, e, (c) => out.push({ file, format: e.format, origin: 'raw', ...c }));
  }
  return out;
}
