/**
 * The router's use case: one intake message (an email or a logged call) becomes a triaged,
 * threaded, assigned and acknowledged enquiry, or another contact on the enquiry it belongs to.
 *
 * No AWS here: the repository, roster, mailer, clock, randomness, configuration and triage are
 * injected. Safe to run more than once for the same message (SQS delivers at least once):
 * - the intake marker, written in the same transaction as the contact, makes a redelivery write
 *   nothing; a redelivery then only finishes what an earlier attempt left undone (the
 *   acknowledgement, the repeat-contact alert), so a crash between the write and the email loses
 *   neither;
 * - emails are sent before they are recorded (at least once), with a deterministic Message-ID;
 *   while another attempt may still be sending (the enquiry was created moments ago), a redelivery
 *   backs off with `IntakeInProgressError` instead of sending a second email.
 *
 * Round trips: everything the first step needs is known from the message, so its reads go out
 * together (`startReads`): one BatchGetItem (intake marker, do-not-reply mark, Message-ID pointers,
 * named enquiries) beside the requester, child and roster queries. A new email from a new family
 * then costs four calls one after another: those reads, the creating transaction, the
 * acknowledgement (SES), and an in-place update recording it (docs/performance.md).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FunctionTimeouts } from '../config/function-timeouts';
import { type HubConfig, teamForDistrict } from '../config/hub-config';
import { byChannel } from '../domain/channels';
import { addressKey, sameAddress } from '../domain/email-address';
import {
  type AuditEvent,
  applyAcknowledged,
  applyAcknowledgementFailed,
  applyAssign,
  applyChaserAnswered,
  applyContact,
  applyDetails,
  applyEscalation,
  applyNote,
  applyPriorityRaise,
  type Contact,
  childIdFromReference,
  type Enquiry,
  findReference,
  isUnresolved,
  newReference,
  openEnquiry,
  type ServiceLevelPolicy,
  type Transition,
  toInstant,
} from '../domain/enquiry';
import {
  CaseloadFullError,
  CaseworkerNotFoundError,
  ContentionError,
  DuplicateIntakeError,
  EnquiryNotFoundError,
  ReferenceTakenError,
  ServiceUnavailableError,
  VersionConflictError,
} from '../domain/errors';
import type { IntakeMessage, PhoneIntake } from '../domain/intake-message';
import { localDate } from '../domain/local-time';
import {
  type ChildFacts,
  childFromText,
  childMatchKey,
  mergeChildFacts,
  NO_CHILD,
  nameKey,
  normaliseEmail,
  normalisePostcode,
  parseDateOfBirth,
} from '../domain/people';
import { phonesInText } from '../domain/phone-numbers';
import { hubServiceLevels } from '../domain/service-level';
import { type Channel, type Priority, priorityRank, type Role, type TriageResult } from '../domain/taxonomy';
import type { TriageRules } from '../domain/triage/rules-schema';
import { type TriageContext, triage } from '../domain/triage/triage';
import {
  acknowledgementContact,
  acknowledgementEmail,
  acknowledgementMessageId,
  automaticEmailContact,
  chaserReplyEmail,
} from '../mail/enquirer-emails';
import { hubAddresses, isDoNotReplyAddress, isHubAddress, normaliseMessageId } from '../mail/hub-mail';
import { EmailRejectedError, type Mailer, type OutgoingEmail, type SentEmail } from '../mail/outgoing-email';
import { repeatContactAlertEmail } from '../mail/staff-emails';
import { type DutyAlertNotice, planConcernAlert } from '../safeguarding/duty-alert-plan';
import { dutyAlertLeaseMs, sendPendingDutyAlerts } from '../safeguarding/duty-alerts';
import type { DutyAlertStore } from '../safeguarding/ports';
import { applyConcernFromContact } from '../safeguarding/safeguarding-flag';
import { type AvailabilityBook, availabilityBook, deputyFor } from '../workload/availability';
import type { AvailabilityStore, Roster } from '../workload/ports';
import { assignmentCandidates } from './auto-assignment';
import type { CreationFollowUp, ExactFact, IntakeLookup, RouterEnquiryStore } from './ports';

// --- What differs by channel (a new channel must say, here and in domain/channels.ts) -------------

/** Whether a reference in the message was typed by staff (call notes), so it joins only with care. */
const REFERENCE_TYPED_BY_STAFF: Readonly<Record<Channel, boolean>> = { email: false, phone: true };
/** Whether the enquirer may reach us without an email address to acknowledge. */
const MAY_COME_WITHOUT_EMAIL: Readonly<Record<Channel, boolean>> = { email: false, phone: true };
/** Whether the sender's phone number is theirs (a call's caller id), not one quoted in a signature. */
const SENDER_PHONE_IDENTIFIES: Readonly<Record<Channel, boolean>> = { email: false, phone: true };

// --- Dependencies (the stores' interfaces are in ./ports.ts) -------------------------------------

/** Triage of one intake message (the triage engine with its rules bound in). */
export type TriageFn = (intake: IntakeMessage) => TriageResult;

export interface RouterDeps {
  readonly enquiries: RouterEnquiryStore;
  readonly caseworkers: Roster;
  readonly mailer: Mailer;
  readonly config: HubConfig;
  readonly triage: TriageFn;
  /** The clock (the handler passes the real one; tests a fixed one). */
  readonly now: () => Date;
  /** A number in [0, 1) for drawing references. */
  readonly random: () => number;
  /**
   * How long the router and the escalator may run: the default `inFlightMs` and the duty alerts'
   * sending lease are derived from them.
   */
  readonly timeouts: Pick<FunctionTimeouts, 'router' | 'escalator'>;
  /**
   * How long after an enquiry is created another attempt may still be sending its
   * acknowledgement (default: twice the router's timeout). Must stay below the queue's
   * visibility timeout so the retry of a message that backed off finds the work finished.
   */
  readonly inFlightMs?: number;
  /**
   * The safeguarding duty-alert outbox: alerts recorded with an enquiry are sent from it at once.
   * Without it they are still recorded, and the escalator's sweep sends them.
   */
  readonly dutyAlerts?: DutyAlertStore;
  /** Away dates and deputies: a duty contact's alert goes to their deputy while they are away. */
  readonly availability?: Pick<AvailabilityStore, 'all'>;
}

// --- Outcomes ------------------------------------------------------------------------------------

/** How a contact found its enquiry. */
export type ThreadedBy = 'message-id' | 'reference' | 'requester';

export type RouteOutcome =
  | {
      readonly kind: 'opened';
      readonly enquiryId: string;
      readonly channel: Channel;
      readonly priority: Priority;
      readonly team: string;
      readonly assignee: string | null;
      readonly acknowledged: boolean;
    }
  | {
      readonly kind: 'threaded';
      readonly enquiryId: string;
      readonly channel: Channel;
      readonly threadedBy: ThreadedBy;
      /** Machine-written mail kept on the enquiry (not counted as a contact). */
      readonly automated: boolean;
      readonly priorityRaised: boolean;
      readonly repeatContactAlerted: boolean;
      readonly acknowledged: boolean;
      /** A status reply went to the enquirer (a chaser, once a day). */
      readonly chaserAnswered: boolean;
    }
  | {
      /** Recorded before (a redelivery): nothing written; unfinished emails were sent now. */
      readonly kind: 'duplicate';
      readonly enquiryId: string | null;
      readonly acknowledged: boolean;
      readonly repeatContactAlerted: boolean;
    }
  | {
      /** Machine-written mail that belongs to no enquiry. */
      readonly kind: 'dropped';
      readonly reason: 'automated-unthreaded';
    };

