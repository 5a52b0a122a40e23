/**
 * A team's figures for its manager: what is open, unclaimed, breached and due today; first
 * response times this week against the window; the backlog by age; first-response breaches per
 * week over the last 8 weeks; each caseworker's caseload against their cap; and how often people
 * corrected triage's labels on the team's enquiries (this week's, and the last 8 weeks').
 *
 * Reads are Queries only: the team queue and each rostered caseworker's caseload on GSI1 (the
 * unresolved work), the roster on GSI1, and the received-by-day index GSI5 for recent history.
 * The arithmetic is a pure function ({@link computeDashboard}) of those reads, the configuration
 * and `now`.
 */

import { chooseTeam, requireRole } from '../access/access-policy';
import type { HubConfig } from '../config/hub-config';
import type { Caseworker, Enquiry, ServiceLevelPolicy } from '../domain/enquiry';
import { addDays, localDate, localDaysBetween, startOfLocalDay, weekStartDate } from '../domain/local-time';
import { everyPage } from '../domain/paging';
import { PRIORITIES, Priority } from '../domain/taxonomy';
import { TriageAccuracy, triageAccuracy } from '../domain/triage-accuracy';
import * as z from '../domain/zod';
import { availabilityBook } from '../workload/availability';
import { BreachForecast, forecastBreaches } from '../workload/breach-forecast';
import type { AvailabilityStore } from '../workload/ports';
import type { CaseworkDeps, CaseworkRequest } from './casework-context';
import { isBreached } from './enquiry-views';
import type { CaseworkEnquiries } from './ports';
import type { ResponseTimeFigures, TeamDashboard } from './response-schemas';

export type { ResponseTimeFigures, TeamDashboard } from './response-schemas';

/** Weeks of breach history shown. */
export const BREACH_WEEKS = 8;
/**
 * Extra days of received enquiries read before the first week, so an enquiry received just before
 * it whose deadline fell inside it still counts (the longest default window is 5 working days).
 */
const LOOKBACK_DAYS = 21;

/** Age bands of the backlog, in whole local calendar days since the enquiry was received. */
export const AGE_BANDS: readonly { label: string; minDays: number; maxDays: number | null }[] = [
  { label: 'Today', minDays: 0, maxDays: 0 },
  { label: '1–2 days', minDays: 1, maxDays: 2 },
  { label: '3–5 days', minDays: 3, maxDays: 5 },
  { label: '6–10 days', minDays: 6, maxDays: 10 },
  { label: '11–20 days', minDays: 11, maxDays: 20 },
  { label: '21+ days', minDays: 21, maxDays: null },
];

export interface DashboardInput {
  team: string;
  now: string;
  config: HubConfig;
  policy: ServiceLevelPolicy;
  /** The team's unresolved enquiries (queue and its caseworkers' caseloads). */
  unresolved: readonly Enquiry[];
  unclaimed: number;
  /** The team's enquiries received since the start of the breach history (minus the lookback). */
  recent: readonly Enquiry[];
  roster: readonly Caseworker[];
}

