/**
 * Report periods: whole local days in the hub's time zone, turned into the instants `[start, end)`
 * the queries read. Pure (Intl does the time-zone work, daylight saving included).
 */

import { ValidationError } from '../domain/errors';
import { addDays, localDate, startOfLocalDay, weekdayOfDate } from '../domain/local-time';
import * as z from '../domain/zod';

/** A report period: local dates `from`..`to` inclusive, and the instants they span. */
export const ReportPeriod = z.object({
  /** First local date, `YYYY-MM-DD`. */
  from: z.iso.date(),
  /** Last local date (inclusive), `YYYY-MM-DD`. */
  to: z.iso.date(),
  timeZone: z.string(),
  /** Local midnight starting `from`, as an ISO instant. */
  start: z.string(),
  /** Local midnight after `to` (exclusive), as an ISO instant. */
  end: z.string(),
});
export type ReportPeriod = z.infer<typeof ReportPeriod>;

const LocalDate = z.iso.date();
const DAY_MS = 86_400_000;
/**
 * Longest period a report covers: ten years. Reports read one day partition per day (a Query each,
 * several at a time), so cost grows with the days and the enquiries in them, never with history.
 */
const MAX_DAYS = 3660;

function checkDate(value: string, field: string): string {
  if (!LocalDate.safeParse(value).success) {
    throw new ValidationError(`${field} "${value}" is not a date like 2026-11-23`, { field });
  }
  return value;
}

/**
 * The period of whole local days `from`..`to` (inclusive).
 * @throws ValidationError for a malformed date, `to` before `from`, or more than ten years.
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
    start: new Date(startOfLocalDay(timeZone, from)).toISOString(),
    end: new Date(startOfLocalDay(timeZone, addDays(to, 1))).toISOString(),
  };
}

/**
 * The last full week, Monday to Sunday in `timeZone`, that ended before the local date of `at`
 * (a Monday-morning schedule reports the week just gone; fired any other day, still that week).
 */
export function previousFullWeek(timeZone: string, at: string): ReportPeriod {
  const today = localDate(timeZone, at);
  const thisMonday = addDays(today, -weekdayOfDate(today));
  return periodFromDates(timeZone, addDays(thisMonday, -7), addDays(thisMonday, -1));
}

/** The period of the same length that ends the day before `period` starts: the default baseline. */
export function precedingPeriod(period: ReportPeriod): ReportPeriod {
  const days = Math.round((Date.parse(period.to) - Date.parse(period.from)) / DAY_MS) + 1;
  const to = addDays(period.from, -1);
  return periodFromDates(period.timeZone, addDays(to, -(days - 1)), to);
}