/**
 * Another attempt at the same intake may still be at work (it created the enquiry moments ago and
 * may be sending the acknowledgement): try this message again later. Retryable, so SQS redelivers it.
 */
export class IntakeInProgressError extends ServiceUnavailableError {
  constructor(readonly enquiryId: string) {
    super(`enquiry ${enquiryId} is still being recorded by another attempt; try again later`);
  }
}

// --- Rules of the router -------------------------------------------------------------------------

/** Who writes the router's audit events. */
export const ROUTER_ACTOR = 'router';

/** The escalation step id that records the hub manager was told about repeat contact. */
export const REPEAT_CONTACT_STEP = 'repeat-contact';

/**
 * A new contact from the same address or number joins an open enquiry only when that enquiry is
 * about one family (parent, young person, other relative). Schools, professionals and elected
 * members write about many children: their messages are matched only by reply or reference.
 */
export const THREAD_BY_REQUESTER_ROLES: readonly Role[] = ['parent', 'young-person', 'other'];

const MAX_REFERENCE_ATTEMPTS = 8;
const MAX_APPEND_ATTEMPTS = 5;
/** Other enquiries about the same child looked at for its record (the newest first). */
const CHILD_MATCHES = 10;
const PHONE_SUBJECT_CHARS = 80;

interface Run {
  readonly deps: RouterDeps;
  readonly config: HubConfig;
  readonly policy: ServiceLevelPolicy;
  /** How long after a write another attempt may still be sending its emails. */
  readonly inFlightMs: number;
  /** One instant for everything this run records. */
  readonly now: string;
}

/**
 * The reads of one intake, started together before anything is decided (see the module note).
 * Each is a promise that never rejects unobserved: a read nobody needed is simply dropped.
 */
interface IntakeReads {
  /** Marker, do-not-reply mark, Message-ID pointers and named enquiries (one BatchGetItem). */
  readonly first: Promise<IntakeLookup>;
  /** Open enquiries by the requester's address, number and known facts, in the order they count. */
  readonly requester: Promise<Enquiry[][]>;
  /** Ids of enquiries about the same child (name and date of birth), or none; and the key read. */
  readonly sameChild: Promise<string[]>;
  readonly sameChildKey: string | null;
  /** The triage of this message (null for machine-written mail, which is never triaged). */
  readonly triage: TriageResult | null;
  /** The caseworkers who could take it if it opens an enquiry (empty when nobody would). */
  readonly candidates: Promise<string[]>;
}

/** A promise whose failure is reported only to whoever awaits it (never as an unhandled rejection). */
function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

// --- The use case --------------------------------------------------------------------------------

/**
 * Routes one intake message. Idempotent: a redelivered message changes nothing and sends nothing
 * that was already sent.
 * @returns what happened, for metrics and logs (ids only).
 * @throws IntakeInProgressError when another attempt at the same intake may still be at work
 *   (retry later); repository and mailer errors (retry later); ContentionError.
 */
export async function routeIntake(intake: IntakeMessage, deps: RouterDeps): Promise<RouteOutcome> {
  const run: Run = {
    deps,
    config: deps.config,
    policy: hubServiceLevels(deps.config),
    inFlightMs: deps.inFlightMs ?? 2 * deps.timeouts.router * 1000,
    now: deps.now().toISOString(),
  };
  const reads = startReads(intake, run);
  const { recordedOn, recordedAt } = await reads.first;
  if (recordedOn !== null) {
    return finishRedelivery(asRecorded(intake, recordedAt), recordedOn, run, false, recordedAt);
  }

  const automated = isAutomated(intake);
  const thread = await findThread(intake, run, !automated, reads);
  if (thread !== null) return joinEnquiry(intake, thread, run, reads);
  // Machine-written mail never opens an enquiry.
  if (automated) return { kind: 'dropped', reason: 'automated-unthreaded' };
  return openNewEnquiry(intake, run, reads);
}

/**
 * A copy of an intake recorded before, dated no later than it was recorded: the same message
 * notified or redirected again arrives with a later time, but it is still the contact recorded
 * then (never a new chaser).
 */
function asRecorded(intake: IntakeMessage, recordedAt: string | null): IntakeMessage {
  if (recordedAt === null || Date.parse(intake.receivedAt) <= Date.parse(recordedAt)) return intake;
  return { ...intake, receivedAt: recordedAt };
}

/** The address an acknowledgement of this intake would go to, before any enquiry is read. */
function acknowledgementAddressOf(intake: IntakeMessage, run: Run): string | null {
  if (!run.config.acknowledgement.enabled || isAutomated(intake) || isSpam(intake)) return null;
  const to = intake.requester.email?.trim().toLowerCase() ?? '';
  if (to === '' || isHubAddress(run.config, to) || isDoNotReplyAddress(run.config, to)) return null;
  return to;
}

/** Message-IDs an email replies to: the direct parent first, then References from the newest back. */
function repliedTo(intake: IntakeMessage): string[] {
  return byChannel(intake, {
    email: (mail) =>
      [mail.inReplyTo, ...[...mail.references].reverse()].filter(
        (id): id is string => id !== null && id.trim() !== '',
      ),
    phone: () => [],
  });
}

/** Starts every read the routing of `intake` may need, all at once (see `IntakeReads`). */
function startReads(intake: IntakeMessage, run: Run): IntakeReads {
  const { enquiries } = run.deps;
  const automated = isAutomated(intake);
  const facts = intakeFacts(intake);
  const named = [referenceIn(intake), facts.relatedReference].filter((id): id is string => id !== null);
  const first = started(
    enquiries.lookupIntake({
      intakeId: intake.intakeId,
      doNotReply: acknowledgementAddressOf(intake, run),
      messageIds: repliedTo(intake),
      enquiryIds: named,
    }),
  );
  const requester = started(automated ? Promise.resolve([]) : requesterLookups(intake, facts, run));
  const childKey = automated ? null : childMatchKey(facts.child);
  const sameChild = started(
    childKey === null ? Promise.resolve([]) : enquiries.findIdsByFact('child-match', childKey, CHILD_MATCHES),
  );
  // Triage is CPU only: it runs while the reads above are in flight.
  const triage = automated ? null : run.deps.triage(intake);
  const team = triage === null ? null : teamForDistrict(run.config, triage.district);
  const candidates = started(
    team === null || !team.autoAssign || isSpam(intake)
      ? Promise.resolve([])
      : run.deps.caseworkers
          .listRoster(team.id)
          .then((roster) => assignmentCandidates(roster, triage?.topic ?? 'general').map((cw) => cw.id)),
  );
  return { first, requester, sameChild, sameChildKey: childKey, triage, candidates };
}

