/** Use case: who the caller is, as the API sees them (roles, teams, their caseworker record). */

import { isSafeguardingResponder } from '../access/access-policy';
import { STAFF_ROLES } from '../access/principal';
import type { HubConfig } from '../config/hub-config';
import { averageWorkingDayMinutes, openIntervals } from '../domain/business-calendar';
import { Caseworker } from '../domain/enquiry';
import * as z from '../domain/zod';
import type { CaseworkDeps, CaseworkRequest } from './casework-context';

const TeamName = z.object({ id: z.string(), name: z.string() });

export const Me = z.object({
  username: z.string(),
  name: z.nullable(z.string()),
  roles: z.array(z.enum(STAFF_ROLES)),
  teams: z.array(TeamName),
  hubTeams: z
    .array(TeamName)
    .check(z.describe('Every team of the hub (where a manager can transfer work to).')),
  caseworker: z.nullable(Caseworker),
  safeguardingResponder: z
    .boolean()
    .check(
      z.describe(
        "May open any team's enquiry with a safeguarding concern and pick up its alert (a manager, or on a duty list by sign-in email).",
      ),
    ),
  calendar: z
    .object({
      timeZone: z.string(),
      workingDayMinutes: z.number(),
      open: z.array(z.tuple([z.string(), z.string()])),
    })
    .check(
      z.describe(
        "The hub calendar's open time from 90 days ago to 90 days ahead (pairs of instants), so the page counts working time exactly as the server does.",
      ),
    ),
});
export type Me = z.infer<typeof Me>;

/** Days of the hub calendar's open time the page is given either side of now. */
const CALENDAR_DAYS = 90;

function pageCalendar(config: HubConfig, now: string): Me['calendar'] {
  const at = Date.parse(now);
  const span = CALENDAR_DAYS * 86_400_000;
  return {
    timeZone: config.calendar.timeZone,
    workingDayMinutes: averageWorkingDayMinutes(config.calendar),
    open: openIntervals(config.calendar, new Date(at - span), new Date(at + span)).map(([start, end]) => [
      new Date(start).toISOString(),
      new Date(end).toISOString(),
    ]),
  };
}

export function whoAmI(deps: Pick<CaseworkDeps, 'config'>, request: CaseworkRequest): Me {
  const { principal } = request;
  return {
    username: principal.username,
    name: principal.name ?? request.caseworker?.name ?? null,
    roles: [...principal.roles].sort(),
    teams: principal.teams.map((id) => ({
      id,
      name: deps.config.teams.find((team) => team.id === id)?.name ?? id,
    })),
    hubTeams: deps.config.teams.map((team) => ({ id: team.id, name: team.name })),
    caseworker: request.caseworker,
    safeguardingResponder: isSafeguardingResponder(principal, deps.config),
    calendar: pageCalendar(deps.config, request.now),
  };
}
