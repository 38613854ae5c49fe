import type { Database as DatabaseNs } from '../db/open';

type Database = DatabaseNs.Database;
import type { MailAddress } from '../contract/mail';
import { AppError } from '../errors';

/** The seed's wording, shortened: what linking does to a mail (../shared/seeds/permissions-and-privacy.txt). */
export const FIRST_USE_NOTICE = [
  'Linking copies the whole email into the CRM: body, sender, recipients, subject, date and every attachment you send.',
  'It becomes CRM data: other authorised CRM users may read it, as your CRM roles, profiles and sharing allow.',
  'Link only mail your organisation allows to be archived, and respect your data-protection (GDPR) procedures.',
].join('\n');

/** Bump when the notice's meaning changes, so users acknowledge the new text. */
export const NOTICE_VERSION = 1;

const NOTICE_KEY = 'privacy.notice_ack';
const DOMAINS_KEY = 'privacy.corporate_domains';

function getPref(db: Database, key: string): string | null {
  return (db.prepare('SELECT value FROM link_prefs WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
}

function setPref(db: Database, key: string, value: string): void {
  db.prepare('INSERT INTO link_prefs (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

export interface NoticeState {
  acknowledged: boolean;
  acknowledgedAt: string | null;
  version: number;
  text: string;
}

export function noticeState(db: Database): NoticeState {
  const raw = getPref(db, NOTICE_KEY);
  const ack = raw ? (JSON.parse(raw) as { version: number; at: string }) : null;
  const acknowledged = ack !== null && ack.version >= NOTICE_VERSION;
  return { acknowledged, acknowledgedAt: acknowledged ? ack.at : null, version: NOTICE_VERSION, text: FIRST_USE_NOTICE };
}

export function acknowledgeNotice(db: Database, now: Date = new Date()): NoticeState {
  setPref(db, NOTICE_KEY, JSON.stringify({ version: NOTICE_VERSION, at: now.toISOString() }));
  return noticeState(db);
}

export function corporateDomains(db: Database): string[] {
  const raw = getPref(db, DOMAINS_KEY);
  return raw ? (JSON.parse(raw) as string[]) : [];
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function setCorporateDomains(db: Database, domains: readonly string[]): string[] {
  const clean = [...new Set(domains.map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter((d) => d !== ''))];
  const bad = clean.filter((d) => !DOMAIN.test(d));
  if (bad.length > 0) throw new AppError('INVALID_INPUT', 'Not a domain name.', { domains: bad });
  setPref(db, DOMAINS_KEY, JSON.stringify(clean));
  return clean;
}

/** A domain or any of its subdomains (mail.example.com is inside example.com). */
export function isCorporate(address: string, domains: readonly string[]): boolean {
  const at = address.lastIndexOf('@');
  if (at < 0) return false;
  const host = address.slice(at + 1).trim().toLowerCase().replace(/\.$/, '');
  return domains.some((d) => host === d || host.endsWith(`.${d}`));
}

export interface ExternalCheck {
  needsConfirmation: boolean;
  /** Addresses outside the corporate domains, each once. */
  external: string[];
  /** No domains configured: every address counts as external, so the user configures them. */
  unconfigured: boolean;
}

/** Which of a mail's addresses are outside the configured corporate domains (issue 6 §5). */
export function externalAddresses(mail: { from: MailAddress[]; to: MailAddress[]; cc: MailAddress[]; bcc: MailAddress[]; replyTo?: MailAddress[] }, domains: readonly string[]): ExternalCheck {
  const all = [...mail.from, ...mail.to, ...mail.cc, ...mail.bcc, ...(mail.replyTo ?? [])].map((a) => a.address.trim()).filter((a) => a !== '');
  const external = [...new Set(all.map((a) => a.toLowerCase()))].filter((a) => !isCorporate(a, domains));
  return { needsConfirmation: external.length > 0, external, unconfigured: domains.length === 0 };
}
