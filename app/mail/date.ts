const NAMED_ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
};

/** The zone offset in minutes written in an RFC 5322 date, or null when there is none. */
export function zoneOffsetOf(rawDate: string): number | null {
  const s = rawDate.replace(/\([^)]*\)/g, ' ').trim();
  const numeric = /([+-])(\d{2}):?(\d{2})\s*$/.exec(s);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    if (minutes > 18 * 60) return null;
    return numeric[1] === '-' ? -minutes : minutes;
  }
  const named = /\b([A-Z]{1,3}T?|UTC)\s*$/i.exec(s);
  if (named) {
    const v = NAMED_ZONES[named[1]!.toUpperCase()];
    if (v !== undefined) return v;
  }
  return null;
}

function pad(n: number, w = 2): string {
  return String(Math.abs(n)).padStart(w, '0');
}

/** ISO 8601 in the sender's zone (e.g. 2024-03-01T10:15:00+01:00); `Z` when the zone is unknown. */
export function isoWithZone(date: Date, offsetMinutes: number | null): string | null {
  const t = date.getTime();
  if (!Number.isFinite(t)) return null;
  if (offsetMinutes === null) return date.toISOString().replace(/\.000Z$/, 'Z');
  const local = new Date(t + offsetMinutes * 60_000);
  const y = local.getUTCFullYear();
  const base = `${y < 0 ? '-' : ''}${pad(y, 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const ms = local.getUTCMilliseconds();
  const frac = ms ? `.${pad(ms, 3)}` : '';
  const sign = offsetMinutes < 0 ? '-' : '+';
  return `${base}${frac}${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
}

/** Parses an RFC 5322 date, tolerating comments and the obsolete spacing RFC 5322 §4.3 allows. */
export function parseMailDate(raw: string): Date | null {
  const cleaned = raw
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s*:\s*/g, ':')
    .replace(/\s+/g, ' ')
    .trim();
  const t = Date.parse(cleaned);
  if (Number.isFinite(t)) return new Date(t);
  // "Fri, 21 Nov 1997 09:55:06 -0600 (CST)" style leftovers or a missing weekday comma.
  const m = /(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{2,4}) (\d{1,2}):(\d{2})(?::(\d{2}))? ?([+-]\d{4}|[A-Z]{1,5})?/.exec(cleaned);
  if (!m) return null;
  const t2 = Date.parse(`${m[1]} ${m[2]} ${m[3]} ${m[4]}:${m[5]}:${m[6] ?? '00'} ${m[7] ?? 'GMT'}`);
  return Number.isFinite(t2) ? new Date(t2) : null;
}
