/**
 * What the staff API shows of an enquiry: a short summary for lists and the detail with its whole
 * timeline. Pure projections; storage details (raw mail locations, intake ids, index keys) stay out.
 */

import { EnquiryPermissions } from '../access/access-policy';
import { AuditEvent, CONTACT_DIRECTIONS, Enquiry } from '../domain/enquiry';
import { AttachmentInfo, Requester } from '../domain/intake-message';
import { Channel, SafeguardingCategory } from '../domain/taxonomy';
import * as z from '../domain/zod';
import type { TimelineEntry } from './ports';

const Instant = z.iso.datetime({ offset: true });

/** One row of a queue or caseload. */
export const EnquirySummary = z.object({
  id: z.string(),
  subject: z.string(),
  priority: Enquiry.shape.priority,
  topic: Enquiry.shape.topic,
  role: Enquiry.shape.role,
  district: Enquiry.shape.district,
  team: z.string(),
  status: Enquiry.shape.status,
  channel: Enquiry.shape.channel,
  requesterName: z.nullable(z.string()),
  receivedAt: Instant,
  responseDueAt: Instant,
  warningAt: z.nullable(Instant),
  /** Awaiting a response (status `open`) and past its due time at the moment of the answer. */
  breached: z.boolean().check(z.describe('Awaiting a response past its due time.')),
  assignee: z.nullable(z.string()),
  claimedAt: z.nullable(Instant),
  contactCount: z.int(),
  contactsSinceResponse: z.int(),
  firstRespondedAt: z.nullable(Instant),
  /** The safeguarding flag, for the queue's banner: a concern stands out (and the index sorts it first). */
  safeguarding: z
    .object({
      concern: z.boolean(),
      categories: z.array(SafeguardingCategory),
      /** A duty contact picked the alert up (or nobody needed to). */
      pickedUp: z.boolean().check(z.describe('A person picked up its duty alert (or none was sent).')),
    })
    .check(z.describe('The safeguarding flag: a concern stands out and sorts first in the list.')),
  version: z.int().check(z.describe('Send it back as `expectedVersion`.')),
});
export type EnquirySummary = z.infer<typeof EnquirySummary>;

/** One page of a queue or caseload (`team` on a queue). */
export const EnquiryPage = z.object({
  team: z.optional(z.string()),
  items: z.array(EnquirySummary),
  cursor: z.nullable(z.string()).check(z.describe('Pass back for the next page; null on the last.')),
});
export type EnquiryPage = z.infer<typeof EnquiryPage>;

/** The whole enquiry record as the API shows it, with whether it is past due now. */
export const ShownEnquiry = z
  .object({
    ...Enquiry.shape,
    breached: z.boolean().check(z.describe('Awaiting a response past its due time.')),
  })
  .check(z.describe('The whole enquiry record (see shared/domain/enquiry.ts), plus `breached`.'));
export type ShownEnquiry = z.infer<typeof ShownEnquiry>;

export const TimelineItem = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('contact'),
      at: Instant,
      id: z.string(),
      direction: z.enum(CONTACT_DIRECTIONS),
      channel: Channel,
      automated: z.boolean(),
      from: z.nullable(Requester),
      author: z.nullable(z.string()),
      subject: z.nullable(z.string()),
      /** Untrusted text as received: show it as text, never as HTML. */
      body: z.string(),
      bodyTruncated: z.boolean(),
      attachments: z.array(AttachmentInfo),
    })
    .check(z.describe('A message in or out. `body` is untrusted text: show it as text, never as HTML.')),
  z
    .object({
      kind: z.literal('event'),
      at: Instant,
      type: AuditEvent.shape.type,
      actor: z.string(),
      detail: AuditEvent.shape.detail,
    })
    .check(z.describe('An audit event: claimed, responded, note, escalated, resolved...')),
]);
export type TimelineItem = z.infer<typeof TimelineItem>;

export const EnquiryDetail = z.object({
  enquiry: ShownEnquiry,
  timeline: z.array(TimelineItem),
  permissions: EnquiryPermissions.check(z.describe('What you may do with it now.')),
});
export type EnquiryDetail = z.infer<typeof EnquiryDetail>;

/** `true` while the enquiry awaits a response and its due time has passed. */
export function isBreached(enquiry: Pick<Enquiry, 'status' | 'responseDueAt'>, now: string): boolean {
  return enquiry.status === 'open' && Date.parse(enquiry.responseDueAt) < Date.parse(now);
}

export function summarise(enquiry: Enquiry, now: string): EnquirySummary {
  return {
    id: enquiry.id,
    subject: enquiry.subject,
    priority: enquiry.priority,
    topic: enquiry.topic,
    role: enquiry.role,
    district: enquiry.district,
    team: enquiry.team,
    status: enquiry.status,
    channel: enquiry.channel,
    requesterName: enquiry.requester.name,
    receivedAt: enquiry.receivedAt,
    responseDueAt: enquiry.responseDueAt,
    warningAt: enquiry.warningAt,
    breached: isBreached(enquiry, now),
    assignee: enquiry.assignee,
    claimedAt: enquiry.claimedAt,
    contactCount: enquiry.contactCount,
    contactsSinceResponse: enquiry.contactsSinceResponse,
    firstRespondedAt: enquiry.firstRespondedAt,
    safeguarding: {
      concern: enquiry.safeguarding.concern,
      categories: enquiry.safeguarding.categories,
      pickedUp: enquiry.safeguarding.alert === null || enquiry.safeguarding.alert.pickedUpAt !== null,
    },
    version: enquiry.version,
  };
}

export function timelineItem(entry: TimelineEntry): TimelineItem {
  if (entry.kind === 'event') {
    const { at, type, actor, detail } = entry.event;
    return { kind: 'event', at, type, actor, detail };
  }
  const contact = entry.contact;
  return {
    kind: 'contact',
    at: contact.at,
    id: contact.id,
    direction: contact.direction,
    channel: contact.channel,
    automated: contact.automated,
    from: contact.from,
    author: contact.author,
    subject: contact.subject,
    body: contact.body,
    bodyTruncated: contact.bodyTruncated,
    attachments: contact.attachments,
  };
}

export function detail(
  enquiry: Enquiry,
  timeline: readonly TimelineEntry[],
  permissions: EnquiryPermissions,
  now: string,
): EnquiryDetail {
  return {
    enquiry: { ...enquiry, breached: isBreached(enquiry, now) },
    timeline: timeline.map(timelineItem),
    permissions,
  };
}