function isAutomated(intake: IntakeMessage): boolean {
  return byChannel(intake, { email: (mail) => mail.automated, phone: () => false });
}

function isSpam(intake: IntakeMessage): boolean {
  return byChannel(intake, { email: (mail) => mail.spam, phone: () => false });
}

// --- Threading -----------------------------------------------------------------------------------

interface Thread {
  readonly enquiry: Enquiry;
  readonly by: ThreadedBy;
}

/** The enquiry reference the message names: the subject of an email, the notes of a call. */
function referenceIn(intake: IntakeMessage): string | null {
  return byChannel(intake, {
    email: (mail) =>
      (mail.enquiryReference === null ? null : findReference(mail.enquiryReference)) ??
      findReference(mail.subject),
    phone: (call) => findReference(call.summary),
  });
}

/**
 * Whether a reference named in a message may join it to that enquiry. An email may: replies to the
 * acknowledgement carry it. A call's notes are typed by staff, so a reference there joins only an
 * enquiry of a team the person who logged it works in (`team:` groups: managers, and call handlers
 * given a team), or one whose enquirer is this very caller (same phone or email). A call handler
 * serves every team but works in none, so for them only the caller test counts.
 */
export function mayJoinByReference(intake: IntakeMessage, enquiry: Enquiry): boolean {
  return byChannel(intake, {
    email: () => true,
    phone: (call) =>
      call.handlerTeams?.includes(enquiry.team) === true ||
      sameAddress(call.requester.phone, enquiry.requester.phone) ||
      sameAddress(call.requester.email, enquiry.requester.email),
  });
}

/** A call that names a reference it was not added to says so, without saying whether it exists. */
function referenceNotJoinedEvents(intake: IntakeMessage, enquiry: Enquiry, run: Run): AuditEvent[] {
  // Only staff type a reference into a call; a reference in mail either joins or opens anew.
  if (!REFERENCE_TYPED_BY_STAFF[intake.channel]) return [];
  const named = referenceIn(intake);
  if (named === null || named === enquiry.id) return [];
  const text = `The call notes name ${named}; the call was not added to an enquiry by that reference: a reference in call notes joins only an enquiry of a team the person who logged the call works in, or one whose enquirer has this caller's phone or email.`;
  return applyNote(enquiry, run.now, ROUTER_ACTOR, text).events.map((event) => ({
    ...event,
    detail: { ...event.detail, source: 'intake', kind: 'reference-not-joined' },
  }));
}

async function findThread(
  intake: IntakeMessage,
  run: Run,
  byRequester: boolean,
  reads: IntakeReads,
): Promise<Thread | null> {
  const first = await reads.first;
  for (const match of first.messages) {
    const enquiry = await run.deps.enquiries.getEnquiry(match.enquiryId);
    if (enquiry !== null) return { enquiry, by: 'message-id' };
  }
  const reference = referenceIn(intake);
  if (reference !== null) {
    const enquiry = first.enquiries.find((named) => named.id === reference);
    if (enquiry !== undefined && mayJoinByReference(intake, enquiry)) return { enquiry, by: 'reference' };
  }
  if (!byRequester) return null;
  for (const found of await reads.requester) {
    // Newest first: a chaser belongs to the most recent open matter.
    const newest = found.find(
      (enquiry) => isUnresolved(enquiry) && THREAD_BY_REQUESTER_ROLES.includes(enquiry.role),
    );
    if (newest !== undefined) return { enquiry: newest, by: 'requester' };
  }
  return null;
}

/**
 * Open enquiries of the requester, one list per way of knowing them, in the order they count:
 * their address, their number, then every address and number the person is known by (a number
 * from an earlier email's signature; a phone number given on a call) and the numbers in this
 * email's own signature. All queries run at once; enquiries found only by id are read in one batch.
 */
async function requesterLookups(intake: IntakeMessage, facts: IntakeFacts, run: Run): Promise<Enquiry[][]> {
  const { enquiries } = run.deps;
  const { email, phone } = intake.requester;
  const direct: Promise<Enquiry[]>[] = [];
  if (email !== null && email.trim() !== '' && !isHubAddress(run.config, email)) {
    direct.push(enquiries.findOpenByEmail(email));
  }
  if (phone !== null && phone.trim() !== '') direct.push(enquiries.findOpenByPhone(phone));
  const knownBy: (readonly [ExactFact, string])[] = [
    ...(email !== null && !isHubAddress(run.config, email) ? [['email', email] as const] : []),
    ...[phone, ...facts.phones]
      .filter((number): number is string => number !== null && number !== '')
      .map((number) => ['phone', number] as const),
  ];
  // Each fact read once.
  const distinct = [...new Map(knownBy.map((fact) => [`${fact[0]}#${fact[1]}`, fact])).values()];
  const [lists, idLists] = await Promise.all([
    Promise.all(direct),
    Promise.all(distinct.map(([kind, value]) => enquiries.findIdsByFact(kind, value, 20))),
  ]);
  const ids = idLists.flat();
  const byId = new Map((ids.length === 0 ? [] : await enquiries.getEnquiries(ids)).map((e) => [e.id, e]));
  return [...lists, ...idLists.map((list) => list.flatMap((id) => byId.get(id) ?? []))];
}

/**
 * Everything by which this intake could find, or make, the same enquiry or child record as
 * another one: its own intake id and Message-ID, the ids it replies to, the references it names,
 * the requester's address and numbers (signature numbers included) and the child's name and date
 * of birth. Two intakes sharing any key must be routed one after the other (the router's batches
 * run their records in parallel otherwise); see `threadGroups`.
 */
export function threadKeys(intake: IntakeMessage, config: HubConfig): string[] {
  const facts = intakeFacts(intake);
  const keys = [`intake:${intake.intakeId}`];
  const reference = referenceIn(intake);
  for (const named of [reference, facts.relatedReference]) if (named !== null) keys.push(`ref:${named}`);
  const messageIds = byChannel(intake, {
    email: (mail) => [mail.messageId, mail.inReplyTo, ...mail.references],
    phone: () => [],
  });
  for (const id of messageIds) {
    if (id !== null && id.trim() !== '') keys.push(`msg:${normaliseMessageId(id)}`);
  }
  const { email, phone } = intake.requester;
  for (const address of [email?.trim().toLowerCase() ?? null, ...facts.emails]) {
    if (address !== null && address !== '' && !isHubAddress(config, address)) keys.push(`email:${address}`);
  }
  for (const number of [phone?.trim() ?? null, ...facts.phones]) {
    if (number !== null && number !== '') keys.push(`phone:${number}`);
  }
  const child = childMatchKey(facts.child);
  if (child !== null) keys.push(`child:${child}`);
  return [...new Set(keys)];
}

// --- People and the child -------------------------------------------------------------------------

