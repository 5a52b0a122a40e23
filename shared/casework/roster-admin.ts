/**
 * The roster: who works in which team, their topics, caseload caps and whether they take work.
 * Administrators see and change every team's; managers see their own teams' (to reassign work).
 */

import { requireRole } from '../access/access-policy';
import { teamById } from '../config/hub-config';
import type { Caseworker, CaseworkerProfile } from '../domain/enquiry';
import { ForbiddenError, ValidationError } from '../domain/errors';
import type { CaseworkDeps, CaseworkRequest } from './casework-context';

/** Caseworker ids: lower-case letters, digits and single hyphens (they are also sign-in names). */
export const CASEWORKER_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function requireKnownTeam(deps: Pick<CaseworkDeps, 'config'>, team: string, field: string): void {
  if (teamById(deps.config, team) === undefined) {
    throw new ValidationError(`${field} is not a team of this hub`, { field });
  }
}

/**
 * Caseworkers of one team, or of every team the caller may see when `team` is omitted.
 * @throws ForbiddenError wrong role, or a manager asking about a team they do not manage.
 */
export async function listCaseworkers(
  deps: Pick<CaseworkDeps, 'caseworkers' | 'config'>,
  request: CaseworkRequest,
  team: string | undefined,
): Promise<{ caseworkers: Caseworker[] }> {
  requireRole(request.principal, ['admin', 'manager']);
  const admin = request.principal.roles.has('admin');
  let teams: string[];
  if (team !== undefined) {
    requireKnownTeam(deps, team, 'team');
    if (!admin && !request.principal.teams.includes(team)) {
      throw new ForbiddenError(`you do not manage team ${team}`);
    }
    teams = [team];
  } else {
    teams = admin
      ? deps.config.teams.map((candidate) => candidate.id)
      : request.principal.teams.filter((candidate) => teamById(deps.config, candidate) !== undefined);
  }
  const rosters = await Promise.all(teams.map((id) => deps.caseworkers.listRoster(id)));
  return { caseworkers: rosters.flat() };
}

/**
 * Creates or updates a caseworker (administrators only). Their open count is kept; lowering the
 * cap below it only stops new work reaching them.
 */
export async function putCaseworker(
  deps: Pick<CaseworkDeps, 'caseworkers' | 'config'>,
  request: CaseworkRequest,
  id: string,
  profile: Omit<CaseworkerProfile, 'id'>,
): Promise<Caseworker> {
  requireRole(request.principal, ['admin']);
  if (!CASEWORKER_ID_PATTERN.test(id)) {
    throw new ValidationError('id must be lower-case letters, digits and single hyphens, e.g. cw-north-4', {
      field: 'id',
    });
  }
  requireKnownTeam(deps, profile.team, 'team');
  return deps.caseworkers.putCaseworker({ ...profile, id });
}
