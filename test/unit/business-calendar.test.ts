import { describe, expect, it } from 'vitest';
import {
  addWorkingMinutes,
  type BusinessCalendar,
  bankHolidayDates,
  CalendarError,
  type CalendarJsonInput,
  isOpenAt,
  localDateOf,
  nextOpening,
  openIntervals,
  parseCalendar,
  workingMinutesBetween,
} from '../../shared/domain/business-calendar';
import { ValidationError } from '../../shared/domain/errors';

const NINE_TO_FIVE: [string, string][] = [['09:00', '17:00']];
const WEEKDAYS_NINE_TO_FIVE = {
  mon: NINE_TO_FIVE,
  tue: NINE_TO_FIVE,
  wed: NINE_TO_FIVE,
  thu: NINE_TO_FIVE,
  fri: NINE_TO_FIVE,
};
const ALL_DAY: [string, string][] = [['00:00', '24:00']];
const EVERY_DAY_ALL_DAY = {
  mon: ALL_DAY,
  tue: ALL_DAY,
  wed: ALL_DAY,
  thu: ALL_DAY,
  fri: ALL_DAY,
  sat: ALL_DAY,
  sun: ALL_DAY,
};

function calendar(json: CalendarJsonInput): BusinessCalendar {
  return parseCalendar(json);
}

function add(on: BusinessCalendar, start: string, minutes: number): string {
  return addWorkingMinutes(on, new Date(start), minutes).toISOString();
}

function between(on: BusinessCalendar, start: string, end: string): number {
  return workingMinutesBetween(on, new Date(start), new Date(end));
}

function parseError(json: unknown): CalendarError {
  try {
    parseCalendar(json);
  } catch (error) {
    if (error instanceof CalendarError) return error;
    throw error;
  }
  throw new Error('expected the calendar to be rejected');
}

/**
 * Runs `work` with every `Intl.DateTimeFormat#format` call counted (how the calendar reads a zone's
 * UTC offset), for formatters created while it runs.
 */
function countingZoneReads<T>(work: () => T): { result: T; reads: number } {
  const Original = Intl.DateTimeFormat;
  let reads = 0;
  class Counting extends Original {
    override format = (date?: Date | number): string => {
      reads += 1;
      return super.format(date);
    };
  }
  const intl = Intl as unknown as { DateTimeFormat: typeof Intl.DateTimeFormat };
  intl.DateTimeFormat = Counting as typeof Intl.DateTimeFormat;
  try {
    return { result: work(), reads };
  } finally {
    intl.DateTimeFormat = Original;
  }
}

const london = calendar({ timeZone: 'Europe/London', hours: WEEKDAYS_NINE_TO_FIVE });
const englandAndWales = calendar({
  timeZone: 'Europe/London',
  hours: WEEKDAYS_NINE_TO_FIVE,
  bankHolidays: 'england-and-wales',
});

describe('the acceptance example', () => {
  const acceptance = calendar({
    timeZone: 'Etc/UTC',
    hours: {
      mon: NINE_TO_FIVE,
      wed: NINE_TO_FIVE,
      fri: NINE_TO_FIVE,
      tue: [['10:00', '16:00']],
      thu: [['10:00', '16:00']],
      sat: [['11:00', '14:30']],
    },
  });

  it('adds 1140 working minutes from Monday 11:00 to reach Wednesday 16:00', () => {
    expect(add(acceptance, '2006-01-02T11:00:00Z', 1140)).toBe('2006-01-04T16:00:00.000Z');
  });

  it('counts 1140 working minutes between those two instants, in either direction', () => {
    expect(between(acceptance, '2006-01-02T11:00:00Z', '2006-01-04T16:00:00.000Z')).toBe(1140);
    expect(between(acceptance, '2006-01-04T16:00:00.000Z', '2006-01-02T11:00:00Z')).toBe(-1140);
  });

  it('counts backwards from Wednesday 16:00 to Monday 11:00', () => {
    expect(add(acceptance, '2006-01-04T16:00:00Z', -1140)).toBe('2006-01-02T11:00:00.000Z');
  });

  it('keeps 2 January 2006, an English bank holiday, open when the calendar does not ask for bank holidays', () => {
    expect(isOpenAt(acceptance, new Date('2006-01-02T11:00:00Z'))).toBe(true);
  });

  it('uses Saturday hours', () => {
    expect(add(acceptance, '2006-01-06T16:30:00Z', 60)).toBe('2006-01-07T11:30:00.000Z');
  });
});

