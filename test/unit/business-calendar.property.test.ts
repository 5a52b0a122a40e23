import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingMinutes,
  BANK_HOLIDAY_REGIONS,
  bankHolidayDates,
  type CalendarJsonInput,
  nextOpening,
  openIntervals,
  parseCalendar,
  WEEKDAYS,
  workingMinutesBetween,
} from '../../shared/domain/business-calendar';

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;
// Zones with summer time north and south, half- and quarter-hour offsets, and none at all.
const ZONES = [
  'Europe/London',
  'America/Los_Angeles',
  'Australia/Sydney',
  'Etc/UTC',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Australia/Lord_Howe',
] as const;
const FROM = Date.UTC(2025, 11, 1);
const TO = Date.UTC(2027, 1, 1);

function clock(quarters: number): string {
  const minutes = quarters * 15;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A day's intervals from distinct quarter-hour boundaries: sorted, paired, never overlapping. */
function dayHours(boundaries: fc.Arbitrary<number>): fc.Arbitrary<[string, string][]> {
  return fc.uniqueArray(boundaries, { maxLength: 6 }).map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const intervals: [string, string][] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      intervals.push([clock(sorted[i] ?? 0), clock(sorted[i + 1] ?? 0)]);
    }
    return intervals;
  });
}

function calendarJson(boundaries: fc.Arbitrary<number>): fc.Arbitrary<CalendarJsonInput> {
  return fc
    .record({
      timeZone: fc.constantFrom(...ZONES),
      hours: fc.record(Object.fromEntries(WEEKDAYS.map((day) => [day, dayHours(boundaries)]))),
      closedDates: fc.uniqueArray(
        fc.integer({ min: FROM, max: TO }).map((ms) => new Date(ms).toISOString().slice(0, 10)),
        { maxLength: 8 },
      ),
      bankHolidays: fc.constantFrom(undefined, ...BANK_HOLIDAY_REGIONS),
    })
    .map(({ bankHolidays, ...rest }) => (bankHolidays ? { ...rest, bankHolidays } : rest))
    .filter((json) => Object.values(json.hours).some((intervals) => intervals.length > 0));
}

/** Any calendar on a quarter-hour grid, boundaries anywhere in the day (clock changes included). */
const anyCalendar = calendarJson(fc.integer({ min: 0, max: 96 })).map((json) => parseCalendar(json));
const instant = fc
  .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) })
  .map((ms) => new Date(ms));
const minutes = fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 300_000 }));

