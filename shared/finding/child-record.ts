/**
 * One record per child: every enquiry about the child (from carers and professionals alike) with
 * its contacts and responses, and how many times the family has chased. Linking is automatic on
 * a confident match (the router); a caseworker links or unlinks by hand, and corrects the facts
 * (keys follow in the same transaction as the enquiry change).
 */

import { CASEWORK_ROLES, canView, requireRole, visibleEnquiry } from '../access/access-policy';
import type { CaseworkRequest } from '../casework/casework-context';
import { type EnquiryView, view } from '../casework/enquiry-actions';
import { timelineItem } from '../casework/enquiry-views';
import {
  applyChildLink,
  applyDetails,
  CHILD_ID_PATTERN,
  ChildFactsSchema,
  childIdFromReference,
  type Enquiry,
  isReference,
  type Transition,
} from '../domain/enquiry';
import { EnquiryNotFoundError, NotFoundError, ValidationError } from '../domain/errors';
import type { ChildFacts } from '../domain/people';
import { normaliseEmail, normalisePostcode, parseDateOfBirth } from '../domain/people';
import { toE164 } from '../domain/phone-numbers';
import type { Role } from '../domain/taxonomy';
import * as z from '../domain/zod';
import { type FindingDeps, recordAccess } from './finding-context';
import type { ChildRecord, ChildRecordEnquiry } from './response-schemas';
import { searchResult } from './search';

export type { ChildRecord, ChildRecordEnquiry } from './response-schemas';

/** Roles that write about their own family: their repeat contacts are the family chasing. */
const FAMILY_ROLES: readonly Role[] = ['parent', 'young-person', 'other'];

export class ChildRecordNotFoundError extends NotFoundError {
  constructor(readonly childId: string) {
    super(`no child record ${childId}`);
  }
}

/**
 * The child record with every enquiry about the child.
 * @throws ChildRecordNotFoundError when no enquiry the caller may see or search belongs to it.
 */
export async function getChildRecord(
  deps: FindingDeps,
  request: CaseworkRequest,
  childId: string,
): Promise<ChildRecord> {
  requireRole(request.principal, CASEWORK_ROLES);
  if (!CHILD_ID_PATTERN.test(childId)) throw new ChildRecordNotFoundError(childId);
  const ids = await deps.enquiries.findIdsOfChild(childId, 200);
  // The index is eventually consistent: keep only enquiries that still name this child.
  const enquiries = (await deps.enquiries.getEnquiries(ids)).filter((enquiry) => enquiry.childId === childId);
  if (enquiries.length === 0) throw new ChildRecordNotFoundError(childId);
  enquiries.sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
  await recordAccess(deps, request, 'open-child', null, [childId, ...enquiries.map((enquiry) => enquiry.id)]);
  const entries: ChildRecordEnquiry[] = [];
  for (const enquiry of enquiries) {
    const open = canView(request.principal, enquiry);
    const timeline = open ? (await deps.enquiries.getTimeline(enquiry.id)).map(timelineItem) : [];
    entries.push({
      ...searchResult(enquiry, request, deps.config),
      role: enquiry.role,
      contactCount: enquiry.contactCount,
      // Audit events stay on the enquiry page: the child page is contacts and responses.
      timeline: timeline.filter((item) => item.kind === 'contact'),
    });
  }
  const child = enquiries.reduce<ChildFacts>(
    (known, enquiry) => ({
      name: known.name ?? enquiry.child.name,
      dateOfBirth: known.dateOfBirth ?? enquiry.child.dateOfBirth,
      school: known.school ?? enquiry.child.school,
      postcode: known.postcode ?? enquiry.child.postcode,
    }),
    { name: null, dateOfBirth: null, school: null, postcode: null },
  );
  const familyChases = enquiries
    .filter((enquiry) => FAMILY_ROLES.includes(enquiry.role))
    .reduce((sum, enquiry) => sum + Math.max(0, enquiry.contactCount - 1), 0);
  return { childId, child, enquiries: entries, familyChases };
}

/** `POST /enquiries/{id}/child`: `{"to": "SEND-…"}` (that enquiry's child), `{"to": "CH-…"}`, or `{"to": null}` to unlink. */
export const ChildLinkBody = z.strictObject({
  to: z.nullable(
    z.string().check(
      z.trim(),
      z.toUpperCase(),
      z.refine((value) => isReference(value) || CHILD_ID_PATTERN.test(value), {
        message: 'must be an enquiry reference (SEND-…) or a child record id (CH-…)',
      }),
    ),
  ),
});
export type ChildLinkBody = z.infer<typeof ChildLinkBody>;

