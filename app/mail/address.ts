import type { MailAddress } from '../contract/mail';

interface ParserAddress {
  name?: string;
  address?: string;
  group?: ParserAddress[];
}
interface ParserAddressObject {
  value: ParserAddress[];
}

function flatten(list: ParserAddress[], out: MailAddress[]): void {
  for (const a of list) {
    // Group syntax ("Team: a@x, b@y;") contributes its members; an empty group nothing.
    if (a.group) flatten(a.group, out);
    else if ((a.address ?? '') !== '' || (a.name ?? '') !== '') out.push({ name: (a.name ?? '').trim(), address: (a.address ?? '').trim() });
  }
}

export function addressesFrom(value: unknown): MailAddress[] {
  if (value === undefined || value === null || value === false) return [];
  const objs = (Array.isArray(value) ? value : [value]) as ParserAddressObject[];
  const out: MailAddress[] = [];
  for (const o of objs) if (o && Array.isArray(o.value)) flatten(o.value, out);
  return out;
}

export function normaliseId(id: string | undefined | null): string | null {
  if (id === undefined || id === null) return null;
  const s = id.trim();
  return s === '' ? null : s;
}

function stripComments(s: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      if (depth === 0) out += c + s[i + 1];
      i++;
    } else if (c === '"' && depth === 0) {
      quoted = !quoted;
      out += c;
    } else if (c === '(' && !quoted) depth++;
    else if (c === ')' && !quoted && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  let angle = false;
  for (const c of s) {
    if (c === '"') quoted = !quoted;
    else if (c === '<' && !quoted) angle = true;
    else if (c === '>' && !quoted) angle = false;
    if ((c === ',' || c === ';') && !quoted && !angle) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

/**
 * For headers mailparser misreads (obsolete RFC 822 syntax: comments and spaces inside the
 * address, source routes, groups): comments and whitespace are removed from each address, a
 * group's name is dropped, a route is reduced to its final address.
 */
export function lenientAddresses(raw: string): MailAddress[] {
  const out: MailAddress[] = [];
  for (let part of splitTopLevel(stripComments(raw))) {
    // "Group name: first member" — the group name is not a mailbox.
    const colon = part.indexOf(':');
    const firstAt = part.search(/[<@]/);
    if (colon >= 0 && (firstAt < 0 || colon < firstAt)) part = part.slice(colon + 1);
    const angle = /^([^<]*)<([^<>]*)>/.exec(part.trim());
    const spec = (angle ? angle[2]! : part).replace(/\s+/g, '');
    const address = spec.includes(':') ? spec.slice(spec.lastIndexOf(':') + 1) : spec;
    if (!/^[^@\s]+@[^@\s]+$/.test(address)) continue;
    const name = angle ? angle[1]!.trim().replace(/^"|"$/g, '').replace(/\s+/g, ' ') : '';
    out.push({ name, address });
  }
  return out;
}