describe('working-time arithmetic (properties)', () => {
  it('counts exactly n working minutes between a start and the instant n minutes after it', () => {
    fc.assert(
      fc.property(anyCalendar, instant, minutes, (calendar, start, n) => {
        expect(workingMinutesBetween(calendar, start, addWorkingMinutes(calendar, start, n))).toBe(n);
      }),
    );
  });

  it('counts exactly n working minutes between the instant n minutes before an end and the end', () => {
    fc.assert(
      fc.property(anyCalendar, instant, minutes, (calendar, end, n) => {
        expect(workingMinutesBetween(calendar, addWorkingMinutes(calendar, end, -n), end)).toBe(n);
      }),
    );
  });

  it('comes back to the start (or, from closed time, to the next opening) after adding then subtracting n', () => {
    fc.assert(
      fc.property(anyCalendar, instant, minutes, (calendar, start, n) => {
        fc.pre(n > 0);
        const there = addWorkingMinutes(calendar, start, n);
        const back = addWorkingMinutes(calendar, there, -n);
        expect(back.toISOString()).toBe(nextOpening(calendar, start).toISOString());
      }),
    );
  });

  it('adds up: between(a, b) + between(b, c) = between(a, c), in any order', () => {
    fc.assert(
      fc.property(anyCalendar, instant, instant, instant, (calendar, a, b, c) => {
        const sum = workingMinutesBetween(calendar, a, b) + workingMinutesBetween(calendar, b, c);
        expect(sum).toBeCloseTo(workingMinutesBetween(calendar, a, c), 9);
        // `+ 0` turns -0 into 0: no open time between two instants is 0 either way round.
        expect(workingMinutesBetween(calendar, b, a)).toBe(-workingMinutesBetween(calendar, a, b) + 0);
      }),
    );
  });

  it('never moves a due time earlier when more minutes are added', () => {
    fc.assert(
      fc.property(anyCalendar, instant, minutes, minutes, (calendar, start, m, n) => {
        const [less, more] = m <= n ? [m, n] : [n, m];
        const early = addWorkingMinutes(calendar, start, less).getTime();
        expect(early).toBeGreaterThanOrEqual(start.getTime());
        expect(addWorkingMinutes(calendar, start, more).getTime()).toBeGreaterThanOrEqual(early);
      }),
    );
  });

  it('lists the open time between two instants in order, inside them, adding up to the working minutes between', () => {
    fc.assert(
      fc.property(
        anyCalendar,
        instant,
        fc.integer({ min: 0, max: 60 * 86_400_000 }),
        (calendar, from, span) => {
          const to = new Date(from.getTime() + span);
          const intervals = openIntervals(calendar, from, to);
          let previousEnd = from.getTime();
          let total = 0;
          for (const [start, end] of intervals) {
            expect(start).toBeGreaterThanOrEqual(previousEnd);
            expect(end).toBeGreaterThan(start);
            previousEnd = end;
            total += end - start;
          }
          expect(previousEnd).toBeLessThanOrEqual(to.getTime());
          expect(total / MINUTE).toBeCloseTo(workingMinutesBetween(calendar, from, to), 9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('measures elapsed time on a calendar open all day every day, in any zone, across clock changes', () => {
    const allDay = Object.fromEntries(WEEKDAYS.map((day) => [day, [['00:00', '24:00']]]));
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, instant, (timeZone, a, b) => {
        const always = parseCalendar({ timeZone, hours: allDay });
        expect(workingMinutesBetween(always, a, b)).toBe((b.getTime() - a.getTime()) / MINUTE);
        expect(addWorkingMinutes(always, a, 1000).getTime()).toBe(a.getTime() + 1000 * MINUTE);
      }),
    );
  });
});

// An independent count: walk quarter-hour slots and ask Intl for each slot's local wall time.
const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string, ms: number): { date: string; weekday: string; minute: number } {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    partsFormatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(ms).map((part) => [part.type, part.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: String(parts.weekday).toLowerCase(),
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

function slotCount(json: CalendarJsonInput, from: number, to: number): number {
  const timeZone = json.timeZone ?? 'Europe/London';
  let open = 0;
  for (let slot = from; slot < to; slot += QUARTER) {
    const local = wallClock(timeZone, slot);
    const year = Number(local.date.slice(0, 4));
    if (json.closedDates?.includes(local.date)) continue;
    if (json.bankHolidays && bankHolidayDates(json.bankHolidays, year).includes(local.date)) continue;
    const intervals = json.hours[local.weekday] ?? [];
    const minute = local.minute;
    if (intervals.some(([start, end]) => toMinutes(start) <= minute && minute < toMinutes(end))) open += 15;
  }
  return open;
}

function toMinutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

describe('working-time arithmetic against an independent slot count', () => {
  // Boundaries at 00:00 or from 04:00, away from the small hours when these zones change clocks
  // (inside a repeated hour "from 01:30" has two readings; the named tests cover those cases).
  const quietBoundaries = fc.oneof(fc.constant(0), fc.integer({ min: 16, max: 96 }));
  const quarterInstant = fc.integer({ min: FROM / QUARTER, max: (TO - 5 * 86_400_000) / QUARTER });

  it('agrees with counting quarter-hours one by one over a few days', () => {
    fc.assert(
      fc.property(
        calendarJson(quietBoundaries),
        quarterInstant,
        fc.integer({ min: 0, max: 4 * 96 }),
        (json, startQuarter, length) => {
          const from = startQuarter * QUARTER;
          const to = from + length * QUARTER;
          const calendar = parseCalendar(json);
          expect(workingMinutesBetween(calendar, new Date(from), new Date(to))).toBe(
            slotCount(json, from, to),
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});
