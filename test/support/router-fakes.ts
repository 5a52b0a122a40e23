/**
 * In-memory stand-ins for the router's ports, for unit tests of the use case. They keep the
 * contract of the DynamoDB repository that matters to the router: the intake marker, reference
 * uniqueness, version conditions, caseload caps and Message-ID pointers, with the same errors.
 * Faults can be injected to play crashes and races. Integration tests use the real repository.
 */

import type { ModifyOptions } from '../../shared/adapters/enquiry-repository';
import { exactPartition, searchKeyItems } from '../../shared/adapters/search-keys';
import {
  type AuditEvent,
  type Caseworker,
  type Contact,
  type Enquiry,
  isUnresolved,
  type Transition,
} from '../../shared/domain/enquiry';
import {
  CaseloadFullError,
  CaseworkerNotFoundError,
  ContentionError,
  DuplicateIntakeError,
  EnquiryNotFoundError,
  ReferenceTakenError,
  VersionConflictError,
} from '../../shared/domain/errors';
import { normaliseMessageId } from '../../shared/mail/hub-mail';
import {
  EmailRejectedError,
  type Mailer,
  type OutgoingEmail,
  type SentEmail,
} from '../../shared/mail/outgoing-email';
import type {
  AcknowledgementRecord,
  CreationFollowUp,
  ExactFact,
  IntakeLookup,
  IntakeLookupRequest,
  MessageMatch,
  RouterEnquiryStore,
} from '../../shared/routing/ports';
import type { Roster } from '../../shared/workload/ports';

interface WriteInput {
  before: Enquiry | null;
  after: Enquiry;
  events: readonly AuditEvent[];
  contacts: readonly Contact[];
  messageIds: readonly string[];
  intakeId: string | null;
}

/** Runs before a write is applied; may throw to play a fault. */
export type WriteHook = (write: WriteInput) => void | Promise<void>;

export class InMemoryEnquiryStore implements RouterEnquiryStore {
  readonly enquiries = new Map<string, Enquiry>();
  readonly contacts = new Map<string, Contact[]>();
  readonly events = new Map<string, AuditEvent[]>();
  readonly pointers = new Map<string, string>();
  readonly intakes = new Map<string, string>();
  /** When each intake was recorded (the marker's `at`). */
  readonly intakeTimes = new Map<string, string>();
  readonly doNotReply = new Set<string>();
  readonly caseworkers = new Map<string, Caseworker>();
  /** Called before every transactional write (create, append, update) and in-place acknowledgement. */
  beforeWrite: WriteHook | null = null;
  /** How many first reads (`lookupIntake`) were made. */
  lookups = 0;
  /** Acknowledgements recorded in place (`recordAcknowledgement`). */
  inPlace = 0;
  /**
   * New enquiries' follow-ups written (`completeCreation`, or with an acknowledgement), by enquiry
   * id. Search keys here are worked out from the enquiries and back-references are not kept, so
   * this records that it was written and puts its later pointers.
   */
  readonly followUps = new Map<string, number>();
  /** Redeliveries that checked a follow-up (`repairCreation`), by enquiry id. */
  readonly repairs = new Map<string, number>();

  // --- Reads -------------------------------------------------------------------------------------

  async findIntake(intakeId: string): Promise<string | null> {
    return this.intakes.get(intakeId) ?? null;
  }

  async lookupIntake(request: IntakeLookupRequest): Promise<IntakeLookup> {
    this.lookups += 1;
    const email = request.doNotReply ?? null;
    return {
      recordedOn: await this.findIntake(request.intakeId),
      recordedAt: this.intakeTimes.get(request.intakeId) ?? null,
      doNotReply: email === null ? null : { email, marked: await this.isDoNotReply(email) },
      messages: await this.findByMessageIds(request.messageIds ?? []),
      enquiries: await this.getEnquiries(request.enquiryIds ?? []),
    };
  }

  async findByMessageIds(messageIds: readonly string[]): Promise<MessageMatch[]> {
    const wanted = [...new Set(messageIds.map(normaliseMessageId).filter((id) => id !== ''))];
    return wanted.flatMap((messageId) => {
      const enquiryId = this.pointers.get(messageId);
      return enquiryId === undefined ? [] : [{ messageId, enquiryId }];
    });
  }

  async getEnquiry(id: string): Promise<Enquiry | null> {
    return this.enquiries.get(id) ?? null;
  }

  async findOpenByEmail(email: string): Promise<Enquiry[]> {
    const wanted = email.trim().toLowerCase();
    return this.newestFirst((enquiry) => enquiry.requester.email?.trim().toLowerCase() === wanted);
  }

  async findOpenByPhone(phone: string): Promise<Enquiry[]> {
    return this.newestFirst((enquiry) => enquiry.requester.phone === phone.trim());
  }