async function changeVisible(
  deps: FindingDeps,
  request: CaseworkRequest,
  id: string,
  apply: (current: Enquiry) => Transition | null,
): Promise<EnquiryView> {
  if (!isReference(id)) throw new EnquiryNotFoundError(id);
  const { enquiry } = await deps.enquiries.modify(id, (current) => {
    visibleEnquiry(request.principal, id, current);
    return apply(current);
  });
  return view(enquiry, request.now);
}

/**
 * A caseworker links an enquiry to a child record, or unlinks it.
 * @throws EnquiryNotFoundError for either enquiry when the caller may not see it.
 */
export async function linkChild(
  deps: FindingDeps,
  request: CaseworkRequest,
  id: string,
  body: ChildLinkBody,
): Promise<EnquiryView> {
  requireRole(request.principal, CASEWORK_ROLES);
  const actor = request.principal.username;
  if (body.to === null) {
    return changeVisible(deps, request, id, (current) => applyChildLink(current, null, request.now, actor));
  }
  let childId = body.to;
  if (isReference(body.to)) {
    const other = body.to;
    if (other === id) throw new ValidationError('to: an enquiry cannot be linked to itself', { field: 'to' });
    // The other enquiry gets a record first if it has none, so both end up in the same one.
    const { enquiry } = await deps.enquiries.modify(other, (current) => {
      visibleEnquiry(request.principal, other, current);
      return current.childId === null
        ? applyChildLink(current, childIdFromReference(current.id), request.now, actor)
        : null;
    });
    childId = enquiry.childId ?? childIdFromReference(enquiry.id);
  }
  return changeVisible(deps, request, id, (current) => applyChildLink(current, childId, request.now, actor));
}

/** `POST /enquiries/{id}/details`: corrections to the child's facts and more ways to reach the enquirer. */
export const DetailsBody = z
  .strictObject({
    child: z.optional(
      z.strictObject({
        name: z.optional(z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))),
        dateOfBirth: z.optional(
          z.nullable(
            z.pipe(
              z.string().check(z.trim()),
              z.parsedOr(parseDateOfBirth, 'must be a date such as 2015-04-02, 02/04/2015 or 2 April 2015'),
            ),
          ),
        ),
        school: z.optional(z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))),
        postcode: z.optional(
          z.nullable(
            z.pipe(
              z.string().check(z.trim()),
              z.parsedOr(normalisePostcode, 'must be a UK postcode, e.g. CT9 2AB'),
            ),
          ),
        ),
      }),
    ),
    addPhone: z.optional(
      z.pipe(z.string().check(z.trim(), z.maxLength(40)), z.parsedOr(toE164, 'is not a valid phone number')),
    ),
    addEmail: z.optional(
      z.pipe(
        z.string().check(z.trim(), z.maxLength(254)),
        z.parsedOr(normaliseEmail, 'must be an email address'),
      ),
    ),
  })
  .check(
    z.refine(
      (body) => body.child !== undefined || body.addPhone !== undefined || body.addEmail !== undefined,
      {
        message: 'say what to change: child, addPhone or addEmail',
      },
    ),
  );
export type DetailsBody = z.infer<typeof DetailsBody>;

/** A caseworker corrects the child's facts or adds a number or address the enquirer gave. */
export async function correctDetails(
  deps: FindingDeps,
  request: CaseworkRequest,
  id: string,
  body: DetailsBody,
): Promise<EnquiryView> {
  requireRole(request.principal, CASEWORK_ROLES);
  const correctChild: Partial<ChildFacts> = {};
  for (const field of ['name', 'dateOfBirth', 'school', 'postcode'] as const) {
    const value = body.child?.[field];
    if (value !== undefined) correctChild[field] = value;
  }
  return changeVisible(deps, request, id, (current) =>
    applyDetails(
      current,
      {
        correctChild,
        ...(body.addPhone === undefined ? {} : { phones: [body.addPhone] }),
        ...(body.addEmail === undefined ? {} : { emails: [body.addEmail] }),
      },
      request.now,
      request.principal.username,
    ),
  );
}
