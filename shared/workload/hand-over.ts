/**
 * A caseworker's leave starts: their unresolved enquiries go back to the team queue, or to the
 * colleague named for the period when their team hands work over (`teams[].whenCaseworkerAway`).
 * Each enquiry is its own transaction (the enquiry with its event, the caseload counts, and the
 * digest notices for the team manager and the colleague), so a crash half-way loses nothing and a
 * second run finds those already moved gone from the caseload. A colleague at their cap, away, or
 * no longer active means the queue instead: nothing is ever left with someone who is not there.
 */
import type { HubConfig } from '../config/hub-config';
import { applyReturnToQueue } from '../domain/claim-expiry';
import { applyAssign, type Caseworker, type Enquiry, type Transition, toInstant } from '../domain/enquiry';
import {
  CaseloadFullError,
  CaseworkerNotFoundError,
  ContentionError,
  EnquiryNotFoundError,
  VersionConflictError,
} from '../domain/errors';
import type { Page } from '../domain/paging';
import type { CaseworkerProfiles } from '../escalation/caseworker-directory';
import type { StaffMember } from '../escalation/escalation-plan';
import type { AwayPeriod } from './availability';
import type { WorkloadEnquiries } from './ports';
import { returnedNotices } from './returned-notices';

const MAX_ATTEMPTS = 4;

export interface HandOverDeps {
  readonly config: HubConfig;
  readonly enquiries: Pick<WorkloadEnquiries, 'listCaseload' | 'getEnquiry' | 'update'>;
  readonly caseworkers: CaseworkerProfiles;
  /** Written on the digest notices (the sweep's or the request's id). */
  readonly recordedBy: string;
  /** `true` when the colleague is away at `now` themselves (then the work goes to the queue). */
  readonly isAway?: (caseworker: Caseworker) => boolean;
}

export interface HandOverSummary {
  readonly returned: number;
  readonly handed: number;
}

function staff(caseworker: Caseworker): StaffMember {
  return { id: caseworker.id, name: caseworker.name, email: caseworker.email, active: caseworker.active };
}

async function heldIds(deps: HandOverDeps, holderId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Enquiry> = await deps.enquiries.listCaseload(holderId, { limit: 200, cursor });
    ids.push(...page.items.map((enquiry) => enquiry.id));
    cursor = page.cursor;
  } while (cursor !== null);
  return ids;
}

function moveOne(
  enquiry: Enquiry,
  holder: Caseworker,
  colleague: Caseworker | null,
  period: AwayPeriod,
  now: string,
  actor: string,
): Transition {
  return colleague === null
    ? applyReturnToQueue(enquiry, now, actor, 'away', { awayUntil: period.to })
    : applyAssign(enquiry, colleague.id, now, actor, `${holder.name} is away until ${period.to}`);
}

/**
 * Moves everything `holder` holds at `now` for their away `period`.
 * @param actor who is doing it (the person who marked them away, or the escalator at the start of leave).
 */
export async function handOverCaseload(
  deps: HandOverDeps,
  holder: Caseworker,
  period: AwayPeriod,
  now: string,
  actor: string,
): Promise<HandOverSummary> {
  const at = toInstant(now);
  const candidate =
    period.handTo === null || period.handTo === holder.id
      ? null
      : await deps.caseworkers.getCaseworker(period.handTo);
  let colleague = candidate?.active && deps.isAway?.(candidate) !== true ? candidate : null;
  let returned = 0;
  let handed = 0;
  for (const id of await heldIds(deps, holder.id)) {
    let current = await deps.enquiries.getEnquiry(id);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      if (current === null || current.assignee !== holder.id || current.status === 'resolved') break;
      const to = colleague;
      const transition = moveOne(current, holder, to, period, at, actor);
      const notices = returnedNotices(deps.config, current, {
        reason: 'away',
        holder: { id: holder.id, member: staff(holder) },
        to: to === null ? null : staff(to),
        quietWorkingMinutes: null,
        at,
      });
      try {
        await deps.enquiries.update({
          before: current,
          after: transition.enquiry,
          events: transition.events,
          outbox: { notices, recordedBy: deps.recordedBy },
        });
        if (to === null) returned += 1;
        else handed += 1;
        break;
      } catch (error) {
        if (error instanceof EnquiryNotFoundError) break;
        if (error instanceof CaseloadFullError || error instanceof CaseworkerNotFoundError) {
          // The colleague cannot take more: the rest go to the queue.
          colleague = null;
        } else if (!(error instanceof VersionConflictError || error instanceof ContentionError)) {
          throw error;
        }
        current = await deps.enquiries.getEnquiry(id);
      }
    }
  }
  return { returned, handed };
}
