/**
 * Time on the hub's clock, in one place: calendar dates as day numbers, UTC offsets of an IANA
 * zone, the local date of an instant and the instant of a local wall-clock time, and every way the
 * hub writes a date or a time for people (emails, digests, reports, the page). The business
 * calendar, triage, intake, routing, digests, reports, statutory clocks and the page all call it;
 * nothing else builds an `Intl.DateTimeFormat`. Pure: instants in, instants and text out;
 * daylight saving comes from the runtime's IANA database via `Intl`, never from a fixed offset.
 * Formatters are built once per zone and kept (building one costs about a millisecond).
 */
import { ValidationError } from './errors';

/** The hub's zone unless configuration says otherwise. */
export const DEFAULT_TIME_ZONE = 'Europe/London';

/** A calendar or time calculation that cannot be done: a bad date, zone or range (HTTP 400). */
export class CalendarError extends ValidationError {}

const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
// Date's own limit.
export const DATE_LIMIT_MS = 8.64e15;

// ---------------------------------------------------------------------------------------------
// Calendar dates as day numbers (days since 1970-01-01): UTC arithmetic on local dates, so no
// zone can shift them.

const DATE_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

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

/** The day number of a calendar date, or null when it does not exist (31 April, month 13). */
export function dayOf(year: number, month: number, day: number): number | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return null;
  }
  return ms / DAY_MS;
}

