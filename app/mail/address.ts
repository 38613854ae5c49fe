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
