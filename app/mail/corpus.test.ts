import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParsedMailView } from '../contract/mail';
import { ERROR_CODES } from '../contract/result';
import { AppError } from '../errors';
import { resolveLimits } from './limits';
import type { NormalisedMail } from './model';
import { createParserPool, defaultWorkerEntry, type ParserPool } from './parser-pool';
import { buildChecks } from './test-support/corpus-expectations';
import { CORPUS, corpusPresent, manifest, mapLimit } from './test-support/corpus';
import { toView } from './view';

/**
 * The one table of expectations we judge wrong or not applicable, with the reason for each.
 * `file|key`: that expectation is unmet for the stated reason (the test fails if it starts
 * passing, so the table cannot go stale). `*|key`: the key describes a library's internals
 * rather than the mail and is not checked anywhere. Any other unmet expectation, or a key with
 * neither a checker nor a row here, fails the test.
 */
const DIFFERENCES: Record<string, string> = {
  // not applicable to the model, for every file
  '*|messageClass': 'Outlook item class: not part of the mail model',
  '*|messageLocaleId': 'MAPI locale id: used internally for the ANSI code page, not part of the model',
  '*|internetCodepage': 'MAPI code page: used internally for decoding, not part of the model',
  '*|messageCodepage': 'MAPI code page: used internally for decoding, not part of the model',
  '*|senderAddressType': 'MAPI address type: the model carries SMTP addresses only',
  '*|messageDeliveryTime': 'delivery time: the model keeps the sent date (clientSubmitTime is checked)',
  '*|enmime_expected_warning': "enmime's own warning identifiers",
  '*|enmime_error': "enmime's own error identifiers",
  '*|malformed': 'a verdict of the source library; we parse leniently and record warnings',
  '*|boundary': 'MIME structure, not part of the model',
  '*|first_part_boundary': 'MIME structure, not part of the model',
  '*|part_types': 'MIME structure, not part of the model',
  '*|mime_type': 'MIME structure, not part of the model',
  '*|multipart': 'MIME structure, not part of the model',
  '*|first_part_child_count': 'MIME structure, not part of the model',
  '*|top_level_part_count': 'MIME structure, not part of the model',
  '*|other_part_count': "enmime's OtherParts: MIME structure",
  '*|other_parts': "enmime's OtherParts: MIME structure",
  '*|other_part_filenames': "enmime's OtherParts: MIME structure",
  '*|inline_text_parts': 'MIME structure',
  '*|text_html_part_count': 'MIME structure',
  '*|content_type': 'MIME structure of the root part',
  '*|content_disposition': 'MIME structure',
  '*|content_disposition_param_SOURCE-FILENAME': 'a non-standard disposition parameter',
  '*|attachment_encoding': 'transfer encoding of a part: not part of the model',
  '*|action': 'DSN report field (delivery-status parsing is not in the model)',
  '*|final_recipient': 'DSN report field',
  '*|error_status': 'DSN report field',
  '*|diagnostic_code': 'DSN report field',
  '*|remote_mta': 'DSN report field',
  '*|delivery_status_report': 'DSN report field',
  '*|bounced': 'bounce classification (not in the model)',
  '*|resent_from': 'Resent-* headers are not in the model',
  '*|resent_to': 'Resent-* headers are not in the model',
  '*|resent_date': 'Resent-* headers are not in the model',
  '*|resent_message_id': 'Resent-* headers are not in the model',
  '*|received_count_min': 'Received headers are not in the model',
  '*|x_msmail_priority': 'priority headers are not in the model',
  '*|python_email_defects_include': "Python email's defect list",
  '*|has_defects': "Python email's defect list",
  '*|charset_note': 'a note, not a value',
  '*|attachment_count_note': 'a note, not a value',
  '*|compliance_status': "MimeKit's TNEF compliance flags",
  '*|expected_extracted_contents_dir': 'a directory of MimeKit sidecars (names checked via attachment_names_must_be_present)',
  '*|body_part': "MimeKit's body part file name",
  '*|tnef_part0': "MimeKit's MIME re-encoding of TNEF (part order), not part of the model",
  '*|tnef_extracted_part_count': "MimeKit's MIME re-encoding of TNEF, not part of the model",
  '*|tnef_extracted_charset': "MimeKit's MIME re-encoding of TNEF (we output Unicode)",
  '*|tnef_extracted_body': "MimeKit's MIME re-encoding of TNEF (we check the HTML content instead)",
  '*|attachment_sha1_known': 'a note that a sha1 exists upstream; no value given',
  '*|embedded_msg_path': 'path of a sidecar, not a value',
  '*|embedded_msg_saved_size': "size of msgreader's re-burned .msg; our re-burned bytes are the same library's but the size depends on its writer",
  '*|text_not_managed': 'a library limitation note',
  '*|postal_mime_text': 'postal-mime text rendering; mailparser (our parser) renders this body differently (the file also has a mailparser text expectation)',
  '*|attachment_filenames_on_save': "a library's on-disk naming scheme",
  '*|attachment_names_written': "a library's on-disk naming scheme",
  '*|attachment0_calendar_method': 'iCalendar METHOD of an attachment: not part of the model',
  '*|html_length_bytes': "byte length of a library's HTML rendering",
  '*|html_embedded_image_count': "php-mime-mail-parser's rewriting of embedded images",
  '*|text_derived_from_html': "a library's html-to-text rendering",
  '*|attachment_count_with_rfc822_as_attachments': 'an alternative count of another library mode (attachment_count is checked)',
  '*|message_itself_is_attachment': "a library's view of a single-part attachment message",
  '*|subject_raw_bytes_latin1': 'raw bytes; the decoded subject is checked by other expectations',
  '*|message_body': "a library's rendering",
  '*|body_decoded_chomped': "a library's rendering of a single part",
  '*|body_decoded': "a library's rendering of a single part",
  '*|attachments_0_and_1_same_content': 'checked implicitly (same sha256)',
  '*|cc_group_names': 'address groups are flattened into their members in the model',
  '*|to_group_addresses': 'address groups are flattened into their members in the model',
  '*|attachment2_md5': 'md5 of a part: we keep sha256 (sizes are checked elsewhere)',
  '*|tnef_embedded_size': "MimeKit's size of a re-encoded embedded message",
  // judged wrong or differing by library semantics, per file
  'files/hiraoka-msgreader/test/contactAnsi.msg|subject':
    'judged wrong: msgreader decodes PT_STRING8 without a code page ("R hbg COUv a"); the bytes 83 52 83 80 ... are cp932 (locale 1041) and we decode "コム ドット イグザンプル 殿", the corpus README trap',
  'files/sicos-msgreader/EmailWithReactions.msg|body_contains': "MsgReader's rendered reactions summary (PidNameReactionsSummary), not part of the mail body",
  'files/sicos-msgreader/TestWithAttachmentsAndInlines.eml|attachment_filenames':
    'library semantics: MSGReader prefers Content-Type name= over Content-Disposition filename= ("attachment1.txt" vs "attachment1f.txt"); we follow RFC 2183 and mikel/mail (which asserts the opposite in attachment_content_disposition.eml)',
  'files/sicos-msgreader/UTF-8_Test.eml|subject_decoded':
    'judged wrong: the mechanical reader stopped at a Subject folded without leading whitespace; we repair the folding (with a warning) and meet the source test\'s full subject',
  'files/mikel-mail/attachment_emails/attachment_message_rfc822_inline_image.eml|attachment1_decoded_size':
    'judged not applicable: we keep the message/rfc822 part byte for byte (1851 bytes, the same sha256 as the raw slice of the file between its headers and the closing boundary); mikel/mail reports 1815 for its own decoding',
  'files/mikel-mail/attachment_emails/attachment_with_encoded_name.eml|attachment_filenames':
    'an invalid byte (0x8a) in an iso-2022-jp RFC 2231 name: mikel/mail yields U+FFFD, mailparser drops the byte ("Dijat")',
  'files/mikel-mail/error_emails/multiple_invalid_content_dispositions.eml|has_attachments':
    'mailparser treats a part with an unknown (encoded-word) Content-Disposition as an attachment; its content is kept as an attachment instead of body text',
  'files/mikel-mail/error_emails/multiple_references_with_one_invalid.eml|references':
    'mikel/mail reads only the first of two References headers; mailparser merges both (and keeps a broken "<invalid.>" id)',
  'files/mikel-mail/rfc2822/example10.eml|from': 'obsolete RFC 822 syntax: mikel/mail keeps the comment in the local part ("pete(his account)@silly.test"); we strip it',
  'files/mikel-mail/rfc2822/example11.eml|to': 'obsolete route syntax and CFWS inside the domain: mikel/mail keeps them raw ("@machine.tld:mary@example.net", "jdoe@test   . example"); we read mary@example.net and jdoe@test.example',
  'files/mikel-mail/rfc2822/example13.eml|from': 'obsolete CFWS inside the address: mikel/mail keeps the comment ("jdoe@machine(comment).example"); we read jdoe@machine.example (mailparser alone returned no From at all)',
  'files/mikel-mail/rfc2822/example13.eml|to':
    'a bare "__" line inside the folded To header: we join only bare lines that start with an encoded-word, because joining any bare line would turn a body whose blank separator line is missing into header text; To keeps only "Mary Smith"',
  'files/mikel-mail/rfc2822/example13.eml|message_id': 'mikel/mail keeps the comment inside the Message-ID; we keep the raw header value',
  'files/mikel-mail/rfc2822/example14.eml|subject': 'whitespace between folded encoded-words: mikel/mail keeps the tab, mailparser yields two spaces',
  'files/php-mime-mail-parser/issue133.eml|attachment0_filename': 'library semantics: php-mime-mail-parser replaces "/" with "_"; our sanitiser takes the basename ("01"), originalName keeps "attach/01"',
  'files/php-mime-mail-parser/m0027.eml|attachment0_filename': 'library semantics: php-mime-mail-parser replaces "/" with "_"; our sanitiser takes the basename ("1234.txt") per security-research §4.5',
  'files/php-mime-mail-parser/issue250.eml|attachment0_filename': 'a line break inside a filename: php-mime-mail-parser turns it into "_", our sanitiser removes control characters',
  'files/php-mime-mail-parser/m0014.eml|text_expected':
    'a named inline text/plain part: we keep it as an (inline) attachment, as php does, but do not also repeat its text in the body as php does',
  'files/php-mime-mail-parser/m0016.eml|text_expected': 'as m0014: the named inline text part is an attachment, its text is not repeated in the body',
  'files/nodemailer-mailparser/test/fixtures/nodemailer.eml|html_contains': 'by design: we keep cid: links (keepCidLinks) and serve inline images from the spool; simpleParser inlines data: URIs',
  'files/postal-mime/bounce.eml|attachment_count': 'postal-mime lists message/delivery-status as an attachment; mailparser renders it into the text body',
  'files/mimekit/tnef/rich-text.eml|tnef_extracted_message_id': "MimeKit's TNEF-to-MIME conversion carries the outer Message-ID; the TNEF stream itself has no PR_INTERNET_MESSAGE_ID, so our TNEF child has none",
  'files/mimekit/tnef/winmail.tnef|attachment_names_must_be_present': 'OLE objects: MimeKit names them by attAttachTitle ("Untitled Attachment"); we prefer PR_DISPLAY_NAME ("Picture (Device Independent Bitmap)")',
  'files/enmime/testdata/mail/attachment-octet.eml|attachment_filenames': 'the name is only in a non-standard Content-Type parameter file="ATTACHMENT.EXE", which mailparser does not read',
  'files/enmime/testdata/mail/mime-alternative.eml|text': 'mailparser joins two text/plain alternatives; enmime keeps the first',
  'files/enmime/testdata/mail/mime-mixed-related.eml|html': 'mailparser joins both HTML parts with <br/>; enmime keeps the first',
  'files/enmime/testdata/mail/mime-mixed.eml|text': 'enmime joins text parts with "\\n--\\n"; mailparser with "\\n"',
  'files/enmime/testdata/mail/mime-signed.eml|text': 'enmime joins text parts with "\\n--\\n"; mailparser with "\\n"',
  'files/enmime/testdata/mail/other-multi-related.eml|inline_count': 'enmime files related parts without Content-Disposition under OtherParts; we mark parts of multipart/related inline',
  'files/enmime/testdata/mail/other-parts.eml|attachment_count': 'enmime files a part without Content-Disposition under OtherParts; we list it as an attachment',
};

