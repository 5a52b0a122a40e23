/**
 * The response-time report: pure arithmetic over enquiries, escalation-log entries and caseworker
 * profiles for one period, separate from the queries that fetch them (report-source.ts). Every
 * figure is a count, a percentage or a duration: no enquirer data.
 *
 * Definitions (docs/escalation.md, "Response-time report"):
 * - Received: enquiries whose `receivedAt` falls in the period, by channel, topic, priority, team.
 * - First response within the window: of the enquiries received in the period whose outcome is
 *   known at `asOf` (responded, or unanswered past their due time), the share answered within
 *   their priority's `firstResponseMinutes` of working time (pauses excluded). Enquiries still
 *   inside their window are "awaiting" and left out; resolved without any response, too.
 * - Median / 90th percentile: of `firstResponseWorkingMinutes` of those responded, in working hours.
 * - Backlog: unresolved enquiries at `asOf` (whenever received), by age in working days since receipt.
 * - Escalations: steps whose due instant falls in the period; breaches = distinct enquiries whose
 *   breach step fell due in the period.
 * - Caseload: each caseworker's open enquiries against their cap.
 * - Triage corrections: of the enquiries received in the period, how many had each label
 *   (priority, topic, district, safeguarding) corrected by a person by `asOf`, and the share.
 */

import type { HubConfig } from '../config/hub-config';
import { averageWorkingDayMinutes, workingMinutesBetween } from '../domain/business-calendar';
import type { Caseworker, ReportedEnquiry } from '../domain/enquiry';
import { median, percentage, quantile, rounded } from '../domain/statistics';
import { CHANNELS, PRIORITIES, type Priority, TOPICS } from '../domain/taxonomy';
import { triageAccuracy } from '../domain/triage-accuracy';
import type { EscalationRecord } from '../escalation/ports';
import { AGE_BANDS, type AgeBand } from './age-bands';
import type { ReportPeriod } from './report-period';
import type { FirstResponseStats, ResponseTimeReport } from './response-schemas';

export type { CaseloadLine, FirstResponseStats, ResponseTimeReport } from './response-schemas';

export { AGE_BANDS, type AgeBand };

export interface ReportInput {
  readonly config: HubConfig;
  readonly period: ReportPeriod;
  /** The instant the report describes (backlog ages, "past due" for unanswered enquiries). */
  readonly asOf: string;
  /** Enquiries received in the period. */
  readonly received: readonly ReportedEnquiry[];
  /** Unresolved enquiries at `asOf`, whenever received. */
  readonly unresolved: readonly ReportedEnquiry[];
  /** Escalation-log entries whose step fell due in the period. */
  readonly escalations: readonly EscalationRecord[];
  readonly caseworkers: readonly Caseworker[];
}

/** Counts by key, with every expected key present (0 when none) and unexpected keys kept. */
function countBy<T>(
  items: readonly T[],
  key: (item: T) => string,
  expected: readonly string[],
): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(expected.map((name) => [name, 0]));
  for (const item of items) {
    const name = key(item);
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** Working minutes in an average open weekday of the calendar (480 for 09:00-17:00, Mon-Fri). */
export function workingDayMinutes(config: HubConfig): number {
  return averageWorkingDayMinutes(config.calendar);
}

/** The age band of an age in working days. */
export function ageBand(workingDays: number): AgeBand {
  const band = AGE_BANDS.find((candidate) => workingDays >= candidate.from && workingDays < candidate.to);
  return band?.id ?? '10+';
}

type Outcome = 'within' | 'late' | 'overdue' | 'awaiting' | 'closed';

function outcomeOf(config: HubConfig, enquiry: ReportedEnquiry, asOfMs: number): Outcome {
  const minutes = enquiry.firstResponseWorkingMinutes;
  if (minutes !== null) {
    return minutes <= config.serviceLevels[enquiry.priority].firstResponseMinutes ? 'within' : 'late';
  }
  if (enquiry.status === 'resolved') return 'closed';
  return Date.parse(enquiry.responseDueAt) <= asOfMs ? 'overdue' : 'awaiting';
}

/** First-response figures for a group of enquiries. */
export function firstResponseStats(
  config: HubConfig,
  enquiries: readonly ReportedEnquiry[],
  asOf: string,
): FirstResponseStats {
  const asOfMs = Date.parse(asOf);
  const counts: Record<Outcome, number> = { within: 0, late: 0, overdue: 0, awaiting: 0, closed: 0 };
  const hours: number[] = [];
  for (const enquiry of enquiries) {
    counts[outcomeOf(config, enquiry, asOfMs)] += 1;
    if (enquiry.firstResponseWorkingMinutes !== null) hours.push(enquiry.firstResponseWorkingMinutes / 60);
  }
  return {
    received: enquiries.length,
    withinWindow: counts.within,
    late: counts.late,
    overdueUnanswered: counts.overdue,
    awaiting: counts.awaiting,
    closedWithoutResponse: counts.closed,
    withinWindowPercent: percentage(counts.within, counts.within + counts.late + counts.overdue),
    medianWorkingHours: rounded(median(hours), 2),
    p90WorkingHours: rounded(quantile(hours, 0.9), 2),
  };
}

function groupBy<T>(
  items: readonly T[],
  key: (item: T) => string,
  expected: readonly string[],
): Map<string, T[]> {
  const groups = new Map<string, T[]>(expected.map((name) => [name, []]));
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group === undefined) groups.set(name, [item]);
    else group.push(item);
  }
  return groups;
}

