/**
 * The business-hours calendar: opening hours per weekday in an IANA time zone, closed dates and,
 * when asked for, a UK region's bank holidays. Service-level windows are measured in working time
 * on it. Pure: instants come in as arguments, and local wall-clock intervals are turned into
 * instants per local date with `Intl`, so every daylight-saving rule the runtime knows is honoured.
 *
 * JSON form (DESIGN.md, "Business-hours calendar"):
 * `{ "timeZone": "Europe/London", "hours": { "mon": [["09:00","17:00"]] }, "closedDates": ["2026-12-25"],
 *    "bankHolidays": "england-and-wales" }`
 *
 * Clock changes: an interval runs from the first moment its opening time is reached to the first
 * moment its closing time is reached. A time the clocks skip counts as reached when they jump past
 * it, so 01:00-04:00 on a spring-forward night is two hours long and on a fall-back night four.
 * Bank holidays (only when `bankHolidays` is set) are the region's bank holidays as GOV.UK
 * publishes them (their dates ship in `config/bank-holidays.json`, see `bank-holidays.ts`), substitute days included;
 * a holiday falling on a weekend is not itself closed, its substitute weekday is.
 */

import { toDotPath } from 'zod/v4/core';
import shippedBankHolidays from '../../config/bank-holidays.json' with { type: 'json' };
import {
  BANK_HOLIDAY_REGIONS,
  type BankHolidayList,
  BankHolidayRegion,
  bankHolidayLists,
  bankHolidaysInYear,
  ShippedBankHolidays,
} from './bank-holidays';
import {
  CalendarError,
  DATE_LIMIT_MS,
  DAY_MS,
  DEFAULT_TIME_ZONE,
  dateKeyOfDay,
  dayOfDateKey,
  isKnownTimeZone,
  OFFSET_REACH_MS,
  weekdayIndex,
  type ZoneOffsets,
  zoneOffsets,
} from './local-time';
import * as z from './zod';

export { BANK_HOLIDAY_REGIONS, BankHolidayRegion, CalendarError, DEFAULT_TIME_ZONE };

/** Weekday keys of the JSON form, Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Calculations refuse to walk further than this, so a huge input fails fast instead of hanging. */
export const MAX_SPAN_YEARS = 1000;

const MINUTE_MS = 60_000;
const MAX_SPAN_DAYS = MAX_SPAN_YEARS * 366;
// Inputs and answers stay two days inside Date's own limit so offset probes rarely reach it.
const MAX_INSTANT_MS = DATE_LIMIT_MS - 2 * DAY_MS;

/** One opening interval, in minutes after local midnight (`end` may be 1440, "24:00"). */
export interface OpeningInterval {
  readonly start: number;
  readonly end: number;
}

/** A parsed, validated calendar. Build it with {@link parseCalendar} (or {@link BusinessCalendarSchema}). */
export interface BusinessCalendar {
  readonly timeZone: string;
  /** Sorted, non-overlapping intervals per weekday (touching intervals are merged). */
  readonly hours: Readonly<Record<Weekday, readonly OpeningInterval[]>>;
  /** Local closure dates, `YYYY-MM-DD`, sorted. */
  readonly closedDates: readonly string[];
  readonly bankHolidays: BankHolidayRegion | null;
  /** Open minutes in a week with no closures and no clock change. Always > 0. */
  readonly weeklyMinutes: number;
  /** The same calendar in its JSON form (defaults applied), e.g. to show or store it. */
  readonly definition: CalendarJson;
  /** `closedDates` as days since 1970-01-01 (the local date's number), for fast lookups. */
  readonly closedDays: ReadonlySet<number>;
}

// ---------------------------------------------------------------------------------------------
// Parsing

const CLOCK_PATTERN = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

const Clock = z.string().check(z.regex(CLOCK_PATTERN, 'must be a time "HH:MM" from 00:00 to 24:00'));

