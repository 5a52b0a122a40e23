/** Route group: away dates and deputies. `GET /availability?team=` and `PUT /availability/{person}`. */
import { listAvailability, setAvailability } from '../../../shared/casework/availability-actions';
import { parseBody, parseQuery } from '../request';
import { type CaseworkApiDeps, caller, type HttpHandler, routeGroup } from '../route-group';
import { AvailabilityBody } from '../schemas/availability';
import { TeamQuery } from '../schemas/common';

export function availabilityHandler(deps: CaseworkApiDeps): HttpHandler {
  return routeGroup(deps, {
    listAvailability: async (call) => {
      const query = parseQuery(call.event, TeamQuery);
      return { body: await listAvailability(deps, caller(call), query.team) };
    },
    setAvailability: async (call) => {
      const body = parseBody(call.event, AvailabilityBody);
      return { body: await setAvailability(deps, caller(call), call.params.person ?? '', body) };
    },
  });
}
