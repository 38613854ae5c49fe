/**
 * Wall-clock conversions between IANA zones. vtenext stores datetimes in server time and shifts
 * uitype-70 values to the user's zone on retrieve, so the sandbox needs both directions.
 */
const fmtCache = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    fmtCache.set(tz, f);
  }
  return f;
}

const offsetCache = new Map<string, number>();

/**
 * Offset of `tz` from UTC at the instant `ms`, in seconds (east positive). Cached per zone and
 * quarter hour: zone transitions happen on quarter-hour boundaries, and Intl formatting is slow.
 */
export function tzOffsetSeconds(tz: string, ms: number): number {
  const key = `${tz}|${Math.floor(ms / 900_000)}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const v = computeOffset(tz, ms);
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(key, v);
  return v;
}

function computeOffset(tz: string, ms: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 1000);
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function formatWall(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** The wall time in `tz` at instant `ms`, as 'Y-m-d H:i:s'. */
export function wallTime(tz: string, ms: number): string {
  return formatWall(ms + tzOffsetSeconds(tz, ms) * 1000);
}

const DT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Instant (ms) of the wall time `value` read in zone `tz`; null if it is not a datetime. */
export function instantOf(value: string, tz: string): number | null {
  const m = DT.exec(value.trim());
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  let guess = wall - tzOffsetSeconds(tz, wall) * 1000;
  guess = wall - tzOffsetSeconds(tz, guess) * 1000;
  return guess;
}

/** Re-expresses a wall time from one zone in another; values that are not datetimes pass through. */
export function convertWall(value: string, fromTz: string, toTz: string): string {
  if (!value || value.startsWith('0000-00-00') || fromTz === toTz) return value;
  const ms = instantOf(value, fromTz);
  return ms === null ? value : wallTime(toTz, ms);
}

/** Date field output in the user's format (vtenext stores yyyy-mm-dd). */
export function formatUserDate(value: string, format: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  const [, y, mo, d] = m;
  if (format === 'mm-dd-yyyy') return `${mo}-${d}-${y}`;
  if (format === 'dd-mm-yyyy') return `${d}-${mo}-${y}`;
  return `${y}-${mo}-${d}`;
}