const LocalDate = z.string().check(
  z.superRefine((value, ctx) => {
    if (dayOfDateKey(value) === null) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a real date "YYYY-MM-DD"` });
    }
  }),
);

const TimeZone = z.string().check(
  z.superRefine((value, ctx) => {
    if (!isKnownTimeZone(value)) {
      ctx.addIssue({ code: 'custom', message: `unknown IANA time zone "${value}"` });
    }
  }),
);

/** The JSON form of a calendar, validated (zod). Output has `timeZone` and `closedDates` defaulted. */
export const CalendarJson = z
  .strictObject({
    timeZone: z._default(TimeZone, DEFAULT_TIME_ZONE),
    hours: z.record(z.string(), z.array(z.tuple([Clock, Clock]))),
    closedDates: z._default(z.array(LocalDate), []),
    bankHolidays: z.optional(BankHolidayRegion),
  })
  .check(
    z.superRefine((calendar, ctx) => {
      // A malformed time is already reported; judging the rest of the hours then would only add noise.
      const malformed = Object.values(calendar.hours).some((intervals) =>
        intervals.some((interval) => interval.some((time) => !CLOCK_PATTERN.test(time))),
      );
      if (malformed) return;
      let anyOpenTime = false;
      for (const [key, intervals] of Object.entries(calendar.hours)) {
        if (!isWeekday(key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['hours', key],
            message: `unknown weekday "${key}" (use ${WEEKDAYS.join(', ')})`,
          });
          continue;
        }
        const checked = intervals.map(([open, close], index) => ({
          index,
          open,
          close,
          start: clockToMinutes(open),
          end: clockToMinutes(close),
        }));
        for (const interval of checked) {
          if (interval.end <= interval.start) {
            ctx.addIssue({
              code: 'custom',
              path: ['hours', key, interval.index],
              message: `closes at ${interval.close}, which is not after it opens at ${interval.open}`,
            });
          } else {
            anyOpenTime = true;
          }
        }
        const byStart = [...checked].sort((a, b) => a.start - b.start);
        for (let i = 1; i < byStart.length; i++) {
          const previous = byStart[i - 1];
          const current = byStart[i];
          if (previous && current && current.start < previous.end) {
            ctx.addIssue({
              code: 'custom',
              path: ['hours', key, current.index],
              message: `${current.open}-${current.close} overlaps ${previous.open}-${previous.close}`,
            });
          }
        }
      }
      if (!anyOpenTime) {
        ctx.addIssue({
          code: 'custom',
          path: ['hours'],
          message: 'the calendar is never open: give at least one weekday opening hours',
        });
      }
    }),
  );
/** A calendar's JSON form after validation and defaults. */
export type CalendarJson = z.output<typeof CalendarJson>;
/** A calendar's JSON form as written (timeZone and closedDates optional). */
export type CalendarJsonInput = z.input<typeof CalendarJson>;

/** Validates a calendar's JSON form and builds the calendar; embed it in larger zod schemas. */
export const BusinessCalendarSchema = z.pipe(CalendarJson, z.transform(buildCalendar));

/**
 * Validates and builds a calendar from its JSON form.
 * @throws CalendarError naming the offending field, e.g. `hours.tue[1]: 12:00-13:00 overlaps 09:00-12:30`.
 */
export function parseCalendar(json: unknown): BusinessCalendar {
  const result = BusinessCalendarSchema.safeParse(json);
  if (!result.success) {
    const detail = result.error.issues
      .map((issue) => `${toDotPath(issue.path) || 'calendar'}: ${issue.message}`)
      .join('; ');
    const first = result.error.issues[0];
    throw new CalendarError(detail, { cause: result.error, field: first ? toDotPath(first.path) : null });
  }
  return result.data;
}

function buildCalendar(json: CalendarJson): BusinessCalendar {
  const hours = {} as Record<Weekday, OpeningInterval[]>;
  let weeklyMinutes = 0;
  for (const day of WEEKDAYS) {
    const intervals = (json.hours[day] ?? [])
      .map(([open, close]) => ({ start: clockToMinutes(open), end: clockToMinutes(close) }))
      .sort((a, b) => a.start - b.start);
    const merged: OpeningInterval[] = [];
    for (const interval of intervals) {
      const last = merged.at(-1);
      // Touching intervals (12:00-13:00 then 13:00-14:00) are one stretch of open time.
      if (last && last.end === interval.start) {
        merged[merged.length - 1] = { start: last.start, end: interval.end };
      } else {
        merged.push(interval);
      }
    }
    hours[day] = merged;
    weeklyMinutes += merged.reduce((sum, interval) => sum + interval.end - interval.start, 0);
  }
  const closedDates = [...new Set(json.closedDates)].sort();
  const closedDays = new Set(closedDates.map((date) => dayOfDateKey(date) ?? Number.NaN));
  return {
    timeZone: json.timeZone,
    hours,
    closedDates,
    bankHolidays: json.bankHolidays ?? null,
    weeklyMinutes,
    definition: json,
    closedDays,
  };
}

function isWeekday(key: string): key is Weekday {
  return (WEEKDAYS as readonly string[]).includes(key);
}

function clockToMinutes(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

function weekdayOf(day: number): Weekday {
  return WEEKDAYS[weekdayIndex(day)] ?? 'mon';
}

// ---------------------------------------------------------------------------------------------
// Bank holidays (the shipped GOV.UK list, the regular rules beyond it), cached per region and year

// Outside these years the answer is no bank holidays, as it always was: the rules are today's.
const FIRST_HOLIDAY_YEAR = 1000;
const LAST_HOLIDAY_YEAR = 9999;

let shippedLists: Record<BankHolidayRegion, BankHolidayList> | undefined;
const holidaysByRegionYear = new Map<string, ReadonlySet<number>>();

function bankHolidayDays(region: BankHolidayRegion, year: number): ReadonlySet<number> {
  const cacheKey = `${region}:${year}`;
  const cached = holidaysByRegionYear.get(cacheKey);
  if (cached) return cached;
  let days: ReadonlySet<number> = new Set();
  if (year >= FIRST_HOLIDAY_YEAR && year <= LAST_HOLIDAY_YEAR) {
    // Parsed on first use: a function whose calendar never asks for bank holidays pays nothing.
    shippedLists ??= bankHolidayLists(ShippedBankHolidays.parse(shippedBankHolidays));
    days = new Set(bankHolidaysInYear(shippedLists[region], region, year));
  }
  holidaysByRegionYear.set(cacheKey, days);
  return days;
}

/**
 * The public bank holidays of a UK region in a year (weekdays only, substitute days included),
 * as sorted `YYYY-MM-DD` dates. Empty outside the years 1000-9999.
 */
export function bankHolidayDates(region: BankHolidayRegion, year: number): string[] {
  return [...bankHolidayDays(region, year)].sort((a, b) => a - b).map(dateKeyOfDay);
}

type Span = readonly [start: number, end: number];

function isClosedDay(calendar: BusinessCalendar, day: number): boolean {
  if (calendar.closedDays.has(day)) return true;
  if (!calendar.bankHolidays) return false;
  return bankHolidayDays(calendar.bankHolidays, new Date(day * DAY_MS).getUTCFullYear()).has(day);
}

/** The open time of one local date, as instants in ms, in order. */
function openSpans(calendar: BusinessCalendar, zone: ZoneOffsets, day: number): Span[] {
  const intervals = calendar.hours[weekdayOf(day)];
  if (intervals.length === 0 || isClosedDay(calendar, day)) return [];
  const midnight = day * DAY_MS;
  const spans: Span[] = [];
  for (const interval of intervals) {
    const start = zone.toInstant(midnight + interval.start * MINUTE_MS);
    const end = zone.toInstant(midnight + interval.end * MINUTE_MS);
    // An interval wholly inside wall time skipped by a clock change is not open that day.
    if (end > start) spans.push([start, end]);
  }
  return spans;
}

/**
 * True when the 7 local dates from `firstDay` hold exactly `weeklyMinutes` of open time: no
 * closure on an open day and no clock change, so the week can be skipped arithmetically.
 */
function isPlainWeek(calendar: BusinessCalendar, zone: ZoneOffsets, firstDay: number): boolean {
  for (let day = firstDay; day < firstDay + 7; day++) {
    if (calendar.hours[weekdayOf(day)].length > 0 && isClosedDay(calendar, day)) return false;
  }
  const from = firstDay * DAY_MS - OFFSET_REACH_MS;
  return zone.steadyOffset(from, (firstDay + 7) * DAY_MS + OFFSET_REACH_MS) !== null;
}

function instantMs(value: Date, name: string): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new CalendarError(`${name} is not a valid instant`);
  if (Math.abs(ms) > MAX_INSTANT_MS) {
    throw new CalendarError(`${name} is outside the supported range of dates`);
  }
  return ms;
}

function spanTooLong(): CalendarError {
  return new CalendarError(`the answer lies more than ${MAX_SPAN_YEARS} years of calendar time away`);
}

// ---------------------------------------------------------------------------------------------
// Working-time arithmetic

/**
 * The instant `minutes` working minutes after `start` (before it when `minutes` is negative).
 *
 * - Counting forward from closed time starts at the next opening; landing exactly on the end of an
 *   open interval returns that end (17:00, not the next morning). Backwards mirrors this.
 * - `minutes === 0` returns `start` itself, even in closed time, so that
 *   `workingMinutesBetween(c, a, addWorkingMinutes(c, a, n)) === n` for every n >= 0.
 * - Fractional minutes are allowed; the result is rounded to the millisecond.
 * @throws CalendarError for an invalid instant, a non-finite count, or an answer more than
 *   {@link MAX_SPAN_YEARS} years away.
 */
export function addWorkingMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  const from = instantMs(start, 'start');
  if (!Number.isFinite(minutes)) throw new CalendarError(`minutes must be a finite number, got ${minutes}`);
  const amount = Math.round(Math.abs(minutes) * MINUTE_MS);
  if (amount === 0) return new Date(from);
  // Even without closures the walk needs this many weeks: refuse early rather than grind.
  if ((amount / (calendar.weeklyMinutes * MINUTE_MS)) * 7 > MAX_SPAN_DAYS) throw spanTooLong();
  const zone = zoneOffsets(calendar.timeZone);
  const result =
    minutes > 0 ? walkForward(calendar, zone, from, amount) : walkBackward(calendar, zone, from, amount);
  return new Date(result);
}

function walkForward(calendar: BusinessCalendar, zone: ZoneOffsets, from: number, amount: number): number {
  const weekMs = calendar.weeklyMinutes * MINUTE_MS;
  const firstDay = zone.localDay(from);
  let remaining = amount;
  // Start a day early: after a midnight clock change, open time labelled with the previous local
  // date can still lie after `from`. Spans are clipped to `from`, so nothing counts twice.
  for (let day = firstDay - 1; day - firstDay <= MAX_SPAN_DAYS; ) {
    // Strictly more than a week left: the answer is never the end of a skipped week.
    if (day >= firstDay + 2 && remaining > weekMs && isPlainWeek(calendar, zone, day)) {
      remaining -= weekMs;
      day += 7;
      continue;
    }
    for (const [spanStart, spanEnd] of openSpans(calendar, zone, day)) {
      const open = Math.max(spanStart, from);
      if (spanEnd <= open) continue;
      if (remaining <= spanEnd - open) return checkedResult(open + remaining);
      remaining -= spanEnd - open;
    }
    day += 1;
  }
  throw spanTooLong();
}

function walkBackward(calendar: BusinessCalendar, zone: ZoneOffsets, from: number, amount: number): number {
  const weekMs = calendar.weeklyMinutes * MINUTE_MS;
  const firstDay = zone.localDay(from);
  let remaining = amount;
  for (let day = firstDay + 1; firstDay - day <= MAX_SPAN_DAYS; ) {
    if (day <= firstDay - 2 && remaining > weekMs && isPlainWeek(calendar, zone, day - 6)) {
      remaining -= weekMs;
      day -= 7;
      continue;
    }
    const spans = openSpans(calendar, zone, day);
    for (let index = spans.length - 1; index >= 0; index--) {
      const span = spans[index];
      if (!span) continue;
      const close = Math.min(span[1], from);
      if (close <= span[0]) continue;
      if (remaining <= close - span[0]) return checkedResult(close - remaining);
      remaining -= close - span[0];
    }
    day -= 1;
  }
  throw spanTooLong();
}

function checkedResult(ms: number): number {
  if (Math.abs(ms) > MAX_INSTANT_MS) {
    throw new CalendarError('the answer is outside the supported range of dates');
  }
  return ms;
}

/**
 * Working minutes from `start` to `end` on the calendar; negative when `end` is before `start`.
 * Fractional when the instants carry seconds or milliseconds. Additive:
 * `between(a, b) + between(b, c) === between(a, c)`.
 * @throws CalendarError for an invalid instant or instants more than {@link MAX_SPAN_YEARS} years apart.
 */
export function workingMinutesBetween(calendar: BusinessCalendar, start: Date, end: Date): number {
  const a = instantMs(start, 'start');
  const b = instantMs(end, 'end');
  if (a === b) return 0;
  const [from, to] = a < b ? [a, b] : [b, a];
  const zone = zoneOffsets(calendar.timeZone);
  const firstDay = zone.localDay(from);
  const lastDay = zone.localDay(to);
  if (lastDay - firstDay > MAX_SPAN_DAYS) throw spanTooLong();
  const weekMs = calendar.weeklyMinutes * MINUTE_MS;
  let total = 0;
  // One day of slack at each end for midnight clock changes, as in walkForward.
  for (let day = firstDay - 1; day <= lastDay + 1; ) {
    if (day >= firstDay + 2 && day + 6 <= lastDay - 2 && isPlainWeek(calendar, zone, day)) {
      total += weekMs;
      day += 7;
      continue;
    }
    for (const [spanStart, spanEnd] of openSpans(calendar, zone, day)) {
      const overlap = Math.min(spanEnd, to) - Math.max(spanStart, from);
      if (overlap > 0) total += overlap;
    }
    day += 1;
  }
  const minutes = total / MINUTE_MS;
  // No open time between them is plain 0, never -0 (which prints as "0" but compares unequal).
  if (minutes === 0) return 0;
  return a < b ? minutes : -minutes;
}

/**
 * The open time between two instants as `[start, end]` instants (ms), in order, clipped to them:
 * what a browser needs to count working time on this calendar without the calendar itself.
 * @throws CalendarError when the span is longer than the calendar allows.
 */
export function openIntervals(calendar: BusinessCalendar, from: Date, to: Date): [number, number][] {
  const a = instantMs(from, 'from');
  const b = instantMs(to, 'to');
  if (b <= a) return [];
  const zone = zoneOffsets(calendar.timeZone);
  const firstDay = zone.localDay(a);
  const lastDay = zone.localDay(b);
  if (lastDay - firstDay > MAX_SPAN_DAYS) throw spanTooLong();
  const intervals: [number, number][] = [];
  for (let day = firstDay - 1; day <= lastDay + 1; day += 1) {
    for (const [start, end] of openSpans(calendar, zone, day)) {
      const clipped: [number, number] = [Math.max(start, a), Math.min(end, b)];
      if (clipped[1] > clipped[0]) intervals.push(clipped);
    }
  }
  return intervals.sort((x, y) => x[0] - y[0]);
}

/** True when `at` falls in open time (an interval includes its opening instant, not its close). */
export function isOpenAt(calendar: BusinessCalendar, at: Date): boolean {
  const instant = instantMs(at, 'at');
  const zone = zoneOffsets(calendar.timeZone);
  const today = zone.localDay(instant);
  for (let day = today - 1; day <= today + 1; day++) {
    for (const [spanStart, spanEnd] of openSpans(calendar, zone, day)) {
      if (spanStart <= instant && instant < spanEnd) return true;
    }
  }
  return false;
}

/** `at` itself when the calendar is open then, otherwise the next instant it opens. */
export function nextOpening(calendar: BusinessCalendar, at: Date): Date {
  const instant = instantMs(at, 'at');
  const zone = zoneOffsets(calendar.timeZone);
  const today = zone.localDay(instant);
  for (let day = today - 1; day - today <= MAX_SPAN_DAYS; day++) {
    for (const [spanStart, spanEnd] of openSpans(calendar, zone, day)) {
      if (spanEnd > instant) return new Date(Math.max(spanStart, instant));
    }
  }
  throw spanTooLong();
}

/** The local date (`YYYY-MM-DD`) of an instant in the calendar's time zone. */
export function localDateOf(calendar: BusinessCalendar, at: Date): string {
  const instant = instantMs(at, 'at');
  return dateKeyOfDay(zoneOffsets(calendar.timeZone).localDay(instant));
}

/**
 * Working minutes in an average open weekday of the calendar (480 for 09:00-17:00, Mon-Fri): the
 * length of "one working day" in reports and in clocks counted in working days.
 */
export function averageWorkingDayMinutes(
  calendar: Pick<BusinessCalendar, 'hours' | 'weeklyMinutes'>,
): number {
  const openDays = WEEKDAYS.filter((day) => calendar.hours[day].length > 0).length;
  return calendar.weeklyMinutes / Math.max(1, openDays);
}

/**
 * True when the calendar opens at some time on a local date (`YYYY-MM-DD`): a weekday with
 * opening hours that is neither a closure nor a bank holiday.
 * @throws CalendarError if `date` is not a real date.
 */
export function isWorkingDate(calendar: BusinessCalendar, date: string): boolean {
  const day = dayOfDateKey(date);
  if (day === null) throw new CalendarError(`"${date}" is not a real date "YYYY-MM-DD"`, { field: 'date' });
  return calendar.hours[weekdayOf(day)].length > 0 && !isClosedDay(calendar, day);
}

/** Counting working days day by day stops this far out: later dates only add days one for one. */
const WORKING_DAY_REACH = 400;

/**
 * Working days after the local date `from` up to and including `to` (both `YYYY-MM-DD`): the day
 * of `from` itself never counts, and the answer is 0 when `to` is not after it. "Within 5 working
 * days" of receipt is `workingDaysAfter(calendar, receiptDate, date) <= 5`. Days more than
 * {@link WORKING_DAY_REACH} ahead each count one, so the answer only ever errs high far out.
 * @throws CalendarError if either date is not a real date.
 */
export function workingDaysAfter(calendar: BusinessCalendar, from: string, to: string): number {
  const first = dayOfDateKey(from);
  const last = dayOfDateKey(to);
  if (first === null) throw new CalendarError(`"${from}" is not a real date "YYYY-MM-DD"`, { field: 'from' });
  if (last === null) throw new CalendarError(`"${to}" is not a real date "YYYY-MM-DD"`, { field: 'to' });
  const reach = Math.min(last, first + WORKING_DAY_REACH);
  let count = 0;
  for (let day = first + 1; day <= reach; day++) {
    if (calendar.hours[weekdayOf(day)].length > 0 && !isClosedDay(calendar, day)) count++;
  }
  return count + (last - reach);
}
