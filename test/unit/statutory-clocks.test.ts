/**
 * The statutory clocks against worked examples: the Code of Practice's own timeline (6, 16 and 20
 * weeks from the request; the review within 12 months, the decision 4 weeks after the meeting and
 * the amended plan 8 weeks after the decision, 12 weeks in all as R (L) v Devon held) and the
 * complaint handling code's working days, on the hub calendar with its holidays and clock changes.
 */
import { describe, expect, it } from 'vitest';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import { addMonths } from '../../shared/domain/local-time';
import {
  checkException,
  computeSchedule,
  milestoneAlerts,
  type ProcessFacts,
  StatutoryInputError,
} from '../../shared/domain/statutory/statutory-clocks';
import { defaultStatutorySettings } from '../../shared/domain/statutory/statutory-settings';

const config = defaultHubConfig();
const settings = defaultStatutorySettings();
const calendar = config.calendar;

function dues(facts: ProcessFacts, now = '2026-01-01T12:00:00Z'): Record<string, string | null> {
  const schedule = computeSchedule(facts, settings, calendar, now);
  return Object.fromEntries(schedule.milestones.map((milestone) => [milestone.name, milestone.due]));
}

interface Example {
  readonly name: string;
  readonly facts: ProcessFacts;
  readonly expected: Record<string, string | null>;
}

