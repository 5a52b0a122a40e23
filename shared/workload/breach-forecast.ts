/**
 * Breaches seen coming: for one team, which enquiries awaiting a response will pass their due time
 * in the next 1, 3 and 5 working days, given who is in, what each of them holds, and the team's
 * recent pace of first responses. Pure: the team's open enquiries, roster, availability, recent
 * history, configuration and `now` in; a forecast out. The method is in docs/managers.md.
 *
 * In short, on a clock of working minutes from now (hub calendar):
 * 1. Pace: first responses the team made in the last `workload.forecastPaceWorkingDays` working
 *    days, divided by the caseworker-days worked in them (active caseworkers who were not away).
 * 2. Each caseworker who is in on a coming working day answers at that pace, evenly through it:
 *    that gives each person a list of moments they finish a response.
 * 3. Each person first answers what they hold, soonest due first; their remaining moments go to a
 *    pool that answers the team queue (and anything held by someone away or inactive), soonest due
 *    first.
 * 4. An enquiry is forecast to breach when its due time falls in the horizon and its answer comes
 *    after it (or not within five working days at all).
 */

import type { HubConfig } from '../config/hub-config';
import {
  addWorkingMinutes,
  averageWorkingDayMinutes,
  workingMinutesBetween,
} from '../domain/business-calendar';
import type { Caseworker, Enquiry } from '../domain/enquiry';
import { localDate } from '../domain/local-time';
import { priorityRank } from '../domain/taxonomy';
import * as z from '../domain/zod';
import { type AvailabilityBook, awayPeriodAt } from './availability';

/** The horizons a forecast looks at, in working days. */
export const FORECAST_HORIZONS = [1, 3, 5] as const;
/** Most references listed per horizon (the counts are always whole). */
const MAX_LISTED = 25;

export const ForecastHorizon = z.object({
  workingDays: z.literal(FORECAST_HORIZONS),
  /** The end of the horizon. */
  until: z.string(),
  /** Enquiries awaiting a response that fall due by then (not yet past due now). */
  due: z.int(),
  /** Of those, how many are forecast to pass their due time unanswered. */
  breaches: z.int(),
  /** The references forecast to breach, soonest due first (at most 25). */
  references: z.array(z.string()),
});
export type ForecastHorizon = z.infer<typeof ForecastHorizon>;

export const BreachForecast = z.object({
  team: z.string(),
  generatedAt: z.string(),
  horizons: z.array(ForecastHorizon),
  alreadyPastDue: z.int().check(z.describe('Awaiting a response and already past their due time now.')),
  pacePerPersonDay: z
    .nullable(z.number())
    .check(
      z.describe('First responses per caseworker per working day over the pace window (null: no history).'),
    ),
  paceWindow: z.object({
    workingDays: z.int(),
    firstResponses: z.int(),
    personDays: z.number(),
  }),
  peopleIn: z
    .array(z.object({ date: z.string(), people: z.int() }))
    .check(z.describe('Caseworkers in on each of the next five working days (local dates).')),
});
export type BreachForecast = z.infer<typeof BreachForecast>;

export interface ForecastInput {
  readonly config: HubConfig;
  readonly team: string;
  readonly now: string;
  /** The team's unresolved enquiries (queue and its caseworkers' caseloads). */
  readonly unresolved: readonly Enquiry[];
  /** The team's enquiries received recently (for first responses in the pace window). */
  readonly recent: readonly Enquiry[];
  readonly roster: readonly Caseworker[];
  readonly book: AvailabilityBook;
}

function soonestFirst(a: Enquiry, b: Enquiry): number {
  return (
    Date.parse(a.responseDueAt) - Date.parse(b.responseDueAt) ||
    priorityRank(a.priority) - priorityRank(b.priority) ||
    a.id.localeCompare(b.id)
  );
}

/**
 * The moments (working minutes from now) a person answering `pace` a working day finishes each
 * answer, working evenly through the days they are in (an answer begun at the end of one such day
 * finishes on their next).
 */
function finishMoments(pace: number, daysIn: readonly boolean[], dayMinutes: number): number[] {
  if (pace <= 0) return [];
  const each = dayMinutes / pace;
  const inDays = daysIn.flatMap((isIn, day) => (isIn ? [day] : []));
  const total = inDays.length * dayMinutes;
  const moments: number[] = [];
  for (let worked = each; worked <= total + 1e-9 && moments.length < 2000; worked += each) {
    const index = Math.min(inDays.length - 1, Math.floor((worked - 1e-9) / dayMinutes));
    moments.push((inDays[index] ?? 0) * dayMinutes + (worked - index * dayMinutes));
  }
  return moments;
}

