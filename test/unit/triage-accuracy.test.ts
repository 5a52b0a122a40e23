/**
 * Triage accuracy measured by people's corrections: per label, how many of the period's enquiries
 * were corrected and what share that is, in the report (text, CSV, the weekly email) and on the
 * team dashboard.
 */
import { describe, expect, it } from 'vitest';
import { computeDashboard } from '../../shared/casework/team-dashboard';
import { teamForDistrict } from '../../shared/config/hub-config';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import type { Enquiry } from '../../shared/domain/enquiry';
import { hubServiceLevels } from '../../shared/domain/service-level';
import { triageAccuracy } from '../../shared/domain/triage-accuracy';
import { applyTriageCorrection, type TriageCorrection } from '../../shared/domain/triage-correction';
import { weeklyReportEmail } from '../../shared/mail/staff-emails';
import { buildImprovementReport } from '../../shared/reporting/improvement-report';
import { improvementCsvLines, improvementSummaryText } from '../../shared/reporting/improvement-summary';
import { reportCsv } from '../../shared/reporting/report-csv';
import { periodFromDates } from '../../shared/reporting/report-period';
import { reportSummaryText, weeklyReportSummary } from '../../shared/reporting/report-summary';
import { buildResponseTimeReport } from '../../shared/reporting/response-time-report';
import { openTestEnquiry, plusMinutes } from '../support/enquiry-fixtures';

const config = defaultHubConfig();
const policy = hubServiceLevels(config);
const MONDAY = '2026-11-23T09:14:00.000Z';

function received(at = MONDAY, concern = false): Enquiry {
  return openTestEnquiry({
    receivedAt: at,
    triage: {
      topic: 'transport',
      priority: concern ? 'urgent' : 'normal',
      role: 'parent',
      district: 'thanet',
      reasons: [],
      safeguarding: concern
        ? { concern: true, categories: ['neglect'], reasons: ['neglect: "not fed"'] }
        : { concern: false, categories: [], reasons: [] },
    },
  }).enquiry;
}

/** A person's correction through the real domain path (audited, counted once per label). */
function corrected(enquiry: Enquiry, correction: Omit<TriageCorrection, 'reason'>): Enquiry {
  const result = applyTriageCorrection(
    enquiry,
    { ...correction, reason: 'triage was wrong' },
    (district) => teamForDistrict(config, district).id,
    plusMinutes(enquiry.receivedAt, 30),
    'cw-east-1',
    policy,
  );
  if (result === null) throw new Error('the correction changed nothing');
  return result.enquiry;
}

/** Ten enquiries: priority corrected on 3 (one of them twice), topic on 1, a missed and a cleared concern. */
function week(at = MONDAY): Enquiry[] {
  const raisedTwice = corrected(corrected(received(at), { priority: 'high' }), { priority: 'urgent' });
  return [
    corrected(received(at), { priority: 'high' }),
    corrected(received(at), { priority: 'high', topic: 'placement' }),
    raisedTwice,
    corrected(received(at), { safeguarding: { concern: true, categories: ['neglect'] } }),
    corrected(received(at, true), { safeguarding: { concern: false, categories: [] } }),
    received(at),
    received(at),
    received(at),
    received(at),
    received(at),
  ];
}

describe('triage accuracy from corrections', () => {
  it('counts each corrected label once per enquiry, as a share of the enquiries', () => {
    const accuracy = triageAccuracy(week());
    expect(accuracy.enquiries).toBe(10);
    const byLabel = Object.fromEntries(accuracy.labels.map((line) => [line.label, line]));
    // Setting a concern makes the enquiry urgent: that is a priority correction too.
    expect(byLabel.priority).toEqual({ label: 'priority', corrected: 4, correctedPercent: 40 });
    expect(byLabel.topic).toEqual({ label: 'topic', corrected: 1, correctedPercent: 10 });
    expect(byLabel.district).toEqual({ label: 'district', corrected: 0, correctedPercent: 0 });
    expect(byLabel.safeguarding).toEqual({ label: 'safeguarding', corrected: 2, correctedPercent: 20 });
    expect(accuracy.anyCorrected).toBe(5);
    expect(accuracy.anyCorrectedPercent).toBe(50);
    expect(accuracy.safeguarding).toEqual({ missedByTriage: 1, clearedByPerson: 1 });
  });

  it('gives no share of nothing', () => {
    const accuracy = triageAccuracy([]);
    expect(accuracy.labels.every((line) => line.corrected === 0 && line.correctedPercent === null)).toBe(
      true,
    );
  });
});

