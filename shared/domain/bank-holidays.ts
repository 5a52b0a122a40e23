/**
 * UK bank holidays as data. GOV.UK publishes each region's list (https://www.gov.uk/bank-holidays.json,
 * a few years back and one or two ahead, one-off days such as a coronation included); its dates
 * ship as `config/bank-holidays.json` and `npm run refresh:bank-holidays` replaces them with the
 * current list. For a year the copy does not cover, the regular rules that have held since 1978 project the
 * dates (no one-off days, of course), so a stale copy degrades gracefully instead of opening the hub
 * on Christmas Day. Pure: the list comes in as data; no time zone is involved (dates are local).
 */

import { dateKeyOfDay, dayOf, dayOfDateKey, weekdayIndex } from './local-time';
import * as z from './zod';

/** UK regions whose public bank holidays a calendar can close on (GOV.UK's division names). */
export const BANK_HOLIDAY_REGIONS = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export const BankHolidayRegion = z.enum(BANK_HOLIDAY_REGIONS);
export type BankHolidayRegion = z.infer<typeof BankHolidayRegion>;

/**
 * The dates of one year's line of the shipped file, `YYYY MM-DD MM-DD ...`, as `YYYY-MM-DD`, or
 * null when the line is not that or names a date that does not exist.
 */
export function datesOfYearLine(line: string): string[] | null {
  const [year, ...days] = line.split(' ');
  if (year === undefined || !/^\d{4}$/.test(year) || days.length === 0) return null;
  const dates = days.map((day) => `${year}-${day}`);
  // dayOfDateKey checks the `YYYY-MM-DD` form as well as that the date exists.
  return dates.every((date) => dayOfDateKey(date) !== null) ? dates : null;
}

const YearLine = z
  .string()
  .check(z.refine((line) => datesOfYearLine(line) !== null, 'must be "YYYY MM-DD MM-DD ..." of real dates'));

/**
 * The shipped form (`config/bank-holidays.json`): each region's published dates and nothing else,
 * one line a year (`"2026 01-01 04-03 ..."`), since the calendar needs only those and every function
 * carries them; `npm run refresh:bank-holidays` writes it from GOV.UK's list
 * (`published-bank-holidays.ts`), so it stays refreshable. Every region present with at least one
 * year; `source` says where the dates came from.
 */
export const ShippedBankHolidays = z.object({
  source: z.string().check(z.minLength(1)),
  'england-and-wales': z.array(YearLine).check(z.minLength(1)),
  scotland: z.array(YearLine).check(z.minLength(1)),
  'northern-ireland': z.array(YearLine).check(z.minLength(1)),
});
export type ShippedBankHolidays = z.infer<typeof ShippedBankHolidays>;

/** A region's shipped dates, `YYYY-MM-DD`, in the file's order. */
export function shippedDates(shipped: ShippedBankHolidays, region: BankHolidayRegion): string[] {
  return shipped[region].flatMap((line) => datesOfYearLine(line) ?? []);
}

/** One region's list, ready for lookups: the days it closes and the years it covers. */
export interface BankHolidayList {
  readonly days: ReadonlySet<number>;
  readonly firstYear: number;
  readonly lastYear: number;
}

/** The shipped lists by region, as day numbers, with the whole years they cover. */
export function bankHolidayLists(shipped: ShippedBankHolidays): Record<BankHolidayRegion, BankHolidayList> {
  const lists = {} as Record<BankHolidayRegion, BankHolidayList>;
  for (const region of BANK_HOLIDAY_REGIONS) {
    const days = shippedDates(shipped, region)
      .map(dayOfDateKey)
      .filter((day): day is number => day !== null);
    const years = days.map(yearOfDay);
    lists[region] = { days: new Set(days), firstYear: Math.min(...years), lastYear: Math.max(...years) };
  }
  return lists;
}

// ---------------------------------------------------------------------------------------------
// The regular rules, for years a published list does not cover

function yearOfDay(day: number): number {
  return new Date(day * 86_400_000).getUTCFullYear();
}

function must(day: number | null): number {
  if (day === null) throw new RangeError('not a date');
  return day;
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian computus). */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return must(dayOf(year, month, day));
}

/** The first Monday of a month. */
function firstMonday(year: number, month: number): number {
  const first = must(dayOf(year, month, 1));
  return first + ((7 - weekdayIndex(first)) % 7);
}

/** The last Monday of a month. */
function lastMonday(year: number, month: number): number {
  const next = month === 12 ? must(dayOf(year + 1, 1, 1)) : must(dayOf(year, month + 1, 1));
  const last = next - 1;
  return last - weekdayIndex(last);
}

/**
 * The regular bank holidays of a region in a year, by the rules in force: fixed dates that fall
 * on a weekend (or on a day another holiday has already taken) move to the next free weekday, in
 * date order, which gives both substitute days when Christmas falls on a Saturday or Sunday.
 */
export function projectedBankHolidays(region: BankHolidayRegion, year: number): number[] {
  const fixed = (month: number, day: number) => must(dayOf(year, month, day));
  const easter = easterSunday(year);
  const nominal = [
    fixed(1, 1),
    easter - 2,
    firstMonday(year, 5),
    lastMonday(year, 5),
    fixed(12, 25),
    fixed(12, 26),
  ];
  if (region === 'scotland') nominal.push(fixed(1, 2), firstMonday(year, 8), fixed(11, 30));
  else nominal.push(easter + 1, lastMonday(year, 8));
  if (region === 'northern-ireland') nominal.push(fixed(3, 17), fixed(7, 12));
  const taken = new Set<number>();
  for (const day of nominal.sort((a, b) => a - b)) {
    let actual = day;
    while (weekdayIndex(actual) >= 5 || taken.has(actual)) actual += 1;
    taken.add(actual);
  }
  return [...taken].sort((a, b) => a - b);
}

/** The bank holidays of a region in a year: the published list where it covers the year, else the rules. */
export function bankHolidaysInYear(list: BankHolidayList, region: BankHolidayRegion, year: number): number[] {
  if (year >= list.firstYear && year <= list.lastYear) {
    return [...list.days].filter((day) => yearOfDay(day) === year).sort((a, b) => a - b);
  }
  return projectedBankHolidays(region, year);
}

/** `YYYY-MM-DD` of each day, for people and tests. */
export function dateKeys(days: readonly number[]): string[] {
  return days.map(dateKeyOfDay);
}
