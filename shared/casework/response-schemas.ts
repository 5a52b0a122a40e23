/**
 * What the casework, availability, staff and dashboard use cases answer: their response schemas.
 * The API's contract (`functions/api/responses.ts`), the OpenAPI document and the tests read them;
 * the use cases import only their types. So no API function builds these schemas at cold start or
 * carries them in its bundle (docs/performance.md, "The staff API by route group").
 */

import { EnquiryPermissions } from '../access/access-policy';
import { STAFF_ROLES } from '../access/principal';
import { AuditEvent, Caseworker, CONTACT_DIRECTIONS, Enquiry } from '../domain/enquiry';
import { AttachmentInfo, Requester } from '../domain/requester';
import { Channel, Priority, SafeguardingCategory } from '../domain/taxonomy';
import { TriageAccuracy } from '../domain/triage-accuracy';
import * as z from '../domain/zod';
import { AwayPeriod } from '../workload/availability';
import { BreachForecast } from '../workload/breach-forecast';
import { PERSON_ROLES } from '../workload/hub-people';
import { StaffMember } from './staff';

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

/** An enquiry as the API returns it after a change. */
export const EnquiryView = z.object({ enquiry: ShownEnquiry });
export type EnquiryView = z.infer<typeof EnquiryView>;

export const RespondResult = z.extend(EnquiryView, {
  emailed: z.boolean().check(z.describe('Whether an email went to the enquirer.')),
  /** The response-time figures count the first response only. */
  firstResponse: z.boolean().check(z.describe("Whether this was the enquiry's first response.")),
});
export type RespondResult = z.infer<typeof RespondResult>;

const TeamName = z.object({ id: z.string(), name: z.string() });

export const Me = z.object({
  username: z.string(),
  name: z.nullable(z.string()),
  roles: z.array(z.enum(STAFF_ROLES)),
  teams: z.array(TeamName),
  hubTeams: z
    .array(TeamName)
    .check(z.describe('Every team of the hub (where a manager can transfer work to).')),
  caseworker: z.nullable(Caseworker),
  safeguardingResponder: z
    .boolean()
    .check(
      z.describe(
        "May open any team's enquiry with a safeguarding concern and pick up its alert (a manager, or on a duty list by sign-in email).",
      ),
    ),
  calendar: z
    .object({
      timeZone: z.string(),
      workingDayMinutes: z.number(),
      open: z.array(z.tuple([z.string(), z.string()])),
    })
    .check(
      z.describe(
        "The hub calendar's open time from 90 days ago to 90 days ahead (pairs of instants), so the page counts working time exactly as the server does.",
      ),
    ),
});
export type Me = z.infer<typeof Me>;

/** A person, their away dates and deputies, and whether they are away now (for the page). */
export const PersonAvailability = z.object({
  email: z.string(),
  name: z.string(),
  roles: z.array(z.enum(PERSON_ROLES)),
  teams: z.array(z.string()),
  caseworkerId: z.nullable(z.string()),
  awayPeriods: z.array(AwayPeriod),
  deputies: z.array(z.string()),
  awayNow: z.nullable(AwayPeriod),
  coveredBy: z.nullable(z.string()).check(z.describe('Who gets their escalations today (null: themselves).')),
  whenAway: z
    .nullable(z.enum(['return-to-queue', 'hand-to-colleague']))
    .check(z.describe('What happens to their open enquiries while away (caseworkers only).')),
  editable: z.boolean().check(z.describe('Whether the caller may change them.')),
});
export type PersonAvailability = z.infer<typeof PersonAvailability>;

/** `GET /availability`: the people the caller may manage, and everyone who can be a deputy. */
export const AvailabilityList = z.object({
  people: z.array(PersonAvailability),
  deputyChoices: z.array(z.object({ email: z.string(), name: z.string() })),
});
export type AvailabilityList = z.infer<typeof AvailabilityList>;

/** `PUT /availability/{person}`: the person as stored, and what was handed over now. */
export const AvailabilitySet = z.extend(PersonAvailability, {
  handedOver: z.object({ returned: z.int(), handed: z.int() }),
});
export type AvailabilitySet = z.infer<typeof AvailabilitySet>;

export const AddedStaff = z.object({
  member: StaffMember,
  invited: z
    .boolean()
    .check(
      z.describe('A new sign-in was created and an invitation emailed (false: an existing one was linked).'),
    ),
  caseworker: z.nullable(Caseworker),
});
export type AddedStaff = z.infer<typeof AddedStaff>;

export const RemovedStaff = z.object({
  member: StaffMember,
  released: z.array(z.string()).check(z.describe("Enquiries they held, put back in their team's queue.")),
});
export type RemovedStaff = z.infer<typeof RemovedStaff>;

export const ResponseTimeFigures = z.object({
  priority: Priority,
  /** The first-response window in working minutes. */
  windowMinutes: z.number(),
  /** First responses made this week. */
  count: z.int(),
  medianMinutes: z.nullable(z.number()),
  p90Minutes: z.nullable(z.number()),
  withinWindow: z.int(),
});
export type ResponseTimeFigures = z.infer<typeof ResponseTimeFigures>;

export const TeamDashboard = z
  .object({
    forecast: z
      .nullable(BreachForecast)
      .check(
        z.describe(
          'Breaches seen coming in the next 1, 3 and 5 working days (null without availability data).',
        ),
      ),
    team: z.string(),
    teamName: z.string(),
    generatedAt: z.string(),
    timeZone: z.string(),
    weekStarting: z.iso.date().check(z.describe('Local date of the Monday the current week started.')),
    figures: z.object({
      /** Unresolved (open, waiting on the enquirer, or answered). */
      open: z.int(),
      /** Awaiting a response (status open). */
      awaitingResponse: z.int(),
      waitingOnEnquirer: z.int(),
      unclaimed: z.int(),
      /** Awaiting a response past the due time. */
      breached: z.int(),
      /** Awaiting a response, due later today. */
      dueToday: z.int(),
      /** Median working minutes to first response, over first responses made this week (null: none). */
      medianFirstResponseMinutesThisWeek: z.nullable(z.number()),
      firstResponsesThisWeek: z.int(),
    }),
    responseTimes: z.array(ResponseTimeFigures),
    backlogByAge: z.array(
      z.object({
        label: z.string(),
        minDays: z.int(),
        maxDays: z.nullable(z.int()),
        count: z.int(),
      }),
    ),
    /** Oldest week first; a breach counts in the week its first response fell due. */
    breachesPerWeek: z.array(z.object({ weekStarting: z.iso.date(), count: z.int() })),
    caseloads: z.array(
      z.object({
        caseworkerId: z.string(),
        name: z.string(),
        openCount: z.int(),
        cap: z.int(),
        active: z.boolean(),
      }),
    ),
    /**
     * Triage accuracy measured by people's corrections, over the team's enquiries received this week
     * and over the last 8 weeks (this one included). An enquiry moved to another team by a district
     * correction counts for the team it is in now.
     */
    triageCorrections: z
      .object({ thisWeek: TriageAccuracy, lastWeeks: TriageAccuracy })
      .check(
        z.describe(
          "How often people corrected triage's labels on the team's enquiries received this week and in the last 8 weeks.",
        ),
      ),
  })
  .check(
    z.describe(
      'Team figures. `breached`: awaiting a response past due. `dueToday`: awaiting a response, due later today (hub time zone). Median first response: working minutes, first responses made this week (Monday start). Breaches per week: first responses that were (or still are) late, counted in the week they fell due, last 8 weeks.',
    ),
  );
export type TeamDashboard = z.infer<typeof TeamDashboard>;
