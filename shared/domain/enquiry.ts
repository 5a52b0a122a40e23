/**
 * The enquiry: what the hub holds for one matter raised by one requester, from first contact to
 * resolution, plus its contacts, audit events and the caseworkers who hold them.
 *
 * Pure: no clock, no randomness, no I/O. Transitions take `at` (and a `ServiceLevelPolicy` when the
 * service clock moves) and return the new enquiry and the audit events to record; the repository
 * (shared/adapters/enquiry-repository.ts) persists both atomically and bumps `version`.
 */

import { ENQUIRY_STATUSES, EnquiryStatus, isUnresolved } from './enquiry-status';
import { InvalidTransitionError, ValidationError } from './errors';
import { toInstant } from './instant';
import { addKnown, type ChildFacts, MAX_KNOWN_NUMBERS, mergeChildFacts, NO_CHILD } from './people';
import { REPORTED_FIELDS } from './reported-fields';
import { AttachmentInfo, Requester } from './requester';
import {
  Channel,
  District,
  maxPriority,
  Priority,
  Role,
  Safeguarding,
  Topic,
  type TriageResult,
} from './taxonomy';
import * as z from './zod';

export { toInstant };

/** Most addresses or numbers kept for one enquirer. */
const MAX_KNOWN_ADDRESSES = MAX_KNOWN_NUMBERS;

const Instant = z.iso.datetime({ offset: true });

function isBefore(a: string, b: string): boolean {
  return Date.parse(a) < Date.parse(b);
}

// --- References ----------------------------------------------------------------------------------

/** Characters a reference is made of: digits and capitals without 0/O, 1/I/L (read aloud on the phone). */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const REFERENCE_PREFIX = 'SEND-';
export const REFERENCE_LENGTH = 6;

/** Matches a whole reference, e.g. `SEND-7K3M9Q`. */
export const REFERENCE_PATTERN = new RegExp(
  `^${REFERENCE_PREFIX}[${REFERENCE_ALPHABET}]{${REFERENCE_LENGTH}}$`,
);

/** Finds a reference inside text such as a subject line (`Re: [SEND-7K3M9Q] ...`), any case. */
const REFERENCE_IN_TEXT = new RegExp(
  `(?<![A-Za-z0-9])${REFERENCE_PREFIX}([${REFERENCE_ALPHABET}]{${REFERENCE_LENGTH}})(?![A-Za-z0-9])`,
  'i',
);

/**
 * Draws a new reference. `random` returns a number in [0, 1) (e.g. `Math.random` or a seeded
 * generator in tests); it is called once per character.
 */
export function newReference(random: () => number): string {
  let code = '';
  for (let i = 0; i < REFERENCE_LENGTH; i += 1) {
    const index = Math.min(REFERENCE_ALPHABET.length - 1, Math.floor(random() * REFERENCE_ALPHABET.length));
    code += REFERENCE_ALPHABET.charAt(Math.max(0, index));
  }
  return `${REFERENCE_PREFIX}${code}`;
}

/** `true` for a well-formed reference (exact, upper case). */
export function isReference(value: string): boolean {
  return REFERENCE_PATTERN.test(value);
}

/** The first reference found in `text` (case-insensitive), upper-cased, or `null`. */
export function findReference(text: string): string | null {
  const match = REFERENCE_IN_TEXT.exec(text);
  const code = match?.[1];
  return code === undefined ? null : `${REFERENCE_PREFIX}${code.toUpperCase()}`;
}

export const Reference = z.string().check(z.regex(REFERENCE_PATTERN, 'must be a reference like SEND-7K3M9Q'));

// --- Schemas -------------------------------------------------------------------------------------

export { ENQUIRY_STATUSES, EnquiryStatus, isUnresolved };

/** The duty safeguarding lists: in the hub's open hours, and out of hours. */
export const DUTY_LISTS = ['duty', 'out-of-hours'] as const;
export const DutyList = z.enum(DUTY_LISTS);
export type DutyList = z.infer<typeof DutyList>;

/** How a person showed they picked up a safeguarding alert. */
export const PICKUP_KINDS = ['acknowledged', 'claimed'] as const;

/**
 * The duty alert of one safeguarding concern: who has been told (in order), when the next person
 * on the list is due to be told, and who picked it up (docs/safeguarding.md).
 */
export const DutyAlert = z.object({
  /** 1 for the enquiry's first concern, 2 for a later new concern...: part of every alert's key. */
  concern: z.int().check(z.positive()),
  raisedAt: Instant,
  /** Duty contacts told so far, oldest first (staff addresses from configuration, never the enquirer). */
  told: z.array(
    z.object({ list: DutyList, index: z.int().check(z.nonnegative()), email: z.string(), at: Instant }),
  ),
  /** When the next contact is told if nobody has picked it up; null when picked up or nobody is left. */
  nextAlertAt: z.nullable(Instant),
  pickedUpAt: z.nullable(Instant),
  pickedUpBy: z.nullable(z.string()),
  pickedUpHow: z.nullable(z.enum(PICKUP_KINDS)),
});
export type DutyAlert = z.infer<typeof DutyAlert>;

