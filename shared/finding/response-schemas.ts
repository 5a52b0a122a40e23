/**
 * What the finding use cases answer (search, child records, call references, the public status
 * page): their response schemas, read by the API's contract (`functions/api/responses.ts`), the
 * OpenAPI document and the tests. The use cases import only their types, so no API function builds
 * these schemas at cold start (as `shared/casework/response-schemas.ts`).
 */

import { TimelineItem } from '../casework/response-schemas';
import { ChildFactsSchema, EnquiryStatus, PublicStatus } from '../domain/enquiry';
import { Requester } from '../domain/requester';
import { Priority, Role, Topic } from '../domain/taxonomy';
import * as z from '../domain/zod';

export const SearchResult = z.object({
  reference: z.string(),
  access: z
    .enum(['full', 'limited'])
    .check(
      z.describe('`full`: the caller may open it; `limited`: it exists in another team (ask `askTeam`).'),
    ),
  status: EnquiryStatus,
  publicStatus: PublicStatus,
  team: z.string(),
  teamName: z.string(),
  receivedAt: z.string(),
  responseDueAt: z.string(),
  promisedByText: z
    .nullable(z.string())
    .check(
      z.describe(
        'While a reply is due: the date as the enquirer is told it, e.g. 5pm on Friday 27 November 2026.',
      ),
    ),
  lastContactAt: z.string(),
  resolvedAt: z.nullable(z.string()),
  requester: Requester,
  knownEmails: z.array(z.string()),
  knownPhones: z.array(z.string()),
  child: ChildFactsSchema,
  childId: z.nullable(z.string()),
  askTeam: z
    .object({ name: z.string(), managerEmail: z.nullable(z.string()) })
    .check(
      z.describe(
        "Whom to ask about an enquiry the caller may not open: its team and their manager's address.",
      ),
    ),
  subject: z.nullable(z.string()).check(z.describe('Only when access is full.')),
  priority: z.nullable(Priority),
  topic: z.nullable(Topic),
  assignee: z.nullable(z.string()),
  breached: z.nullable(z.boolean()),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const SearchAnswer = z.object({
  query: z.string(),
  matchedBy: z
    .string()
    .check(
      z.describe(
        'How the text was read: reference, email, phone, date-of-birth, postcode, outward-code or name.',
      ),
    ),
  results: z.array(SearchResult),
  truncated: z.boolean().check(z.describe('More enquiries matched than are shown.')),
});
export type SearchAnswer = z.infer<typeof SearchAnswer>;

export const ChildRecordEnquiry = z.extend(SearchResult, {
  role: Role,
  contactCount: z.int(),
  timeline: z
    .array(TimelineItem)
    .check(z.describe('Contacts and responses; empty for enquiries you may not open.')),
});
export type ChildRecordEnquiry = z.infer<typeof ChildRecordEnquiry>;

export const ChildRecord = z.object({
  childId: z.string(),
  /** What the enquiries say about the child (the first known value of each fact, newest enquiry first). */
  child: ChildFactsSchema,
  enquiries: z.array(ChildRecordEnquiry),
  familyChases: z
    .number()
    .check(z.int(), z.describe('Contacts from the family after their first, over every enquiry.')),
});
export type ChildRecord = z.infer<typeof ChildRecord>;

export const CallReference = z.discriminatedUnion('state', [
  z.object({ callId: z.string(), state: z.literal('pending') }),
  z.object({
    callId: z.string(),
    state: z.literal('routed'),
    reference: z.string(),
    status: PublicStatus,
    teamName: z.string(),
    /** When the caller will hear back (an instant) and the same in words. */
    responseDueAt: z.string(),
    responseDueText: z.string().check(z.describe('e.g. 5pm on Friday 27 November 2026')),
    joinedExisting: z.boolean().check(z.describe('The call was added to an enquiry that was already open.')),
  }),
]);
export type CallReference = z.infer<typeof CallReference>;

export const PublicEnquiryStatus = z.object({
  reference: z.string(),
  status: PublicStatus,
  statusText: z.string(),
  teamName: z.string(),
  promisedBy: z
    .nullable(z.string())
    .check(z.describe('The date promised for a reply while one is due, else null.')),
  promisedByText: z.nullable(z.string()),
  lastUpdate: z.string(),
});
export type PublicEnquiryStatus = z.infer<typeof PublicEnquiryStatus>;