/** What an intake message says about its sender and the child, normalised. */
interface IntakeFacts {
  readonly emails: readonly string[];
  /** The sender's number, then numbers written in their own text (a signature). */
  readonly phones: readonly string[];
  readonly child: ChildFacts;
  /** A reference named in the body (not the subject): another enquiry about the same child. */
  readonly relatedReference: string | null;
}

/**
 * Facts by intake message. Threading, the reads and the write each need them, and reading them
 * means scanning the body (phone numbers, the child, a named reference): once per message is enough.
 * Keyed by the parsed message object, which nothing changes after parsing.
 */
const factsByIntake = new WeakMap<IntakeMessage, IntakeFacts>();

function intakeFacts(intake: IntakeMessage): IntakeFacts {
  const known = factsByIntake.get(intake);
  if (known !== undefined) return known;
  const facts = readIntakeFacts(intake);
  factsByIntake.set(intake, facts);
  return facts;
}

function readIntakeFacts(intake: IntakeMessage): IntakeFacts {
  const email = intake.requester.email === null ? null : normaliseEmail(intake.requester.email);
  const emails = email === null ? [] : [email];
  return byChannel<IntakeFacts>(intake, {
    email: (mail) =>
      mail.automated
        ? { emails: [], phones: [], child: NO_CHILD, relatedReference: null }
        : {
            emails,
            phones: phonesInText(mail.body),
            child: childFromText(mail.body),
            relatedReference: findReference(mail.body),
          },
    phone: ({ child, requester, summary }) => ({
      emails,
      phones: requester.phone === null ? [] : [requester.phone],
      child: {
        name: child.name,
        dateOfBirth: child.dateOfBirth === null ? null : parseDateOfBirth(child.dateOfBirth),
        school: child.school,
        postcode: child.postcode === null ? null : normalisePostcode(child.postcode),
      },
      relatedReference: findReference(summary),
    }),
  });
}

/**
 * The child record an enquiry about `child` belongs to, on a confident match: another enquiry
 * about a child of the same name and date of birth, or the enquiry whose reference the message
 * names. `null` when there is none (the new enquiry then starts the child's record itself).
 */
async function matchingChildRecord(
  child: ChildFacts,
  relatedReference: string | null,
  selfId: string | null,
  run: Run,
  reads: IntakeReads,
): Promise<string | null> {
  const { enquiries } = run.deps;
  const key = childMatchKey(child);
  if (key !== null) {
    // The message's own facts were looked up with the first reads; facts merged with an
    // enquiry's may make another key.
    const found =
      key === reads.sameChildKey
        ? await reads.sameChild
        : await enquiries.findIdsByFact('child-match', key, CHILD_MATCHES);
    const ids = found.filter((id) => id !== selfId);
    if (ids.length > 0) {
      for (const other of await enquiries.getEnquiries(ids)) {
        if (other.childId !== null) return other.childId;
      }
    }
  }
  if (relatedReference !== null && relatedReference !== selfId) {
    const related = (await reads.first).enquiries.find((named) => named.id === relatedReference);
    if (related !== undefined) return related.childId ?? childIdFromReference(related.id);
  }
  return null;
}

/** The child record of a new enquiry: a match, else its own when it knows the child's name. */
async function childRecordForNew(
  facts: IntakeFacts,
  id: string,
  run: Run,
  reads: IntakeReads,
): Promise<string | null> {
  const matched = await matchingChildRecord(facts.child, facts.relatedReference, null, run, reads);
  if (matched !== null) return matched;
  return facts.child.name !== null && nameKey(facts.child.name) !== null ? childIdFromReference(id) : null;
}

/**
 * `true` when a contact comes from the enquiry's own enquirer: matched by their address or
 * number, or sharing one the enquiry knows. A third party's message (a SENCO replying with the
 * reference) adds nothing to what the enquirer is known by.
 */
function fromEnquirer(enquiry: Enquiry, facts: IntakeFacts, by: ThreadedBy): boolean {
  if (by === 'requester') return true;
  return (
    facts.emails.some((email) => enquiry.knownEmails.includes(email) || enquiry.requester.email === email) ||
    facts.phones.some((phone) => enquiry.knownPhones.includes(phone) || enquiry.requester.phone === phone)
  );
}

// --- Contacts ------------------------------------------------------------------------------------

/** Contact id derived from the intake id: a retry writes the very same item. */
function contactIdFor(intakeId: string): string {
  return `in-${createHash('sha256').update(intakeId).digest('hex').slice(0, 24)}`;
}

function phoneBody(intake: PhoneIntake): string {
  const { child } = intake;
  const childFacts = [
    child.name,
    child.dateOfBirth === null ? null : `born ${child.dateOfBirth}`,
    child.school,
    child.postcode,
  ].filter((fact): fact is string => fact !== null && fact.trim() !== '');
  const facts = [
    ...(childFacts.length > 0 ? [`Child: ${childFacts.join(', ')}`] : []),
    ...(intake.callerRole === null ? [] : [`Caller's role (as logged): ${intake.callerRole}`]),
    `Callback requested: ${intake.callbackRequested ? 'yes' : 'no'}`,
  ];
  return `${intake.summary}\n\n--\n${facts.join('\n')}`;
}

function inboundContact(intake: IntakeMessage, enquiryId: string): Contact {
  const base = {
    id: contactIdFor(intake.intakeId),
    enquiryId,
    at: toInstant(intake.receivedAt),
    direction: 'inbound' as const,
    from: intake.requester,
    bodyTruncated: false,
    intakeId: intake.intakeId,
  };
  return byChannel<Contact>(intake, {
    email: (mail) => ({
      ...base,
      channel: 'email',
      automated: mail.automated,
      author: null,
      subject: mail.subject,
      body: mail.body,
      messageId: mail.messageId,
      attachments: mail.attachments,
      raw: mail.raw,
    }),
    phone: (call) => ({
      ...base,
      channel: 'phone',
      automated: false,
      author: call.handledBy,
      subject: null,
      body: phoneBody(call),
      messageId: null,
      attachments: [],
      raw: null,
    }),
  });
}

/** Message-IDs of the contact itself, so a reply to it threads here too. */
/**
 * What follows the creating transaction of the enquiry `intake` opened: the intake's own
 * Message-IDs were pointed in the transaction; the acknowledgement's (known before it is sent, so
 * a reply threads back even if it is sent later) is pointed by the follow-up, when the enquiry
 * has an address to acknowledge at.
 */
function creationFollowUp(enquiry: Enquiry, intake: IntakeMessage, run: Run): CreationFollowUp {
  const address = enquiry.requester.email?.trim() ?? '';
  return {
    enquiry,
    intakeId: intake.intakeId,
    messageIds: ownMessageIds(intake),
    laterMessageIds: address === '' ? [] : [acknowledgementMessageId(run.config, enquiry.id)],
  };
}

function ownMessageIds(intake: IntakeMessage): string[] {
  return byChannel(intake, {
    email: (mail) => (mail.messageId === null ? [] : [mail.messageId]),
    phone: () => [],
  });
}

