/**
 * What the staff API shows of an enquiry: a short summary for lists and the detail with its whole
 * timeline. Pure projections; storage details (raw mail locations, intake ids, index keys) stay out.
 */

import type * as z from 'zod';
import type { EnquiryPermissions } from '../access/access-policy';
import type { TimelineEntry } from '../adapters/enquiry-repository';
import type { AuditDetailValue, Enquiry } from '../domain/enquiry';
import type { AttachmentInfo, Requester } from '../domain/intake-message';

/** One row of a queue or caseload. */
export interface EnquirySummary {
  id: string;
  subject: string;
  priority: Enquiry['priority'];
  topic: Enquiry['topic'];
  role: Enquiry['role'];
  district: Enquiry['district'];
  team: string;
  status: Enquiry['status'];
  channel: Enquiry['channel'];
  requesterName: string | null;
  receivedAt: string;
  responseDueAt: string;
  warningAt: string | null;
  /** Awaiting a response (status `open`) and past its due time at the moment of the answer. */
  breached: boolean;
  assignee: string | null;
  claimedAt: string | null;
  contactCount: number;
  contactsSinceResponse: number;
  firstRespondedAt: string | null;
  /** The safeguarding flag, for the queue's banner: a concern stands out (and the index sorts it first). */
  safeguarding: {
    concern: boolean;
    categories: Enquiry['safeguarding']['categories'];
    /** A duty contact picked the alert up (or nobody needed to). */
    pickedUp: boolean;
  };
  version: number;
}

export type TimelineItem =
  | {
      kind: 'contact';
      at: string;
      id: string;
      direction: 'inbound' | 'outbound';
      channel: Enquiry['channel'];
      automated: boolean;
      from: Requester | null;
      author: string | null;
      subject: string | null;
      /** Untrusted text as received: show it as text, never as HTML. */
      body: string;
      bodyTruncated: boolean;
      attachments: z.infer<typeof AttachmentInfo>[];
    }
  | {
      kind: 'event';
      at: string;
      type: string;
      actor: string;
      detail: Record<string, AuditDetailValue>;
    };

export interface EnquiryDetail {
  enquiry: Enquiry & { breached: boolean };
  timeline: TimelineItem[];
  permissions: EnquiryPermissions;
}

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