/** The safeguarding flag as the enquiry holds it: the concern, where it came from, and its alert. */
export const EnquirySafeguarding = z.extend(Safeguarding, {
  /** When the concern was raised (null without a concern). */
  raisedAt: z.nullable(Instant),
  /** The contact whose words raised it, or null when a person set it. */
  raisedByContact: z.nullable(z.string()),
  /** `router` (triage) or the id of the person who set it. */
  raisedBy: z.nullable(z.string()),
  alert: z.nullable(DutyAlert),
});
export type EnquirySafeguarding = z.infer<typeof EnquirySafeguarding>;

/** No concern (also what enquiries stored before the flag existed read as). */
export const NO_ENQUIRY_SAFEGUARDING: EnquirySafeguarding = {
  concern: false,
  categories: [],
  reasons: [],
  raisedAt: null,
  raisedByContact: null,
  raisedBy: null,
  alert: null,
};

/** Labels people can correct, and what triage first said for each (for the accuracy measure). */
export const CORRECTABLE_LABELS = ['priority', 'topic', 'district', 'safeguarding'] as const;
export const CorrectableLabel = z.enum(CORRECTABLE_LABELS);
export type CorrectableLabel = z.infer<typeof CorrectableLabel>;

export const TriagedLabels = z.object({
  priority: Priority,
  topic: Topic,
  district: District,
  safeguarding: z.boolean(),
});
export type TriagedLabels = z.infer<typeof TriagedLabels>;
/** What an enquiry says about the child (dates `YYYY-MM-DD`, postcodes without spaces). */
export const ChildFactsSchema = z.object({
  name: z.nullable(z.string()),
  dateOfBirth: z.nullable(z.iso.date()),
  school: z.nullable(z.string()),
  postcode: z.nullable(z.string()),
}) satisfies z.ZodMiniType<ChildFacts>;

export const Enquiry = z.object({
  /** The reference, e.g. `SEND-7K3M9Q`. */
  id: Reference,
  requester: Requester,
  role: Role,
  topic: Topic,
  priority: Priority,
  district: District,
  /** Team that serves the district (configuration). */
  team: z.string().check(z.minLength(1)),
  /** Why triage chose topic/priority/role/district, for people. */
  reasons: z.array(z.string()),
  /** Channel of the first contact. */
  channel: Channel,
  /** Short title for lists: the email subject or the start of the call summary. */
  subject: z.string(),
  /** When the hub first received the enquiry: the service clock starts here. */
  receivedAt: Instant,
  createdAt: Instant,
  updatedAt: Instant,
  status: EnquiryStatus,

  // Service level
  /** Start of the current response window (receivedAt, or when it was last reopened). */
  clockStartedAt: Instant,
  responseDueAt: Instant,
  warningAt: z.nullable(Instant),
  /** Earliest pending escalation step, or null when none is pending (computed by the escalation policy). */
  nextEscalationAt: z.nullable(Instant),
  /** Escalation steps already taken in the current window (ids from the escalation policy). */
  escalationSteps: z.array(z.string()),
  /** Set while waiting on the enquirer. */
  pausedAt: z.nullable(Instant),
  /** Working minutes spent waiting on the enquirer, over the enquiry's life. */
  pausedWorkingMinutes: z.number().check(z.nonnegative()),
  firstRespondedAt: z.nullable(Instant),
  /** Working minutes the clock ran before the first response (pauses excluded). */
  firstResponseWorkingMinutes: z.nullable(z.number().check(z.nonnegative())),
  /** Contacts from the enquirer before the first response (repeat contact); absent on older records. */
  contactsBeforeFirstResponse: z.optional(z.nullable(z.int().check(z.nonnegative()))),
  lastRespondedAt: z.nullable(Instant),
  resolvedAt: z.nullable(Instant),

  // Assignment
  /** Caseworker id holding the enquiry, or null when it waits in the team queue. */
  assignee: z.nullable(z.string()),
  claimedAt: z.nullable(Instant),
  /**
   * Since when the holder has done nothing on it: the claim, their last note, response or question,
   * or the enquiry coming back to them awaiting a response. A claim expires after
   * `workload.claimExpiresAfterWorkingMinutes` of that (`claim-expiry.ts`). Set by the repository
   * from each change; null when nobody holds it (and on enquiries stored before it was kept).
   */
  claimActivityAt: z._default(z.nullable(Instant), null),

  // Counters
  /** Contacts from the enquirer (machine-written mail excluded). */
  contactCount: z.int().check(z.nonnegative()),
  /** Contacts from the enquirer since the last response (2+ = chasing). */
  contactsSinceResponse: z.int().check(z.nonnegative()),
  lastContactAt: Instant,
  acknowledgedAt: z.nullable(Instant),
  /**
   * Set when SES refused the acknowledgement for good (with SES's reason): nothing retries it by
   * itself; staff see it on the enquiry and can resend. Cleared when one is sent. Absent = never failed.
   */
  acknowledgementFailedAt: z.optional(z.nullable(Instant)),
  acknowledgementFailure: z.optional(z.nullable(z.string())),

  // Safeguarding and triage corrections
  /** The safeguarding flag, apart from priority (a concern always makes the enquiry urgent). */
  safeguarding: z._default(EnquirySafeguarding, () => ({ ...NO_ENQUIRY_SAFEGUARDING })),
  /** What triage first said (null for enquiries stored before this was kept). */
  triaged: z._default(z.nullable(TriagedLabels), null),
  /** Labels a person has corrected since (each once, for the accuracy measure). */
  correctedLabels: z._default(z.array(CorrectableLabel), []),
  // People and the child (issue 15); defaults keep enquiries stored before them readable.
  /** The child the enquiry is about, as far as the enquirer or call handler said. */
  child: z._default(ChildFactsSchema, NO_CHILD),
  /** The child record this enquiry belongs to (every enquiry about one child shares it), or null. */
  childId: z._default(z.nullable(z.string()), null),
  /** `auto`: matched by the router; `manual`: linked or unlinked by a caseworker (the router leaves it). */
  childLink: z._default(z.enum(['auto', 'manual']), 'auto'),
  /** Every email address the enquirer is known by (lower case), the requester's first. */
  knownEmails: z._default(z.array(z.string()), []),
  /** Every phone number the enquirer is known by (E.164): the requester's, calls', their signature's. */
  knownPhones: z._default(z.array(z.string()), []),
  /** Local date (hub calendar) a chaser was last answered with a status reply: once a day. */
  chaserRepliedOn: z._default(z.nullable(z.string()), null),
  /** When the enquirer was told someone picked the enquiry up (once), or null. */
  pickedUpNotifiedAt: z._default(z.nullable(Instant), null),
  /** Optimistic concurrency: 1 when created, +1 on every stored change. */
  version: z.int().check(z.positive()),
});
export type Enquiry = z.infer<typeof Enquiry>;