function enquirySubject(intake: IntakeMessage): string {
  return byChannel(intake, {
    email: (mail) => (mail.subject.trim() === '' ? '(no subject)' : mail.subject.trim()),
    phone: (call) => {
      const firstLine = call.summary.trim().split(/\r?\n/)[0]?.trim() ?? '';
      const cut =
        firstLine.length > PHONE_SUBJECT_CHARS
          ? `${firstLine.slice(0, PHONE_SUBJECT_CHARS - 1).trimEnd()}…`
          : firstLine;
      return `Phone call: ${cut === '' ? '(no summary)' : cut}`;
    },
  });
}

/** A hub colleague's note above a forward: for people, on the timeline (never used for triage). */
function forwardNoteEvents(intake: IntakeMessage, enquiry: Enquiry, run: Run): AuditEvent[] {
  const forwardNote = byChannel(intake, { email: (mail) => mail.forwardNote?.trim() ?? '', phone: () => '' });
  if (forwardNote === '') return [];
  return applyNote(enquiry, run.now, ROUTER_ACTOR, forwardNote).events.map((note) => ({
    ...note,
    detail: { ...note.detail, source: 'forward-note' },
  }));
}

/**
 * What intake said about the message (a date it did not trust, a sender it could not verify, text
 * it could not decode): one note each on the timeline, where the caseworker sees it.
 */
function intakeNoteEvents(intake: IntakeMessage, enquiry: Enquiry, run: Run): AuditEvent[] {
  const notes = byChannel(intake, { email: (mail) => mail.notes ?? [], phone: () => [] });
  return notes.flatMap((note) =>
    applyNote(enquiry, run.now, ROUTER_ACTOR, note.text).events.map((event) => ({
      ...event,
      detail: { ...event.detail, source: 'intake', kind: note.kind },
    })),
  );
}

// --- Opening a new enquiry -----------------------------------------------------------------------

async function openNewEnquiry(intake: IntakeMessage, run: Run, reads: IntakeReads): Promise<RouteOutcome> {
  const { deps, config } = run;
  const triaged = reads.triage ?? deps.triage(intake);
  const triage: TriageResult = isSpam(intake)
    ? {
        ...triaged,
        reasons: [
          ...triaged.reasons,
          'note: the mail system flagged this message as possible spam (no acknowledgement sent)',
        ],
      }
    : triaged;
  const team = teamForDistrict(config, triage.district);
  // Spam is left for a person to look at rather than handed to someone (see `startReads`).
  let candidates = await reads.candidates;

  const facts = intakeFacts(intake);
  for (let referenceAttempt = 1; ; referenceAttempt += 1) {
    const id = newReference(deps.random);
    const childId = await childRecordForNew(facts, id, run, reads);
    const opened = openEnquiry(
      {
        id,
        triage,
        team: team.id,
        channel: intake.channel,
        requester: intake.requester,
        subject: enquirySubject(intake),
        receivedAt: intake.receivedAt,
        now: run.now,
        actor: ROUTER_ACTOR,
        contactId: contactIdFor(intake.intakeId),
        child: facts.child,
        childId,
        knownEmails: facts.emails,
        knownPhones: facts.phones,
      },
      run.policy,
    );
    const extraEvents = [
      ...forwardNoteEvents(intake, opened.enquiry, run),
      ...intakeNoteEvents(intake, opened.enquiry, run),
      ...referenceNotJoinedEvents(intake, opened.enquiry, run),
      ...phoneOnlyNote(intake, opened.enquiry, run),
    ];
    const contact = inboundContact(intake, id);
    // Try the best candidate first; on a full caseload the next; with nobody left, the team queue.
    let stored: Enquiry | null = null;
    let alertRecorded = false;
    let referenceTaken = false;
    const messageIds = ownMessageIds(intake);
    for (const assignee of [...candidates, null]) {
      const assigned =
        assignee === null ? null : applyAssign(opened.enquiry, assignee, run.now, ROUTER_ACTOR);
      // A concern: the first duty alert is recorded with the enquiry itself (exactly once).
      const alert = planConcernAlert(config, assigned?.enquiry ?? opened.enquiry, run.now, ROUTER_ACTOR);
      try {
        stored = await deps.enquiries.createEnquiry({
          enquiry: alert?.transition.enquiry ?? assigned?.enquiry ?? opened.enquiry,
          contact,
          events: [
            ...opened.events,
            ...(assigned?.events ?? []),
            ...(alert?.transition.events ?? []),
            ...extraEvents,
          ],
          intakeId: intake.intakeId,
          messageIds,
          dutyAlerts: alert === null ? [] : [alert.notice],
          // Written below, with the acknowledgement's timeline entries when one is sent.
          followUpByCaller: true,
        });
        alertRecorded = alert !== null;
        break;
      } catch (error) {
        if (error instanceof DuplicateIntakeError) {
          return finishRedelivery(intake, error.enquiryId, run, true);
        }
        if (error instanceof ReferenceTakenError) {
          if (referenceAttempt >= MAX_REFERENCE_ATTEMPTS) {
            throw new ContentionError('drawing a free enquiry reference', { cause: error });
          }
          referenceTaken = true;
          break;
        }
        if (
          assignee !== null &&
          (error instanceof CaseloadFullError || error instanceof CaseworkerNotFoundError)
        ) {
          candidates = candidates.filter((candidate) => candidate !== assignee);
          continue;
        }
        throw error;
      }
    }
    if (referenceTaken || stored === null) continue;

    // Its search keys and back-references: in the acknowledgement's batch when one is recorded
    // (one request fewer), otherwise on their own. A crash before leaves them to the redelivery.
    const followUp = creationFollowUp(stored, intake, run);
    // Only a concern records a duty alert with the enquiry: otherwise there is nothing to send.
    if (alertRecorded) await sendDutyAlerts(stored.id, run);
    const acknowledged = await acknowledgeIfDue(stored, intake, run, 'opened', await reads.first, followUp);
    if (!acknowledged) await deps.enquiries.completeCreation(followUp);
    return {
      kind: 'opened',
      enquiryId: stored.id,
      channel: stored.channel,
      priority: stored.priority,
      team: stored.team,
      assignee: stored.assignee,
      acknowledged,
    };
  }
}

/**
 * A caller who gave no email address gets no acknowledgement email: the enquiry stays
 * unacknowledged (so an email from them later is acknowledged) and the timeline says why.
 */
function phoneOnlyNote(intake: IntakeMessage, enquiry: Enquiry, run: Run): AuditEvent[] {
  // Mail always has an address to acknowledge; a caller may give none.
  if (!MAY_COME_WITHOUT_EMAIL[intake.channel] || intake.requester.email !== null) return [];
  return applyNote(
    enquiry,
    run.now,
    ROUTER_ACTOR,
    `No acknowledgement email: the caller gave no email address. Give them the reference ${enquiry.id} and the response date when you call back.`,
  ).events.map((note) => ({ ...note, detail: { ...note.detail, source: 'acknowledgement' } }));
}

// --- Joining an existing enquiry -----------------------------------------------------------------

interface JoinChange {
  readonly enquiry: Enquiry;
  readonly events: AuditEvent[];
  readonly priorityRaised: boolean;
  /** A new safeguarding concern's duty alert, written with the contact. */
  readonly dutyAlerts: DutyAlertNotice[];
}

