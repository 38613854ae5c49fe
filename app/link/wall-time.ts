/**
 * `Y-m-d H:i:s` of an instant as a wall clock in `timeZone`. vtenext reads uitype-70 datetimes
 * (Messages `mdate`) in the CRM user's zone and converts them to server time on save (spec §5.4,
 * §7.4 step 1), so the date must be sent in that zone to read back as the mail's instant.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    // Building a formatter costs far more than using one; a drain formats one date per mail.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, f);
  }
  return f;
}

export function wallTimeIn(instant: Date, timeZone: string): string {
  const parts = formatFor(timeZone).formatToParts(instant);
  const get = (t: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
