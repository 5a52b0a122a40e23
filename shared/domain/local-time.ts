/**
 * Local calendar dates and their boundaries in an IANA time zone (the hub's), for figures such as
 * "due today" and "this week". Pure: instants in, instants out, daylight saving honoured via Intl.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

function localParts(
  timeZone: string,
  ms: number,
): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const parts = formatter(timeZone).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value ?? 0);
  return {
    y: get('year'),
    m: get('month'),
    d: get('day'),
    h: get('hour'),
    mi: get('minute'),
    s: get('second'),
  };
}

/** Milliseconds the zone is ahead of UTC at instant `ms`. */
function offsetMs(timeZone: string, ms: number): number {
  const p = localParts(timeZone, ms);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The local date (`YYYY-MM-DD`) of an instant. */
export function localDate(timeZone: string, instant: string | number): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  const p = localParts(timeZone, ms);
  return `${String(p.y).padStart(4, '0')}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

function dateParts(date: string): [number, number, number] {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return [y, m, d];
}

/** The date `days` after `date` (negative for before). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = dateParts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The instant (epoch ms) local midnight starts `date` in the zone. */
export function startOfLocalDay(timeZone: string, date: string): number {
  const [y, m, d] = dateParts(date);
  const guess = Date.UTC(y, m - 1, d);
  // Two passes settle the offset even when midnight sits next to a clock change.
  const first = guess - offsetMs(timeZone, guess);
  return guess - offsetMs(timeZone, first);
}

/** The Monday (local date) of the week holding `instant`. */
export function weekStartDate(timeZone: string, instant: string | number): string {
  const date = localDate(timeZone, instant);
  const [y, m, d] = dateParts(date);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/** Whole calendar days from the local date of `from` to that of `to`. */
export function localDaysBetween(timeZone: string, from: string | number, to: string | number): number {
  const [y1, m1, d1] = dateParts(localDate(timeZone, from));
  const [y2, m2, d2] = dateParts(localDate(timeZone, to));
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/** Month numbers by the first three letters of their English names (`jan` = 1). */
export const MONTH_NUMBERS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
