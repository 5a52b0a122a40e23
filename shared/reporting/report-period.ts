/**
 * Report periods: whole local days in the hub's time zone, turned into the instants `[start, end)`
 * the queries read. Pure (Intl does the time-zone work, daylight saving included).
 */
import { z } from 'zod';
import { ValidationError } from '../domain/errors';

/** A report period: local dates `from`..`to` inclusive, and the instants they span. */
export interface ReportPeriod {
  /** First local date, `YYYY-MM-DD`. */
  readonly from: string;
  /** Last local date (inclusive), `YYYY-MM-DD`. */
  readonly to: string;
  readonly timeZone: string;
  /** Local midnight starting `from`, as an ISO instant. */
  readonly start: string;
  /** Local midnight after `to` (exclusive), as an ISO instant. */
  readonly end: string;
}

const LocalDate = z.iso.date();
const DAY_MS = 86_400_000;
/** Longest period a report covers: a year (reports read one day partition per day). */
const MAX_DAYS = 366;

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string, ms: number): number {
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
  const parts = format.formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** The local date (`YYYY-MM-DD`) of an instant in `timeZone`. */
export function localDateIn(timeZone: string, instant: string): string {
  return new Date(wallClock(timeZone, Date.parse(instant))).toISOString().slice(0, 10);
}

/** The date `days` after `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The instant local midnight begins `date` in `timeZone` (ISO). */
export function startOfLocalDay(timeZone: string, date: string): string {
  const midnightAsUtc = Date.parse(`${date}T00:00:00.000Z`);
  // The zone's offset at a guess, then at the corrected instant (they differ only near a change).
  const firstOffset = wallClock(timeZone, midnightAsUtc) - midnightAsUtc;
  const candidate = midnightAsUtc - firstOffset;
  const secondOffset = wallClock(timeZone, candidate) - candidate;
  return new Date(midnightAsUtc - secondOffset).toISOString();
}

function checkDate(value: string, field: string): string {
  if (!LocalDate.safeParse(value).success) {
    throw new ValidationError(`${field} "${value}" is not a date like 2026-11-23`, { field });
  }
  return value;
}

/**
 * The period of whole local days `from`..`to` (inclusive).
 * @throws ValidationError for a malformed date, `to` before `from`, or more than a year.
 */
export function periodFromDates(timeZone: string, from: string, to: string): ReportPeriod {
  checkDate(from, 'from');
  checkDate(to, 'to');
  if (to < from) throw new ValidationError(`to (${to}) is before from (${from})`, { field: 'to' });
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS + 1 > MAX_DAYS) {
    throw new ValidationError(`a report covers at most ${MAX_DAYS} days`, { field: 'to' });
  }
  return {
    from,
    to,
    timeZone,
    start: startOfLocalDay(timeZone, from),
    end: startOfLocalDay(timeZone, addDays(to, 1)),
  };
}

/**
 * The last full week, Monday to Sunday in `timeZone`, that ended before the local date of `at`
 * (a Monday-morning schedule reports the week just gone; fired any other day, still that week).
 */
export function previousFullWeek(timeZone: string, at: string): ReportPeriod {
  const today = localDateIn(timeZone, at);
  // getUTCDay of the date itself: 0 Sunday .. 6 Saturday; days since Monday 0..6.
  const sinceMonday = (new Date(`${today}T00:00:00.000Z`).getUTCDay() + 6) % 7;
  const thisMonday = addDays(today, -sinceMonday);
  return periodFromDates(timeZone, addDays(thisMonday, -7), addDays(thisMonday, -1));
}
