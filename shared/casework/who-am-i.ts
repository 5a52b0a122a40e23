/** Use case: who the caller is, as the API sees them (roles, teams, their caseworker record). */

import { isSafeguardingResponder } from '../access/access-policy';
import type { StaffRole } from '../access/principal';
import type { Caseworker } from '../domain/enquiry';
import type { CaseworkDeps, CaseworkRequest } from './casework-context';

export interface Me {
  username: string;
  name: string | null;
  roles: StaffRole[];
  teams: { id: string; name: string }[];
  /** Every team of the hub (where a manager can transfer work to). */
  hubTeams: { id: string; name: string }[];
  caseworker: Caseworker | null;
  /** May open any team's enquiry with a safeguarding concern and pick up its alert. */
  safeguardingResponder: boolean;
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
  };
}
