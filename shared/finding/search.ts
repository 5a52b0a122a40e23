/**
 * Search (`GET /search?q=`): call handlers, caseworkers and managers find enquiries by reference,
 * enquirer name, email, phone, child name, date of birth or postcode, through the search keys
 * (`shared/adapters/search-keys.ts`): key lookups only, never a Scan. Every search is recorded in
 * the access log with what was searched. What a result shows depends on who asks: an enquiry the
 * caller may open shows everything a list shows; any other shows that it exists, where it
 * stands, the people and the child, and whom to ask, never its messages.
 */

import { canView, requireRole } from '../access/access-policy';
import type { StaffRole } from '../access/principal';
import type { CaseworkRequest } from '../casework/casework-context';
import { isBreached } from '../casework/enquiry-views';
import { type HubConfig, teamById } from '../config/hub-config';
import { ChildFactsSchema, type Enquiry, EnquiryStatus, PublicStatus, publicStatus } from '../domain/enquiry';
import { ValidationError } from '../domain/errors';
import { formatDeadline } from '../domain/local-time';
import { nameTokens } from '../domain/people';
import { Requester } from '../domain/requester';
import { Priority, Topic } from '../domain/taxonomy';
import * as z from '../domain/zod';
import { type FindingDeps, recordAccess } from './finding-context';
import type { SearchAnswer, SearchResult } from './response-schemas';
import { planSearch, type SearchPlan } from './search-plan';

export type { SearchAnswer, SearchResult } from './response-schemas';

export const SEARCH_ROLES: readonly StaffRole[] = ['callhandler', 'caseworker', 'manager'];

/** Most results one search returns (newest first). */
export const MAX_RESULTS = 50;
const MAX_QUERY_CHARS = 200;

/** What a search shows of one enquiry to this caller. */
export function searchResult(enquiry: Enquiry, request: CaseworkRequest, config: HubConfig): SearchResult {
  const full = canView(request.principal, enquiry);
  const team = teamById(config, enquiry.team);
  return {
    reference: enquiry.id,
    access: full ? 'full' : 'limited',
    status: enquiry.status,
    publicStatus: publicStatus(enquiry),
    team: enquiry.team,
    teamName: team?.name ?? enquiry.team,
    receivedAt: enquiry.receivedAt,
    responseDueAt: enquiry.responseDueAt,
    promisedByText:
      enquiry.status === 'open' ? formatDeadline(enquiry.responseDueAt, config.calendar.timeZone) : null,
    lastContactAt: enquiry.lastContactAt,
    resolvedAt: enquiry.resolvedAt,
    requester: { ...enquiry.requester },
    knownEmails: [...enquiry.knownEmails],
    knownPhones: [...enquiry.knownPhones],
    child: { ...enquiry.child },
    childId: enquiry.childId,
    askTeam: { name: team?.name ?? enquiry.team, managerEmail: team?.managerEmail ?? null },
    subject: full ? enquiry.subject : null,
    priority: full ? enquiry.priority : null,
    topic: full ? enquiry.topic : null,
    assignee: full ? enquiry.assignee : null,
    breached: full ? isBreached(enquiry, request.now) : null,
  };
}

/** `true` when every searched word starts a word of the enquirer's or the child's name. */
function namesMatch(enquiry: Enquiry, words: readonly string[]): boolean {
  const tokens = [...nameTokens(enquiry.requester.name ?? ''), ...nameTokens(enquiry.child.name ?? '')];
  return words.every((word) => tokens.some((token) => token.startsWith(word)));
}

async function candidateIds(deps: FindingDeps, plan: SearchPlan): Promise<string[]> {
  switch (plan.kind) {
    case 'reference':
      return [plan.reference];
    case 'exact':
      return deps.enquiries.findIdsByFact(plan.what, plan.value, MAX_RESULTS + 1);
    case 'name': {
      // The longest word narrows most; the others are checked on the enquiries themselves.
      const longest = [...plan.words].sort((a, b) => b.length - a.length)[0] ?? '';
      return deps.enquiries.findIdsByNameWord(longest, 200);
    }
    case 'nothing':
      return [];
  }
}

/**
 * Searches enquiries for `text`.
 * @throws ForbiddenError for other roles; ValidationError (field `q`) for an empty or overlong query.
 */
export async function searchEnquiries(
  deps: FindingDeps,
  request: CaseworkRequest,
  text: string,
): Promise<SearchAnswer> {
  requireRole(request.principal, SEARCH_ROLES);
  const query = text.trim();
  if (query.length > MAX_QUERY_CHARS) {
    throw new ValidationError(`q must be at most ${MAX_QUERY_CHARS} characters`, { field: 'q' });
  }
  const plan = planSearch(query);
  if (plan.kind === 'nothing') throw new ValidationError(`q: ${plan.reason}`, { field: 'q' });
  const ids = await candidateIds(deps, plan);
  let found = await deps.enquiries.getEnquiries(ids);
  if (plan.kind === 'name') found = found.filter((enquiry) => namesMatch(enquiry, plan.words));
  found.sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
  const shown = found.slice(0, MAX_RESULTS);
  await recordAccess(
    deps,
    request,
    'search',
    query,
    shown.map((enquiry) => enquiry.id),
  );
  return {
    query,
    matchedBy: plan.kind === 'exact' ? plan.what : plan.kind,
    results: shown.map((enquiry) => searchResult(enquiry, request, deps.config)),
    truncated: found.length > MAX_RESULTS || (plan.kind === 'exact' && ids.length > MAX_RESULTS),
  };
}