/** What the reports read of an enquiry (`reported-fields.ts`: also what GSI5 projects). */
export const ReportedEnquiry = z.pick(Enquiry, REPORTED_FIELDS);
export type ReportedEnquiry = z.infer<typeof ReportedEnquiry>;

/** Checks an enquiry against its schema; a `ValidationError` names the first bad field. */
export function parseEnquiry(value: unknown): Enquiry {
  const result = Enquiry.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? null : `enquiry.${issue.path.join('.')}`;
  throw new ValidationError(`${field ?? 'enquiry'} is not valid: ${issue?.message ?? 'invalid'}`, {
    field,
    cause: result.error,
  });
}

export const CONTACT_DIRECTIONS = ['inbound', 'outbound'] as const;

/** One message in or out: an email or call from the enquirer, or a response sent to them. */
export const Contact = z.object({
  /** Unique within the enquiry (e.g. derived from the intake id, or a response id). */
  id: z.string().check(z.minLength(1)),
  enquiryId: Reference,
  /** When the hub received it (inbound) or sent it (outbound). */
  at: Instant,
  direction: z.enum(CONTACT_DIRECTIONS),
  channel: Channel,
  /** Written by a machine (auto-reply, bounce): kept, but never counts as a contact. */
  automated: z.boolean(),
  /** The enquirer as this contact names them (inbound), or null. */
  from: z.nullable(Requester),
  /** Caseworker id (outbound) or call handler id (phone), or null. */
  author: z.nullable(z.string()),
  subject: z.nullable(z.string()),
  body: z.string(),
  /** `true` when `body` was cut to fit an item; the raw message stays in S3. */
  bodyTruncated: z._default(z.boolean(), false),
  messageId: z.nullable(z.string()),
  intakeId: z.nullable(z.string()),
  attachments: z.array(AttachmentInfo),
  /** Where the raw MIME is kept (email), or null. */
  raw: z.nullable(z.object({ bucket: z.string(), key: z.string() })),
});
export type Contact = z.infer<typeof Contact>;

export const AUDIT_EVENT_TYPES = [
  'received',
  'contact',
  'claimed',
  'released',
  'responded',
  'note',
  'resolved',
  'reopened',
  'reassigned',
  'returned-to-queue',
  'escalated',
  'acknowledged',
  'priority-raised',
  'safeguarding-raised',
  'safeguarding-alerted',
  'safeguarding-picked-up',
  'corrected',
  'details-updated',
  'child-linked',
  'child-unlinked',
  'chaser-answered',
  'picked-up-notified',
] as const;
export const AuditEventType = z.enum(AUDIT_EVENT_TYPES);
export type AuditEventType = z.infer<typeof AuditEventType>;

const DetailValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
export type AuditDetailValue = z.infer<typeof DetailValue>;

