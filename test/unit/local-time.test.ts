/**
 * The one time module: local dates and wall-clock times across clock changes, zone offsets as the
 * runtime's IANA database gives them, and the words the hub writes dates in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateKeyOfDay,
  dayMonth,
  dayMonthYear,
  dayOf,
  dayOfDateKey,
  formatDeadline,
  isKnownTimeZone,
  listDateTime,
  localDate,
  localDaysBetween,
  longDate,
  readableDate,
  readableDateTime,
  shortDateTime,
  shortDay,
  startOfLocalDay,
  wallTimeToInstant,
  weekdayDayMonth,
  weekdayOfDate,
  weekStartDate,
  zoneOffsetMs,
} from '../../shared/domain/local-time';

const ZONES = [
  'Europe/London',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'UTC',
];

/** The zone's offset read the slow, obvious way: the wall clock's fields as if they were UTC. */
function referenceOffsetMs(timeZone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

describe('zone offsets and local dates', () => {
  it('agrees with the wall clock Intl shows, in every zone, at any instant of 1900-2100', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
        (zone, instant) => {
          expect(zoneOffsetMs(zone, instant)).toBe(referenceOffsetMs(zone, instant));
          const reference = new Date(instant + referenceOffsetMs(zone, instant)).toISOString().slice(0, 10);
          expect(localDate(zone, instant)).toBe(reference);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('puts an instant on its UK date across midnight in summer and winter', () => {
    expect(localDate('Europe/London', '2026-06-30T23:30:00Z')).toBe('2026-07-01');
    expect(localDate('Europe/London', '2026-12-31T23:30:00Z')).toBe('2026-12-31');
    expect(localDate('Europe/London', new Date('2026-06-30T22:59:59Z'))).toBe('2026-06-30');
  });

  it('starts a local day at its midnight, on the days the clocks change too', () => {
    expect(new Date(startOfLocalDay('Europe/London', '2026-03-29')).toISOString()).toBe(
      '2026-03-29T00:00:00.000Z',
    );
    expect(new Date(startOfLocalDay('Europe/London', '2026-03-30')).toISOString()).toBe(
      '2026-03-29T23:00:00.000Z',
    );
    expect(new Date(startOfLocalDay('Europe/London', '2026-10-26')).toISOString()).toBe(
      '2026-10-26T00:00:00.000Z',
    );
  });

  it('reads a wall-clock time as people mean it: the later hour in autumn, forward over the spring gap', () => {
    const wall = (day: number, month: number, hour: number, minute: number) => ({
      year: 2026,
      month,
      day,
      hour,
      minute,
      second: 0,
    });
    expect(wallTimeToInstant(wall(25, 10, 1, 30), 'Europe/London').toISOString()).toBe(
      '2026-10-25T01:30:00.000Z',
    );
    expect(wallTimeToInstant(wall(29, 3, 1, 30), 'Europe/London').toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(wallTimeToInstant(wall(1, 7, 9, 0), 'Europe/London').toISOString()).toBe(
      '2026-07-01T08:00:00.000Z',
    );
  });

  it('counts weeks from Monday and days between local dates', () => {
    expect(weekStartDate('Europe/London', '2026-11-29T23:30:00Z')).toBe('2026-11-23');
    expect(weekdayOfDate('2026-11-23')).toBe(0);
    expect(weekdayOfDate('2026-11-29')).toBe(6);
    expect(localDaysBetween('Europe/London', '2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z')).toBe(2);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });

  it('knows real dates from impossible ones', () => {
    expect(dayOfDateKey('2028-02-29')).not.toBeNull();
    expect(dayOfDateKey('2026-02-29')).toBeNull();
    expect(dayOfDateKey('2026-13-01')).toBeNull();
    expect(dayOf(2026, 4, 31)).toBeNull();
    const day = dayOf(2026, 11, 23);
    expect(day === null ? null : dateKeyOfDay(day)).toBe('2026-11-23');
  });

  it('knows IANA zones and refuses fixed offsets and nonsense', () => {
    expect(isKnownTimeZone('Europe/London')).toBe(true);
    expect(isKnownTimeZone('+01:00')).toBe(false);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

describe('dates in words', () => {
  it('writes each of the hub’s date shapes', () => {
    expect(longDate('2026-11-23')).toBe('Monday 23 November 2026');
    expect(readableDate('2026-03-02')).toBe('Mon 2 Mar 2026');
    expect(shortDay('2026-12-24')).toBe('Thu 24 Dec');
    expect(weekdayDayMonth('2026-11-23')).toBe('Monday 23 November');
    expect(dayMonth('2026-11-23')).toBe('23 Nov');
    expect(dayMonthYear('2015-04-02')).toBe('2 April 2015');
  });

  it('writes instants on the hub clock, BST in summer and GMT in winter', () => {
    expect(readableDateTime('Europe/London', '2026-07-01T08:30:00Z')).toBe('Wed 1 Jul 2026 09:30');
    expect(readableDateTime('Europe/London', '2026-12-01T08:30:00Z')).toBe('Tue 1 Dec 2026 08:30');
    expect(shortDateTime('Europe/London', '2026-12-24T09:05:00Z')).toBe('Thu 24 Dec 09:05');
    expect(listDateTime('Europe/London', '2026-11-24T10:00:00Z')).toBe('Tue, 24 Nov 2026, 10:00');
  });

  it('says a deadline the way a letter would', () => {
    expect(formatDeadline('2026-11-27T17:00:00Z', 'Europe/London')).toBe('5pm on Friday 27 November 2026');
    expect(formatDeadline('2026-11-30T00:00:00Z', 'Europe/London')).toBe(
      'the end of Sunday 29 November 2026',
    );
  });
});