/** Reasons of a later contact's triage that explain its priority. */
function chaserReasons(triage: TriageResult): string[] {
  const reasons = triage.reasons
    .filter((reason) => /^(urgent|high):/.test(reason))
    .map((reason) => `a later contact: ${reason}`);
  return reasons.length > 0 ? reasons : [`a later contact was triaged ${triage.priority}`];
}

function joinChange(
  current: Enquiry,
  intake: IntakeMessage,
  contact: Contact,
  chaser: TriageResult | null,
  details: { facts: IntakeFacts; by: ThreadedBy; childId: string | null },
  run: Run,
): JoinChange {
  const contacted = applyContact(
    current,
    { at: contact.at, channel: contact.channel, automated: contact.automated, contactId: contact.id },
    ROUTER_ACTOR,
    run.policy,
  );
  let enquiry = contacted.enquiry;
  const events = [...contacted.events];
  let priorityRaised = false;
  const raise = (priority: Priority, reasons: string[]) => {
    const raised = applyPriorityRaise(enquiry, priority, reasons, run.now, ROUTER_ACTOR, run.policy);
    if (raised === null) return;
    enquiry = raised.enquiry;
    events.push(...raised.events);
    priorityRaised = true;
  };
  if (!contact.automated) {
    // Re-triage: a chaser that speaks of risk of harm (or a complaint...) raises the enquiry.
    if (chaser !== null && priorityRank(chaser.priority) < priorityRank(enquiry.priority)) {
      raise(chaser.priority, chaserReasons(chaser));
    }
    const { threshold, minimumPriority } = run.config.repeatContact;
    if (enquiry.status === 'open' && enquiry.contactsSinceResponse >= threshold) {
      raise(minimumPriority, [
        `${minimumPriority}: repeat contact (${enquiry.contactsSinceResponse} contacts without a response)`,
      ]);
    }
  }
  const dutyAlerts: DutyAlertNotice[] = [];
  // A reply or call that reveals a new concern: flag it, make it urgent, tell the duty contact.
  const concern =
    chaser === null || contact.automated
      ? null
      : applyConcernFromContact(enquiry, chaser.safeguarding, contact.id, run.now, ROUTER_ACTOR, run.policy);
  if (concern !== null) {
    enquiry = concern.transition.enquiry;
    events.push(...concern.transition.events);
    priorityRaised ||= concern.transition.events.some((change) => change.type === 'priority-raised');
    const alert = planConcernAlert(run.config, enquiry, run.now, ROUTER_ACTOR);
    if (alert !== null) {
      enquiry = alert.transition.enquiry;
      events.push(...alert.transition.events);
      dutyAlerts.push(alert.notice);
    }
  }
  if (!contact.automated) {
    // What the contact says about the child fills gaps; who the enquirer is grows only from them.
    const own = fromEnquirer(current, details.facts, details.by);
    const detailed = applyDetails(
      enquiry,
      {
        emails: own ? details.facts.emails : [],
        phones: own ? details.facts.phones : [],
        child: details.facts.child,
        ...(details.childId === null ? {} : { childId: details.childId }),
      },
      run.now,
      ROUTER_ACTOR,
    );
    if (detailed !== null) {
      enquiry = detailed.enquiry;
      events.push(...detailed.events);
    }
  }
  events.push(
    ...forwardNoteEvents(intake, enquiry, run),
    ...intakeNoteEvents(intake, enquiry, run),
    ...referenceNotJoinedEvents(intake, enquiry, run),
  );
  return { enquiry, events, priorityRaised, dutyAlerts };
}

/** The child record a joined enquiry should take now (only while it has none and is linked automatically). */
async function childRecordForJoin(
  enquiry: Enquiry,
  facts: IntakeFacts,
  run: Run,
  reads: IntakeReads,
): Promise<string | null> {
  if (enquiry.childLink !== 'auto' || enquiry.childId !== null) return null;
  const child = mergeChildFacts(enquiry.child, facts.child);
  const matched = await matchingChildRecord(child, facts.relatedReference, enquiry.id, run, reads);
  if (matched !== null) return matched;
  return child.name !== null && nameKey(child.name) !== null ? childIdFromReference(enquiry.id) : null;
}

async function joinEnquiry(
  intake: IntakeMessage,
  thread: Thread,
  run: Run,
  reads: IntakeReads,
): Promise<RouteOutcome> {
  const { enquiries } = run.deps;
  const automated = isAutomated(intake);
  const chaser = automated ? null : (reads.triage ?? run.deps.triage(intake));
  const contact = inboundContact(intake, thread.enquiry.id);
  const facts = intakeFacts(intake);
  const childId = automated ? null : await childRecordForJoin(thread.enquiry, facts, run, reads);
  let current = thread.enquiry;
  for (let attempt = 1; ; attempt += 1) {
    const change = joinChange(current, intake, contact, chaser, { facts, by: thread.by, childId }, run);
    let stored: Enquiry;
    try {
      stored = await enquiries.appendContact({
        before: current,
        after: change.enquiry,
        contact,
        events: change.events,
        intakeId: intake.intakeId,
        messageIds: ownMessageIds(intake),
        dutyAlerts: change.dutyAlerts,
      });
    } catch (error) {
      if (error instanceof DuplicateIntakeError) {
        return finishRedelivery(intake, error.enquiryId ?? current.id, run, true);
      }
      if (!(error instanceof VersionConflictError)) throw error;
      if (attempt >= MAX_APPEND_ATTEMPTS) {
        throw new ContentionError(`adding a contact to ${current.id}`, { cause: error });
      }
      // Someone changed the enquiry since we read it: read again and re-apply.
      const reread = await enquiries.getEnquiry(current.id);
      if (reread === null) throw new EnquiryNotFoundError(current.id);
      current = reread;
      continue;
    }
    if (change.dutyAlerts.length > 0) await sendDutyAlerts(stored.id, run);
    if (automated) {
      return {
        kind: 'threaded',
        enquiryId: stored.id,
        channel: stored.channel,
        threadedBy: thread.by,
        automated: true,
        priorityRaised: false,
        repeatContactAlerted: false,
        acknowledged: false,
        chaserAnswered: false,
      };
    }
    const acknowledged = await acknowledgeIfDue(stored, intake, run, 'joined', await reads.first);
    const repeatContactAlerted = await alertRepeatContactIfDue(stored, run);
    const chaserAnswered = acknowledged ? false : await answerChaserIfDue(stored, intake, run, false);
    return {
      kind: 'threaded',
      enquiryId: stored.id,
      channel: intake.channel,
      threadedBy: thread.by,
      automated: false,
      priorityRaised: change.priorityRaised,
      repeatContactAlerted,
      acknowledged,
      chaserAnswered,
    };
  }
}

// --- Redelivery ----------------------------------------------------------------------------------

/**
 * The intake was recorded before. Nothing is written again; what the earlier attempt may have left
 * undone (acknowledgement, repeat-contact alert) is finished. `lostRace`: our own write just found
 * the marker, so the attempt that wrote it is running right now and owns those emails.
 */