function statsBy(
  config: HubConfig,
  enquiries: readonly ReportedEnquiry[],
  key: (enquiry: ReportedEnquiry) => string,
  expected: readonly string[],
  asOf: string,
): Record<string, FirstResponseStats> {
  return Object.fromEntries(
    [...groupBy(enquiries, key, expected)].map(([name, group]) => [
      name,
      firstResponseStats(config, group, asOf),
    ]),
  );
}

/** Builds the report for `input.period` as of `input.asOf`. */
export function buildResponseTimeReport(input: ReportInput): ResponseTimeReport {
  const { config, asOf } = input;
  const teams = config.teams.map((team) => team.id);
  const priorities: readonly Priority[] = PRIORITIES;
  const dayMinutes = workingDayMinutes(config);
  const asOfDate = new Date(asOf);

  const ages = input.unresolved.map((enquiry) => ({
    enquiry,
    band: ageBand(
      workingMinutesBetween(config.calendar, new Date(enquiry.receivedAt), asOfDate) / dayMinutes,
    ),
  }));
  const breaches = new Map<string, EscalationRecord>();
  for (const record of input.escalations) if (record.breach) breaches.set(record.enquiryId, record);
  const stepOrder = [
    ...new Set(
      PRIORITIES.flatMap((priority) => config.serviceLevels[priority].escalation.map((step) => step.id)),
    ),
  ];

  return {
    period: input.period,
    asOf,
    received: {
      total: input.received.length,
      byChannel: countBy(input.received, (enquiry) => enquiry.channel, CHANNELS),
      byTopic: countBy(input.received, (enquiry) => enquiry.topic, TOPICS),
      byPriority: countBy(input.received, (enquiry) => enquiry.priority, priorities),
      byTeam: countBy(input.received, (enquiry) => enquiry.team, teams),
    },
    firstResponse: {
      overall: firstResponseStats(config, input.received, asOf),
      byPriority: statsBy(config, input.received, (enquiry) => enquiry.priority, priorities, asOf),
      byTeam: statsBy(config, input.received, (enquiry) => enquiry.team, teams, asOf),
    },
    backlog: {
      total: input.unresolved.length,
      workingDayMinutes: dayMinutes,
      byAgeBand: countBy(
        ages,
        (age) => age.band,
        AGE_BANDS.map((band) => band.id),
      ) as Record<AgeBand, number>,
      byTeam: countBy(input.unresolved, (enquiry) => enquiry.team, teams),
    },
    escalations: {
      total: input.escalations.length,
      byStep: countBy(input.escalations, (record) => record.stepId, stepOrder),
      breaches: breaches.size,
      breachesByTeam: countBy([...breaches.values()], (record) => record.team, teams),
    },
    caseload: [...input.caseworkers]
      .sort((a, b) => a.team.localeCompare(b.team) || a.id.localeCompare(b.id))
      .map((caseworker) => ({
        caseworkerId: caseworker.id,
        name: caseworker.name,
        team: caseworker.team,
        active: caseworker.active,
        openCount: caseworker.openCount,
        cap: caseworker.cap,
        utilisationPercent: percentage(caseworker.openCount, caseworker.cap),
      })),
    triageCorrections: triageAccuracy(input.received),
  };
}