const EXAMPLES: readonly Example[] = [
  {
    name: 'Code of Practice timeline: decision by week 6, notice or draft by week 16, final plan by week 20',
    facts: { process: 'ehc-assessment', start: '2026-03-02', records: [], exceptions: [] },
    expected: {
      'decision-to-assess': '2026-04-13',
      'plan-decision': '2026-06-22',
      'final-plan': '2026-07-20',
    },
  },
  {
    name: 'a request received as an instant counts from its local (UK) date',
    facts: { process: 'ehc-assessment', start: '2026-03-01T23:30:00Z', records: [], exceptions: [] },
    expected: {
      'decision-to-assess': '2026-04-12',
      'plan-decision': '2026-06-21',
      'final-plan': '2026-07-19',
    },
  },
  {
    name: 'family away from the area for 4 weeks: every clock stands still for those 28 days',
    facts: {
      process: 'ehc-assessment',
      start: '2026-03-02',
      records: [],
      exceptions: [{ from: '2026-03-09', to: '2026-04-05', kind: 'absent-from-area', note: null }],
    },
    expected: {
      'decision-to-assess': '2026-05-11',
      'plan-decision': '2026-07-20',
      'final-plan': '2026-08-17',
    },
  },
  {
    name: 'school closed for the summer: from a week before it closes to a week before it reopens',
    facts: {
      process: 'ehc-assessment',
      start: '2026-06-15',
      records: [],
      exceptions: [{ from: '2026-07-15', to: '2026-08-26', kind: 'school-closure', note: 'summer holiday' }],
    },
    expected: {
      'decision-to-assess': '2026-09-08',
      'plan-decision': '2026-11-17',
      'final-plan': '2026-12-15',
    },
  },
  {
    name: 'a decision not to assess ends the process: no plan dates are due',
    facts: {
      process: 'ehc-assessment',
      start: '2026-03-02',
      records: [{ name: 'decision-to-assess', on: '2026-04-01', outcome: 'not-assess' }],
      exceptions: [],
    },
    expected: { 'decision-to-assess': '2026-04-13', 'plan-decision': null, 'final-plan': null },
  },
  {
    name: 'annual review: meeting within 12 months, decision 4 weeks after it, amended plan 8 weeks after that',
    facts: {
      process: 'annual-review',
      start: '2025-03-31',
      records: [
        { name: 'review-meeting', on: '2026-02-10', outcome: null },
        { name: 'review-decision', on: '2026-03-10', outcome: 'amend' },
      ],
      exceptions: [],
    },
    expected: {
      'review-meeting': '2026-03-31',
      'review-decision': '2026-03-10',
      'amended-plan': '2026-05-05',
    },
  },
  {
    name: 'annual review not yet held: the later dates count from the latest date it may be held',
    facts: { process: 'annual-review', start: '2025-03-31', records: [], exceptions: [] },
    expected: {
      'review-meeting': '2026-03-31',
      'review-decision': '2026-04-28',
      'amended-plan': '2026-06-23',
    },
  },
  {
    name: 'a plan made on 29 February is reviewed by 28 February',
    facts: { process: 'annual-review', start: '2024-02-29', records: [], exceptions: [] },
    expected: {
      'review-meeting': '2025-02-28',
      'review-decision': '2025-03-28',
      'amended-plan': '2025-05-23',
    },
  },
  {
    name: 'complaint: acknowledged within 5 working days, stage 1 within 10 working days of the acknowledgement',
    facts: { process: 'complaint', start: '2026-11-23T10:00:00Z', records: [], exceptions: [] },
    expected: {
      acknowledgement: '2026-11-30T10:00:00.000Z',
      'stage-1-response': '2026-12-14T10:00:00.000Z',
      'stage-2-request': null,
      'stage-2-acknowledgement': null,
      'stage-2-response': null,
    },
  },
  {
    name: 'complaint over Christmas: bank holidays and the hub closure days do not count',
    facts: { process: 'complaint', start: '2026-12-21T10:00:00Z', records: [], exceptions: [] },
    expected: {
      acknowledgement: '2027-01-05T10:00:00.000Z',
      'stage-1-response': '2027-01-19T10:00:00.000Z',
      'stage-2-request': null,
      'stage-2-acknowledgement': null,
      'stage-2-response': null,
    },
  },
  {
    name: 'complaint across the spring clock change and Easter: 10:00 UK time stays 10:00 UK time',
    facts: { process: 'complaint', start: '2026-03-27T10:00:00Z', records: [], exceptions: [] },
    expected: {
      acknowledgement: '2026-04-07T09:00:00.000Z',
      'stage-1-response': '2026-04-21T09:00:00.000Z',
      'stage-2-request': null,
      'stage-2-acknowledgement': null,
      'stage-2-response': null,
    },
  },
  {
    name: 'stage 2: acknowledged within 5 working days of the request, answered within 20 of that',
    facts: {
      process: 'complaint',
      start: '2026-11-02T09:00:00Z',
      records: [
        { name: 'acknowledgement', on: '2026-11-03T09:00:00Z', outcome: null },
        { name: 'stage-1-response', on: '2026-11-10T15:00:00Z', outcome: null },
        { name: 'stage-2-request', on: '2026-11-16T09:00:00Z', outcome: null },
      ],
      exceptions: [],
    },
    expected: {
      // Counting from opening time, the fifth working day ends at 17:00 on the Friday.
      acknowledgement: '2026-11-06T17:00:00.000Z',
      'stage-1-response': '2026-11-16T17:00:00.000Z',
      'stage-2-request': null,
      'stage-2-acknowledgement': '2026-11-20T17:00:00.000Z',
      'stage-2-response': '2026-12-18T17:00:00.000Z',
    },
  },
];

describe('worked examples', () => {
  it.each(EXAMPLES)('$name', ({ facts, expected }) => {
    expect(dues(facts)).toEqual(expected);
  });
});

