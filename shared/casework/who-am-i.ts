/** Use case: who the caller is, as the API sees them (roles, teams, their caseworker record). */

import { isSafeguardingResponder } from '../access/access-policy';
import { STAFF_ROLES } from '../access/principal';
import type { HubConfig } from '../config/hub-config';
import { averageWorkingDayMinutes, openIntervals } from '../domain/business-calendar';
import { Caseworker } from '../domain/enquiry';
import * as z from '../domain/zod';
import type { CaseworkDeps, CaseworkRequest } from './casework-context';
import type { Me } from './response-schemas';

export type { Me } from './response-schemas';

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