/** One line of an enquiry's audit trail. `actor` is a caseworker id or a system part (`router`, `escalator`...). */
export const AuditEvent = z.object({
  enquiryId: Reference,
  at: Instant,
  type: AuditEventType,
  actor: z.string().check(z.minLength(1)),
  detail: z.record(z.string(), DetailValue),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export { Caseworker, CaseworkerProfile } from './caseworker';

// --- Service level -------------------------------------------------------------------------------

/** Deadlines of one response window. */
export interface ServiceClock {
  responseDueAt: string;
  warningAt: string | null;
  nextEscalationAt: string | null;
}

/**
 * What transitions need from the business calendar and the escalation policy (pure functions,
 * partly applied with configuration by the caller).
 */
export interface ServiceLevelPolicy {
  /**
   * Deadlines of a response window that starts at `start` for this enquiry (its priority; its
   * `escalationSteps` are the steps already taken in the window).
   */
  clockFrom(enquiry: Enquiry, start: string): ServiceClock;
  /** Working minutes between two instants on the hub calendar. */
  workingMinutesBetween(from: string, to: string): number;
  /** The instant `minutes` working minutes after `from` on the hub calendar. */
  addWorkingMinutes(from: string, minutes: number): string;
}

// --- Transitions ---------------------------------------------------------------------------------

/** The result of a transition: the changed enquiry (same `version`; the repository bumps it) and what to record. */
export interface Transition {
  enquiry: Enquiry;
  events: AuditEvent[];
}

function event(
  enquiry: Pick<Enquiry, 'id'>,
  at: string,
  type: AuditEventType,
  actor: string,
  detail: Record<string, AuditDetailValue> = {},
): AuditEvent {
  return { enquiryId: enquiry.id, at, type, actor, detail };
}

export interface OpenEnquiryInput {
  id: string;
  triage: TriageResult;
  team: string;
  channel: Channel;
  requester: Requester;
  subject: string;
  /** When the hub first received it. */
  receivedAt: string;
  /** When it is being recorded. */
  now: string;
  actor: string;
  /** The first contact's id: recorded as what raised a safeguarding concern. */
  contactId?: string;
  /** The child it is about (as far as known) and the child record it belongs to. */
  child?: ChildFacts;
  childId?: string | null;
  /** Every address and number the enquirer is known by (the requester's own are added). */
  knownEmails?: readonly string[];
  knownPhones?: readonly string[];
}

/**
 * A new enquiry from its first contact: open, unclaimed, its clock started at `receivedAt`.
 * Events: `received`.
 */
export function openEnquiry(input: OpenEnquiryInput, policy: ServiceLevelPolicy): Transition {
  const receivedAt = toInstant(input.receivedAt);
  const now = toInstant(input.now);
  const draft: Enquiry = {
    id: input.id,
    requester: input.requester,
    role: input.triage.role,
    topic: input.triage.topic,
    // A safeguarding concern is always urgent, whoever built the triage result.
    priority: input.triage.safeguarding.concern ? 'urgent' : input.triage.priority,
    district: input.triage.district,
    team: input.team,
    reasons: [...input.triage.reasons],
    channel: input.channel,
    subject: input.subject,
    receivedAt,
    createdAt: now,
    updatedAt: now,
    status: 'open',
    clockStartedAt: receivedAt,
    responseDueAt: receivedAt,
    warningAt: null,
    nextEscalationAt: null,
    escalationSteps: [],
    pausedAt: null,
    pausedWorkingMinutes: 0,
    firstRespondedAt: null,
    firstResponseWorkingMinutes: null,
    lastRespondedAt: null,
    resolvedAt: null,
    assignee: null,
    claimedAt: null,
    claimActivityAt: null,
    contactCount: 1,
    contactsSinceResponse: 1,
    lastContactAt: receivedAt,
    acknowledgedAt: null,
    safeguarding: input.triage.safeguarding.concern
      ? {
          ...input.triage.safeguarding,
          raisedAt: receivedAt,
          raisedByContact: input.contactId ?? null,
          raisedBy: input.actor,
          alert: null,
        }
      : { ...NO_ENQUIRY_SAFEGUARDING },
    triaged: {
      priority: input.triage.priority,
      topic: input.triage.topic,
      district: input.triage.district,
      safeguarding: input.triage.safeguarding.concern,
    },
    correctedLabels: [],
    child: input.child ?? NO_CHILD,
    childId: input.childId ?? null,
    childLink: 'auto',
    knownEmails: addKnown([], [input.requester.email, ...(input.knownEmails ?? [])], MAX_KNOWN_ADDRESSES),
    knownPhones: addKnown([], [input.requester.phone, ...(input.knownPhones ?? [])], MAX_KNOWN_ADDRESSES),
    chaserRepliedOn: null,
    pickedUpNotifiedAt: null,
    version: 1,
  };
  const enquiry = parseEnquiry({ ...draft, ...clockFields(policy.clockFrom(draft, receivedAt)) });
  return {
    enquiry,
    events: [
      event(enquiry, now, 'received', input.actor, {
        channel: input.channel,
        priority: enquiry.priority,
        topic: enquiry.topic,
        team: enquiry.team,
        responseDueAt: enquiry.responseDueAt,
        safeguarding: enquiry.safeguarding.concern,
      }),
    ],
  };
}

function clockFields(clock: ServiceClock): ServiceClock {
  return {
    responseDueAt: toInstant(clock.responseDueAt),
    warningAt: clock.warningAt === null ? null : toInstant(clock.warningAt),
    nextEscalationAt: clock.nextEscalationAt === null ? null : toInstant(clock.nextEscalationAt),
  };
}

/** Ends a pause (if any) at `at`: the paused working minutes are added up. */
function endPause(enquiry: Enquiry, at: string, policy: ServiceLevelPolicy): Enquiry {
  if (enquiry.pausedAt === null) return enquiry;
  const paused = isBefore(enquiry.pausedAt, at) ? policy.workingMinutesBetween(enquiry.pausedAt, at) : 0;
  return { ...enquiry, pausedAt: null, pausedWorkingMinutes: enquiry.pausedWorkingMinutes + paused };
}

/** Moves a deadline that was still ahead when the clock paused by the working time the pause took. */
function shiftAfterPause(
  deadline: string | null,
  pausedAt: string,
  resumedAt: string,
  policy: ServiceLevelPolicy,
): string | null {
  if (deadline === null || !isBefore(pausedAt, deadline)) return deadline;
  return toInstant(policy.addWorkingMinutes(resumedAt, policy.workingMinutesBetween(pausedAt, deadline)));
}

export interface ContactFacts {
  /** When the hub received this contact. */
  at: string;
  channel: Channel;
  /** Machine-written (auto-reply, bounce...): recorded, never counted, never reopens. */
  automated: boolean;
  /** Id of the stored contact, for the audit trail. */
  contactId: string;
}

/**
 * A further contact on an existing enquiry.
 * - machine-written: only recorded (event `contact` with `automated: true`);
 * - open: a chaser (`contactsSinceResponse` grows; raising priority is triage's call, see `applyPriorityRaise`);
 * - waiting on the enquirer: their reply restarts the paused clock where it stopped (deadlines move
 *   by the working time the pause took);
 * - answered or resolved: reopens with a fresh response window from `at` (event `reopened`).
 */
export function applyContact(
  enquiry: Enquiry,
  contact: ContactFacts,
  actor: string,
  policy: ServiceLevelPolicy,
): Transition {
  const at = toInstant(contact.at);
  const contactEvent = event(enquiry, at, 'contact', actor, {
    contactId: contact.contactId,
    channel: contact.channel,
    automated: contact.automated,
  });
  if (contact.automated) {
    return { enquiry: { ...enquiry, updatedAt: at }, events: [contactEvent] };
  }
  const counted = {
    ...enquiry,
    updatedAt: at,
    contactCount: enquiry.contactCount + 1,
    lastContactAt: isBefore(enquiry.lastContactAt, at) ? at : enquiry.lastContactAt,
  };
  switch (enquiry.status) {
    case 'open':
      return {
        enquiry: { ...counted, contactsSinceResponse: enquiry.contactsSinceResponse + 1 },
        events: [contactEvent],
      };
    case 'waiting-on-enquirer': {
      const pausedAt = enquiry.pausedAt ?? at;
      const resumed = endPause(counted, at, policy);
      const responseDueAt = shiftAfterPause(enquiry.responseDueAt, pausedAt, at, policy) ?? at;
      return {
        enquiry: {
          ...resumed,
          status: 'open',
          contactsSinceResponse: 1,
          responseDueAt,
          warningAt: shiftAfterPause(enquiry.warningAt, pausedAt, at, policy),
          nextEscalationAt: shiftAfterPause(enquiry.nextEscalationAt, pausedAt, at, policy),
        },
        events: [{ ...contactEvent, detail: { ...contactEvent.detail, resumed: true, responseDueAt } }],
      };
    }
    case 'answered':
    case 'resolved': {
      const reopened = reopenAt({ ...counted, contactsSinceResponse: 1 }, at, policy);
      return {
        enquiry: reopened,
        events: [
          contactEvent,
          event(enquiry, at, 'reopened', actor, {
            from: enquiry.status,
            reason: 'new contact from the enquirer',
            responseDueAt: reopened.responseDueAt,
          }),
        ],
      };
    }
  }
}

/** Open again with a fresh response window starting at `at` (escalation ladder starts over). */
function reopenAt(enquiry: Enquiry, at: string, policy: ServiceLevelPolicy): Enquiry {
  const base: Enquiry = {
    ...enquiry,
    status: 'open',
    resolvedAt: null,
    pausedAt: null,
    clockStartedAt: at,
    escalationSteps: [],
    updatedAt: at,
  };
  return { ...base, ...clockFields(policy.clockFrom(base, at)) };
}

/**
 * A caseworker asked the enquirer something: the clock pauses until they reply (their reply goes
 * through `applyContact`). Only an open enquiry can wait. The question is recorded as a `responded`
 * event with `kind: 'question'`; it is not the first response.
 */
export function applyAskEnquirer(enquiry: Enquiry, at: string, actor: string): Transition {
  const when = toInstant(at);
  if (enquiry.status !== 'open') throw new InvalidTransitionError(enquiry.id, enquiry.status, 'wait on');
  return {
    enquiry: {
      ...enquiry,
      status: 'waiting-on-enquirer',
      pausedAt: when,
      contactsSinceResponse: 0,
      updatedAt: when,
    },
    events: [event(enquiry, when, 'responded', actor, { kind: 'question' })],
  };
}

/**
 * A caseworker responded to the enquirer: the clock stops and the enquiry is `answered`. The first
 * response also records `firstResponseWorkingMinutes` (working time the clock ran, pauses excluded).
 */
export function applyResponse(
  enquiry: Enquiry,
  at: string,
  actor: string,
  policy: ServiceLevelPolicy,
): Transition {
  const when = toInstant(at);
  if (enquiry.status === 'resolved')
    throw new InvalidTransitionError(enquiry.id, enquiry.status, 'respond to');
  const unpaused = endPause(enquiry, when, policy);
  const first = unpaused.firstRespondedAt === null;
  const firstMinutes = first
    ? Math.max(0, policy.workingMinutesBetween(unpaused.receivedAt, when) - unpaused.pausedWorkingMinutes)
    : unpaused.firstResponseWorkingMinutes;
  return {
    enquiry: {
      ...unpaused,
      status: 'answered',
      firstRespondedAt: unpaused.firstRespondedAt ?? when,
      firstResponseWorkingMinutes: firstMinutes,
      contactsBeforeFirstResponse: first
        ? unpaused.contactCount
        : (unpaused.contactsBeforeFirstResponse ?? null),
      lastRespondedAt: when,
      contactsSinceResponse: 0,
      nextEscalationAt: null,
      updatedAt: when,
    },
    events: [
      event(enquiry, when, 'responded', actor, {
        kind: 'answer',
        first,
        workingMinutes: first ? firstMinutes : null,
      }),
    ],
  };
}

/** Resolves the enquiry (from any unresolved status); pending escalations stop. */
export function applyResolve(
  enquiry: Enquiry,
  at: string,
  actor: string,
  policy: ServiceLevelPolicy,
  outcome: string | null = null,
): Transition {
  const when = toInstant(at);
  if (enquiry.status === 'resolved') throw new InvalidTransitionError(enquiry.id, enquiry.status, 'resolve');
  return {
    enquiry: {
      ...endPause(enquiry, when, policy),
      status: 'resolved',
      resolvedAt: when,
      nextEscalationAt: null,
      updatedAt: when,
    },
    events: [event(enquiry, when, 'resolved', actor, { from: enquiry.status, outcome })],
  };
}

/** Reopens an answered or resolved enquiry by hand, with a fresh response window from `at`. */
export function applyReopen(
  enquiry: Enquiry,
  at: string,
  actor: string,
  reason: string,
  policy: ServiceLevelPolicy,
): Transition {
  const when = toInstant(at);
  if (enquiry.status !== 'answered' && enquiry.status !== 'resolved') {
    throw new InvalidTransitionError(enquiry.id, enquiry.status, 'reopen');
  }
  const reopened = reopenAt(enquiry, when, policy);
  return {
    enquiry: reopened,
    events: [
      event(enquiry, when, 'reopened', actor, {
        from: enquiry.status,
        reason,
        responseDueAt: reopened.responseDueAt,
      }),
    ],
  };
}

/** An internal note: changes nothing but `updatedAt`; the text lives on the event. */
export function applyNote(enquiry: Enquiry, at: string, actor: string, text: string): Transition {
  const when = toInstant(at);
  return {
    enquiry: { ...enquiry, updatedAt: when },
    events: [event(enquiry, when, 'note', actor, { text })],
  };
}

/**
 * Raises the priority (never lowers it) and adds the reasons. While the clock runs, the deadlines
 * are re-planned from the window start and the earlier of old and new kept, so a raise never
 * gives more time. Returns `null` when nothing changes.
 */
export function applyPriorityRaise(
  enquiry: Enquiry,
  priority: Priority,
  reasons: readonly string[],
  at: string,
  actor: string,
  policy: ServiceLevelPolicy,
): Transition | null {
  const when = toInstant(at);
  const raised = maxPriority(enquiry.priority, priority);
  if (raised === enquiry.priority) return null;
  const base: Enquiry = {
    ...enquiry,
    priority: raised,
    reasons: [...enquiry.reasons, ...reasons.filter((reason) => !enquiry.reasons.includes(reason))],
    updatedAt: when,
  };
  const replanned =
    enquiry.status === 'open' ? earlierClock(enquiry, policy.clockFrom(base, base.clockStartedAt)) : {};
  return {
    enquiry: { ...base, ...replanned },
    events: [
      event(enquiry, when, 'priority-raised', actor, {
        from: enquiry.priority,
        to: raised,
        reasons: [...reasons],
      }),
    ],
  };
}

function earlier(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return isBefore(b, a) ? b : a;
}

function earlierClock(current: ServiceClock, planned: ServiceClock): ServiceClock {
  const next = clockFields(planned);
  return {
    responseDueAt: earlier(current.responseDueAt, next.responseDueAt) ?? next.responseDueAt,
    warningAt: earlier(current.warningAt, next.warningAt),
    nextEscalationAt: earlier(current.nextEscalationAt, next.nextEscalationAt),
  };
}

/** The acknowledgement was sent. Returns `null` if it had already been recorded. */
export function applyAcknowledged(
  enquiry: Enquiry,
  at: string,
  actor: string,
  detail: Record<string, AuditDetailValue> = {},
): Transition | null {
  if (enquiry.acknowledgedAt !== null) return null;
  const when = toInstant(at);
  return {
    enquiry: {
      ...enquiry,
      acknowledgedAt: when,
      acknowledgementFailedAt: null,
      acknowledgementFailure: null,
      updatedAt: when,
    },
    events: [event(enquiry, when, 'acknowledged', actor, detail)],
  };
}

/**
 * SES refused the acknowledgement for good (`reason`: SES's error name). The enquiry says so until
 * one is sent; a note on the timeline tells staff they can resend it. Returns `null` when it was
 * acknowledged meanwhile.
 */
export function applyAcknowledgementFailed(
  enquiry: Enquiry,
  at: string,
  actor: string,
  reason: string,
): Transition | null {
  if (enquiry.acknowledgedAt !== null) return null;
  const when = toInstant(at);
  return {
    enquiry: { ...enquiry, acknowledgementFailedAt: when, acknowledgementFailure: reason, updatedAt: when },
    events: [
      event(enquiry, when, 'note', actor, {
        text: `The acknowledgement email could not be sent: the mail service refused it (${reason}). Check the address, then use "Resend acknowledgement".`,
        source: 'acknowledgement',
        kind: 'acknowledgement-failed',
      }),
    ],
  };
}

/**
 * An escalation step was taken: it is recorded once (returns `null` if `stepId` was already taken)
 * and `nextEscalationAt` moves to the next pending step (from the escalation policy; null = none).
 */
export function applyEscalation(
  enquiry: Enquiry,
  stepId: string,
  at: string,
  nextEscalationAt: string | null,
  actor: string,
  detail: Record<string, AuditDetailValue> = {},
): Transition | null {
  if (enquiry.escalationSteps.includes(stepId)) return null;
  const when = toInstant(at);
  return {
    enquiry: {
      ...enquiry,
      escalationSteps: [...enquiry.escalationSteps, stepId],
      nextEscalationAt: nextEscalationAt === null ? null : toInstant(nextEscalationAt),
      updatedAt: when,
    },
    events: [event(enquiry, when, 'escalated', actor, { ...detail, step: stepId })],
  };
}

/**
 * A caseworker takes an unclaimed, unresolved enquiry from the queue.
 * Throws `InvalidTransitionError` if it is resolved; the repository turns "already held" into
 * `AlreadyClaimedError`.
 */
export function applyClaim(enquiry: Enquiry, caseworkerId: string, at: string): Transition {
  const when = toInstant(at);
  if (enquiry.status === 'resolved') throw new InvalidTransitionError(enquiry.id, enquiry.status, 'claim');
  const claimed: Transition = {
    enquiry: { ...enquiry, assignee: caseworkerId, claimedAt: when, updatedAt: when },
    events: [event(enquiry, when, 'claimed', caseworkerId)],
  };
  // Claiming an enquiry with a safeguarding alert out is picking the alert up.
  const pickedUp = applyAlertPickup(claimed.enquiry, when, caseworkerId, 'claimed');
  return pickedUp === null
    ? claimed
    : { enquiry: pickedUp.enquiry, events: [...claimed.events, ...pickedUp.events] };
}

/**
 * A person picked up the safeguarding alert (acknowledged it, or claimed the enquiry): nobody
 * further down the duty list is told. Returns `null` when no alert is waiting to be picked up.
 */
export function applyAlertPickup(
  enquiry: Enquiry,
  at: string,
  actor: string,
  how: (typeof PICKUP_KINDS)[number],
): Transition | null {
  const alert = enquiry.safeguarding.alert;
  if (alert === null || alert.pickedUpAt !== null) return null;
  const when = toInstant(at);
  return {
    enquiry: {
      ...enquiry,
      safeguarding: {
        ...enquiry.safeguarding,
        alert: { ...alert, pickedUpAt: when, pickedUpBy: actor, pickedUpHow: how, nextAlertAt: null },
      },
      updatedAt: when,
    },
    events: [
      event(enquiry, when, 'safeguarding-picked-up', actor, {
        how,
        concern: alert.concern,
        told: alert.told.length,
      }),
    ],
  };
}

/** The holder puts the enquiry back in the team queue. */
export function applyRelease(enquiry: Enquiry, at: string, actor: string): Transition {
  const when = toInstant(at);
  return {
    enquiry: { ...enquiry, assignee: null, claimedAt: null, updatedAt: when },
    events: [event(enquiry, when, 'released', actor, { from: enquiry.assignee })],
  };
}

/**
 * Assigns (or reassigns) the enquiry to a caseworker on someone's behalf (auto-assignment, a
 * manager, cover while its holder is away); `reason` is recorded on the event when given.
 */
export function applyAssign(
  enquiry: Enquiry,
  caseworkerId: string,
  at: string,
  actor: string,
  reason: string | null = null,
): Transition {
  const when = toInstant(at);
  if (enquiry.status === 'resolved') throw new InvalidTransitionError(enquiry.id, enquiry.status, 'assign');
  return {
    enquiry: { ...enquiry, assignee: caseworkerId, claimedAt: when, updatedAt: when },
    events: [
      event(enquiry, when, enquiry.assignee === null ? 'claimed' : 'reassigned', actor, {
        from: enquiry.assignee,
        to: caseworkerId,
        ...(reason === null ? {} : { reason }),
      }),
    ],
  };
}

// --- People and the child ------------------------------------------------------------------------

/** Prefix of child record ids: `CH-` and the code of the first enquiry about the child. */
export const CHILD_ID_PREFIX = 'CH-';

/** The child record id an enquiry starts when it is the first about its child (`SEND-7K3M9Q` → `CH-7K3M9Q`). */
export function childIdFromReference(enquiryId: string): string {
  return `${CHILD_ID_PREFIX}${enquiryId.slice(REFERENCE_PREFIX.length)}`;
}

export const CHILD_ID_PATTERN = new RegExp(
  `^${CHILD_ID_PREFIX}[${REFERENCE_ALPHABET}]{${REFERENCE_LENGTH}}$`,
);

/** What a further contact (or a correction) tells the hub about the enquirer and the child. */
export interface DetailsUpdate {
  /** Addresses and numbers to add to what the enquirer is known by (normalised). */
  emails?: readonly (string | null)[];
  phones?: readonly (string | null)[];
  /** Facts that fill what is not known yet. */
  child?: ChildFacts;
  /** Facts that replace what is known (a caseworker's correction); `null` fields clear. */
  correctChild?: Partial<ChildFacts>;
  /** The child record to join, for an enquiry the router links automatically (ignored after a manual link). */
  childId?: string | null;
}

/**
 * Adds what a contact or a correction says about the enquirer and the child. Returns `null` when
 * nothing changes. The event names the fields that changed, never their values.
 */
export function applyDetails(
  enquiry: Enquiry,
  update: DetailsUpdate,
  at: string,
  actor: string,
): Transition | null {
  const when = toInstant(at);
  const knownEmails = addKnown(enquiry.knownEmails, update.emails ?? [], MAX_KNOWN_ADDRESSES);
  const knownPhones = addKnown(enquiry.knownPhones, update.phones ?? [], MAX_KNOWN_ADDRESSES);
  const filled = update.child === undefined ? enquiry.child : mergeChildFacts(enquiry.child, update.child);
  const child = { ...filled, ...(update.correctChild ?? {}) };
  const childId =
    enquiry.childLink === 'auto' && enquiry.childId === null && update.childId !== undefined
      ? update.childId
      : enquiry.childId;
  const changed: string[] = [];
  if (knownEmails.length !== enquiry.knownEmails.length) changed.push('emails');
  if (knownPhones.length !== enquiry.knownPhones.length) changed.push('phones');
  for (const field of ['name', 'dateOfBirth', 'school', 'postcode'] as const) {
    if (child[field] !== enquiry.child[field]) changed.push(`child.${field}`);
  }
  if (childId !== enquiry.childId) changed.push('childId');
  if (changed.length === 0) return null;
  const events = [event(enquiry, when, 'details-updated', actor, { fields: changed })];
  if (childId !== enquiry.childId && childId !== null) {
    events.push(event(enquiry, when, 'child-linked', actor, { childId, how: 'automatic' }));
  }
  return {
    enquiry: { ...enquiry, knownEmails, knownPhones, child, childId, updatedAt: when },
    events,
  };
}

/**
 * A caseworker links the enquiry to a child record (`childId`), or unlinks it (`null`: it stands
 * alone). Either way the router no longer moves it. Returns `null` when it is already so.
 */
export function applyChildLink(
  enquiry: Enquiry,
  childId: string | null,
  at: string,
  actor: string,
): Transition | null {
  if (enquiry.childId === childId && enquiry.childLink === 'manual') return null;
  const when = toInstant(at);
  const type = childId === null ? 'child-unlinked' : 'child-linked';
  return {
    enquiry: { ...enquiry, childId, childLink: 'manual', updatedAt: when },
    events: [event(enquiry, when, type, actor, { childId, from: enquiry.childId, how: 'by hand' })],
  };
}

/** A chaser was answered with a status reply on local day `day`. `null` if one went that day already. */
export function applyChaserAnswered(
  enquiry: Enquiry,
  day: string,
  at: string,
  actor: string,
  detail: Record<string, AuditDetailValue> = {},
): Transition | null {
  if (enquiry.chaserRepliedOn === day) return null;
  const when = toInstant(at);
  return {
    enquiry: { ...enquiry, chaserRepliedOn: day, updatedAt: when },
    events: [event(enquiry, when, 'chaser-answered', actor, { ...detail, day })],
  };
}

/** The enquirer was told someone picked the enquiry up. `null` if they were told before. */
export function applyPickedUpNotified(
  enquiry: Enquiry,
  at: string,
  actor: string,
  detail: Record<string, AuditDetailValue> = {},
): Transition | null {
  if (enquiry.pickedUpNotifiedAt !== null) return null;
  const when = toInstant(at);
  return {
    enquiry: { ...enquiry, pickedUpNotifiedAt: when, updatedAt: when },
    events: [event(enquiry, when, 'picked-up-notified', actor, detail)],
  };
}

/** What the enquirer sees of where the enquiry stands (the status page and status replies). */
export const PUBLIC_STATUSES = [
  'received',
  'with-a-caseworker',
  'waiting-for-you',
  'answered',
  'closed',
] as const;
export const PublicStatus = z.enum(PUBLIC_STATUSES);
export type PublicStatus = z.infer<typeof PublicStatus>;

export function publicStatus(enquiry: Pick<Enquiry, 'status' | 'assignee'>): PublicStatus {
  switch (enquiry.status) {
    case 'open':
      return enquiry.assignee === null ? 'received' : 'with-a-caseworker';
    case 'waiting-on-enquirer':
      return 'waiting-for-you';
    case 'answered':
      return 'answered';
    case 'resolved':
      return 'closed';
  }
}

/** The last thing that happened that the enquirer would call an update (not internal steps). */
export function lastPublicUpdate(
  enquiry: Pick<Enquiry, 'receivedAt' | 'lastContactAt' | 'claimedAt' | 'lastRespondedAt' | 'resolvedAt'>,
): string {
  const instants = [
    enquiry.receivedAt,
    enquiry.lastContactAt,
    enquiry.claimedAt,
    enquiry.lastRespondedAt,
    enquiry.resolvedAt,
  ].filter((instant): instant is string => instant !== null);
  return instants.reduce((latest, instant) => (isBefore(latest, instant) ? instant : latest));
}