/** The day number of `YYYY-MM-DD`, or null when it is not a real date. */
export function dayOfDateKey(date: string): number | null {
  const match = DATE_KEY.exec(date);
  return match === null ? null : dayOf(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** `YYYY-MM-DD` of a day number. */
export function dateKeyOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** 0 = Monday ... 6 = Sunday, of a `YYYY-MM-DD` date. */
export function weekdayOfDate(date: string): number {
  const [y, m, d] = dateParts(date);
  return weekdayIndex(Date.UTC(y, m - 1, d) / DAY_MS);
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

/** The date `months` calendar months after `date` (31 January + 1 month is 28 or 29 February). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = dateParts(date);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Whole days from one `YYYY-MM-DD` date to another (negative when `to` is earlier). */
export function daysBetweenDates(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / DAY_MS);
}

/** Days in a month (`month` 1-12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// ---------------------------------------------------------------------------------------------
// UTC offsets of a zone, read from Intl and memoised

const knownTimeZones = new Set<string>();

/** True for an IANA zone name the runtime knows (`Europe/London`); false for fixed offsets and nonsense. */
export function isKnownTimeZone(zone: string): boolean {
  if (knownTimeZones.has(zone)) return true;
  // Intl also accepts fixed offsets such as "+01:00"; the contract asks for IANA names.
  if (!/^[A-Za-z]/.test(zone)) return false;
  try {
    // Building a formatter is the one check Intl offers; it costs milliseconds, hence the memo.
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return false;
  }
  knownTimeZones.add(zone);
  return true;
}

const HOUR_MS = 3_600_000;
// Offsets are probed at the edges of 7-day cells of UTC time. Assumption (true of every zone in
// the tz database): a zone changes its offset at most once in 7 days, so a cell whose edges agree
// has no change inside, and a cell whose edges differ has exactly one, found by bisection.
const CELL_MS = 7 * DAY_MS;
// Offsets lie within -12h..+14h: a local time's instants are within 15 hours of it.
export const OFFSET_REACH_MS = 15 * HOUR_MS;
// Bounds the memo of a zone that has been asked about thousands of years.
const MAX_CACHED_CELLS = 200_000;

const OFFSET_PATTERN = /GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

interface OffsetSegment {
  readonly start: number;
  readonly end: number;
  readonly offset: number;
}

/**
 * UTC offsets of one IANA zone, read from Intl and memoised (a pure function of the zone, so the
 * memo is shared by every calculation): walking a year costs about 52 Intl calls plus about ten
 * per clock change, once.
 */
export class ZoneOffsets {
  private readonly formatter: Intl.DateTimeFormat;
  /** Cell index to the offset at the cell's first instant. */
  private readonly edges = new Map<number, number>();
  /** Cell index to the instant its offset changes (only cells whose edges differ). */
  private readonly changes = new Map<number, number>();
  /** Where in their cells the last two changes fell, older first. */
  private recentPositions: number[] = [];

  constructor(readonly zone: string) {
    this.formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  }

  /** Offset of local wall-clock time from UTC at an instant, in ms (BST is +3,600,000). */
  offsetAt(instant: number): number {
    const cell = Math.floor(instant / CELL_MS);
    const before = this.edge(cell);
    const after = this.edge(cell + 1);
    if (before === after) return before;
    return instant < this.change(cell, before) ? before : after;
  }

  /** The local date (days since 1970-01-01) of an instant. */
  localDay(instant: number): number {
    return Math.floor((instant + this.offsetAt(instant)) / DAY_MS);
  }

  /** The one offset in force throughout [from, to), or null when it changes in between. */
  steadyOffset(from: number, to: number): number | null {
    const offset = this.offsetAt(from);
    for (let cell = Math.floor(from / CELL_MS); cell * CELL_MS < to; cell++) {
      if (this.edge(cell + 1) !== offset) return null;
    }
    return offset;
  }

  /**
   * The earliest instant whose local wall-clock time is at or after `localMs` (a local date-time
   * written as if it were UTC). A time skipped when clocks go forward maps to the instant of the
   * change; a time repeated when they go back maps to its first occurrence. Monotonic, so opening
   * intervals never invert.
   */
  toInstant(localMs: number): number {
    const segments = this.segments(localMs - OFFSET_REACH_MS, localMs + OFFSET_REACH_MS);
    for (const segment of segments) {
      if (localMs < segment.start + segment.offset) return segment.start;
      if (localMs < segment.end + segment.offset) return localMs - segment.offset;
    }
    // Unreachable while offsets stay within OFFSET_REACH_MS; the latest instant is still a bound.
    return localMs + OFFSET_REACH_MS;
  }

  /** Stretches of constant offset covering [from, to), in order. */
  private segments(from: number, to: number): OffsetSegment[] {
    const segments: OffsetSegment[] = [];
    let start = from;
    let offset = this.offsetAt(from);
    for (let cell = Math.floor(from / CELL_MS); cell * CELL_MS < to; cell++) {
      const after = this.edge(cell + 1);
      if (after === offset) continue;
      const change = this.change(cell, this.edge(cell));
      if (change >= to) break;
      segments.push({ start, end: change, offset });
      start = change;
      offset = after;
    }
    segments.push({ start, end: to, offset });
    return segments;
  }

  private edge(cell: number): number {
    let offset = this.edges.get(cell);
    if (offset === undefined) {
      if (this.edges.size > MAX_CACHED_CELLS) {
        this.edges.clear();
        this.changes.clear();
      }
      offset = this.read(cell * CELL_MS);
      this.edges.set(cell, offset);
    }
    return offset;
  }

  private change(cell: number, before: number): number {
    const cached = this.changes.get(cell);
    if (cached !== undefined) return cached;
    const cellStart = cell * CELL_MS;
    let change: number | undefined;
    // Zones change at the same time of week year after year (EU: Sunday 01:00Z, which is always
    // the same point of a Thursday-based cell), alternating spring and autumn: try the position
    // of the change before last, then the last, before bisecting.
    for (const position of this.recentPositions) {
      if (this.read(cellStart + position - 1) === before && this.read(cellStart + position) !== before) {
        change = cellStart + position;
        break;
      }
    }
    if (change === undefined) {
      // Clocks almost always change on the hour (UTC): find the hour first, then check whether
      // the change is exactly on it before bisecting to the millisecond.
      let [low, high] = this.bisect(cellStart, cellStart + CELL_MS, HOUR_MS, before);
      if (this.read(high - 1) !== before) [low, high] = this.bisect(low, high, 1, before);
      change = high;
    }
    const position = change - cellStart;
    this.recentPositions = [...this.recentPositions.filter((p) => p !== position), position].slice(-2);
    this.changes.set(cell, change);
    return change;
  }

  /** Narrows [low, high) (offset `before` at low, not at high) to a `step`-wide bracket. */
  private bisect(low: number, high: number, step: number, before: number): [number, number] {
    let lo = low;
    let hi = high;
    while (hi - lo > step) {
      const middle = lo + Math.floor((hi - lo) / step / 2) * step;
      if (this.read(middle) === before) lo = middle;
      else hi = middle;
    }
    return [lo, hi];
  }

  private read(instant: number): number {
    if (Math.abs(instant) > DATE_LIMIT_MS) {
      throw new CalendarError('the answer is outside the supported range of dates');
    }
    const text = this.formatter.format(instant);
    const match = OFFSET_PATTERN.exec(text);
    if (!match) throw new CalendarError(`cannot read the UTC offset of ${this.zone} from "${text}"`);
    if (!match[1]) return 0;
    const sign = match[1] === '-' ? -1 : 1;
    const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0);
    return sign * seconds * 1000;
  }
}

const zoneOffsetsByZone = new Map<string, ZoneOffsets>();

/** The memoised offsets of a zone (one per zone for the life of the process). */
export function zoneOffsets(zone: string): ZoneOffsets {
  let offsets = zoneOffsetsByZone.get(zone);
  if (!offsets) {
    offsets = new ZoneOffsets(zone);
    zoneOffsetsByZone.set(zone, offsets);
  }
  return offsets;
}

// ---------------------------------------------------------------------------------------------
// Local dates and wall-clock times of instants

/** Milliseconds the zone is ahead of UTC at an instant (BST is 3,600,000). */
export function zoneOffsetMs(timeZone: string, instant: number): number {
  return zoneOffsets(timeZone).offsetAt(instant);
}

/** The local date (`YYYY-MM-DD`) of an instant. */
export function localDate(timeZone: string, instant: string | number | Date): string {
  const ms =
    typeof instant === 'number'
      ? instant
      : typeof instant === 'string'
        ? Date.parse(instant)
        : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid time value');
  return dateKeyOfDay(zoneOffsets(timeZone).localDay(ms));
}

/** A local wall-clock reading: a date and a time of day, in no zone yet. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/**
 * The instant at which a wall clock in `timeZone` shows the given time, as people mean it: in the
 * autumn hour that happens twice the later (standard-time) instant; a time skipped in spring moves
 * forward by the change. (The business calendar's opening times use the zone's own mapping,
 * {@link ZoneOffsets.toInstant}, which never lets an interval invert.)
 */
export function wallTimeToInstant(wall: WallTime, timeZone: string): Date {
  const guess = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return new Date(guess - zoneOffsetMs(timeZone, guess - zoneOffsetMs(timeZone, guess)));
}

/** The instant (epoch ms) local midnight starts `date` in the zone. */
export function startOfLocalDay(timeZone: string, date: string): number {
  const [year, month, day] = dateParts(date);
  return wallTimeToInstant({ year, month, day, hour: 0, minute: 0, second: 0 }, timeZone).getTime();
}

/** The Monday (local date) of the week holding `instant`. */
export function weekStartDate(timeZone: string, instant: string | number): string {
  const date = localDate(timeZone, instant);
  return addDays(date, -weekdayOfDate(date));
}

/** Whole calendar days from the local date of `from` to that of `to`. */
export function localDaysBetween(timeZone: string, from: string | number, to: string | number): number {
  const first = dayOfDateKey(localDate(timeZone, from)) ?? 0;
  const last = dayOfDateKey(localDate(timeZone, to)) ?? 0;
  return last - first;
}

// ---------------------------------------------------------------------------------------------
// Dates and times for people (en-GB, built from parts: ICU versions differ on commas)

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let format = formatters.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', options);
    formatters.set(key, format);
  }
  return format;
}

