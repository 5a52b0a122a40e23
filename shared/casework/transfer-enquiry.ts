/**
 * A manager transfers an enquiry to another team, with a reason: it joins that team's queue (nobody
 * there holds it yet), keeps its clock, and the receiving team's manager gets a line in their next
 * digest. The same domain move as a corrected district (`shared/domain/team-move.ts`). Audited as a
 * `reassigned` event with the teams, who held it, the reason and `kind: transfer`.
 */

import { managesTeam, requireRole, visibleEnquiry } from '../access/access-policy';
import { teamById } from '../config/hub-config';
import { isReference } from '../domain/enquiry';
import { EnquiryNotFoundError, ForbiddenError, ValidationError } from '../domain/errors';
import { applyTeamMove } from '../domain/team-move';
import { transferNotices } from '../workload/returned-notices';
import type { CaseworkDeps, CaseworkRequest } from './casework-context';
import { checkVersion, type EnquiryView, view } from './enquiry-actions';

export interface TransferInput {
  readonly team: string;
  readonly reason: string;
  readonly expectedVersion?: number | undefined;
}

/**
 * @throws ForbiddenError not a manager of the enquiry's team. ValidationError (`team`) unknown or
 *   its own team. InvalidTransitionError (resolved). VersionConflictError.
 */
export async function transferEnquiry(
  deps: Pick<CaseworkDeps, 'enquiries' | 'config'>,
  request: CaseworkRequest,
  id: string,
  input: TransferInput,
): Promise<EnquiryView> {
  requireRole(request.principal, ['manager']);
  if (!isReference(id)) throw new EnquiryNotFoundError(id);
  const target = teamById(deps.config, input.team);
  if (target === undefined) {
    throw new ValidationError('team is not a team of this hub', { field: 'team' });
  }
  const actor = request.principal.username;
  const { enquiry } = await deps.enquiries.modify(
    id,
    (current) => {
      visibleEnquiry(request.principal, id, current);
      if (!managesTeam(request.principal, current.team)) {
        throw new ForbiddenError(`only a manager of team ${current.team} can transfer ${id}`);
      }
      checkVersion(current, input.expectedVersion);
      if (current.team === target.id) {
        throw new ValidationError(`team: ${id} is already with ${target.name}`, { field: 'team' });
      }
      return applyTeamMove(current, target.id, request.now, actor, {
        reason: input.reason,
        kind: 'transfer',
      });
    },
    {
      outbox: (current) => ({
        notices: transferNotices(deps.config, current, target.id, {
          actor,
          reason: input.reason,
          at: request.now,
        }),
        recordedBy: request.requestId,
      }),
    },
  );
  return view(enquiry, request.now);
}