describe('states and explanations', () => {
  it('shows a milestone missed once its due date has passed, and met late when recorded after it', () => {
    const facts: ProcessFacts = {
      process: 'ehc-assessment',
      start: '2026-03-02',
      records: [],
      exceptions: [],
    };
    const onDue = computeSchedule(facts, settings, calendar, '2026-04-13T22:00:00Z');
    expect(onDue.milestones[0]).toMatchObject({ state: 'due', dueSoon: true });
    const after = computeSchedule(facts, settings, calendar, '2026-04-14T08:00:00Z');
    expect(after.milestones[0]?.state).toBe('missed');
    const late = computeSchedule(
      { ...facts, records: [{ name: 'decision-to-assess', on: '2026-04-20', outcome: 'assess' }] },
      settings,
      calendar,
      '2026-05-01T08:00:00Z',
    );
    expect(late.milestones[0]?.state).toBe('met-late');
    expect(late.milestones[1]).toMatchObject({ state: 'due', due: '2026-06-22' });
  });

  it('says the clock is standing still while an exception covers today, and explains every date', () => {
    const schedule = computeSchedule(
      {
        process: 'ehc-assessment',
        start: '2026-03-02',
        records: [],
        exceptions: [{ from: '2026-03-09', to: '2026-04-05', kind: 'absent-from-area', note: null }],
      },
      settings,
      calendar,
      '2026-03-20T12:00:00Z',
    );
    const decision = schedule.milestones[0];
    expect(decision?.state).toBe('paused');
    expect(decision?.statutoryDue).toBe('2026-04-13');
    expect(decision?.pausedDays).toBe(28);
    expect(decision?.explanation).toContain('Within 6 weeks (42 days) of the request');
    expect(decision?.explanation).toContain('reg 5(1)');
    expect(decision?.explanation).toContain('stood still for 28 days');
    expect(decision?.explanation).toContain('due Mon 11 May 2026 instead of Mon 13 Apr 2026');
    expect(schedule.exceptions[0]).toMatchObject({
      days: 28,
      authority: expect.stringContaining('10(4)(d)'),
    });
  });

  it('refuses exceptions the law does not give, or shorter than the law requires', () => {
    expect(() =>
      checkException('ehc-assessment', {
        from: '2026-03-01',
        to: '2026-03-10',
        kind: 'absent-from-area',
        note: null,
      }),
    ).toThrow(/at least 4 weeks/);
    expect(() =>
      checkException('annual-review', {
        from: '2026-03-01',
        to: '2026-04-10',
        kind: 'absent-from-area',
        note: null,
      }),
    ).toThrow(StatutoryInputError);
    expect(() =>
      checkException('ehc-assessment', {
        from: '2026-03-10',
        to: '2026-03-01',
        kind: 'missed-appointment',
        note: null,
      }),
    ).toThrow(/ends \(2026-03-01\) before it starts/);
    expect(() =>
      computeSchedule(
        {
          process: 'complaint',
          start: '2026-11-02T09:00:00Z',
          records: [{ name: 'final-plan', on: '2026-11-03', outcome: null }],
          exceptions: [],
        },
        settings,
        calendar,
        '2026-11-04T00:00:00Z',
      ),
    ).toThrow(/not a milestone of complaint/);
  });

  it('flags a complaint extension longer than the code allows without good reason', () => {
    const schedule = computeSchedule(
      {
        process: 'complaint',
        start: '2026-11-02T09:00:00Z',
        records: [{ name: 'acknowledgement', on: '2026-11-02T12:00:00Z', outcome: null }],
        exceptions: [{ from: '2026-11-09', to: '2026-11-30', kind: 'extension', note: null }],
      },
      settings,
      calendar,
      '2026-11-05T09:00:00Z',
    );
    const stage1 = schedule.milestones.find((milestone) => milestone.name === 'stage-1-response');
    expect(stage1?.pausedDays).toBe(16);
    expect(stage1?.explanation).toContain("more than the code's 10 working days");
  });

  it('raises "due soon" a week before a calendar deadline and "missed" the morning after it', () => {
    const schedule = computeSchedule(
      { process: 'ehc-assessment', start: '2026-03-02', records: [], exceptions: [] },
      settings,
      calendar,
      '2026-03-03T09:00:00Z',
    );
    const alerts = milestoneAlerts(schedule, settings, calendar).filter(
      (alert) => alert.milestone === 'decision-to-assess',
    );
    // 6 April is in British Summer Time: local midnight is 23:00 UTC the day before.
    expect(alerts).toEqual([
      {
        milestone: 'decision-to-assess',
        step: 'due-soon',
        at: '2026-04-05T23:00:00.000Z',
        due: '2026-04-13',
      },
      { milestone: 'decision-to-assess', step: 'missed', at: '2026-04-13T23:00:00.000Z', due: '2026-04-13' },
    ]);
  });

  it('adds calendar months, keeping the day or the last day of a shorter month', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2025-03-31', 12)).toBe('2026-03-31');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
  });
});