  async findIdsByFact(kind: ExactFact, value: string): Promise<string[]> {
    return this.findIdsByKey(exactPartition(kind, value));
  }

  /** The search index, worked out from the stored enquiries (as GSI6 holds their search keys). */
  async findIdsByKey(partition: string): Promise<string[]> {
    return [...this.enquiries.values()]
      .filter((enquiry) => searchKeyItems(enquiry).some((item) => item.GSI6PK === partition))
      .sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt))
      .map((enquiry) => enquiry.id);
  }

  async getEnquiries(ids: readonly string[]): Promise<Enquiry[]> {
    return ids.flatMap((id) => {
      const enquiry = this.enquiries.get(id);
      return enquiry === undefined ? [] : [enquiry];
    });
  }

  async isDoNotReply(email: string): Promise<boolean> {
    return this.doNotReply.has(email.trim().toLowerCase());
  }

  // --- Writes ------------------------------------------------------------------------------------

  async createEnquiry(input: {
    enquiry: Enquiry;
    contact: Contact;
    events: AuditEvent[];
    intakeId: string;
    messageIds?: readonly string[];
  }): Promise<Enquiry> {
    return this.write({
      before: null,
      after: input.enquiry,
      events: input.events,
      contacts: [input.contact],
      messageIds: input.messageIds ?? [],
      intakeId: input.intakeId,
    });
  }

  async appendContact(input: {
    before: Enquiry;
    after: Enquiry;
    contact: Contact;
    events: AuditEvent[];
    intakeId: string;
    messageIds?: readonly string[];
  }): Promise<Enquiry> {
    return this.write({
      before: input.before,
      after: input.after,
      events: input.events,
      contacts: [input.contact],
      messageIds: input.messageIds ?? [],
      intakeId: input.intakeId,
    });
  }

  async modify(
    id: string,
    change: (current: Enquiry) => Transition | null,
    options: ModifyOptions = {},
  ): Promise<{ enquiry: Enquiry; changed: boolean }> {
    for (let attempt = 1; attempt <= (options.maxAttempts ?? 5); attempt += 1) {
      const current = this.enquiries.get(id);
      if (current === undefined) throw new EnquiryNotFoundError(id);
      const transition = change(current);
      if (transition === null) return { enquiry: current, changed: false };
      try {
        const stored = await this.write({
          before: current,
          after: transition.enquiry,
          events: transition.events,
          contacts: options.contacts ?? [],
          messageIds: options.messageIds ?? [],
          intakeId: null,
        });
        return { enquiry: stored, changed: true };
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
    throw new ContentionError(`changing ${id}`);
  }

  /**
   * The in-place acknowledgement: the fields only, conditioned on the version, with the timeline
   * entries written whatever the condition finds (as the repository writes them beside it).
   */
  async recordAcknowledgement(input: AcknowledgementRecord): Promise<Enquiry | null> {
    await this.beforeWrite?.({
      before: input.before,
      after: input.after,
      events: input.events,
      contacts: input.contacts,
      messageIds: input.messageIds ?? [],
      intakeId: null,
    });
    this.inPlace += 1;
    if (input.completes !== undefined) await this.completeCreation(input.completes);
    this.contacts.set(input.before.id, [...this.contactsOf(input.before.id), ...input.contacts]);
    this.events.set(input.before.id, [...this.eventsOf(input.before.id), ...input.events]);
    for (const messageId of input.messageIds ?? [])
      this.pointers.set(normaliseMessageId(messageId), input.before.id);
    const current = this.enquiries.get(input.before.id);
    if (current?.version !== input.before.version) return null;
    const stored = { ...input.after, version: input.before.version + 1 };
    this.enquiries.set(stored.id, stored);
    return stored;
  }

  async completeCreation(followUp: CreationFollowUp): Promise<void> {
    this.followUps.set(followUp.enquiry.id, (this.followUps.get(followUp.enquiry.id) ?? 0) + 1);
    for (const messageId of followUp.laterMessageIds ?? [])
      this.pointers.set(normaliseMessageId(messageId), followUp.enquiry.id);
  }

  async repairCreation(followUp: CreationFollowUp): Promise<number> {
    this.repairs.set(followUp.enquiry.id, (this.repairs.get(followUp.enquiry.id) ?? 0) + 1);
    return 0;
  }

  async restoreTimelineEntries(
    enquiry: Enquiry,
    at: string,
    entries: { events: readonly AuditEvent[]; contacts: readonly Contact[] },
  ): Promise<number> {
    const contacts = this.contactsOf(enquiry.id);
    const events = this.eventsOf(enquiry.id);
    const missingContacts = entries.contacts.filter(
      (contact) => !contacts.some((c) => c.id === contact.id && c.at === at),
    );
    const missingEvents = entries.events.filter(
      (event) => !events.some((e) => e.type === event.type && e.at === at),
    );
    this.contacts.set(enquiry.id, [...contacts, ...missingContacts]);
    this.events.set(enquiry.id, [...events, ...missingEvents]);
    return missingContacts.length + missingEvents.length;
  }

  /** Stores an enquiry as if written earlier (test arrangement). */
  seed(enquiry: Enquiry): void {
    this.enquiries.set(enquiry.id, enquiry);
  }

  // --- Helpers for assertions --------------------------------------------------------------------

  contactsOf(id: string): Contact[] {
    return this.contacts.get(id) ?? [];
  }

  eventsOf(id: string): AuditEvent[] {
    return this.events.get(id) ?? [];
  }

  all(): Enquiry[] {
    return [...this.enquiries.values()];
  }

  private newestFirst(match: (enquiry: Enquiry) => boolean): Enquiry[] {
    return [...this.enquiries.values()]
      .filter((enquiry) => isUnresolved(enquiry) && match(enquiry))
      .sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
  }

  /** All-or-nothing, with the repository's conditions and error precedence. */
  private async write(input: WriteInput): Promise<Enquiry> {
    await this.beforeWrite?.(input);
    const { before, after } = input;
    if (input.intakeId !== null && this.intakes.has(input.intakeId)) {
      throw new DuplicateIntakeError(input.intakeId, this.intakes.get(input.intakeId) ?? null);
    }
    const existing = this.enquiries.get(after.id);
    if (before === null && existing !== undefined) throw new ReferenceTakenError(after.id);
    if (before !== null && existing?.version !== before.version) {
      throw new VersionConflictError(after.id, before.version);
    }
    const oldHolder = before === null || before.status === 'resolved' ? null : before.assignee;
    const newHolder = after.status === 'resolved' ? null : after.assignee;
    if (newHolder !== null && newHolder !== oldHolder) {
      const caseworker = this.caseworkers.get(newHolder);
      if (caseworker === undefined) throw new CaseworkerNotFoundError(newHolder);
      if (caseworker.openCount >= caseworker.cap) throw new CaseloadFullError(newHolder);
      this.caseworkers.set(newHolder, { ...caseworker, openCount: caseworker.openCount + 1 });
    }
    if (oldHolder !== null && oldHolder !== newHolder) {
      const caseworker = this.caseworkers.get(oldHolder);
      if (caseworker !== undefined) {
        this.caseworkers.set(oldHolder, { ...caseworker, openCount: caseworker.openCount - 1 });
      }
    }
    const stored = { ...after, version: before === null ? 1 : before.version + 1 };
    this.enquiries.set(stored.id, stored);
    this.contacts.set(stored.id, [...this.contactsOf(stored.id), ...input.contacts]);
    this.events.set(stored.id, [...this.eventsOf(stored.id), ...input.events]);
    for (const messageId of input.messageIds) this.pointers.set(normaliseMessageId(messageId), stored.id);
    if (input.intakeId !== null) {
      this.intakes.set(input.intakeId, stored.id);
      this.intakeTimes.set(input.intakeId, stored.updatedAt);
    }
    return stored;
  }
}

/** The roster read from the same caseworker map the store enforces caps on. */
export class InMemoryRoster implements Roster {
  constructor(private readonly store: InMemoryEnquiryStore) {}

  async listRoster(team: string): Promise<Caseworker[]> {
    return [...this.store.caseworkers.values()]
      .filter((caseworker) => caseworker.team === team)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }
}

/**
 * Keeps every email it is asked to send; `failNext` makes the next send throw, `hold` keeps sends
 * waiting until released (to play a slow SES while another attempt runs).
 */
export class RecordingMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  private failures = 0;
  private gate: Promise<void> | null = null;

  failNext(times = 1): void {
    this.failures += times;
  }

  private rejections: string[] = [];

  /** The next sends are refused for good, as SES refuses a rejected message (`EmailRejectedError`). */
  rejectNext(reason = 'MessageRejected', times = 1): void {
    for (let i = 0; i < times; i += 1) this.rejections.push(reason);
  }

  /** Sends wait until the returned function is called. */
  hold(): () => void {
    let release: () => void = () => {};
    this.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    return () => {
      this.gate = null;
      release();
    };
  }

  async send(email: OutgoingEmail): Promise<SentEmail> {
    if (this.gate !== null) await this.gate;
    const rejection = this.rejections.shift();
    if (rejection !== undefined) throw new EmailRejectedError(rejection);
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('simulated SES outage');
    }
    this.sent.push(email);
    return { providerMessageId: `fake-${this.sent.length}` };
  }

  to(address: string): OutgoingEmail[] {
    return this.sent.filter((email) => email.to.includes(address));
  }
}
