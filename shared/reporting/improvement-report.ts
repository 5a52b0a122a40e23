/**
 * The improvement board's figures: for the reported period, a baseline period and each checkpoint
 * (3, 6, 12 and 18 months in), the share of first responses within the window, median and 90th
 * percentile first-response time, the backlog by age, repeat contacts (enquiries chased, contacts
 * before the first response), 20-week EHC compliance, complaint timeliness and safeguarding
 * concerns with how fast a person picked them up, and triage accuracy by people's corrections;
 * each compared with a configured target. Pure
 * arithmetic over enquiries and statutory processes already read (report-source.ts).
 */

import type { HubConfig } from '../config/hub-config';
import { workingMinutesBetween } from '../domain/business-calendar';
import type { ReportedEnquiry } from '../domain/enquiry';
import type { ImprovementTargets } from '../domain/improvement-settings';
import { addDays, addMonths, startOfLocalDay } from '../domain/local-time';
import { median, percentage, quantile, rounded } from '../domain/statistics';
import { triageAccuracy } from '../domain/triage-accuracy';
import { type StatutoryProcessRecord, scheduleOf } from '../statutory/statutory-process';
import type { ReportPeriod } from './report-period';
import type { Checkpoint, Direction, ImprovementFigures, ImprovementReport } from './response-schemas';
import {
  AGE_BANDS,
  type AgeBand,
  ageBand,
  firstResponseStats,
  workingDayMinutes,
} from './response-time-report';

export type {
  Checkpoint,
  Direction,
  FigureComparison,
  ImprovementFigures,
  ImprovementReport,
} from './response-schemas';

export interface ImprovementInput {
  readonly config: HubConfig;
  readonly period: ReportPeriod;
  readonly baseline: ReportPeriod;
  readonly asOf: string;
  /** Enquiries received in the period and in the baseline (any order). */
  readonly enquiries: readonly ReportedEnquiry[];
  /** Statutory processes started in the period and in the baseline. */
  readonly processes: readonly StatutoryProcessRecord[];
}

interface Stretch {
  readonly from: string;
  readonly to: string;
  readonly start: number;
  readonly end: number;
}

function stretch(timeZone: string, from: string, to: string): Stretch {
  return {
    from,
    to,
    start: startOfLocalDay(timeZone, from),
    end: startOfLocalDay(timeZone, addDays(to, 1)),
  };
}

function inside(instant: string, window: Stretch): boolean {
  const ms = Date.parse(instant);
  return ms >= window.start && ms < window.end;
}

function startInstant(record: StatutoryProcessRecord): string {
  return record.start.length === 10 ? `${record.start}T12:00:00.000Z` : record.start;
}

