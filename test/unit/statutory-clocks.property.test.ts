/**
 * Properties of the statutory clocks over many starts and exceptions: an exception never shortens
 * a clock, milestones stay in order, calendar-week clocks are whole days whatever the clocks do, and
 * working-day clocks count exactly their working time on the hub calendar (bank holidays, closure
 * days and daylight saving included).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import { isOpenAt, workingMinutesBetween } from '../../shared/domain/business-calendar';
import { addDays } from '../../shared/domain/local-time';
import {
  computeSchedule,
  type ProcessKind,
  type StatutoryException,
} from '../../shared/domain/statutory/statutory-clocks';
import { defaultStatutorySettings } from '../../shared/domain/statutory/statutory-settings';

const config = defaultHubConfig();
const settings = defaultStatutorySettings();
const calendar = config.calendar;
const NOW = '2030-01-01T00:00:00Z';
const DAY = 86_400_000;

/** A date from 2025 to 2028 (every clock change and many bank holidays in between). */
const dateArb = fc
  .integer({ min: 0, max: 4 * 365 })
  .map((offset) => new Date(Date.UTC(2025, 0, 1) + offset * DAY).toISOString().slice(0, 10));

const instantArb = fc
  .integer({ min: 0, max: 4 * 365 * 96 })
  .map((quarters) => new Date(Date.UTC(2025, 0, 1) + quarters * 15 * 60_000).toISOString());

function exceptionArb(process: ProcessKind, start: string): fc.Arbitrary<StatutoryException> {
  const kinds =
    process === 'complaint'
      ? (['extension'] as const)
      : ([
          'exceptional-personal-circumstances',
          'missed-appointment',
          'absent-from-area',
          'school-closure',
        ] as const);
  return fc
    .record({
      offset: fc.integer({ min: -30, max: 200 }),
      length: fc.integer({ min: 0, max: 60 }),
      kind: fc.constantFrom(...kinds),
    })
    .map(({ offset, length, kind }) => {
      const minimum = kind === 'absent-from-area' || kind === 'school-closure' ? 27 : 0;
      const from = addDays(start.slice(0, 10), offset);
      return { from, to: addDays(from, Math.max(minimum, length)), kind, note: null };
    });
}

function duesOf(process: ProcessKind, start: string, exceptions: readonly StatutoryException[]) {
  return computeSchedule({ process, start, records: [], exceptions }, settings, calendar, NOW).milestones;
}

function ms(value: string): number {
  return value.length === 10 ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
}

const ORDERED: Record<ProcessKind, readonly string[]> = {
  'ehc-assessment': ['decision-to-assess', 'plan-decision', 'final-plan'],
  'annual-review': ['review-meeting', 'review-decision', 'amended-plan'],
  complaint: ['acknowledgement', 'stage-1-response'],
};

describe('statutory clocks (properties)', () => {
  for (const process of ['ehc-assessment', 'complaint'] as const) {
    it(`${process}: an exception never brings a due date earlier, and never before the statutory date`, () => {
      const startArb = process === 'complaint' ? instantArb : dateArb;
      fc.assert(
        fc.property(
          startArb.chain((start) =>
            fc.tuple(
              fc.constant(start),
              fc.array(exceptionArb(process, start), { maxLength: 3 }),
              exceptionArb(process, start),
            ),
          ),
          ([start, exceptions, extra]) => {
            const before = duesOf(process, start, exceptions);
            const after = duesOf(process, start, [...exceptions, extra]);
            after.forEach((milestone, index) => {
              const earlier = before[index];
              if (milestone.due === null || milestone.statutoryDue === null || earlier?.due == null) return;
              expect(ms(milestone.due)).toBeGreaterThanOrEqual(ms(earlier.due));
              expect(ms(milestone.due)).toBeGreaterThanOrEqual(ms(milestone.statutoryDue));
            });
          },
        ),
        { numRuns: 150 },
      );
    });
  }

  for (const process of ['ehc-assessment', 'annual-review', 'complaint'] as const) {
    it(`${process}: milestones stay in order whatever the exceptions`, () => {
      const startArb = process === 'complaint' ? instantArb : dateArb;
      fc.assert(
        fc.property(
          startArb.chain((start) =>
            fc.tuple(
              fc.constant(start),
              process === 'annual-review'
                ? fc.constant([])
                : fc.array(exceptionArb(process, start), { maxLength: 3 }),
            ),
          ),
          ([start, exceptions]) => {
            const milestones = duesOf(process, start, exceptions);
            const dues = ORDERED[process].map((name) => milestones.find((m) => m.name === name)?.due ?? null);
            for (let i = 1; i < dues.length; i += 1) {
              const a = dues[i - 1];
              const b = dues[i];
              if (a == null || b == null) continue;
              expect(ms(b)).toBeGreaterThanOrEqual(ms(a));
            }
          },
        ),
        { numRuns: 150 },
      );
    });
  }

  it('calendar-week clocks are whole weeks of dates, clock changes or not', () => {
    fc.assert(
      fc.property(dateArb, (start) => {
        const [decision, notice, final] = duesOf('ehc-assessment', start, []);
        expect(decision?.due).toBe(addDays(start, 42));
        expect(notice?.due).toBe(addDays(start, 112));
        expect(final?.due).toBe(addDays(start, 140));
      }),
      { numRuns: 200 },
    );
  });

  it('working-day clocks count exactly their working time and end in open time (holidays, clock changes)', () => {
    fc.assert(
      fc.property(instantArb, (start) => {
        const [acknowledgement, stage1] = duesOf('complaint', start, []);
        if (acknowledgement?.due == null || stage1?.due == null) throw new Error('complaint clocks missing');
        expect(workingMinutesBetween(calendar, new Date(start), new Date(acknowledgement.due))).toBeCloseTo(
          5 * 480,
          6,
        );
        expect(
          workingMinutesBetween(calendar, new Date(acknowledgement.due), new Date(stage1.due)),
        ).toBeCloseTo(10 * 480, 6);
        expect(isOpenAt(calendar, new Date(Date.parse(stage1.due) - 60_000))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