/** The forecast (pure). */
export function forecastBreaches(input: ForecastInput): BreachForecast {
  const { config, now } = input;
  const calendar = config.calendar;
  const dayMinutes = averageWorkingDayMinutes(calendar);
  const nowDate = new Date(now);
  const horizonDays = Math.max(...FORECAST_HORIZONS);
  const zone = calendar.timeZone;
  const at = (minutes: number) => addWorkingMinutes(calendar, nowDate, minutes);
  const active = input.roster.filter((person) => person.active);
  const isAway = (person: Caseworker, instant: Date) =>
    awayPeriodAt(config, input.book.get(person.email.toLowerCase()), instant.toISOString()) !== null;

  // 1. The team's pace over the last working days.
  const windowDays = config.workload.forecastPaceWorkingDays;
  const windowStart = at(-windowDays * dayMinutes);
  const firstResponses = input.recent.filter(
    (enquiry) =>
      enquiry.firstRespondedAt !== null &&
      Date.parse(enquiry.firstRespondedAt) >= windowStart.getTime() &&
      Date.parse(enquiry.firstRespondedAt) <= nowDate.getTime(),
  ).length;
  let personDays = 0;
  for (let day = 1; day <= windowDays; day += 1) {
    const middle = at(-(day - 0.5) * dayMinutes);
    personDays += active.filter((person) => !isAway(person, middle)).length;
  }
  const pace = personDays === 0 || firstResponses === 0 ? null : firstResponses / personDays;

  // 2. Who is in on each coming working day, and when each of them finishes answers.
  const dayMiddles = Array.from({ length: horizonDays }, (_, day) => at((day + 0.5) * dayMinutes));
  const peopleIn = dayMiddles.map((middle) => ({
    date: localDate(zone, middle.getTime()),
    people: active.filter((person) => !isAway(person, middle)).length,
  }));
  const working = new Map(
    active.map((person) => [
      person.id,
      finishMoments(
        pace ?? 0,
        dayMiddles.map((middle) => !isAway(person, middle)),
        dayMinutes,
      ),
    ]),
  );

  // 3. Each answers what they hold first; what is left of their day answers the team queue.
  const awaiting = input.unresolved.filter((enquiry) => enquiry.status === 'open').sort(soonestFirst);
  const answeredAt = new Map<string, number>();
  const pool: number[] = [];
  const unheld: Enquiry[] = [];
  const heldBy = new Map<string, Enquiry[]>();
  const firstDay = dayMiddles[0] ?? nowDate;
  for (const enquiry of awaiting) {
    // Work held by someone away or inactive goes back to the queue (their leave hands it over).
    const holder = active.find((person) => person.id === enquiry.assignee);
    if (holder === undefined || isAway(holder, firstDay)) unheld.push(enquiry);
    else heldBy.set(holder.id, [...(heldBy.get(holder.id) ?? []), enquiry]);
  }
  for (const [personId, moments] of working) {
    const held = heldBy.get(personId) ?? [];
    held.forEach((enquiry, index) => {
      const moment = moments[index];
      if (moment !== undefined) answeredAt.set(enquiry.id, moment);
    });
    pool.push(...moments.slice(held.length));
  }
  pool.sort((a, b) => a - b);
  unheld.forEach((enquiry, index) => {
    const moment = pool[index];
    if (moment !== undefined) answeredAt.set(enquiry.id, moment);
  });

  // 4. Which fall due in each horizon, and which of those are answered too late.
  const dueIn = new Map(
    awaiting.map((enquiry) => {
      const due = Date.parse(enquiry.responseDueAt);
      const minutes = due <= nowDate.getTime() ? -1 : workingMinutesBetween(calendar, nowDate, new Date(due));
      return [enquiry.id, minutes];
    }),
  );
  const horizons = FORECAST_HORIZONS.map((workingDays): ForecastHorizon => {
    const end = workingDays * dayMinutes;
    const due = awaiting.filter((enquiry) => {
      const minutes = dueIn.get(enquiry.id) ?? -1;
      return minutes >= 0 && minutes <= end && Date.parse(enquiry.responseDueAt) > nowDate.getTime();
    });
    const late = due.filter((enquiry) => {
      const answer = answeredAt.get(enquiry.id);
      return answer === undefined || answer > (dueIn.get(enquiry.id) ?? 0);
    });
    return {
      workingDays,
      until: at(end).toISOString(),
      due: due.length,
      breaches: late.length,
      references: late.slice(0, MAX_LISTED).map((enquiry) => enquiry.id),
    };
  });
  return {
    team: input.team,
    generatedAt: nowDate.toISOString(),
    horizons,
    alreadyPastDue: awaiting.filter((enquiry) => Date.parse(enquiry.responseDueAt) <= nowDate.getTime())
      .length,
    pacePerPersonDay: pace === null ? null : Math.round(pace * 100) / 100,
    paceWindow: { workingDays: windowDays, firstResponses, personDays },
    peopleIn,
  };
}
