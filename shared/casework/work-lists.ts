/**
 * The lists people work from: a team's queue of unclaimed enquiries and a caseworker's own
 * caseload, safeguarding concerns first, then most urgent, then soonest due, a page at a time: the
 * order is the queue index's sort key (`queueRank` in dynamo-keys.ts), so it holds across pages.
 */

import { CASEWORK_ROLES, chooseTeam, requireRole } from '../access/access-policy';
import { caseloadPartition, decodeCursor, queuePartition } from '../adapters/dynamo-keys';
import type { Page } from '../adapters/enquiry-repository';
import { InvalidCursorError } from '../domain/errors';
import type { CaseworkDeps, CaseworkRequest } from './casework-context';
import { type EnquirySummary, summarise } from './enquiry-views';

export interface ListOptions {
  readonly limit?: number;
  readonly cursor?: string | null;
}

/**
 * A cursor is only good for the list it came from: one from another team's queue must not be
 * replayed against this one.
 */
function checkCursor(cursor: string | null | undefined, partition: string): void {
  if (cursor === undefined || cursor === null) return;
  const { key } = decodeCursor(cursor);
  if (key !== null && key.GSI1PK !== partition) throw new InvalidCursorError();
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
  checkCursor(options.cursor, queuePartition(chosen));
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
  const partition = caseloadPartition(request.principal.username);
  checkCursor(options.cursor, partition);
  const page = await deps.enquiries.listCaseload(request.principal.username, {
    limit: options.limit,
    cursor: options.cursor,
  });
  return {
    items: page.items.map((enquiry) => summarise(enquiry, request.now)),
    cursor: page.cursor,
  };
}