type PartName = 'weekday' | 'day' | 'month' | 'year' | 'hour' | 'minute';

function partsOf(format: Intl.DateTimeFormat, instant: number): Record<PartName, string> {
  const parts: Record<PartName, string> = { weekday: '', day: '', month: '', year: '', hour: '', minute: '' };
  for (const part of format.formatToParts(new Date(instant))) {
    if (part.type in parts) parts[part.type as PartName] = part.value;
  }
  return parts;
}

/** Names of a date's weekday and month as English writes them, long (`Monday`, `November`) or short (`Mon`, `Nov`). */
function dateNames(date: string, width: 'long' | 'short'): Record<PartName, string> {
  const format = formatter(`date:${width}`, {
    timeZone: 'UTC',
    weekday: width,
    day: 'numeric',
    month: width,
    year: 'numeric',
  });
  return partsOf(format, Date.parse(`${date}T12:00:00.000Z`));
}

/** The 24-hour clock (`09:30`) of an instant in the zone. */
export function clockTime(timeZone: string, instant: string | number): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  const parts = partsOf(
    formatter(`clock:${timeZone}`, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    ms,
  );
  return `${parts.hour}:${parts.minute}`;
}

/** `Monday 23 November 2026` for a local date. */
export function longDate(date: string): string {
  const parts = dateNames(date, 'long');
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

/** `Monday 23 November` for a local date (within the year at hand). */
export function weekdayDayMonth(date: string): string {
  const parts = dateNames(date, 'long');
  return `${parts.weekday} ${parts.day} ${parts.month}`;
}

/** `Mon 2 Mar 2026` for a local date. */
export function readableDate(date: string): string {
  const parts = dateNames(date, 'short');
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

/** `Thu 24 Dec` for a local date. */
export function shortDay(date: string): string {
  const parts = dateNames(date, 'short');
  return `${parts.weekday} ${parts.day} ${parts.month}`;
}

/** `23 Nov` for a local date. */
export function dayMonth(date: string): string {
  const parts = dateNames(date, 'short');
  return `${parts.day} ${parts.month}`;
}

/** `2 April 2015` for a local date (a date of birth, a day in a sentence). */
export function dayMonthYear(date: string): string {
  const parts = dateNames(date, 'long');
  return `${parts.day} ${parts.month} ${parts.year}`;
}

/** `Tue, 24 Nov 2026, 10:00`: an instant's local date and time in the zone, as the page shows it. */
export function listDateTime(timeZone: string, instant: string): string {
  const parts = dateNames(localDate(timeZone, instant), 'short');
  return `${parts.weekday}, ${parts.day} ${parts.month} ${parts.year}, ${clockTime(timeZone, instant)}`;
}

/** `Mon 2 Mar 2026 09:30`: an instant's local date and time in the zone. */
export function readableDateTime(timeZone: string, instant: string): string {
  return `${readableDate(localDate(timeZone, instant))} ${clockTime(timeZone, instant)}`;
}

/** `Thu 24 Dec 09:30`: an instant's local day and time in the zone, for lists within a year. */
export function shortDateTime(timeZone: string, instant: string): string {
  return `${shortDay(localDate(timeZone, instant))} ${clockTime(timeZone, instant)}`;
}

/**
 * An instant as people in the hub say a deadline, in the hub's time zone (GOV.UK style):
 * `5pm on Friday 27 November 2026`, `9:30am on Monday 30 November 2026`, `midday on ...`, and an
 * instant at local midnight as `the end of <the day before>`. Used after "by".
 */
export function formatDeadline(instant: string, timeZone: string): string {
  const ms = Date.parse(instant);
  const [hour = 0, minute = 0] = clockTime(timeZone, ms).split(':').map(Number);
  // Midnight is ambiguous ("by midnight on Friday"): name the day that ends there.
  if (hour === 0 && minute === 0) return `the end of ${longDate(localDate(timeZone, ms - MINUTE_MS))}`;
  let time: string;
  if (hour === 12 && minute === 0) {
    time = 'midday';
  } else {
    const suffix = hour < 12 ? 'am' : 'pm';
    const clock = hour % 12 === 0 ? 12 : hour % 12;
    time = minute === 0 ? `${clock}${suffix}` : `${clock}:${String(minute).padStart(2, '0')}${suffix}`;
  }
  return `${time} on ${longDate(localDate(timeZone, ms))}`;
}
