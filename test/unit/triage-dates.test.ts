import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import {
  type BusinessCalendar,
  isWorkingDate,
  localDateOf,
  parseCalendar,
  workingDaysAfter,
} from '../../shared/domain/business-calendar';
import { dateKeyOfDay, dayOf, weekdayIndex } from '../../shared/domain/local-time';
import { findDateMentions } from '../../shared/domain/triage/date-mentions';

const day = (iso: string): number => {
  const [year, month, date] = iso.split('-').map(Number);
  const result = dayOf(year ?? 0, month ?? 0, date ?? 0);
  if (result === null) throw new Error(`bad date ${iso}`);
  return result;
};
const datesIn = (sentence: string, today: string): string[] =>
  findDateMentions(sentence, day(today)).map((mention) => dateKeyOfDay(mention.day));

describe('dates written in enquiries', () => {
  // Wednesday 4 March 2026.
  const today = '2026-03-04';

  it.each([
    ['The hearing is on 9 March.', '2026-03-09'],
    ['The hearing is on the 9th of March.', '2026-03-09'],
    ['Hearing listed MON 9/3 at 10am.', '2026-03-09'],
    ['The deadline is March 9th.', '2026-03-09'],
    ['The hearing is on Wednesday, 4 November 2026.', '2026-11-04'],
    ['It is tomorrow.', '2026-03-05'],
    ['It was yesterday.', '2026-03-03'],
    ['It is next Monday.', '2026-03-09'],
    ['It is this Friday.', '2026-03-06'],
    ['It was last Thursday.', '2026-02-26'],
    ['It is on the 20th.', '2026-03-20'],
    ['It is in 3 days.', '2026-03-07'],
    ['It is next week.', '2026-03-09'],
  ])('reads "%s" as %s', (sentence, expected) => {
    expect(datesIn(sentence, today)).toEqual([expected]);
  });

  it('puts a date without a year in the year nearest receipt', () => {
    expect(datesIn('The deadline was 15 December.', '2026-01-10')).toEqual(['2025-12-15']);
    expect(datesIn('The hearing is on 5 January.', '2025-12-20')).toEqual(['2026-01-05']);
  });

  it('ignores dates of birth and dates that do not exist', () => {
    expect(datesIn('DOB 14/07/2014.', today)).toEqual([]);
    expect(datesIn('It is on 31 February.', today)).toEqual([]);
  });

  it('does not read "sat" or "sun" in lower case as days', () => {
    expect(datesIn('We sat in the sun for an hour.', today)).toEqual([]);
  });

  it('takes the local date of receipt in the hub time zone', () => {
    const hub = defaultHubConfig().calendar;
    // 23:30 BST on 30 June is still 30 June in London, 22:30 UTC.
    expect(localDateOf(hub, new Date('2026-06-30T22:30:00Z'))).toBe('2026-06-30');
    // 00:30 BST on 1 July is 23:30 UTC on 30 June.
    expect(localDateOf(hub, new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
  });
});

describe('working days after receipt, on the business calendar', () => {
  // Mon-Fri with England and Wales bank holidays, no closures: what the hub had before closures.
  const plain: BusinessCalendar = parseCalendar({
    hours: {
      mon: [['09:00', '17:00']],
      tue: [['09:00', '17:00']],
      wed: [['09:00', '17:00']],
      thu: [['09:00', '17:00']],
      fri: [['09:00', '17:00']],
    },
    bankHolidays: 'england-and-wales',
  });
  const countAfter = (from: number, to: number, calendar = plain): number =>
    workingDaysAfter(calendar, dateKeyOfDay(from), dateKeyOfDay(to));

  it('counts Monday to Friday after the day of receipt, the deadline day included', () => {
    // Thursday 29 Oct 2026 -> Wednesday 4 Nov 2026: Fri, Mon, Tue, Wed.
    expect(countAfter(day('2026-10-29'), day('2026-11-04'))).toBe(4);
    // Monday -> next Monday is 5; next Tuesday is 6.
    expect(countAfter(day('2026-03-02'), day('2026-03-09'))).toBe(5);
    expect(countAfter(day('2026-03-02'), day('2026-03-10'))).toBe(6);
  });

  it('skips England bank holidays, substitute days included', () => {
    // Good Friday 3 April and Easter Monday 6 April 2026.
    expect(countAfter(day('2026-04-02'), day('2026-04-10'))).toBe(4);
    // Christmas 2026: Fri 25 Dec and the Boxing Day substitute Mon 28 Dec.
    expect(countAfter(day('2026-12-23'), day('2026-12-31'))).toBe(4);
  });

  it("skips the hub's own closure days: 23 December to 5 January is 3 working days on the hub calendar", () => {
    const hub = defaultHubConfig().calendar;
    expect(hub.closedDates).toEqual(expect.arrayContaining(['2026-12-29', '2026-12-30', '2026-12-31']));
    expect(countAfter(day('2026-12-23'), day('2027-01-05'), hub)).toBe(3);
    expect(countAfter(day('2026-12-23'), day('2027-01-05'))).toBe(6);
    expect(isWorkingDate(hub, '2026-12-30')).toBe(false);
    expect(isWorkingDate(plain, '2026-12-30')).toBe(true);
  });

  it('is 0 for the day itself or an earlier day', () => {
    expect(countAfter(day('2026-03-04'), day('2026-03-04'))).toBe(0);
    expect(countAfter(day('2026-03-04'), day('2026-03-01'))).toBe(0);
  });

  it('adds nothing for a weekend day and at most one for any other day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: day('2020-01-01'), max: day('2035-12-31') }),
        fc.integer({ min: 0, max: 60 }),
        (from, span) => {
          const next = from + span + 1;
          const step = countAfter(from, next) - countAfter(from, next - 1);
          if (weekdayIndex(next) >= 5) expect(step).toBe(0);
          else expect([0, 1]).toContain(step);
        },
      ),
    );
  });

  it('counts at most five working days in any seven days', () => {
    fc.assert(
      fc.property(fc.integer({ min: day('2020-01-01'), max: day('2035-12-31') }), (from) => {
        const week = countAfter(from, from + 7);
        expect(week).toBeLessThanOrEqual(5);
        expect(week).toBeGreaterThanOrEqual(2);
      }),
    );
  });
});