async function finishRedelivery(
  intake: IntakeMessage,
  enquiryId: string | null,
  run: Run,
  lostRace: boolean,
  recordedAt: string | null = null,
): Promise<RouteOutcome> {
  const nothing = { kind: 'duplicate', enquiryId, acknowledged: false, repeatContactAlerted: false } as const;
  if (enquiryId === null || isAutomated(intake)) return nothing;
  const enquiry = await run.deps.enquiries.getEnquiry(enquiryId);
  if (enquiry === null) return nothing;
  // This intake opened the enquiry (its marker was written with it): the earlier attempt may have
  // stopped before the follow-up of the creating transaction. Finished before anything is sent.
  if (!lostRace && recordedAt !== null && recordedAt === enquiry.createdAt) {
    await run.deps.enquiries.repairCreation(creationFollowUp(enquiry, intake, run));
  }
  // A duty alert the earlier attempt recorded but may not have sent (its lease keeps it to one send).
  await sendDutyAlerts(enquiry.id, run);
  if (lostRace) {
    const pending =
      (await acknowledgementRecipient(enquiry, intake, run)) !== null ||
      repeatContactAlertDue(enquiry, run) ||
      (await chaserReplyRecipient(enquiry, intake, run)) !== null;
    if (pending) throw new IntakeInProgressError(enquiry.id);
    return nothing;
  }
  if (enquiry.acknowledgedAt !== null) await restoreAcknowledgementTimeline(enquiry, intake, run);
  const acknowledged = await acknowledgeIfDue(enquiry, intake, run, 'redelivered');
  const repeatContactAlerted = await alertRepeatContactIfDue(enquiry, run);
  if (!acknowledged) await answerChaserIfDue(enquiry, intake, run, true);
  return { kind: 'duplicate', enquiryId, acknowledged, repeatContactAlerted };
}

// --- Safeguarding duty alerts --------------------------------------------------------------------

/** Sends the enquiry's duty alerts still in the outbox (a failure leaves them for the sweep). */
async function sendDutyAlerts(enquiryId: string, run: Run): Promise<void> {
  if (run.deps.dutyAlerts === undefined) return;
  await sendPendingDutyAlerts(
    {
      config: run.config,
      alerts: run.deps.dutyAlerts,
      mailer: run.deps.mailer,
      clock: run.deps.now,
      owner: `router-${randomUUID()}`,
      leaseMs: dutyAlertLeaseMs(run.deps.timeouts),
      ...(run.deps.availability === undefined ? {} : { cover: dutyCover(run.config, run.deps.availability) }),
    },
    enquiryId,
  );
}

/** Deputies for duty contacts who are away, read only when an alert is being sent. */
function dutyCover(config: HubConfig, availability: Pick<AvailabilityStore, 'all'>) {
  let book: Promise<AvailabilityBook> | undefined;
  return async (email: string, at: string) => {
    book ??= availability.all().then(availabilityBook);
    return deputyFor(config, await book, email, at);
  };
}

// --- Acknowledgement -----------------------------------------------------------------------------

/**
 * Who gets the acknowledgement of `enquiry` on account of this contact, or `null` for nobody:
 * only an unacknowledged enquiry; only when acknowledgements are on; never for machine-written
 * or spam-flagged mail; only to the enquirer's own address, and only when this contact came from
 * it (a third party's message never triggers mail to the enquirer); never to the hub's own
 * addresses, the configured do-not-reply list, or an address marked do-not-reply after a bounce
 * or complaint.
 */
async function acknowledgementRecipient(
  enquiry: Enquiry,
  intake: IntakeMessage,
  run: Run,
  first?: IntakeLookup,
): Promise<string | null> {
  if (enquiry.acknowledgedAt !== null || !run.config.acknowledgement.enabled) return null;
  // SES refused it for good once: staff resend it from the enquiry; no redelivery or chaser retries.
  if (enquiry.acknowledgementFailedAt !== undefined && enquiry.acknowledgementFailedAt !== null) return null;
  if (isAutomated(intake) || isSpam(intake)) return null;
  const to = addressKey(enquiry.requester.email ?? '');
  if (to === '' || addressKey(intake.requester.email ?? '') !== to) return null;
  if (isDoNotReplyAddress(run.config, to)) return null;
  // Usually read with the intake's first reads; otherwise asked now.
  const mark = first?.doNotReply;
  if (mark?.email === to ? mark.marked : await run.deps.enquiries.isDoNotReply(to)) return null;
  return to;
}

/** The acknowledgement's audit detail and timeline contact (`providerMessageId` null when not known). */
function acknowledgementRecord(
  enquiry: Enquiry,
  email: OutgoingEmail,
  providerMessageId: string | null,
  at: string,
): { transition: Transition | null; contact: Contact } {
  return {
    transition: applyAcknowledged(enquiry, at, ROUTER_ACTOR, {
      channel: 'email',
      messageId: email.messageId,
      providerMessageId,
      responseDueAt: enquiry.responseDueAt,
    }),
    contact: acknowledgementContact(enquiry.id, email, at),
  };
}

/**
 * Sends the acknowledgement if it is due, then records it: in place on the enquiry (no
 * transaction, no index key moved) with its timeline entries beside it; see
 * `EnquiryRepository.recordAcknowledgement`.
 * - `opened`: this run created the enquiry;
 * - `joined`: a further contact; if the enquiry is brand new its creator is still sending, so skip;
 * - `redelivered`: finishing an earlier attempt; if that attempt may still be running, back off.
 */
async function acknowledgeIfDue(
  enquiry: Enquiry,
  intake: IntakeMessage,
  run: Run,
  mode: 'opened' | 'joined' | 'redelivered',
  first?: IntakeLookup,
  followUp?: CreationFollowUp,
): Promise<boolean> {
  const to = await acknowledgementRecipient(enquiry, intake, run, first);
  if (to === null) return false;
  if (mode !== 'opened') {
    const age = Date.parse(run.now) - Date.parse(enquiry.createdAt);
    if (age < run.inFlightMs) {
      if (mode === 'redelivered') throw new IntakeInProgressError(enquiry.id);
      return false;
    }
  }
  const email = acknowledgementEmail(run.config, enquiry, to, intake.channel);
  let sent: SentEmail;
  try {
    sent = await run.deps.mailer.send(email);
  } catch (error) {
    if (!(error instanceof EmailRejectedError)) throw error;
    // Retrying a permanent refusal only fills the DLQ: say so on the enquiry instead.
    await run.deps.enquiries.modify(enquiry.id, (current) =>
      applyAcknowledgementFailed(current, run.now, ROUTER_ACTOR, error.reason),
    );
    return false;
  }
  const { transition, contact } = acknowledgementRecord(enquiry, email, sent.providerMessageId, run.now);
  if (transition === null) {
    if (followUp !== undefined) await run.deps.enquiries.completeCreation(followUp);
    return true;
  }
  const recorded = await run.deps.enquiries.recordAcknowledgement({
    before: enquiry,
    after: transition.enquiry,
    events: transition.events,
    contacts: [contact],
    // The enquiry's creation pointed the acknowledgement's Message-ID at it; an older one may not have.
    messageIds: mode === 'opened' ? [] : [email.messageId],
    ...(followUp === undefined ? {} : { completes: followUp }),
  });
  if (recorded === null) {
    // Changed since we read it (a claim a moment ago): record the fields on what is there now.
    // The timeline entries are written already.
    await run.deps.enquiries.modify(enquiry.id, (current) => {
      const again = applyAcknowledged(current, run.now, ROUTER_ACTOR);
      return again === null ? null : { enquiry: again.enquiry, events: [] };
    });
  }
  return true;
}

