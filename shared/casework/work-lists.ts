/**
 * The lists people work from: a team's queue of unclaimed enquiries and a caseworker's own
 * caseload, safeguarding concerns first, then most urgent, then soonest due, a page at a time: the
 * order is the queue index's sort key (`queueRank` in dynamo-keys.ts), so it holds across pages.
 * The repository refuses a cursor from another list (another team's queue, another caseload).
 */

import { CASEWORK_ROLES, chooseTeam, requireRole } from '../access/access-policy';
import type { Page } from '../domain/paging';
import type { CaseworkDeps, CaseworkRequest } from './casework-context';
import { type EnquirySummary, summarise } from './enquiry-views';

export interface ListOptions {
  readonly limit?: number;
  readonly cursor?: string | null;
}

/**
 * A team's queue (unclaimed, unresolved), for caseworkers and managers of that team.
 * @throws ForbiddenError (another team, wrong role), ValidationError (`team` missing when ambiguous, bad cursor).
 */
export async function listQueue(
  deps: Pick<CaseworkDeps, 'enquiries'>,
  request: CaseworkRequest,
  team: string | undefined,
  options: ListOptions = {},
): Promise<Page<EnquirySummary> & { team: string }> {
  requireRole(request.principal, CASEWORK_ROLES);
  const chosen = chooseTeam(request.principal, team);
  const page = await deps.enquiries.listTeamQueue(chosen, { limit: options.limit, cursor: options.cursor });
  return {
    team: chosen,
    items: page.items.map((enquiry) => summarise(enquiry, request.now)),
    cursor: page.cursor,
  };
}

/** The caller's own caseload (unresolved enquiries they hold). */
export async function listMyCaseload(
  deps: Pick<CaseworkDeps, 'enquiries'>,
  request: CaseworkRequest,
  options: ListOptions = {},
): Promise<Page<EnquirySummary>> {
  requireRole(request.principal, CASEWORK_ROLES);
  const page = await deps.enquiries.listCaseload(request.principal.username, {
    limit: options.limit,
    cursor: options.cursor,
  });
  return {
    items: page.items.map((enquiry) => summarise(enquiry, request.now)),
    cursor: page.cursor,
  };
}
