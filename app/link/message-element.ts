import type { MailAddress } from '../contract/mail';
import type { MailSnapshot } from './snapshot';
import { wallTimeIn } from './wall-time';

/** Marks records this app created, so a create whose answer was lost is recognised (xmailer is free on Link messages). */
export const MARKER_PREFIX = 'vtenext-mail-connector; job=';

export function markerFor(jobId: string): string {
  return `${MARKER_PREFIX}${jobId}`;
}

/**
 * The Message-ID the job sends. vtenext invents `<md5@host>` for an empty one, which could never be
 * found again, so a mail without one gets a stable id of our own (same mail → same id).
 */
export function messageIdFor(mail: MailSnapshot): string {
  const id = mail.messageId?.trim();
  if (id) return id.startsWith('<') ? id : `<${id}>`;
  return `<vtemc.${(mail.clientKey ?? mail.sha256).slice(0, 40)}@mail-connector.invalid>`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The body as vtenext's own parseEML stores it: HTML as is, plain text escaped with `<br>` for newlines. */
export function bodyHtml(mail: Pick<MailSnapshot, 'html' | 'text'>): string {
  if (mail.html !== null && mail.html.trim() !== '') return mail.html;
  return escapeHtml(mail.text ?? '').replace(/\r\n|\r|\n/g, '<br>\n');
}

function full(a: MailAddress): string {
  return a.name ? `${a.name} <${a.address}>` : a.address;
}

function triple(list: readonly MailAddress[]): [string, string, string] {
  return [list.map((a) => a.address).join(', '), list.map((a) => a.name).join(', '), list.map(full).join(', ')];
}

export interface ElementOptions {
  jobId: string;
  ownerWsId: string;
  /** The CRM user's IANA zone; mdate is interpreted in it. */
  timeZone: string;
  parentIds: readonly string[];
  withFiles: boolean;
}

/** The `create Messages` element of spec §7.4 step 3 (Link, external_plugin multipart when there are files). */
export function messageElement(mail: MailSnapshot, o: ElementOptions): Record<string, string> {
  const [mfrom, mfromN, mfromF] = triple(mail.from);
  const [mto, mtoN, mtoF] = triple(mail.to);
  const [mcc, mccN, mccF] = triple(mail.cc);
  const [mbcc, mbccN, mbccF] = triple(mail.bcc);
  const [mreplyto, mreplytoN, mreplytoF] = triple(mail.replyTo);
  const date = mail.date ? new Date(mail.date) : null;
  const el: Record<string, string> = {
    subject: mail.subject,
    description: bodyHtml(mail),
    mdate: date && !Number.isNaN(date.getTime()) ? wallTimeIn(date, o.timeZone) : '',
    mfrom,
    mfrom_n: mfromN,
    mfrom_f: mfromF,
    mto,
    mto_n: mtoN,
    mto_f: mtoF,
    mcc,
    mcc_n: mccN,
    mcc_f: mccF,
    mbcc,
    mbcc_n: mbccN,
    mbcc_f: mbccF,
    mreplyto,
    mreplyto_n: mreplytoN,
    mreplyto_f: mreplytoF,
    messageid: messageIdFor(mail),
    in_reply_to: mail.inReplyTo ?? '',
    mreferences: mail.references.join(' '),
    xmailer: markerFor(o.jobId),
    mtype: 'Link',
    mvisibility: 'Public',
    seen: '1',
    assigned_user_id: o.ownerWsId,
    parent_id: o.parentIds.length > 0 ? `${o.parentIds.join('|')}|` : '',
  };
  if (o.withFiles) {
    el.hasattachments = 'True';
    el.external_plugin = 'true';
  }
  return el;
}

/** `<tag>_<name>`: vtenext strips everything up to the first `_` for the Document title (spec §6.2). */
export function uploadName(jobId: string, index: number, name: string): string {
  return `${jobId.replace(/[^0-9a-f]/gi, '').slice(0, 8)}${index}_${name}`;
}