/**
 * An acknowledgement recorded on the enquiry whose timeline entries a crash left out (they are
 * written beside the in-place update, not with it) gets them back: rebuilt from the enquiry, at
 * the instant it was acknowledged. Only for a contact from the address acknowledged, which is the
 * contact that acknowledgement answered.
 */
async function restoreAcknowledgementTimeline(
  enquiry: Enquiry,
  intake: IntakeMessage,
  run: Run,
): Promise<void> {
  const at = enquiry.acknowledgedAt;
  const to = enquiry.requester.email?.trim().toLowerCase() ?? '';
  if (at === null || to === '' || intake.requester.email?.trim().toLowerCase() !== to) return;
  const before = { ...enquiry, acknowledgedAt: null };
  const email = acknowledgementEmail(run.config, enquiry, to, intake.channel);
  const { transition, contact } = acknowledgementRecord(before, email, null, at);
  await run.deps.enquiries.restoreTimelineEntries(enquiry, at, {
    events: transition?.events ?? [],
    contacts: [contact],
  });
}

// --- Status replies to chasers -------------------------------------------------------------------

/** The hub's local date of an instant: "once a day" is the council's day. */
function hubDay(run: Run, instant: string): string {
  return localDate(run.config.calendar.timeZone, instant);
}

/**
 * Who gets a status reply to this contact, or `null`: only when replies are on; only for a
 * person's contact (never machine-written or spam); only an enquiry that was acknowledged
 * before (the first contact's answer is the acknowledgement); at most once a local day; and only
 * to the enquirer's own address, when this contact came from them (by their address, or a call
 * from a number they are known by), with the same do-not-reply rules as acknowledgements.
 */
async function chaserReplyRecipient(
  enquiry: Enquiry,
  intake: IntakeMessage,
  run: Run,
): Promise<string | null> {
  if (!run.config.chaserReplies.enabled || isAutomated(intake) || isSpam(intake)) return null;
  // The acknowledgement answers the contacts before it (the first one among them); only later ones chase.
  if (enquiry.acknowledgedAt === null || enquiry.status === 'resolved') return null;
  if (Date.parse(enquiry.acknowledgedAt) >= Date.parse(intake.receivedAt)) return null;
  if (enquiry.chaserRepliedOn === hubDay(run, intake.receivedAt)) return null;
  // An old contact redelivered days later is not today's chaser.
  if (hubDay(run, intake.receivedAt) !== hubDay(run, run.now)) return null;
  const to = addressKey(enquiry.requester.email ?? '');
  if (to === '') return null;
  const sender = intake.requester;
  const senderEmail = sender.email === null ? null : addressKey(sender.email);
  const fromThem =
    (senderEmail !== null && (senderEmail === to || enquiry.knownEmails.includes(senderEmail))) ||
    (SENDER_PHONE_IDENTIFIES[intake.channel] &&
      sender.phone !== null &&
      (sender.phone === enquiry.requester.phone || enquiry.knownPhones.includes(sender.phone)));
  if (!fromThem) return null;
  if (isDoNotReplyAddress(run.config, to) || (await run.deps.enquiries.isDoNotReply(to))) return null;
  return to;
}

/**
 * Answers a chaser with the reference, where the enquiry stands and the date promised now, then
 * records it (once a day per enquiry: the deterministic Message-ID names the day). On a
 * redelivery of the contact, a reply the earlier attempt sent but did not record is sent again
 * with the same Message-ID and recorded.
 */
async function answerChaserIfDue(
  enquiry: Enquiry,
  intake: IntakeMessage,
  run: Run,
  redelivered: boolean,
): Promise<boolean> {
  const to = await chaserReplyRecipient(enquiry, intake, run);
  if (to === null) return false;
  if (redelivered && Date.parse(run.now) - Date.parse(enquiry.updatedAt) < run.inFlightMs) {
    // The attempt that stored the contact may be sending right now.
    throw new IntakeInProgressError(enquiry.id);
  }
  const day = hubDay(run, intake.receivedAt);
  const email = chaserReplyEmail(run.config, enquiry, to, day);
  const sent = await run.deps.mailer.send(email);
  await run.deps.enquiries.modify(
    enquiry.id,
    (current) =>
      applyChaserAnswered(current, day, run.now, ROUTER_ACTOR, {
        channel: intake.channel,
        messageId: email.messageId,
        providerMessageId: sent.providerMessageId,
      }),
    {
      contacts: [automaticEmailContact(enquiry.id, `chaser-reply-${day}`, email, run.now)],
      messageIds: [email.messageId],
    },
  );
  return true;
}

// --- Repeat contact ------------------------------------------------------------------------------

function repeatContactAlertDue(enquiry: Enquiry, run: Run): boolean {
  return (
    enquiry.status === 'open' &&
    enquiry.contactsSinceResponse >= run.config.repeatContact.threshold &&
    !enquiry.escalationSteps.includes(REPEAT_CONTACT_STEP)
  );
}

/**
 * Tells the hub manager at once when an enquirer has contacted the hub `threshold` times without a
 * response. Once per response window: the `repeat-contact` escalation step records it (a reopened
 * enquiry starts a new window, and a new run of unanswered contacts is news again).
 */
async function alertRepeatContactIfDue(enquiry: Enquiry, run: Run): Promise<boolean> {
  if (!repeatContactAlertDue(enquiry, run)) return false;
  await run.deps.mailer.send(repeatContactAlertEmail(run.config, enquiry));
  await run.deps.enquiries.modify(enquiry.id, (current) =>
    applyEscalation(current, REPEAT_CONTACT_STEP, run.now, current.nextEscalationAt, ROUTER_ACTOR, {
      notify: 'hub-manager',
      reason: 'repeat-contact',
      contactsSinceResponse: current.contactsSinceResponse,
    }),
  );
  return true;
}

/**
 * Binds the triage engine to its rules, the hub's addresses and calendar, and a time budget per
 * message on the given clock (a message over budget is routed urgent for a person to read).
 */
export function bindTriage(
  rules: TriageRules,
  config: HubConfig,
  budget?: { readonly clock: () => number; readonly budgetMs: number },
): TriageFn {
  const context: TriageContext = {
    councilDomains: config.hub.councilDomains,
    hubAddresses: hubAddresses(config),
    calendar: config.calendar,
    ...(budget === undefined ? {} : { budget }),
  };
  return (intake) => triage(intake, rules, context);
}
