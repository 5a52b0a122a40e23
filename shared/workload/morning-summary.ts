/**
 * Each team's morning summary: on every open day, once the hub's clock passes
 * `workload.morningSummaryAt`, the team manager (or their deputy while they are away) gets one
 * short email: what waits now, what falls due today, the breaches seen coming in the next 1, 3 and
 * 5 working days and which enquiries they are, and who is away. Sent by the sweep; a marker per
 * team and day (the weekly report's, `REPORT#morning-<team>#<day>`) makes it go once however many
 * sweeps run. Ids, counts and names of staff only: never an enquirer's details.
 */
import type { HubConfig, Team } from '../config/hub-config';
import {
  addWorkingMinutes,
  averageWorkingDayMinutes,
  workingMinutesBetween,
} from '../domain/business-calendar';
import type { Caseworker } from '../domain/enquiry';
import { addDays, localDate, startOfLocalDay } from '../domain/local-time';
import { everyPage } from '../domain/paging';
import type { Mailer } from '../mail/outgoing-email';
import { type MorningFacts, morningSummaryEmail } from '../mail/staff-emails';
import { type AvailabilityBook, awayPeriodAt, coverFor } from './availability';
import { forecastBreaches } from './breach-forecast';
import type { ReportMarkers, Roster, WorkloadEnquiries } from './ports';

/** How long one sweep may hold a team's morning summary while it sends it. */
const LEASE_MS = 10 * 60_000;

/**
 * The local date whose summary is due at `now`, or null: an open day of the hub calendar, at or
 * after `workload.morningSummaryAt` hub time.
 */
export function morningSummaryDay(config: HubConfig, now: string): string | null {
  const zone = config.calendar.timeZone;
  const day = localDate(zone, now);
  const start = startOfLocalDay(zone, day);
  const end = startOfLocalDay(zone, addDays(day, 1));
  const open = workingMinutesBetween(config.calendar, new Date(start), new Date(end));
  if (open <= 0) return null;
  const [hours = 0, minutes = 0] = config.workload.morningSummaryAt.split(':').map(Number);
  return Date.parse(now) >= start + (hours * 60 + minutes) * 60_000 ? day : null;
}

export interface MorningSummaryDeps {
  readonly config: HubConfig;
  readonly enquiries: Pick<WorkloadEnquiries, 'listTeamQueue' | 'listCaseload' | 'listReceivedBetween'>;
  readonly roster: Roster;
  readonly markers: ReportMarkers;
  readonly mailer: Mailer;
  readonly book: AvailabilityBook;
  /** Wall clock, for the marker's lease only. */
  readonly clock: () => Date;
  readonly owner: string;
}

/** Everything one team's summary says, read with Queries (queue, caseloads, recent days). */
async function gather(
  deps: MorningSummaryDeps,
  team: Team,
  date: string,
  now: string,
): Promise<MorningFacts> {
  const { config } = deps;
  const roster: Caseworker[] = await deps.roster.listRoster(team.id);
  const dayMinutes = averageWorkingDayMinutes(config.calendar);
  const windowStart = addWorkingMinutes(
    config.calendar,
    new Date(now),
    -config.workload.forecastPaceWorkingDays * dayMinutes,
  );
  // Enquiries answered in the pace window were received up to a few weeks before it.
  const from = new Date(windowStart.getTime() - 28 * 86_400_000).toISOString();
  const [queue, caseloads, received] = await Promise.all([
    everyPage((cursor) => deps.enquiries.listTeamQueue(team.id, { limit: 500, cursor })),
    Promise.all(
      roster.map((person) =>
        everyPage((cursor) => deps.enquiries.listCaseload(person.id, { limit: 500, cursor })),
      ),
    ),
    everyPage((cursor) => deps.enquiries.listReceivedBetween(from, now, { limit: 500, cursor })),
  ]);
  const unresolved = [...queue, ...caseloads.flat().filter((enquiry) => enquiry.team === team.id)];
  const awaiting = unresolved.filter((enquiry) => enquiry.status === 'open');
  const nowMs = Date.parse(now);
  const endOfDay = startOfLocalDay(config.calendar.timeZone, addDays(date, 1));
  return {
    team,
    date,
    unclaimed: queue.length,
    pastDue: awaiting.filter((enquiry) => Date.parse(enquiry.responseDueAt) <= nowMs).length,
    dueToday: awaiting.filter((enquiry) => {
      const due = Date.parse(enquiry.responseDueAt);
      return due > nowMs && due < endOfDay;
    }).length,
    forecast: forecastBreaches({
      config,
      team: team.id,
      now,
      unresolved,
      recent: received.filter((enquiry) => enquiry.team === team.id),
      roster,
      book: deps.book,
    }),
    away: roster
      .filter(
        (person) =>
          person.active && awayPeriodAt(config, deps.book.get(person.email.toLowerCase()), now) !== null,
      )
      .map((person) => person.name),
  };
}

export interface MorningSummarySummary {
  readonly sent: number;
  readonly failed: number;
}

/** Sends each team's summary for today once, if it is due at `now`. */
export async function sendMorningSummaries(
  deps: MorningSummaryDeps,
  now: string,
): Promise<MorningSummarySummary> {
  const date = morningSummaryDay(deps.config, now);
  if (date === null) return { sent: 0, failed: 0 };
  let sent = 0;
  let failed = 0;
  for (const team of deps.config.teams) {
    const kind = `morning-${team.id}`;
    const claim = await deps.markers.claim(kind, date, date, deps.owner, deps.clock().getTime(), LEASE_MS);
    if (claim !== 'claimed') continue;
    try {
      const facts = await gather(deps, team, date, now);
      const cover = coverFor(deps.config, deps.book, team.managerEmail, now);
      const email = morningSummaryEmail(
        deps.config,
        facts,
        cover.email,
        cover.coverFor === null ? null : `the manager of ${team.name}`,
      );
      await deps.mailer.send(email);
      await deps.markers.markSent(kind, date, date, deps.owner, now, email.messageId ?? '');
      sent += 1;
    } catch {
      // Given back: the next sweep tries again (ids only would be logged by the caller).
      failed += 1;
      await deps.markers.release(kind, date, date, deps.owner);
    }
  }
  return { sent, failed };
}
