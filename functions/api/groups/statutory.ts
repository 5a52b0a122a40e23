/**
 * Route group: statutory processes. `GET|POST /enquiries/{id}/statutory` (see them, start one),
 * `POST /enquiries/{id}/statutory/{processId}/milestones` and `.../exceptions`, and a manager's
 * `GET /statutory?team=` (deadlines missed, due soon or paused). Bodies are validated here.
 */
import {
  addStatutoryException,
  enquiryStatutory,
  recordStatutoryMilestone,
  startStatutoryProcess,
  teamStatutory,
} from '../../../shared/statutory/statutory-casework';
import { parseBody, parseQuery } from '../request';
import { type Call, type CaseworkApiDeps, caller, type HttpHandler, routeGroup } from '../route-group';
import { TeamQuery } from '../schemas/common';
import { StartStatutoryBody, StatutoryExceptionBody, StatutoryMilestoneBody } from '../schemas/statutory';

function enquiryId(call: Call): string {
  return (call.params.id ?? '').toUpperCase();
}

function processId(call: Call): string {
  return (call.params.processId ?? '').toLowerCase();
}

export function statutoryHandler(deps: CaseworkApiDeps): HttpHandler {
  return routeGroup(deps, {
    getStatutoryProcesses: async (call) => ({
      body: await enquiryStatutory(deps, caller(call), enquiryId(call)),
    }),
    startStatutoryProcess: async (call) => {
      const body = parseBody(call.event, StartStatutoryBody);
      return { status: 201, body: await startStatutoryProcess(deps, caller(call), enquiryId(call), body) };
    },
    recordStatutoryMilestone: async (call) => {
      const body = parseBody(call.event, StatutoryMilestoneBody);
      return {
        body: await recordStatutoryMilestone(deps, caller(call), enquiryId(call), processId(call), body),
      };
    },
    addStatutoryException: async (call) => {
      const body = parseBody(call.event, StatutoryExceptionBody);
      return {
        status: 201,
        body: await addStatutoryException(deps, caller(call), enquiryId(call), processId(call), body),
      };
    },
    getTeamStatutory: async (call) => {
      const query = parseQuery(call.event, TeamQuery);
      return { body: await teamStatutory(deps, caller(call), query.team) };
    },
  });
}