type Outcome = { file: string; format: string; ms: number; mail: NormalisedMail | null; error: AppError | null; other: unknown };

describe.skipIf(!corpusPresent)('corpus (../shared/corpus, 347 real mails) through the isolated parser', () => {
  let pool: ParserPool;
  let outcomes: Outcome[] = [];
  const limits = resolveLimits({ timeoutMs: 5000, maxHeapMb: 512 });

  beforeAll(async () => {
    pool = createParserPool({ worker: defaultWorkerEntry(), size: 2 });
    outcomes = await mapLimit(manifest(), 2, async (row) => {
      const t0 = performance.now();
      try {
        const mail = await pool.parse(join(CORPUS, row.path), limits, null);
        return { file: row.path, format: row.format, ms: performance.now() - t0, mail, error: null, other: null };
      } catch (e) {
        return { file: row.path, format: row.format, ms: performance.now() - t0, mail: null, error: e instanceof AppError ? e : null, other: e instanceof AppError ? null : e };
      }
    });
  }, 240_000);
  afterAll(() => pool?.close());

  it('parses every file, or fails with a typed error, within 5 seconds each', () => {
    expect(outcomes).toHaveLength(347);
    const slow = outcomes.filter((o) => o.ms > 5000 + 1000).map((o) => `${o.file} ${Math.round(o.ms)} ms`);
    const untyped = outcomes.filter((o) => o.other !== null).map((o) => o.file);
    const failed = outcomes.filter((o) => o.error).map((o) => `${o.file}: ${o.error!.code} ${o.error!.message}`);
    const worst = Math.max(...outcomes.map((o) => o.ms));
    console.log(`corpus: ${outcomes.length - failed.length} parsed, ${failed.length} typed errors, slowest ${Math.round(worst)} ms`);
    for (const f of failed) console.log(`  typed error: ${f}`);
    expect(slow).toEqual([]);
    expect(untyped).toEqual([]);
    for (const o of outcomes) if (o.error) expect(ERROR_CODES).toContain(o.error.code);
    // Every file in the corpus is a real mail; none should be rejected.
    expect(failed).toEqual([]);
  });

  it('maps every parsed mail onto the renderer contract', () => {
    for (const o of outcomes) if (o.mail) expect(ParsedMailView.safeParse(toView(o.mail)).success, o.file).toBe(true);
  });

  it('meets the expectations of EXPECTED.json, except the documented differences', () => {
    const expected = JSON.parse(readFileSync(join(CORPUS, 'EXPECTED.json'), 'utf8')) as { files: Parameters<typeof buildChecks>[0] };
    const checks = buildChecks(expected.files);
    const byFile = new Map(outcomes.map((o) => [o.file, o]));
    const tally: Record<string, { met: number; total: number; known: number; na: number }> = {};
    const unexpected: string[] = [];
    const stale: string[] = [];
    const failingKeys = new Set<string>();
    const usedWildcards = new Set<string>();
    const unhandled = new Set<string>();
    for (const c of checks) {
      const t = (tally[c.format] ??= { met: 0, total: 0, known: 0, na: 0 });
      const id = `${c.file}|${c.key}`;
      const wildcard = `*|${c.key}`;
      if (!c.run) {
        if (wildcard in DIFFERENCES) {
          usedWildcards.add(wildcard);
          t.na++;
        } else unhandled.add(c.key);
        continue;
      }
      t.total++;
      const mail = byFile.get(c.file)?.mail;
      let ok = false;
      try {
        ok = !!mail && c.run(mail);
      } catch {
        ok = false;
      }
      if (ok) t.met++;
      else {
        failingKeys.add(id);
        if (id in DIFFERENCES) t.known++;
        else unexpected.push(`${id} (${c.origin}) expected ${JSON.stringify(c.expected).slice(0, 200)}`);
      }
    }
    for (const id of Object.keys(DIFFERENCES)) {
      if (id.startsWith('*|') ? !usedWildcards.has(id) : !failingKeys.has(id)) stale.push(id);
    }
    for (const [format, t] of Object.entries(tally)) {
      console.log(`${format}: ${t.met} of ${t.total} expectations met (${t.known} documented differences; ${t.na} more not applicable to the model)`);
    }
    expect(unexpected).toEqual([]);
    expect([...unhandled]).toEqual([]);
    expect(stale).toEqual([]);
    expect(Object.values(tally).reduce((n, t) => n + t.met, 0)).toBeGreaterThan(1200);
  });
});