describe('weekends, opening and closing', () => {
  it('carries Friday afternoon work over the weekend to Monday morning', () => {
    expect(add(london, '2026-01-09T16:00:00Z', 120)).toBe('2026-01-12T10:00:00.000Z');
    expect(between(london, '2026-01-09T16:00:00Z', '2026-01-12T10:00:00Z')).toBe(120);
  });

  it('starts the clock at the next opening when started at the weekend', () => {
    expect(add(london, '2026-01-10T12:00:00Z', 30)).toBe('2026-01-12T09:30:00.000Z');
  });

  it('starts the clock at opening time when started before it, and the next morning when after closing', () => {
    expect(add(london, '2026-01-12T07:00:00Z', 60)).toBe('2026-01-12T10:00:00.000Z');
    expect(add(london, '2026-01-12T18:00:00Z', 60)).toBe('2026-01-13T10:00:00.000Z');
  });

  it('lands on closing time, not the next opening, when the work ends exactly at close', () => {
    expect(add(london, '2026-01-12T09:00:00Z', 480)).toBe('2026-01-12T17:00:00.000Z');
  });

  it('counts backwards from closed time to the last open minutes before it', () => {
    expect(add(london, '2026-01-10T12:00:00Z', -60)).toBe('2026-01-09T16:00:00.000Z');
    expect(add(london, '2026-01-12T17:00:00Z', -480)).toBe('2026-01-12T09:00:00.000Z');
  });

  it('counts nothing over a weekend alone', () => {
    expect(between(london, '2026-01-09T17:00:00Z', '2026-01-12T09:00:00Z')).toBe(0);
  });

  it('returns the start itself for zero minutes, even in closed time', () => {
    expect(add(london, '2026-01-10T12:34:56.789Z', 0)).toBe('2026-01-10T12:34:56.789Z');
    expect(between(london, '2026-01-10T12:00:00Z', '2026-01-10T12:00:00Z')).toBe(0);
  });

  it('counts fractional minutes when instants carry seconds and milliseconds', () => {
    expect(between(london, '2026-01-12T09:00:00Z', '2026-01-12T09:00:30Z')).toBe(0.5);
    expect(between(london, '2026-01-12T09:00:00Z', '2026-01-12T09:00:00.600Z')).toBe(0.01);
    expect(add(london, '2026-01-12T09:00:00Z', 1.5)).toBe('2026-01-12T09:01:30.000Z');
  });

  it('treats a missing weekday and an empty one alike, as closed', () => {
    const wednesdayEmpty = calendar({ hours: { ...WEEKDAYS_NINE_TO_FIVE, wed: [] } });
    expect(add(wednesdayEmpty, '2026-01-13T16:00:00Z', 120)).toBe('2026-01-15T10:00:00.000Z');
  });
});