/** The figures of one stretch of time, judged at `asOf` (or the stretch's end, if earlier, for the backlog). */
export function figuresFor(
  input: Pick<ImprovementInput, 'config' | 'asOf' | 'enquiries' | 'processes'>,
  window: Stretch,
): ImprovementFigures {
  const { config } = input;
  const received = input.enquiries.filter((enquiry) => inside(enquiry.receivedAt, window));
  const firstResponse = firstResponseStats(config, received, input.asOf);

  // Backlog at the end of the stretch (or now, if sooner): received before it, not resolved by then.
  const at = Math.min(window.end, Date.parse(input.asOf));
  const dayMinutes = workingDayMinutes(config);
  const unresolved = input.enquiries.filter(
    (enquiry) =>
      Date.parse(enquiry.receivedAt) < at &&
      (enquiry.resolvedAt === null || Date.parse(enquiry.resolvedAt) > at),
  );
  const byAgeBand = Object.fromEntries(AGE_BANDS.map((band) => [band.id, 0])) as Record<AgeBand, number>;
  let overTen = 0;
  for (const enquiry of unresolved) {
    const days =
      workingMinutesBetween(config.calendar, new Date(enquiry.receivedAt), new Date(at)) / dayMinutes;
    byAgeBand[ageBand(days)] += 1;
    if (days >= 10) overTen += 1;
  }

  // Repeat contact: contacts before the first response (known on enquiries answered since the field
  // was recorded), or all contacts so far for those still unanswered.
  const before = received.flatMap((enquiry) => {
    if (enquiry.firstRespondedAt === null) return [enquiry.contactCount];
    const known = enquiry.contactsBeforeFirstResponse;
    return known === undefined || known === null ? [] : [known];
  });
  const chased = before.filter((count) => count >= 2).length;

  // EHC plans within 20 weeks, for requests started in the stretch.
  const ehc = input.processes.filter(
    (record) => record.process === 'ehc-assessment' && inside(startInstant(record), window),
  );
  let decided = 0;
  let within = 0;
  let decidedClean = 0;
  let withinClean = 0;
  for (const record of ehc) {
    const final = scheduleOf(config, record, input.asOf).milestones.find((m) => m.name === 'final-plan');
    if (final === undefined || final.statutoryDue === null) continue;
    if (!['met', 'met-late', 'missed'].includes(final.state)) continue;
    const onTime = final.metOn !== null && final.metOn <= final.statutoryDue;
    decided += 1;
    if (onTime) within += 1;
    if (record.exceptions.length === 0) {
      decidedClean += 1;
      if (onTime) withinClean += 1;
    }
  }

  // Complaints: every deadline of complaints received in the stretch whose outcome is known.
  let deadlines = 0;
  let onTime = 0;
  let stage1 = 0;
  let stage1OnTime = 0;
  for (const record of input.processes) {
    if (record.process !== 'complaint' || !inside(startInstant(record), window)) continue;
    for (const milestone of scheduleOf(config, record, input.asOf).milestones) {
      if (!['met', 'met-late', 'missed'].includes(milestone.state)) continue;
      deadlines += 1;
      if (milestone.state === 'met') onTime += 1;
      if (milestone.name === 'stage-1-response') {
        stage1 += 1;
        if (milestone.state === 'met') stage1OnTime += 1;
      }
    }
  }

  // Safeguarding: concerns on enquiries received in the stretch; how fast a person picked them up.
  const concerns = received.filter((enquiry) => enquiry.safeguarding.concern);
  const pickUps = concerns.flatMap((enquiry) => {
    const raised = enquiry.safeguarding.raisedAt ?? enquiry.receivedAt;
    const picked = enquiry.safeguarding.alert?.pickedUpAt ?? null;
    return picked === null ? [] : [(Date.parse(picked) - Date.parse(raised)) / 60_000];
  });
  const inTime = pickUps.filter(
    (minutes) => minutes <= config.improvement.targets.safeguardingPickUpHours * 60,
  ).length;

  return {
    from: window.from,
    to: window.to,
    received: received.length,
    firstResponseWithinWindowPercent: firstResponse.withinWindowPercent,
    medianFirstResponseWorkingHours: firstResponse.medianWorkingHours,
    p90FirstResponseWorkingHours: firstResponse.p90WorkingHours,
    backlog: { total: unresolved.length, byAgeBand },
    backlogOverTenWorkingDays: overTen,
    chased,
    chasedPercent: percentage(chased, before.length),
    contactsBeforeFirstResponse:
      before.length === 0 ? null : rounded(before.reduce((sum, count) => sum + count, 0) / before.length, 2),
    ehcPlans: {
      decided,
      within20Weeks: within,
      within20WeeksPercent: percentage(within, decided),
      decidedExcludingExceptions: decidedClean,
      within20WeeksExcludingExceptions: withinClean,
      within20WeeksExcludingExceptionsPercent: percentage(withinClean, decidedClean),
    },
    complaints: {
      deadlines,
      onTime,
      onTimePercent: percentage(onTime, deadlines),
      stage1Responses: stage1,
      stage1OnTimePercent: percentage(stage1OnTime, stage1),
    },
    safeguarding: {
      concerns: concerns.length,
      pickedUp: pickUps.length,
      pickedUpInTime: inTime,
      pickedUpInTimePercent: percentage(inTime, concerns.length),
      medianPickUpMinutes: rounded(median(pickUps), 1),
      p90PickUpMinutes: rounded(quantile(pickUps, 0.9), 1),
    },
    triageCorrections: triageAccuracy(received),
  };
}

interface FigureDefinition {
  readonly id: keyof ImprovementTargets;
  readonly label: string;
  readonly unit: string;
  readonly direction: Direction;
  readonly value: (figures: ImprovementFigures) => number | null;
}