describe('triage accuracy in the report', () => {
  const period = periodFromDates('Europe/London', '2026-11-23', '2026-11-29');
  const report = buildResponseTimeReport({
    config,
    period,
    asOf: '2026-11-30T07:00:00.000Z',
    received: week(),
    unresolved: [],
    escalations: [],
    caseworkers: [],
  });

  it('puts a row per label in the CSV: corrected and the share of enquiries', () => {
    const lines = reportCsv(report, config).split('\r\n');
    const row = (label: string, measure: string) =>
      lines.find((line) => line.includes(`,triage-corrections,label,${label},,${measure},`));
    expect(row('priority', 'corrected')).toMatch(/,4$/);
    expect(row('priority', 'corrected-percent')).toMatch(/,40$/);
    expect(row('topic', 'corrected-percent')).toMatch(/,10$/);
    expect(row('district', 'corrected')).toMatch(/,0$/);
    expect(row('safeguarding', 'corrected-percent')).toMatch(/,20$/);
    expect(row('safeguarding', 'missed-by-triage')).toMatch(/,1$/);
    expect(row('any', 'corrected-percent')).toMatch(/,50$/);
    expect(lines).toContain('2026-11-23,2026-11-29,triage-corrections,all,all,,enquiries,10');
  });

  it('shows the measure in the text summary and the weekly email', () => {
    const text = reportSummaryText(report, config);
    expect(text).toContain('Triage corrected by people: 5 of 10 enquiries (50%).');
    expect(text).toContain("Triage corrected by people (of the period's enquiries)");
    expect(text).toMatch(/Priority\s+4\s+40%/);
    expect(text).toMatch(/Safeguarding flag\s+2\s+20%/);
    expect(text).toMatch(/Safeguarding: concern triage missed\s+1/);
    const email = weeklyReportEmail(config, weeklyReportSummary(report, config), reportCsv(report, config), [
      'm@example.org',
    ]);
    expect(email.text).toContain('Triage corrected by people: 5 of 10 enquiries (50%).');
    expect(email.html).toContain('Triage corrected by people');
  });
});

describe("triage accuracy on the improvement board's report", () => {
  it('compares the share corrected and the concerns triage missed with the baseline and the targets', () => {
    const baselineWeek = [corrected(received('2026-10-27T10:00:00.000Z'), { topic: 'health' })];
    const board = buildImprovementReport({
      config,
      period: periodFromDates('Europe/London', '2026-11-23', '2026-11-29'),
      baseline: periodFromDates('Europe/London', '2026-10-26', '2026-11-01'),
      asOf: '2026-11-30T07:00:00.000Z',
      enquiries: [...week(), ...baselineWeek],
      processes: [],
    });
    const figure = (id: string) => board.comparison.find((candidate) => candidate.id === id);
    expect(figure('triageCorrectedPercent')).toMatchObject({
      value: 50,
      baseline: 100,
      target: 10,
      direction: 'lower-is-better',
      meetsTarget: false,
    });
    expect(figure('safeguardingMissedByTriage')).toMatchObject({
      value: 1,
      baseline: 0,
      target: 0,
      meetsTarget: false,
    });
    expect(improvementSummaryText(board)).toMatch(
      /Enquiries whose triage people corrected +50% +100% +<= 10% +NO/,
    );
    expect(improvementCsvLines(board)).toContain(
      '2026-11-23,2026-11-29,improvement,period,triage-corrected,priority,%,40',
    );
    expect(improvementCsvLines(board)).toContain(
      '2026-11-23,2026-11-29,improvement,baseline,triage-corrected,topic,%,100',
    );
  });
});

describe('triage accuracy on the dashboard', () => {
  it("measures this week's enquiries and the last 8 weeks' apart", () => {
    const now = '2026-11-25T12:00:00.000Z';
    const lastMonth = week('2026-10-28T10:00:00.000Z');
    const thisWeek = [received(MONDAY), corrected(received(MONDAY), { topic: 'health' })];
    const dashboard = computeDashboard({
      team: 'east',
      now,
      config,
      policy,
      unresolved: [],
      unclaimed: 0,
      recent: [...lastMonth, ...thisWeek],
      roster: [],
    });
    const topic = (accuracy: typeof dashboard.triageCorrections.thisWeek) =>
      accuracy.labels.find((line) => line.label === 'topic');
    expect(dashboard.triageCorrections.thisWeek.enquiries).toBe(2);
    expect(topic(dashboard.triageCorrections.thisWeek)).toMatchObject({ corrected: 1, correctedPercent: 50 });
    expect(dashboard.triageCorrections.lastWeeks.enquiries).toBe(12);
    expect(topic(dashboard.triageCorrections.lastWeeks)).toMatchObject({ corrected: 2 });
  });
});