describe('days with several opening intervals', () => {
  const withLunch = calendar({
    timeZone: 'Europe/London',
    hours: {
      tue: [
        ['13:30', '17:00'],
        ['09:00', '12:30'],
      ],
    },
  });

  it('skips the lunch break', () => {
    expect(add(withLunch, '2026-01-06T12:00:00Z', 60)).toBe('2026-01-06T14:00:00.000Z');
    expect(between(withLunch, '2026-01-06T12:00:00Z', '2026-01-06T14:00:00Z')).toBe(60);
  });

  it('restarts after the break when started during it', () => {
    expect(add(withLunch, '2026-01-06T13:00:00Z', 10)).toBe('2026-01-06T13:40:00.000Z');
  });

  it('counts backwards across the break', () => {
    expect(add(withLunch, '2026-01-06T13:40:00Z', -40)).toBe('2026-01-06T12:00:00.000Z');
    expect(add(withLunch, '2026-01-06T13:40:00Z', -10)).toBe('2026-01-06T13:30:00.000Z');
  });

  it('counts a whole day as the sum of its intervals', () => {
    expect(withLunch.weeklyMinutes).toBe(420);
    expect(between(withLunch, '2026-01-06T00:00:00Z', '2026-01-07T00:00:00Z')).toBe(420);
  });

  it('joins touching intervals into one stretch', () => {
    const split = calendar({
      hours: {
        mon: [
          ['09:00', '12:00'],
          ['12:00', '17:00'],
        ],
      },
    });
    expect(split.hours.mon).toEqual([{ start: 540, end: 1020 }]);
    expect(add(split, '2026-01-12T11:00:00Z', 120)).toBe('2026-01-12T13:00:00.000Z');
  });
});

describe('"24:00" closes at midnight', () => {
  const overnight = calendar({
    timeZone: 'Etc/UTC',
    hours: { sat: [['18:00', '24:00']], sun: [['00:00', '06:00']] },
  });

  it('runs an overnight stretch on from Saturday evening into Sunday morning', () => {
    expect(add(overnight, '2026-01-10T23:00:00Z', 120)).toBe('2026-01-11T01:00:00.000Z');
    expect(between(overnight, '2026-01-10T18:00:00Z', '2026-01-11T06:00:00Z')).toBe(720);
  });

  it('lands at midnight when the work ends exactly at 24:00', () => {
    expect(add(overnight, '2026-01-10T18:00:00Z', 360)).toBe('2026-01-11T00:00:00.000Z');
  });
});

