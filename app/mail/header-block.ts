import type { MailAddress } from '../contract/mail';

/** Looks up one header in a raw RFC 822 header block (e.g. an Outlook item's transport headers). */
export function headerValue(block: string, name: string): string | null {
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  const re = new RegExp(`^${name.replace(/[-]/g, '\\-')}[ \\t]*:[ \\t]*(.*)$`, 'im');
  const m = re.exec(unfolded);
  return m ? m[1]!.trim() : null;
}

export function messageIdsIn(value: string | null): string[] {
  if (!value) return [];
  return value.match(/<[^<>\s]+>/g) ?? [];
}

/** Addresses of a simple address list ("A <a@x>, b@y"); enough for Outlook's own headers. */
export function simpleAddressList(value: string | null): MailAddress[] {
  if (!value) return [];
  const out: MailAddress[] = [];
  for (const part of value.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
    const m = /^\s*(?:"?([^"<]*?)"?\s*)?<([^>]+)>\s*$/.exec(part);
    if (m) out.push({ name: (m[1] ?? '').trim(), address: m[2]!.trim() });
    else if (part.includes('@')) out.push({ name: '', address: part.trim() });
  }
  return out;
}
