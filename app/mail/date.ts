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