/** The figures the board compares with a target, in reading order. */
export const COMPARED_FIGURES: readonly FigureDefinition[] = [
  {
    id: 'firstResponseWithinWindowPercent',
    label: 'First responses within the window',
    unit: '%',
    direction: 'higher-is-better',
    value: (f) => f.firstResponseWithinWindowPercent,
  },
  {
    id: 'medianFirstResponseWorkingHours',
    label: 'Median first response',
    unit: 'working hours',
    direction: 'lower-is-better',
    value: (f) => f.medianFirstResponseWorkingHours,
  },
  {
    id: 'p90FirstResponseWorkingHours',
    label: '90th percentile first response',
    unit: 'working hours',
    direction: 'lower-is-better',
    value: (f) => f.p90FirstResponseWorkingHours,
  },
  {
    id: 'backlogOverTenWorkingDays',
    label: 'Backlog older than 10 working days',
    unit: 'enquiries',
    direction: 'lower-is-better',
    value: (f) => f.backlogOverTenWorkingDays,
  },
  {
    id: 'chasedPercent',
    label: 'Enquiries chased before a first response',
    unit: '%',
    direction: 'lower-is-better',
    value: (f) => f.chasedPercent,
  },
  {
    id: 'contactsBeforeFirstResponse',
    label: 'Contacts before the first response',
    unit: 'mean contacts',
    direction: 'lower-is-better',
    value: (f) => f.contactsBeforeFirstResponse,
  },
  {
    id: 'ehcPlansWithin20WeeksPercent',
    label: 'EHC plans issued within 20 weeks (exception cases left out)',
    unit: '%',
    direction: 'higher-is-better',
    value: (f) => f.ehcPlans.within20WeeksExcludingExceptionsPercent,
  },
  {
    id: 'complaintResponsesOnTimePercent',
    label: 'Complaint deadlines met',
    unit: '%',
    direction: 'higher-is-better',
    value: (f) => f.complaints.onTimePercent,
  },
  {
    id: 'safeguardingPickedUpInTimePercent',
    label: 'Safeguarding concerns picked up in time',
    unit: '%',
    direction: 'higher-is-better',
    value: (f) => f.safeguarding.pickedUpInTimePercent,
  },
  {
    id: 'triageCorrectedPercent',
    label: 'Enquiries whose triage people corrected',
    unit: '%',
    direction: 'lower-is-better',
    value: (f) => f.triageCorrections.anyCorrectedPercent,
  },
  {
    id: 'safeguardingMissedByTriage',
    label: 'Safeguarding concerns triage missed (set by a person)',
    unit: 'enquiries',
    direction: 'lower-is-better',
    value: (f) => f.triageCorrections.safeguarding.missedByTriage,
  },
];

function meets(direction: Direction, value: number | null, target: number): boolean | null {
  if (value === null) return null;
  return direction === 'higher-is-better' ? value >= target : value <= target;
}

/** The improvement report: the period, the baseline, each checkpoint and every figure against its target. */
export function buildImprovementReport(input: ImprovementInput): ImprovementReport {
  const { config, period, baseline } = input;
  const zone = config.calendar.timeZone;
  const targets = config.improvement.targets;
  const figures = figuresFor(input, stretch(zone, period.from, period.to));
  const baselineFigures = figuresFor(input, stretch(zone, baseline.from, baseline.to));
  const lastDay = period.to;
  const checkpoints: Checkpoint[] = [];
  for (const months of config.improvement.checkpointMonths) {
    const end = addMonths(period.from, months);
    // The checkpoint's quarter ends the day before `end`; it must lie within the period.
    if (addDays(end, -1) > lastDay) continue;
    const begin = addMonths(period.from, Math.max(0, months - 3));
    checkpoints.push({ months, figures: figuresFor(input, stretch(zone, begin, addDays(end, -1))) });
  }
  const comparison = COMPARED_FIGURES.map((definition) => {
    const value = definition.value(figures);
    const before = definition.value(baselineFigures);
    return {
      id: definition.id,
      label: definition.label,
      unit: definition.unit,
      direction: definition.direction,
      value,
      baseline: before,
      target: targets[definition.id],
      change: value === null || before === null ? null : rounded(value - before, 2),
      meetsTarget: meets(definition.direction, value, targets[definition.id]),
      trend: checkpoints.map((checkpoint) => definition.value(checkpoint.figures)),
    };
  });
  const notes = [
    'Backlog figures count the enquiries received in the period and the baseline; enquiries received earlier and still open are in the response-time report\'s "Unresolved now" instead.',
    'Repeat contact before the first response is known for enquiries answered since SEND Hub recorded it; older answered enquiries are left out of that figure.',
    'Each checkpoint shows the three months ending at it (e.g. months 10-12 for the 12-month checkpoint).',
  ];
  if (checkpoints.length < config.improvement.checkpointMonths.length) {
    notes.push('Checkpoints beyond the end of the period are not shown.');
  }
  return {
    period: { from: period.from, to: period.to },
    baseline: { from: baseline.from, to: baseline.to },
    asOf: input.asOf,
    targets,
    figures,
    baselineFigures,
    checkpoints,
    comparison,
    notes,
  };
}
