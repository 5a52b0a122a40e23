/**
 * What the staff API shows of an enquiry: a short summary for lists and the detail with its whole
 * timeline. Pure projections; storage details (raw mail locations, intake ids, index keys) stay out.
 */

import type { EnquiryPermissions } from '../access/access-policy';
import { AuditEvent, CONTACT_DIRECTIONS, type Enquiry } from '../domain/enquiry';
import { AttachmentInfo, Requester } from '../domain/requester';
import { Channel, SafeguardingCategory } from '../domain/taxonomy';
import * as z from '../domain/zod';
import type { TimelineEntry } from './ports';
import type {
  EnquiryDetail,
  EnquiryPage,
  EnquirySummary,
  ShownEnquiry,
  TimelineItem,
} from './response-schemas';

export type {
  EnquiryDetail,
  EnquiryPage,
  EnquirySummary,
  ShownEnquiry,
  TimelineItem,
} from './response-schemas';

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