describe('bank holidays', () => {
  it('lists English bank holidays, with the substitute for a weekend Boxing Day instead of the weekend day', () => {
    expect(bankHolidayDates('england-and-wales', 2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
    expect(bankHolidayDates('england-and-wales', 2027)).toContain('2027-12-27');
    expect(bankHolidayDates('england-and-wales', 2027)).toContain('2027-12-28');
    expect(bankHolidayDates('england-and-wales', 2027)).not.toContain('2027-12-25');
  });

  it('closes on Christmas Day and the Boxing Day substitute, 28 December 2026', () => {
    expect(add(englandAndWales, '2026-12-24T16:00:00Z', 120)).toBe('2026-12-29T10:00:00.000Z');
    expect(between(englandAndWales, '2026-12-24T17:00:00Z', '2026-12-29T09:00:00Z')).toBe(0);
  });

  it('closes on both substitute days, 27 and 28 December 2027', () => {
    expect(add(englandAndWales, '2027-12-24T16:00:00Z', 120)).toBe('2027-12-29T10:00:00.000Z');
  });

  it('closes over Easter (Good Friday and Easter Monday), in summer time', () => {
    expect(add(englandAndWales, '2026-04-02T15:00:00Z', 120)).toBe('2026-04-07T09:00:00.000Z');
  });

  it('leaves bank holidays open on a calendar that does not ask for them', () => {
    expect(add(london, '2026-04-02T15:00:00Z', 120)).toBe('2026-04-03T09:00:00.000Z');
    expect(isOpenAt(london, new Date('2026-12-28T12:00:00Z'))).toBe(true);
    expect(isOpenAt(englandAndWales, new Date('2026-12-28T12:00:00Z'))).toBe(false);
  });

  it('gives the page the open time over Christmas: no weekend, no bank holiday, clipped to the span asked for', () => {
    const open = openIntervals(
      englandAndWales,
      new Date('2026-12-24T12:00:00Z'),
      new Date('2026-12-29T10:30:00Z'),
    ).map(([start, end]) => [new Date(start).toISOString(), new Date(end).toISOString()]);
    // Christmas Day (Friday), the weekend and Boxing Day's substitute (Monday 28th) are closed.
    expect(open).toEqual([
      ['2026-12-24T12:00:00.000Z', '2026-12-24T17:00:00.000Z'],
      ['2026-12-29T09:00:00.000Z', '2026-12-29T10:30:00.000Z'],
    ]);
  });

  it('uses Scottish bank holidays (2 January) for a Scottish calendar', () => {
    const scotland = calendar({ hours: WEEKDAYS_NINE_TO_FIVE, bankHolidays: 'scotland' });
    expect(add(englandAndWales, '2025-12-31T16:00:00Z', 120)).toBe('2026-01-02T10:00:00.000Z');
    expect(add(scotland, '2025-12-31T16:00:00Z', 120)).toBe('2026-01-05T10:00:00.000Z');
  });

  it("uses Northern Irish bank holidays (St Patrick's Day) for a Northern Irish calendar", () => {
    const northernIreland = calendar({ hours: WEEKDAYS_NINE_TO_FIVE, bankHolidays: 'northern-ireland' });
    expect(isOpenAt(northernIreland, new Date('2026-03-17T12:00:00Z'))).toBe(false);
    expect(isOpenAt(englandAndWales, new Date('2026-03-17T12:00:00Z'))).toBe(true);
  });

  it('adds local closure days on top of bank holidays', () => {
    const withClosures = calendar({
      hours: WEEKDAYS_NINE_TO_FIVE,
      bankHolidays: 'england-and-wales',
      closedDates: ['2026-12-29', '2026-12-30', '2026-12-31'],
    });
    expect(add(withClosures, '2026-12-24T16:00:00Z', 120)).toBe('2027-01-04T10:00:00.000Z');
  });
});

describe('closed dates are local dates in the calendar zone', () => {
  it('closes the whole Sydney Monday, which starts on Sunday afternoon UTC', () => {
    const sydney = calendar({
      timeZone: 'Australia/Sydney',
      hours: WEEKDAYS_NINE_TO_FIVE,
      closedDates: ['2026-06-01'],
    });
    // Friday 29 May 16:00 AEST (+10) plus two hours: Monday is closed, so Tuesday 10:00 AEST.
    expect(add(sydney, '2026-05-29T06:00:00Z', 120)).toBe('2026-06-02T00:00:00.000Z');
    expect(localDateOf(sydney, new Date('2026-05-31T14:00:00Z'))).toBe('2026-06-01');
  });
});

describe('daylight-saving changes', () => {
  it('keeps 09:00-17:00 local across the London spring change (29 March 2026)', () => {
    // Friday 16:00 GMT, two hours later is Monday 10:00 BST.
    expect(add(london, '2026-03-27T16:00:00Z', 120)).toBe('2026-03-30T09:00:00.000Z');
    expect(between(london, '2026-03-27T16:00:00Z', '2026-03-30T09:00:00Z')).toBe(120);
    expect(add(london, '2026-03-26T09:00:00Z', 2400)).toBe('2026-04-01T16:00:00.000Z');
  });

  it('keeps 09:00-17:00 local across the London autumn change (25 October 2026)', () => {
    expect(add(london, '2026-10-23T15:00:00Z', 120)).toBe('2026-10-26T10:00:00.000Z');
    expect(between(london, '2026-10-19T08:00:00Z', '2026-10-30T17:00:00Z')).toBe(4800);
  });

  it('keeps 09:00-17:00 local across the Los Angeles changes (8 March and 1 November 2026)', () => {
    const losAngeles = calendar({ timeZone: 'America/Los_Angeles', hours: WEEKDAYS_NINE_TO_FIVE });
    expect(add(losAngeles, '2026-03-07T00:00:00Z', 120)).toBe('2026-03-09T17:00:00.000Z');
    expect(add(losAngeles, '2026-10-30T23:00:00Z', 120)).toBe('2026-11-02T18:00:00.000Z');
    expect(add(losAngeles, '2026-11-02T18:00:00Z', -120)).toBe('2026-10-30T23:00:00.000Z');
  });

  it('counts the 23-hour and 25-hour days of a calendar open all day every day in London', () => {
    const always = calendar({ timeZone: 'Europe/London', hours: EVERY_DAY_ALL_DAY });
    expect(between(always, '2026-03-29T00:00:00Z', '2026-03-29T23:00:00Z')).toBe(23 * 60);
    expect(between(always, '2026-10-24T23:00:00Z', '2026-10-26T00:00:00Z')).toBe(25 * 60);
    expect(add(always, '2026-03-28T12:00:00Z', 1440)).toBe('2026-03-29T12:00:00.000Z');
  });

  it('counts the 25-hour day when Sydney leaves summer time (5 April 2026)', () => {
    const always = calendar({ timeZone: 'Australia/Sydney', hours: EVERY_DAY_ALL_DAY });
    expect(between(always, '2026-04-04T13:00:00Z', '2026-04-05T14:00:00Z')).toBe(25 * 60);
  });

  it('loses the skipped hour from an interval spanning the spring change, and gains the repeated one in autumn', () => {
    const earlySunday = calendar({ timeZone: 'America/Los_Angeles', hours: { sun: [['01:00', '04:00']] } });
    expect(between(earlySunday, '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(120);
    expect(between(earlySunday, '2026-03-15T00:00:00Z', '2026-03-16T00:00:00Z')).toBe(180);
    expect(between(earlySunday, '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z')).toBe(240);
  });

  it('opens at the moment of the change when the opening time is skipped', () => {
    const london130 = calendar({ timeZone: 'Europe/London', hours: { sun: [['01:30', '03:00']] } });
    // 01:30 does not exist on 29 March 2026: clocks jump from 01:00 GMT to 02:00 BST (01:00Z).
    expect(nextOpening(london130, new Date('2026-03-29T00:00:00Z')).toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    expect(between(london130, '2026-03-29T00:00:00Z', '2026-03-30T00:00:00Z')).toBe(60);
  });
});

describe('large durations', () => {
  it('adds ten million working minutes (about 80 years) exactly, reading the zone at most once a week of calendar time', () => {
    // What keeps a long span cheap is reading the zone's clock changes (Intl, the costly part) once
    // per week of calendar time, never per day or per minute: count the reads in a zone this file
    // has not used yet. How long it takes is measured by `npm run bench` (section "calendar").
    const start = new Date('2026-01-05T09:00:00Z');
    const fresh = calendar({ timeZone: 'Atlantic/Madeira', hours: WEEKDAYS_NINE_TO_FIVE });
    const { result: end, reads } = countingZoneReads(() => addWorkingMinutes(fresh, start, 10_000_000));
    expect(end.toISOString()).toBe('2105-11-12T11:40:00.000Z');
    const weeks = (end.getTime() - start.getTime()) / (7 * 86_400_000);
    // One read per week's edge plus a few around each of the 160 clock changes (4,496 today); a
    // read per working day would be over 20,000.
    expect(reads).toBeGreaterThan(weeks);
    expect(reads).toBeLessThan(weeks * 1.25);

    const londonEnd = addWorkingMinutes(london, start, 10_000_000);
    expect(workingMinutesBetween(london, start, londonEnd)).toBe(10_000_000);
    expect(addWorkingMinutes(london, londonEnd, -10_000_000).toISOString()).toBe(start.toISOString());
  });

  it('matches a day-by-day count over a year with bank holidays', () => {
    // 2026: 261 weekdays, 8 of them bank holidays; 253 days of 8 hours.
    expect(between(englandAndWales, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toBe(253 * 480);
    expect(add(englandAndWales, '2026-01-01T00:00:00Z', 253 * 480)).toBe('2026-12-31T17:00:00.000Z');
  });

  it('stays exact for ten million minutes on a calendar with bank holidays', () => {
    const start = new Date('2026-01-05T09:00:00Z');
    const end = addWorkingMinutes(englandAndWales, start, 10_000_000);
    expect(workingMinutesBetween(englandAndWales, start, end)).toBe(10_000_000);
    expect(addWorkingMinutes(englandAndWales, end, -10_000_000).toISOString()).toBe(start.toISOString());
  });

  it('refuses an answer beyond the last date JavaScript can hold', () => {
    const nearTheEnd = new Date(8.64e15 - 5 * 86_400_000);
    expect(() => addWorkingMinutes(london, nearTheEnd, 100_000)).toThrow(CalendarError);
  });

  it('refuses an answer more than a thousand years away instead of hanging', () => {
    expect(() => addWorkingMinutes(london, new Date('2026-01-05T09:00:00Z'), 1e12)).toThrow(CalendarError);
    expect(() => addWorkingMinutes(london, new Date('2026-01-05T09:00:00Z'), -1e12)).toThrow(/1000 years/);
    expect(() =>
      workingMinutesBetween(london, new Date('0500-01-01T00:00:00Z'), new Date('2500-01-01T00:00:00Z')),
    ).toThrow(/1000 years/);
  });
});

describe('questions about a single instant', () => {
  it('says whether the calendar is open, including the opening instant but not the closing one', () => {
    expect(isOpenAt(london, new Date('2026-01-12T09:00:00Z'))).toBe(true);
    expect(isOpenAt(london, new Date('2026-01-12T17:00:00Z'))).toBe(false);
    expect(isOpenAt(london, new Date('2026-01-10T12:00:00Z'))).toBe(false);
  });

  it('gives the next opening, or the instant itself when open', () => {
    expect(nextOpening(london, new Date('2026-01-10T12:00:00Z')).toISOString()).toBe(
      '2026-01-12T09:00:00.000Z',
    );
    expect(nextOpening(london, new Date('2026-01-12T10:15:00Z')).toISOString()).toBe(
      '2026-01-12T10:15:00.000Z',
    );
  });

  it('gives the local date in the calendar zone', () => {
    expect(localDateOf(london, new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(localDateOf(london, new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
    // Just after midnight on the first night of summer time, and just before the last.
    expect(localDateOf(london, new Date('2026-03-29T23:30:00Z'))).toBe('2026-03-30');
    expect(localDateOf(london, new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
    expect(localDateOf(london, new Date('2026-10-25T23:30:00Z'))).toBe('2026-10-25');
  });
});

describe('parsing', () => {
  it('defaults the time zone to Europe/London and reads hours in local time', () => {
    const defaulted = calendar({ hours: WEEKDAYS_NINE_TO_FIVE });
    expect(defaulted.timeZone).toBe('Europe/London');
    // 1 June 2026 is in summer time: 09:00 BST is 08:00Z.
    expect(add(defaulted, '2026-06-01T07:30:00Z', 30)).toBe('2026-06-01T08:30:00.000Z');
  });

  it('keeps its JSON form with defaults applied', () => {
    const parsed = calendar({ hours: { mon: NINE_TO_FIVE }, closedDates: ['2026-12-28', '2026-12-25'] });
    expect(parsed.definition).toEqual({
      timeZone: 'Europe/London',
      hours: { mon: NINE_TO_FIVE },
      closedDates: ['2026-12-28', '2026-12-25'],
    });
    expect(parsed.closedDates).toEqual(['2026-12-25', '2026-12-28']);
    expect(parseCalendar(parsed.definition).weeklyMinutes).toBe(480);
  });

  it('rejects an unknown time zone, naming the field', () => {
    const error = parseError({ timeZone: 'Europe/Londres', hours: WEEKDAYS_NINE_TO_FIVE });
    expect(error.message).toBe('timeZone: unknown IANA time zone "Europe/Londres"');
    expect(error.field).toBe('timeZone');
    expect(error).toBeInstanceOf(ValidationError);
  });

  it('rejects a fixed UTC offset in place of a zone name', () => {
    expect(parseError({ timeZone: '+01:00', hours: WEEKDAYS_NINE_TO_FIVE }).message).toMatch(/^timeZone: /);
  });

  it.each([
    ['9:00', 'hours.mon[0][0]'],
    ['25:00', 'hours.mon[0][0]'],
    ['24:30', 'hours.mon[0][0]'],
    ['09:60', 'hours.mon[0][0]'],
  ])('rejects the time "%s", naming %s', (time, field) => {
    const error = parseError({ hours: { mon: [[time, '23:00']] } });
    expect(error.message).toBe(`${field}: must be a time "HH:MM" from 00:00 to 24:00`);
  });

  it('rejects an interval that closes before it opens, or when it opens', () => {
    expect(parseError({ hours: { tue: NINE_TO_FIVE, mon: [['17:00', '09:00']] } }).message).toBe(
      'hours.mon[0]: closes at 09:00, which is not after it opens at 17:00',
    );
    expect(parseError({ hours: { tue: NINE_TO_FIVE, mon: [['09:00', '09:00']] } }).message).toContain(
      'hours.mon[0]',
    );
  });

  it('rejects overlapping intervals, naming the later one', () => {
    const error = parseError({
      hours: {
        tue: [
          ['09:00', '12:30'],
          ['12:00', '17:00'],
        ],
      },
    });
    expect(error.message).toBe('hours.tue[1]: 12:00-17:00 overlaps 09:00-12:30');
  });

  it('rejects an unknown weekday', () => {
    expect(parseError({ hours: { monday: NINE_TO_FIVE } }).message).toContain(
      'hours.monday: unknown weekday "monday" (use mon, tue, wed, thu, fri, sat, sun)',
    );
  });

  it.each(['2026-02-29', '26-12-25', '2026-13-01', 'Christmas'])('rejects the closed date "%s"', (date) => {
    expect(parseError({ hours: WEEKDAYS_NINE_TO_FIVE, closedDates: [date] }).message).toMatch(
      /^closedDates\[0\]: /,
    );
  });

  it('rejects a calendar with no open time at all', () => {
    const message = 'hours: the calendar is never open: give at least one weekday opening hours';
    expect(parseError({ hours: {} }).message).toBe(message);
    expect(parseError({ hours: { mon: [], sat: [] } }).message).toBe(message);
  });

  it('rejects an unknown bank-holiday region and unknown fields', () => {
    expect(parseError({ hours: WEEKDAYS_NINE_TO_FIVE, bankHolidays: 'wales' }).message).toMatch(
      /^bankHolidays: /,
    );
    expect(parseError({ hours: WEEKDAYS_NINE_TO_FIVE, closedDate: [] }).message).toContain('closedDate');
  });

  it('rejects what is not a calendar at all', () => {
    expect(parseError(null)).toBeInstanceOf(CalendarError);
    expect(parseError('09:00-17:00')).toBeInstanceOf(CalendarError);
    expect(parseError({}).message).toMatch(/^hours: /);
  });

  it('rejects invalid instants and counts', () => {
    expect(() => addWorkingMinutes(london, new Date('not a date'), 5)).toThrow(
      'start is not a valid instant',
    );
    expect(() => addWorkingMinutes(london, new Date('2026-01-05T09:00:00Z'), Number.NaN)).toThrow(
      CalendarError,
    );
    expect(() =>
      workingMinutesBetween(london, new Date('2026-01-05T09:00:00Z'), new Date(Number.NaN)),
    ).toThrow('end is not a valid instant');
  });
});

describe('working minutes between instants with no open time between them', () => {
  it('is plain zero in both directions, never negative zero', () => {
    const calendar = parseCalendar({ timeZone: 'Europe/London', hours: { sat: [['00:00', '00:15']] } });
    const a = new Date('2026-01-01T00:00:00.015Z');
    const b = new Date('2026-01-01T00:00:00.000Z');
    expect(Object.is(workingMinutesBetween(calendar, a, b), 0)).toBe(true);
    expect(Object.is(workingMinutesBetween(calendar, b, a), 0)).toBe(true);
  });
});