function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  // Nearest-rank on the sorted values; the median of an even count is the mean of the middle two.
  if (q === 0.5) {
    const middle = Math.floor(sorted.length / 2);
    const upper = sorted[middle] ?? 0;
    return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? null;
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

/**
 * When the first response fell due, if it was (or still is) late; null when it was on time or is
 * not yet due.
 */
export function firstResponseBreachAt(
  enquiry: Enquiry,
  config: HubConfig,
  policy: ServiceLevelPolicy,
  now: string,
): string | null {
  if (enquiry.firstRespondedAt === null || enquiry.firstResponseWorkingMinutes === null) {
    // No response yet: the current window is still the first one.
    const end = enquiry.resolvedAt ?? now;
    return Date.parse(enquiry.responseDueAt) < Date.parse(end) ? enquiry.responseDueAt : null;
  }
  const window = config.serviceLevels[enquiry.priority].firstResponseMinutes;
  const late = enquiry.firstResponseWorkingMinutes - window;
  if (late <= 0) return null;
  // The clock reached the window `late` working minutes before the response was made.
  return policy.addWorkingMinutes(enquiry.firstRespondedAt, -late);
}

/** The dashboard from the team's reads (pure). */
export function computeDashboard(input: DashboardInput): TeamDashboard {
  const { config, now, team } = input;
  const timeZone = config.calendar.timeZone;
  const nowMs = Date.parse(now);
  const today = localDate(timeZone, nowMs);
  const endOfToday = startOfLocalDay(timeZone, addDays(today, 1));
  const weekStarting = weekStartDate(timeZone, nowMs);
  const weekStartMs = startOfLocalDay(timeZone, weekStarting);

  const awaiting = input.unresolved.filter((enquiry) => enquiry.status === 'open');
  const breached = awaiting.filter((enquiry) => isBreached(enquiry, now)).length;
  const dueToday = awaiting.filter((enquiry) => {
    const due = Date.parse(enquiry.responseDueAt);
    return due >= nowMs && due < endOfToday;
  }).length;

  const respondedThisWeek = input.recent.filter(
    (enquiry) =>
      enquiry.firstRespondedAt !== null &&
      enquiry.firstResponseWorkingMinutes !== null &&
      Date.parse(enquiry.firstRespondedAt) >= weekStartMs &&
      Date.parse(enquiry.firstRespondedAt) <= nowMs,
  );
  const minutesOf = (list: readonly Enquiry[]) =>
    list.map((enquiry) => enquiry.firstResponseWorkingMinutes ?? 0).sort((a, b) => a - b);
  const allMinutes = minutesOf(respondedThisWeek);

  const responseTimes = PRIORITIES.map((priority): ResponseTimeFigures => {
    const windowMinutes = config.serviceLevels[priority].firstResponseMinutes;
    const minutes = minutesOf(respondedThisWeek.filter((enquiry) => enquiry.priority === priority));
    return {
      priority,
      windowMinutes,
      count: minutes.length,
      medianMinutes: round(quantile(minutes, 0.5)),
      p90Minutes: round(quantile(minutes, 0.9)),
      withinWindow: minutes.filter((value) => value <= windowMinutes).length,
    };
  });

  const backlogByAge = AGE_BANDS.map((band) => ({ ...band, count: 0 }));
  for (const enquiry of input.unresolved) {
    const age = Math.max(0, localDaysBetween(timeZone, enquiry.receivedAt, nowMs));
    const band = backlogByAge.find(
      (candidate) => age >= candidate.minDays && (candidate.maxDays === null || age <= candidate.maxDays),
    );
    if (band !== undefined) band.count += 1;
  }

  const receivedSince = (startMs: number) =>
    input.recent.filter((enquiry) => {
      const at = Date.parse(enquiry.receivedAt);
      return at >= startMs && at <= nowMs;
    });
  const firstWeekMs = startOfLocalDay(timeZone, addDays(weekStarting, -7 * (BREACH_WEEKS - 1)));

  const weeks = Array.from({ length: BREACH_WEEKS }, (_, index) =>
    addDays(weekStarting, -7 * (BREACH_WEEKS - 1 - index)),
  );
  const breachesPerWeek = weeks.map((weekStart) => ({ weekStarting: weekStart, count: 0 }));
  const seen = new Set<string>();
  for (const enquiry of [...input.recent, ...input.unresolved]) {
    if (seen.has(enquiry.id)) continue;
    seen.add(enquiry.id);
    const breachAt = firstResponseBreachAt(enquiry, config, input.policy, now);
    if (breachAt === null || Date.parse(breachAt) > nowMs) continue;
    const week = breachesPerWeek.find(
      (candidate) => candidate.weekStarting === weekStartDate(timeZone, breachAt),
    );
    if (week !== undefined) week.count += 1;
  }

  return {
    forecast: null,
    team,
    teamName: config.teams.find((candidate) => candidate.id === team)?.name ?? team,
    generatedAt: new Date(nowMs).toISOString(),
    timeZone,
    weekStarting,
    figures: {
      open: input.unresolved.length,
      awaitingResponse: awaiting.length,
      waitingOnEnquirer: input.unresolved.filter((enquiry) => enquiry.status === 'waiting-on-enquirer')
        .length,
      unclaimed: input.unclaimed,
      breached,
      dueToday,
      medianFirstResponseMinutesThisWeek: round(quantile(allMinutes, 0.5)),
      firstResponsesThisWeek: allMinutes.length,
    },
    responseTimes,
    backlogByAge,
    breachesPerWeek,
    caseloads: input.roster.map((caseworker) => ({
      caseworkerId: caseworker.id,
      name: caseworker.name,
      openCount: caseworker.openCount,
      cap: caseworker.cap,
      active: caseworker.active,
    })),
    triageCorrections: {
      thisWeek: triageAccuracy(receivedSince(weekStartMs)),
      lastWeeks: triageAccuracy(receivedSince(firstWeekMs)),
    },
  };
}

/** What the dashboard reads: enquiries through reads only, so a read-only adapter serves it. */
export type DashboardDeps = Pick<CaseworkDeps, 'caseworkers' | 'config' | 'policy'> & {
  readonly enquiries: Pick<CaseworkEnquiries, 'listTeamQueue' | 'listCaseload' | 'listReceivedBetween'>;
  /** Away dates: with them the dashboard carries the breach forecast. */
  readonly availability?: Pick<AvailabilityStore, 'all'>;
};

/**
 * Enquiries received in [from, to), read a week at a time in parallel: the index has one
 * partition per day, and reading eleven weeks of days one after another is what makes a
 * dashboard slow.
 */
async function receivedInWeeks(deps: DashboardDeps, from: string, to: string): Promise<Enquiry[]> {
  const week = 7 * 86_400_000;
  const end = Date.parse(to);
  const ranges: [string, string][] = [];
  for (let start = Date.parse(from); start < end; start += week) {
    ranges.push([new Date(start).toISOString(), new Date(Math.min(end, start + week)).toISOString()]);
  }
  const weeks = await Promise.all(
    ranges.map(([start, stop]) =>
      everyPage((cursor) => deps.enquiries.listReceivedBetween(start, stop, { limit: 500, cursor })),
    ),
  );
  return weeks.flat();
}

/**
 * The dashboard of a team the caller manages.
 * @throws ForbiddenError not a manager, or not of that team. ValidationError (`team`) when ambiguous.
 */
export async function teamDashboard(
  deps: DashboardDeps,
  request: CaseworkRequest,
  team: string | undefined,
): Promise<TeamDashboard> {
  requireRole(request.principal, ['manager']);
  const chosen = chooseTeam(request.principal, team);
  const timeZone = deps.config.calendar.timeZone;
  const firstWeek = addDays(weekStartDate(timeZone, request.now), -7 * (BREACH_WEEKS - 1));
  const historyFrom = new Date(startOfLocalDay(timeZone, addDays(firstWeek, -LOOKBACK_DAYS))).toISOString();

  const roster = await deps.caseworkers.listRoster(chosen);
  const [queue, caseloads, received] = await Promise.all([
    everyPage((cursor) => deps.enquiries.listTeamQueue(chosen, { limit: 500, cursor })),
    Promise.all(
      roster.map((caseworker) =>
        everyPage((cursor) => deps.enquiries.listCaseload(caseworker.id, { limit: 500, cursor })),
      ),
    ),
    receivedInWeeks(deps, historyFrom, request.now),
  ]);
  // A caseworker may hold another team's enquiry (a head of service reassigned it): not this team's.
  const held = caseloads.flat().filter((enquiry) => enquiry.team === chosen);
  const unresolved = [...queue, ...held];
  const recent = received.filter((enquiry) => enquiry.team === chosen);
  const dashboard = computeDashboard({
    team: chosen,
    now: request.now,
    config: deps.config,
    policy: deps.policy,
    unresolved,
    unclaimed: queue.length,
    recent,
    roster,
  });
  if (deps.availability === undefined) return dashboard;
  const book = availabilityBook(await deps.availability.all());
  return {
    ...dashboard,
    forecast: forecastBreaches({
      config: deps.config,
      team: chosen,
      now: request.now,
      unresolved,
      recent,
      roster,
      book,
    }),
  };
}
