/**
 * The improvement board's figures: repeat contact, 20-week EHC compliance with and without exception
 * cases, complaint timeliness, safeguarding pick-up times, targets and the checkpoints' quarters.
 */
import { describe, expect, it } from 'vitest';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import type { Enquiry } from '../../shared/domain/enquiry';
import { buildImprovementReport } from '../../shared/reporting/improvement-report';
import { improvementCsvLines, improvementSummaryText } from '../../shared/reporting/improvement-summary';
import { periodFromDates, precedingPeriod } from '../../shared/reporting/report-period';
import {
  recordMilestone,
  type StatutoryProcessRecord,
  startProcess,
} from '../../shared/statutory/statutory-process';
import { buildOpenEnquiry } from '../support/escalation-fixtures';

const config = defaultHubConfig();
const zone = config.calendar.timeZone;
const period = periodFromDates(zone, '2025-06-01', '2026-11-30');
const baseline = precedingPeriod(period);
const asOf = '2026-12-01T09:00:00.000Z';

function enquiry(receivedAt: string, change: Partial<Enquiry> = {}): Enquiry {
  return { ...buildOpenEnquiry(config, { receivedAt, team: 'south', priority: 'normal' }), ...change };
}

function ehc(start: string, issued: string, exception = false): StatutoryProcessRecord {
  let record = startProcess(config, {
    enquiryId: 'SEND-AAAAAA',
    team: 'south',
    process: 'ehc-assessment',
    start,
    actor: 'cw',
    now: asOf,
  });
  if (exception) {
    record = {
      ...record,
      exceptions: [
        {
          from: addWeeks(start, 1),
          to: addWeeks(start, 6),
          kind: 'absent-from-area',
          note: null,
          recordedBy: 'cw',
          recordedAt: asOf,
        },
      ],
    };
  }
  for (const [milestone, outcome] of [
    ['decision-to-assess', 'assess'],
    ['plan-decision', 'issue'],
    ['final-plan', null],
  ] as const) {
    record = recordMilestone(config, record, { milestone, on: issued, outcome, actor: 'cw', now: asOf });
  }
  return { ...record, id: `ehc-assessment-${start.replaceAll('-', '')}` };
}

function addWeeks(date: string, weeks: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
}

describe('improvement report', () => {
  const answered = (receivedAt: string, minutes: number, contacts: number) =>
    enquiry(receivedAt, {
      status: 'answered',
      firstRespondedAt: receivedAt,
      firstResponseWorkingMinutes: minutes,
      contactsBeforeFirstResponse: contacts,
      contactCount: contacts,
    });
  const report = buildImprovementReport({
    config,
    period,
    baseline,
    asOf,
    enquiries: [
      answered('2025-06-10T10:00:00.000Z', 60, 1),
      answered('2025-07-10T10:00:00.000Z', 3000, 3),
      answered('2026-10-10T10:00:00.000Z', 120, 1),
      enquiry('2026-11-02T10:00:00.000Z', {
        safeguarding: {
          concern: true,
          categories: ['unclear-risk'],
          reasons: ['test'],
          raisedAt: '2026-11-02T10:00:00.000Z',
          raisedByContact: null,
          raisedBy: 'router',
          alert: {
            concern: 1,
            raisedAt: '2026-11-02T10:00:00.000Z',
            told: [],
            nextAlertAt: null,
            pickedUpAt: '2026-11-02T10:45:00.000Z',
            pickedUpBy: 'cw-south-1',
            pickedUpHow: 'claimed',
          },
        },
      }),
      answered('2024-06-10T10:00:00.000Z', 3000, 2),
    ],
    processes: [
      ehc('2025-06-02', '2025-10-13'),
      ehc('2025-07-01', '2025-12-20'),
      ehc('2025-08-01', '2026-01-20', true),
    ],
  });

  it('counts repeat contact, EHC compliance with and without exception cases, and safeguarding pick-up', () => {
    expect(report.figures.received).toBe(4);
    expect(report.figures.chased).toBe(1);
    expect(report.figures.contactsBeforeFirstResponse).toBe(1.5);
    expect(report.figures.ehcPlans).toMatchObject({
      decided: 3,
      within20Weeks: 1,
      decidedExcludingExceptions: 2,
      within20WeeksExcludingExceptions: 1,
      within20WeeksExcludingExceptionsPercent: 50,
    });
    expect(report.figures.safeguarding).toMatchObject({
      concerns: 1,
      pickedUp: 1,
      pickedUpInTime: 1,
      medianPickUpMinutes: 45,
    });
    expect(report.baselineFigures.received).toBe(1);
  });

  it('compares each figure with its baseline and target, and shows the quarters ending at 3, 6, 12 and 18 months', () => {
    expect(
      report.checkpoints.map((checkpoint) => [
        checkpoint.months,
        checkpoint.figures.from,
        checkpoint.figures.to,
      ]),
    ).toEqual([
      [3, '2025-06-01', '2025-08-31'],
      [6, '2025-09-01', '2025-11-30'],
      [12, '2026-03-01', '2026-05-31'],
      [18, '2026-09-01', '2026-11-30'],
    ]);
    const chased = report.comparison.find((figure) => figure.id === 'chasedPercent');
    expect(chased).toMatchObject({ value: 25, baseline: 100, target: 10, meetsTarget: false, change: -75 });
    expect(chased?.trend).toEqual([50, null, null, 0]);
    const ehcFigure = report.comparison.find((figure) => figure.id === 'ehcPlansWithin20WeeksPercent');
    expect(ehcFigure?.trend[0]).toBe(50);
  });

  it('prints a table and CSV rows for the board', () => {
    const text = improvementSummaryText(report);
    expect(text).toContain('Improvement board: 2025-06-01 to 2026-11-30');
    expect(text).toMatch(/Enquiries chased before a first response +25% +100% +<= 10% +NO +50% +- +- +0%/);
    const lines = improvementCsvLines(report);
    expect(lines).toContain('2025-06-01,2026-11-30,improvement,target,chasedPercent,lower-is-better,%,10');
    expect(lines).toContain(
      '2025-06-01,2026-11-30,improvement,checkpoint-18-months,chasedPercent,2026-09-01 to 2026-11-30,%,0',
    );
  });
});
