/**
 * Enquiries in the single DynamoDB table: creating them with their first contact, threading
 * further contacts, claiming and assigning under concurrency, versioned changes; the reads (the
 * team queues, the escalator's "due" reads, the reports' day-by-day reads) are `EnquiryReader`'s,
 * which it extends. Never scans.
 *
 * Every enquiry write replaces the whole enquiry item (it is small: bodies live on contact items)
 * with a version condition and the index attributes from `indexKeysFor`, in one TransactWriteItems
 * with everything that belongs to the same change (contacts, audit events, Message-ID pointers,
 * the intake marker, caseworker open counts). A new enquiry's search keys and the back-references
 * of its intake marker and pointers follow that transaction as one plain batch (half the write
 * units; a redelivery repeats it): see `createEnquiry`. Key design: docs/data-model.md.
 */
import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CaseworkChangeExtras, TimelineEntry } from '../casework/ports';
import { claimActivityAfter } from '../domain/claim-expiry';
import {
  AuditEvent,
  applyAssign,
  applyClaim,
  applyRelease,
  Contact,
  Enquiry,
  parseEnquiry,
  type Transition,
  toInstant,
} from '../domain/enquiry';
import {
  AlreadyClaimedError,
  CaseloadFullError,
  CaseworkerNotFoundError,
  ContentionError,
  DuplicateIntakeError,
  EnquiryNotFoundError,
  InternalError,
  NotAssigneeError,
  ReferenceTakenError,
  ValidationError,
  VersionConflictError,
} from '../domain/errors';
import type { Page } from '../domain/paging';
import type { NoticeOutbox } from '../escalation/ports';
import type { FindingEnquiries } from '../finding/ports';
import type { SearchKeyRefresh } from '../finding/search-key-backfill';
import { normaliseMessageId } from '../mail/hub-mail';
import type {
  AcknowledgementRecord,
  ContactWrite,
  CreationFollowUp,
  IntakeLookup,
  IntakeLookupRequest,
  MessageMatch,
  NewEnquiryWrite,
  RouterEnquiryStore,
} from '../routing/ports';
import type { DutyAlertNotice } from '../safeguarding/duty-alert-plan';
import type { DutyAlertEnquiries } from '../safeguarding/ports';
import type { PageOptions, WorkloadEnquiries } from '../workload/ports';
import { getItems, putItems } from './batch-items';
import { isConditionalCheckFailed } from './condition-failed';
import { readContactBody, storedContactBody } from './contact-body';
import { type DoNotReplyMark, DoNotReplyStore } from './do-not-reply-store';
import {
  BACK_REFERENCE_PREFIX,
  backReferenceItem,
  backReferenceListItem,
  backReferencesFor,
  caseworkerKey,
  childRecordPartition,
  claimTimerKey,
  contactKey,
  doNotReplyKey,
  type ExtraItem,
  emailPartition,
  enquiryKey,
  eventKey,
  INDEX_KEY_ATTRIBUTES,
  type ItemKind,
  indexKeysFor,
  intakeKey,
  messagePointerKey,
  phonePartition,
  type TableKey,
  TIMELINE_PREFIX,
} from './dynamo-keys';
import { EnquiryReader, parseWith, unique } from './enquiry-reader';
import { dutyAlertItems, outboxItems } from './outbox-items';
import { queryAll, queryIndexItems } from './query-all';
import {
  type ExactTerm,
  exactPartition,
  LEGACY_PARTITIONS,
  namePartition,
  outwardPartition,
  postcodePlace,
  SEARCH_KEY_PREFIX,
  type SearchKeyItem,
  searchKeyItems,
} from './search-keys';
import { INDEXES, TTL_ATTRIBUTE } from './table-definition';

/** One entry of an index whose sort key ends `<receivedAt>#<id>`. */
interface IndexEntry {
  readonly at: string;
  readonly id: string;
}

// --- Public types --------------------------------------------------------------------------------

export type { Page, PageOptions };

export interface CreateEnquiryInput extends NewEnquiryWrite {
  /** Other items written exactly when the enquiry is; see `UpdateEnquiryInput.alsoPut`. */
  alsoPut?: readonly ExtraItem[];
}

export interface AppendContactInput extends ContactWrite {
  /** Other items written exactly when the contact is. */
  alsoPut?: readonly ExtraItem[];
}

export interface UpdateEnquiryInput {
  /** The enquiry as read (its `version` is the condition). */
  before: Enquiry;
  /** The changed enquiry; `version` is set by the repository to `before.version + 1`. */
  after: Enquiry;
  events: AuditEvent[];
  /** Contacts to store with the change (e.g. the response sent to the enquirer). */
  contacts?: readonly Contact[];
  /** Message-IDs that should thread to this enquiry from now on (e.g. an outgoing email's). */
  messageIds?: readonly string[];
  /**
   * Other items to put in the same transaction (e.g. an escalation notice in the outbox), so they
   * are written exactly when the change is. Unconditional puts: give them deterministic keys.
   */
  alsoPut?: readonly ExtraItem[];
  /** Digest notices reporting the change, written in the same transaction. */
  outbox?: NoticeOutbox;
  /** Safeguarding duty alerts decided with the change, written in the same transaction. */
  dutyAlerts?: readonly DutyAlertNotice[];
  /**
   * The request this change belongs to. Two otherwise identical changes from different requests
   * (a form submitted twice) are then different writes: the second gets a version conflict instead
   * of passing as a retry of the first.
   */
  requestId?: string;
}

export interface ModifyOptions extends CaseworkChangeExtras {
  /** Read-apply-write attempts before giving up with `ContentionError` (default 5). */
  maxAttempts?: number;
  /** Other items to write with the change (see `UpdateEnquiryInput.alsoPut`); computed from the current enquiry. */
  alsoPut?: (current: Enquiry, changed: Enquiry) => readonly ExtraItem[];
}

export type { DoNotReplyMark } from './do-not-reply-store';
export type { DueOptions } from './enquiry-reader';

export interface EnquiryRepositoryOptions {
  /** How long a resolved enquiry is kept (configuration `retention`); sets the TTL backstop. */
  readonly retainAfterResolutionSeconds?: number;
  /** How long after that TTL may delete the enquiry item if the sweep has not. */
  readonly ttlGraceSeconds?: number;
}

/** Keys of the items of a transaction that belong to `enquiryId` but sit outside its partition. */
/** Keys of the items a transaction puts (their back-references are decided by `backReferencesFor`). */
function putKeys(items: readonly TransactItem[]): TableKey[] {
  return items.flatMap((item) => {
    const put = item.Put?.Item;
    return put === undefined ? [] : [{ PK: String(put.PK), SK: String(put.SK) }];
  });
}

/** Longest contact body kept on an item (characters); longer bodies are cut and flagged (raw mail is in S3). */
export const MAX_CONTACT_BODY_CHARS = 100_000;

/** Message-IDs of a reply looked up at once (its newest References; a longer chain is older history). */
const MAX_LOOKUP_MESSAGE_IDS = 50;
/** DynamoDB's limit on items in one TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;
const CONFLICT_RETRIES = 4;

// --- Implementation helpers ----------------------------------------------------------------------

/** What each item of a transaction is, to explain a cancellation. */
type Role =
  | { kind: 'enquiry'; id: string; creating: boolean; expectedVersion: number }
  | { kind: 'caseworker'; id: string }
  | { kind: 'intake'; intakeId: string }
  | { kind: 'other' };

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/** The caseworker an enquiry occupies a caseload slot of: its holder while it is unresolved. */
function slotHolder(enquiry: Enquiry | null): string | null {
  if (enquiry === null || enquiry.status === 'resolved') return null;
  return enquiry.assignee;
}

/**
 * ClientRequestToken for a transaction: a digest of everything it writes, so a repeat of the very
 * same request (a retry after a lost response) is a no-op success for 10 minutes, while a
 * different request (new reference, different assignee...) can never hit
 * IdempotentParameterMismatch. At most 36 characters are allowed.
 */
function idempotencyToken(items: readonly TransactItem[], requestId = ''): string {
  return createHash('sha256').update(requestId).update(JSON.stringify(items)).digest('hex').slice(0, 36);
}

function clampBody(contact: Contact): Contact {
  if (contact.body.length <= MAX_CONTACT_BODY_CHARS) return contact;
  return { ...contact, body: contact.body.slice(0, MAX_CONTACT_BODY_CHARS), bodyTruncated: true };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The enquiry side of the table. Construct once per process with the document client from
 * `aws-clients.ts` and the table name.
 */
export class EnquiryRepository
  extends EnquiryReader
  implements RouterEnquiryStore, WorkloadEnquiries, DutyAlertEnquiries, FindingEnquiries
{
  constructor(
    client: DynamoDBDocumentClient,
    tableName: string,
    private readonly options: EnquiryRepositoryOptions = {},
  ) {
    super(client, tableName);
    this.doNotReply = new DoNotReplyStore(client, tableName);
  }

  private readonly doNotReply: DoNotReplyStore;

  /**
   * DynamoDB TTL on a resolved enquiry's item, as a backstop only: the retention sweep purges the
   * enquiry and everything of it first; TTL deletes the enquiry item itself if the sweep has not run
   * `ttlGraceSeconds` after the retention period ended.
   */
  private retentionBackstop(enquiry: Enquiry): { expiresAt?: number } {
    const { retainAfterResolutionSeconds, ttlGraceSeconds } = this.options;
    if (retainAfterResolutionSeconds === undefined || enquiry.resolvedAt === null) return {};
    if (enquiry.status !== 'resolved') return {};
    const resolved = Math.floor(Date.parse(enquiry.resolvedAt) / 1000);
    return { expiresAt: resolved + retainAfterResolutionSeconds + (ttlGraceSeconds ?? 0) };
  }

  // --- Writes ------------------------------------------------------------------------------------

  /**
   * Stores a new enquiry with its first contact, its audit events, its Message-ID pointers and the
   * intake marker, in one transaction: all or nothing. Its follow-up (search keys, back-references
   * of the marker and pointers) is then one plain BatchWriteItem, written here unless the caller
   * takes it (`followUpByCaller`). Nothing reads through a key that is not there yet, and a crash
   * between the two leaves the intake unfinished: its redelivery finds the marker and writes what
   * is missing (`repairCreation`) before the message is deleted.
   * @throws ReferenceTakenError the reference is used already: draw another and call again.
   * @throws DuplicateIntakeError this intake was recorded before (a redelivery): nothing written.
   * @throws CaseloadFullError / CaseworkerNotFoundError when created assigned and the assignee cannot take it.
   */
  async createEnquiry(input: CreateEnquiryInput): Promise<Enquiry> {
    if (input.enquiry.version !== 1) {
      throw new ValidationError('a new enquiry starts at version 1', { field: 'enquiry.version' });
    }
    const messageIds = input.messageIds ?? [];
    const stored = await this.persist({
      before: null,
      after: input.enquiry,
      events: input.events,
      contacts: [input.contact],
      messageIds,
      intakeId: input.intakeId,
      alsoPut: [...(input.alsoPut ?? []), ...(input.dutyAlerts ?? []).flatMap(dutyAlertItems)],
      followUpAfter: true,
    });
    if (input.followUpByCaller !== true) {
      await this.completeCreation({ enquiry: stored, intakeId: input.intakeId, messageIds });
    }
    return stored;
  }

  /** Writes a new enquiry's follow-up (see `createEnquiry`): idempotent puts with deterministic keys. */
  async completeCreation(followUp: CreationFollowUp): Promise<void> {
    await putItems(this.client, this.tableName, this.followUpItems(followUp));
  }

  /**
   * Writes what of a new enquiry's follow-up is missing (a crash came between the creating
   * transaction and its batch): two strongly consistent key-only queries of its partition and a
   * read of the pointers it writes outside it, in parallel, then at most one BatchWriteItem. A
   * search key is put as the enquiry given has it.
   * @returns how many items were missing.
   */
  async repairCreation(followUp: CreationFollowUp): Promise<number> {
    const items = this.followUpItems(followUp);
    const partition = enquiryKey(followUp.enquiry.id).PK;
    const present = new Set<string>();
    const keyOf = (item: Record<string, unknown>) => `${String(item.PK)}\u0000${String(item.SK)}`;
    const outside = items.filter((item) => item.PK !== partition).map(({ PK, SK }) => ({ PK, SK }));
    await Promise.all([
      ...[SEARCH_KEY_PREFIX, BACK_REFERENCE_PREFIX].map(async (prefix) => {
        for await (const item of queryAll(this.client, {
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
          ProjectionExpression: 'PK, SK',
          ConsistentRead: true,
        })) {
          present.add(keyOf(item));
        }
      }),
      getItems(this.client, this.tableName, outside).then((found) => {
        for (const item of found) present.add(keyOf(item));
      }),
    ]);
    const missing = items.filter((item) => !present.has(keyOf(item)));
    await putItems(this.client, this.tableName, missing);
    return missing.length;
  }

  /** The items of a new enquiry's follow-up. */
  private followUpItems(followUp: CreationFollowUp): ExtraItem[] {
    const { enquiry } = followUp;
    const normalised = (ids: readonly string[]) =>
      unique(ids.map(normaliseMessageId).filter((id) => id !== ''));
    const marked = markerMessageId(followUp.intakeId);
    const pointed = normalised(followUp.messageIds).filter((id) => id !== marked);
    const later = normalised(followUp.laterMessageIds ?? []).filter(
      (id) => id !== marked && !pointed.includes(id),
    );
    const targets = [intakeKey(followUp.intakeId), ...[...pointed, ...later].map(messagePointerKey)];
    return [
      ...searchKeyItems(enquiry).map((item) => ({ ...item })),
      ...later.map((messageId) => this.pointerItem(enquiry.id, messageId) as ExtraItem),
      backReferenceListItem(enquiry.id, targets),
    ];
  }

  /**
   * Adds a contact to an existing enquiry with the enquiry's change (from `applyContact`), in one
   * transaction conditioned on `before.version`.
   * @throws VersionConflictError the enquiry changed since it was read: read again, re-apply, retry.
   * @throws DuplicateIntakeError this intake was recorded before: nothing written.
   */
  async appendContact(input: AppendContactInput): Promise<Enquiry> {
    return this.persist({
      before: input.before,
      after: input.after,
      events: input.events,
      contacts: [input.contact],
      messageIds: input.messageIds ?? [],
      intakeId: input.intakeId,
      alsoPut: [...(input.alsoPut ?? []), ...(input.dutyAlerts ?? []).flatMap(dutyAlertItems)],
    });
  }

  /**
   * Stores a change to an enquiry (respond, note, resolve, reopen, priority raise, escalation,
   * acknowledgement...) with its events, conditioned on `before.version`. Keeps caseworker open
   * counts right when the enquiry is resolved or reopened while held (reopening never fails on the cap).
   * @throws VersionConflictError the enquiry changed since it was read.
   */
  async update(input: UpdateEnquiryInput): Promise<Enquiry> {
    return this.persist({
      before: input.before,
      after: input.after,
      events: input.events,
      contacts: input.contacts ?? [],
      messageIds: input.messageIds ?? [],
      intakeId: null,
      alsoPut: [
        ...(input.alsoPut ?? []),
        ...outboxItems(input.outbox),
        ...(input.dutyAlerts ?? []).flatMap(dutyAlertItems),
      ],
      requestId: input.requestId ?? '',
    });
  }

  /**
   * Reads the enquiry, applies `change` to it and stores the result, re-reading and re-applying on
   * a version conflict. `change` returns `null` when there is nothing to do (then nothing is written).
   * @returns the stored enquiry and whether anything changed.
   * @throws EnquiryNotFoundError, ContentionError (still conflicting after `maxAttempts`), or what `change` throws.
   */
  async modify(
    id: string,
    change: (current: Enquiry) => Transition | null,
    options: ModifyOptions = {},
  ): Promise<{ enquiry: Enquiry; changed: boolean }> {
    const attempts = options.maxAttempts ?? 5;
    let lastConflict: VersionConflictError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      const current = await this.requireEnquiry(id);
      const transition = change(current);
      if (transition === null) return { enquiry: current, changed: false };
      try {
        const stored = await this.update({
          before: current,
          after: transition.enquiry,
          events: transition.events,
          contacts: options.contacts ?? [],
          messageIds: options.messageIds ?? [],
          alsoPut: options.alsoPut?.(current, transition.enquiry) ?? [],
          ...(options.outbox === undefined ? {} : { outbox: options.outbox(current, transition.enquiry) }),
        });
        return { enquiry: stored, changed: true };
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        lastConflict = error;
      }
    }
    throw new ContentionError(`changing ${id}`, { cause: lastConflict });
  }

  /**
   * Records an acknowledgement without a transaction: one UpdateItem of the enquiry fields the
   * acknowledgement changes (none is an index key, so no index entry moves), conditioned on
   * `before.version`, in parallel with one BatchWriteItem of its timeline entries (the email as a
   * contact, the audit event; deterministic keys, so writing them twice is writing them once), and
   * in the same batch a new enquiry's follow-up when given (`completes`).
   * If one of the two fails the caller's retry finds the enquiry acknowledged and puts back what is
   * missing from its timeline with `restoreTimelineEntries`.
   * @returns the stored enquiry, or `null` when the enquiry changed since `before` (its timeline
   *   entries are written all the same: record the fields again with `modify`, without them).
   * @throws ValidationError when the change would move an index key, a search key or a caseload slot.
   */
  async recordAcknowledgement(input: AcknowledgementRecord): Promise<Enquiry | null> {
    const { before } = input;
    const stored = parseEnquiry({
      ...input.after,
      claimActivityAt: claimActivityAfter(before, input.after, input.events),
      version: before.version + 1,
    });
    const fields = changedFields(before, stored);
    if (
      before.id !== stored.id ||
      !sameJson(indexKeysFor(before), indexKeysFor(stored)) ||
      !sameJson(searchKeyItems(before), searchKeyItems(stored)) ||
      slotHolder(before) !== slotHolder(stored) ||
      claimTimerItem(before, stored) !== null ||
      fields.some((field) => !IN_PLACE_FIELDS.has(field))
    ) {
      throw new ValidationError('this change cannot be recorded in place', { field: 'after' });
    }
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':expected': before.version, ':next': stored.version };
    const sets = ['#version = :next'];
    const removes: string[] = [];
    fields.forEach((field, index) => {
      names[`#f${index}`] = field;
      const value = stored[field as keyof Enquiry];
      if (value === undefined) {
        removes.push(`#f${index}`);
        return;
      }
      values[`:f${index}`] = value;
      sets.push(`#f${index} = :f${index}`);
    });
    const update = this.client
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: enquiryKey(stored.id),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      )
      .then(
        () => stored,
        (error: unknown) => {
          if (isConditionalCheckFailed(error)) return null;
          throw error;
        },
      );
    const pointers = unique(
      (input.messageIds ?? []).map(normaliseMessageId).filter((id) => id !== ''),
    ).flatMap((messageId) => {
      const pointer = this.pointerItem(stored.id, messageId) as ExtraItem;
      return [pointer, backReferenceItem(stored.id, { PK: pointer.PK, SK: pointer.SK })];
    });
    const timeline = putItems(this.client, this.tableName, [
      ...this.timelineItems(stored, input.events, input.contacts),
      ...pointers,
      ...(input.completes === undefined ? [] : this.followUpItems(input.completes)),
    ]);
    const [written] = await Promise.all([update, timeline]);
    return written;
  }

  /**
   * Puts back timeline entries a half-finished `recordAcknowledgement` left out: those of
   * `contacts` and `events` whose keys are not on the enquiry's timeline yet (one Query of the
   * instant they were recorded at, then at most one BatchWriteItem).
   * @returns how many entries were missing.
   */
  async restoreTimelineEntries(
    enquiry: Enquiry,
    at: string,
    entries: { events: readonly AuditEvent[]; contacts: readonly Contact[] },
  ): Promise<number> {
    const present = new Set<string>();
    for await (const item of queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: {
        ':pk': enquiryKey(enquiry.id).PK,
        ':prefix': `${TIMELINE_PREFIX}${toInstant(at)}#`,
      },
      ConsistentRead: true,
    })) {
      if (item.kind === 'contact' && typeof item.id === 'string') present.add(`contact:${item.id}`);
      if (item.kind === 'event' && typeof item.type === 'string') present.add(`event:${item.type}`);
    }
    const missing = this.timelineItems(
      enquiry,
      entries.events.filter((event) => !present.has(`event:${event.type}`)),
      entries.contacts.filter((contact) => !present.has(`contact:${contact.id}`)),
    );
    await putItems(this.client, this.tableName, missing);
    return missing.length;
  }

  /**
   * A caseworker takes an enquiry from the queue. Exactly one of any number of concurrent claimers
   * wins; their open count goes up in the same transaction, only while it is under their cap.
   * Claiming an enquiry one already holds returns it unchanged.
   * @throws AlreadyClaimedError someone else holds it.
   * @throws CaseloadFullError the caseworker is at their cap.
   * @throws InvalidTransitionError it is resolved. EnquiryNotFoundError, CaseworkerNotFoundError.
   */
  async claim(id: string, caseworkerId: string, now: string): Promise<Enquiry> {
    // A loser's version check fails; on the re-read it finds the enquiry held.
    const { enquiry } = await this.modify(
      id,
      (current) => {
        if (current.assignee === caseworkerId) return null;
        if (current.assignee !== null) throw new AlreadyClaimedError(id, current.assignee);
        return applyClaim(current, caseworkerId, now);
      },
      { maxAttempts: 8 },
    );
    return enquiry;
  }

  /**
   * Assigns (or reassigns) an enquiry to a caseworker for someone else (auto-assignment, a
   * manager). A reassignment moves the open count from the old holder to the new one atomically;
   * the new holder's cap is enforced.
   * @throws CaseloadFullError, CaseworkerNotFoundError, EnquiryNotFoundError, InvalidTransitionError (resolved).
   */
  async assign(id: string, caseworkerId: string, now: string, actor: string): Promise<Enquiry> {
    const { enquiry } = await this.modify(
      id,
      (current) =>
        current.assignee === caseworkerId ? null : applyAssign(current, caseworkerId, now, actor),
      { maxAttempts: 8 },
    );
    return enquiry;
  }

  /**
   * The holder puts the enquiry back in the team queue; their open count goes down.
   * @throws NotAssigneeError the caseworker does not hold it. EnquiryNotFoundError.
   */
  async release(id: string, caseworkerId: string, now: string): Promise<Enquiry> {
    const { enquiry } = await this.modify(id, (current) => {
      if (current.assignee !== caseworkerId) throw new NotAssigneeError(id, caseworkerId);
      return applyRelease(current, now, caseworkerId);
    });
    return enquiry;
  }

  /** Points more Message-IDs at an enquiry (idempotent), e.g. an acknowledgement sent after creation. */
  async addMessageIds(enquiryId: string, messageIds: readonly string[]): Promise<void> {
    for (const messageId of unique(messageIds)) {
      const pointer = this.pointerItem(enquiryId, messageId);
      // The back-reference first: a pointer is never left where the retention purge cannot find it.
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: backReferenceItem(enquiryId, { PK: String(pointer.PK), SK: String(pointer.SK) }),
        }),
      );
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: pointer }));
    }
  }

  // --- Reads -------------------------------------------------------------------------------------

  /** Contacts and audit events of an enquiry in time order (one Query, paged through). */
  async getTimeline(id: string): Promise<TimelineEntry[]> {
    const entries: TimelineEntry[] = [];
    for await (const item of queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': enquiryKey(id).PK, ':prefix': TIMELINE_PREFIX },
      ConsistentRead: true,
    })) {
      if (item.kind === 'contact') {
        const contact = parseWith(Contact, readContactBody(item), 'contact');
        entries.push({ kind: 'contact', at: contact.at, contact });
      } else if (item.kind === 'event') {
        const parsed = parseWith(AuditEvent, item, 'audit event');
        entries.push({ kind: 'event', at: parsed.at, event: parsed });
      }
    }
    return entries;
  }

  /**
   * Which of these Message-IDs (e.g. a reply's In-Reply-To and References) belong to an enquiry,
   * in the order given. Unknown ids are left out.
   */
  async findByMessageIds(messageIds: readonly string[]): Promise<MessageMatch[]> {
    const wanted = unique(messageIds.map(normaliseMessageId).filter((id) => id !== ''));
    const items = await getItems(this.client, this.tableName, uniqueKeys(wanted.flatMap(threadKeys)));
    return messageMatches(wanted, items);
  }

  /**
   * The first reads of an intake, in one BatchGetItem (strongly consistent): whether it was
   * recorded before (its intake marker), whether the address it would be acknowledged at is
   * marked do-not-reply, which of the Message-IDs it replies to belong to an enquiry, and the
   * enquiries it names by reference.
   */
  async lookupIntake(request: IntakeLookupRequest): Promise<IntakeLookup> {
    const messageIds = unique(
      (request.messageIds ?? []).map(normaliseMessageId).filter((id) => id !== ''),
    ).slice(0, MAX_LOOKUP_MESSAGE_IDS);
    const enquiryIds = unique(request.enquiryIds ?? []);
    const doNotReply = request.doNotReply ?? null;
    const items = await getItems(
      this.client,
      this.tableName,
      uniqueKeys([
        intakeKey(request.intakeId),
        ...(doNotReply === null ? [] : [doNotReplyKey(doNotReply)]),
        ...messageIds.flatMap(threadKeys),
        ...enquiryIds.map(enquiryKey),
      ]),
    );
    const byKey = new Map(items.map((item) => [`${String(item.PK)}\u0000${String(item.SK)}`, item]));
    const at = (key: TableKey) => byKey.get(`${key.PK}\u0000${key.SK}`);
    const marker = at(intakeKey(request.intakeId));
    return {
      recordedOn: typeof marker?.enquiryId === 'string' ? marker.enquiryId : null,
      recordedAt: typeof marker?.at === 'string' ? marker.at : null,
      doNotReply:
        doNotReply === null
          ? null
          : { email: doNotReply, marked: at(doNotReplyKey(doNotReply)) !== undefined },
      messages: messageMatches(messageIds, items),
      enquiries: enquiryIds.flatMap((id) => {
        const item = at(enquiryKey(id));
        return item === undefined ? [] : [parseWith(Enquiry, item, 'enquiry')];
      }),
    };
  }

  /** The enquiry id an intake was recorded on, or `null` if it has not been recorded. */
  async findIntake(intakeId: string): Promise<string | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: intakeKey(intakeId), ConsistentRead: true }),
    );
    const enquiryId = result.Item?.enquiryId;
    return typeof enquiryId === 'string' ? enquiryId : null;
  }

  /** Unresolved enquiries from this email address (any case), newest first. */
  async findOpenByEmail(email: string): Promise<Enquiry[]> {
    return this.collect(INDEXES.byEmail.indexName, 'GSI3PK', emailPartition(email));
  }

  /** Unresolved enquiries from this phone number (E.164), newest first. */
  async findOpenByPhone(phone: string): Promise<Enquiry[]> {
    return this.collect(INDEXES.byPhone.indexName, 'GSI4PK', phonePartition(phone));
  }

  /**
   * Ids of enquiries known by an exact fact, newest first, at most `limit`. A postcode and an
   * outward code share one key per enquiry (`postcodePlace`); the keys written before that, like
   * the child records before GSI8, are read beside them until the backfill has replaced them
   * (their partitions are then empty, and a Query of one costs next to nothing).
   */
  async findIdsByFact(
    kind: ExactTerm | 'postcode' | 'outward-code',
    value: string,
    limit = 100,
  ): Promise<string[]> {
    if (kind === 'postcode') {
      const place = postcodePlace(value);
      return this.newestFirst(
        [
          place === null
            ? []
            : this.indexEntries(
                INDEXES.find,
                { ':pk': place.partition, ':prefix': place.prefix },
                limit,
                ':prefix',
              ),
          this.indexEntries(INDEXES.find, { ':pk': LEGACY_PARTITIONS.postcode(value) }, limit),
        ],
        limit,
      );
    }
    if (kind === 'outward-code') {
      // Ordered by postcode, then time: the newest of the outward code are anywhere in it.
      return this.newestFirst(
        [
          this.indexEntries(INDEXES.find, { ':pk': outwardPartition(value) }, null),
          this.indexEntries(INDEXES.find, { ':pk': LEGACY_PARTITIONS.outward(value) }, limit),
        ],
        limit,
      );
    }
    return this.findIdsByKey(exactPartition(kind, value), limit);
  }

  /**
   * Ids of enquiries carrying a search key (GSI6 partition from `search-keys.ts`), newest first.
   * Index reads are eventually consistent: a write a moment ago may not show yet.
   */
  async findIdsByKey(partition: string, limit = 100): Promise<string[]> {
    return this.newestFirst([this.indexEntries(INDEXES.find, { ':pk': partition }, limit)], limit);
  }

  /** Ids of enquiries whose enquirer's or child's name has a word starting with `word` (folded). */
  async findIdsByNameWord(word: string, limit = 200): Promise<string[]> {
    const values = { ':pk': namePartition(word), ':word': word };
    const entries = await this.indexEntries(INDEXES.find, values, limit, ':word');
    // In the index's order (word, then time), as far as `limit` reached.
    return unique(entries.map((entry) => entry.id));
  }

  /**
   * Ids of enquiries linked to a child record, newest first: GSI8 (keys the enquiry item carries),
   * and the child-record search keys written before GSI8 existed, until the backfill has removed
   * them. Index reads are eventually consistent.
   */
  async findIdsOfChild(childId: string, limit = 200): Promise<string[]> {
    return this.newestFirst(
      [
        this.indexEntries(INDEXES.byChild, { ':pk': childRecordPartition(childId) }, limit),
        this.indexEntries(INDEXES.find, { ':pk': LEGACY_PARTITIONS.child(childId) }, limit),
      ],
      limit,
    );
  }

  /**
   * Brings an enquiry's search-key items up to date with the enquiry as given (the backfill for
   * enquiries stored before search keys existed): puts missing or different ones and deletes stale
   * ones in one transaction that also checks the enquiry is still at `enquiry.version`, so keys
   * written by a change made meanwhile are never replaced with older ones. Writes nothing when the
   * keys are current, or in a dry run.
   */
  async refreshSearchKeys(enquiry: Enquiry, dryRun: boolean): Promise<SearchKeyRefresh> {
    const stored = new Map<string, Record<string, unknown>>();
    for await (const item of queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': enquiryKey(enquiry.id).PK, ':prefix': SEARCH_KEY_PREFIX },
      ConsistentRead: true,
    })) {
      stored.set(String(item.SK), item);
    }
    const puts = searchKeyItems(enquiry).filter((item) => {
      const old = stored.get(item.SK);
      stored.delete(item.SK);
      return old === undefined || old.GSI6PK !== item.GSI6PK || old.GSI6SK !== item.GSI6SK;
    });
    const deletes = [...stored.keys()];
    const own = await this.staleOwnAttributes(enquiry);
    if (own === 'changed') return { outcome: 'changed', put: 0, deleted: 0, indexed: false };
    const indexed = own.set.length + own.remove.length > 0;
    if (puts.length + deletes.length === 0 && !indexed) {
      return { outcome: 'current', put: 0, deleted: 0, indexed: false };
    }
    if (dryRun) return { outcome: 'would-write', put: puts.length, deleted: deletes.length, indexed };
    if (puts.length + deletes.length > MAX_TRANSACTION_ITEMS - 1) {
      throw new ValidationError(`enquiry ${enquiry.id} has more search keys than one transaction holds`, {
        field: 'enquiry',
      });
    }
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':expected': enquiry.version };
    const clauses: string[] = [];
    own.set.forEach(([name, value], index) => {
      names[`#s${index}`] = name;
      values[`:s${index}`] = value;
    });
    own.remove.forEach((name, index) => {
      names[`#r${index}`] = name;
    });
    if (own.set.length > 0) clauses.push(`SET ${own.set.map((_, i) => `#s${i} = :s${i}`).join(', ')}`);
    if (own.remove.length > 0) clauses.push(`REMOVE ${own.remove.map((_, i) => `#r${i}`).join(', ')}`);
    // The enquiry item itself: its index keys and TTL brought up to date without a new version
    // (they are derived from it), or only checked to be unchanged.
    const enquiryItem = indexed
      ? {
          Update: {
            TableName: this.tableName,
            Key: enquiryKey(enquiry.id),
            UpdateExpression: clauses.join(' '),
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        }
      : {
          ConditionCheck: {
            TableName: this.tableName,
            Key: enquiryKey(enquiry.id),
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': enquiry.version },
          },
        };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            enquiryItem,
            ...puts.map((item) => ({ Put: { TableName: this.tableName, Item: item } })),
            ...deletes.map((SK) => ({
              Delete: { TableName: this.tableName, Key: { PK: enquiryKey(enquiry.id).PK, SK } },
            })),
          ],
        }),
      );
    } catch (error) {
      // The enquiry changed (its own write brought its keys) or another writer was busy: read again.
      if (error instanceof TransactionCanceledException) {
        return { outcome: 'changed', put: 0, deleted: 0, indexed: false };
      }
      throw error;
    }
    return { outcome: 'written', put: puts.length, deleted: deletes.length, indexed };
  }

  /**
   * Stores the requester's and the known numbers of `normalised` (the enquiry with its numbers in
   * E.164: `send-hub search-keys backfill`) at the next version, only if the enquiry is still at
   * `normalised.version`, so a change made meanwhile is never overwritten and a writer holding the
   * old version reads it again. Its index and search keys follow in `refreshSearchKeys`.
   * @returns the enquiry as now stored, or `null` when it changed meanwhile or is gone.
   */
  async storePhones(normalised: Enquiry): Promise<Enquiry | null> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: enquiryKey(normalised.id),
          UpdateExpression: 'SET #requester.#phone = :phone, #known = :known, #version = :next',
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: {
            '#requester': 'requester',
            '#phone': 'phone',
            '#known': 'knownPhones',
            '#version': 'version',
          },
          ExpressionAttributeValues: {
            ':phone': normalised.requester.phone,
            ':known': normalised.knownPhones,
            ':next': normalised.version + 1,
            ':expected': normalised.version,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return parseWith(Enquiry, Attributes, 'enquiry');
    } catch (error) {
      if (isConditionalCheckFailed(error)) return null;
      throw error;
    }
  }

  /**
   * Which of the enquiry item's own derived attributes (secondary-index keys, and the retention
   * TTL when this repository knows the period) differ from what `indexKeysFor` and the backstop
   * say: an enquiry stored before an index (the retention index GSI7) existed lacks its keys.
   */
  private async staleOwnAttributes(
    enquiry: Enquiry,
  ): Promise<{ set: [string, string | number][]; remove: string[] } | 'changed'> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: enquiryKey(enquiry.id), ConsistentRead: true }),
    );
    if (item === undefined || item.version !== enquiry.version) return 'changed';
    const wanted: Record<string, string | number | undefined> = { ...indexKeysFor(enquiry) };
    const names: string[] = [...INDEX_KEY_ATTRIBUTES];
    if (this.options.retainAfterResolutionSeconds !== undefined) {
      wanted[TTL_ATTRIBUTE] = this.retentionBackstop(enquiry).expiresAt;
      names.push(TTL_ATTRIBUTE);
    }
    const set: [string, string | number][] = [];
    const remove: string[] = [];
    for (const name of names) {
      const value = wanted[name];
      if (value === item[name]) continue;
      if (value === undefined) remove.push(name);
      else set.push([name, value]);
    }
    return { set, remove };
  }

  // --- Do-not-reply marks ------------------------------------------------------------------------

  /** `true` when mail to this address bounced or drew a complaint: send it nothing automatic. */
  isDoNotReply(email: string): Promise<boolean> {
    return this.doNotReply.isDoNotReply(email);
  }

  /** Marks an address do-not-reply (bounce or complaint handling). Idempotent; the first mark's reason is kept. */
  markDoNotReply(email: string, reason: string, at: string): Promise<void> {
    return this.doNotReply.markDoNotReply(email, reason, at);
  }

  /** The do-not-reply mark of an address, or `null`. */
  getDoNotReply(email: string): Promise<DoNotReplyMark | null> {
    return this.doNotReply.getDoNotReply(email);
  }

  // --- Internals ---------------------------------------------------------------------------------

  private pointerItem(enquiryId: string, messageId: string): Record<string, unknown> {
    const normalised = normaliseMessageId(messageId);
    return {
      ...messagePointerKey(normalised),
      kind: 'message-pointer' satisfies ItemKind,
      messageId: normalised,
      enquiryId,
    };
  }

  /** Items of timeline entries of `enquiry` at its current version (contacts checked and clamped). */
  private timelineItems(
    enquiry: Enquiry,
    events: readonly AuditEvent[],
    contacts: readonly Contact[],
  ): ExtraItem[] {
    const items: ExtraItem[] = [];
    for (const contact of contacts) {
      if (contact.enquiryId !== enquiry.id) {
        throw new ValidationError('a contact must belong to the enquiry it is stored with', {
          field: 'contact.enquiryId',
        });
      }
      const checked = clampBody(parseWith(Contact, contact, 'contact'));
      items.push({
        ...storedContactBody(checked),
        ...contactKey(enquiry.id, checked.at, checked.id),
        at: toInstant(checked.at),
        kind: 'contact' satisfies ItemKind,
      });
    }
    events.forEach((auditEvent, index) => {
      if (auditEvent.enquiryId !== enquiry.id) {
        throw new ValidationError('an audit event must belong to the enquiry it is stored with', {
          field: 'events.enquiryId',
        });
      }
      items.push({
        ...auditEvent,
        ...eventKey(enquiry.id, auditEvent.at, enquiry.version, index),
        at: toInstant(auditEvent.at),
        version: enquiry.version,
        kind: 'event' satisfies ItemKind,
      });
    });
    return items;
  }

  /**
   * Writes one change of an enquiry and everything that goes with it in a single transaction, and
   * explains a cancellation with a typed error.
   */
  private async persist(change: {
    before: Enquiry | null;
    after: Enquiry;
    events: readonly AuditEvent[];
    contacts: readonly Contact[];
    messageIds: readonly string[];
    intakeId: string | null;
    alsoPut?: readonly ExtraItem[];
    requestId?: string;
    /**
     * A new enquiry: its search keys and the back-references of its intake marker and pointers are
     * left out of the transaction, for `completeCreation` after it.
     */
    followUpAfter?: boolean;
  }): Promise<Enquiry> {
    const { before } = change;
    if (before !== null && before.id !== change.after.id) {
      throw new ValidationError('before and after must be the same enquiry', { field: 'after.id' });
    }
    const stored = parseEnquiry({
      ...change.after,
      claimActivityAt: claimActivityAfter(before, change.after, change.events),
      version: before === null ? 1 : before.version + 1,
    });
    const items: TransactItem[] = [];
    const roles: Role[] = [];
    const add = (item: TransactItem, role: Role = { kind: 'other' }) => {
      items.push(item);
      roles.push(role);
    };

    add(
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...stored,
            ...enquiryKey(stored.id),
            ...indexKeysFor(stored),
            ...this.retentionBackstop(stored),
            kind: 'enquiry' satisfies ItemKind,
          },
          ConditionExpression: before === null ? 'attribute_not_exists(PK)' : '#version = :expected',
          ExpressionAttributeNames: before === null ? undefined : { '#version': 'version' },
          ExpressionAttributeValues: before === null ? undefined : { ':expected': before.version },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      { kind: 'enquiry', id: stored.id, creating: before === null, expectedVersion: before?.version ?? 0 },
    );

    // Caseload slots: the old holder frees one, the new holder takes one (within their cap when
    // it is a new assignment; a held enquiry coming back from resolved never fails on the cap).
    const oldHolder = slotHolder(before);
    const newHolder = slotHolder(stored);
    if (oldHolder !== newHolder) {
      if (oldHolder !== null) {
        add(
          {
            Update: {
              TableName: this.tableName,
              Key: caseworkerKey(oldHolder),
              UpdateExpression: 'SET openCount = openCount - :one',
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
          { kind: 'caseworker', id: oldHolder },
        );
      }
      if (newHolder !== null) {
        const newAssignment = before === null || before.assignee !== stored.assignee;
        add(
          {
            Update: {
              TableName: this.tableName,
              Key: caseworkerKey(newHolder),
              UpdateExpression: 'SET openCount = openCount + :one',
              ConditionExpression: newAssignment
                ? 'attribute_exists(PK) AND openCount < cap'
                : 'attribute_exists(PK)',
              ExpressionAttributeValues: { ':one': 1 },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          { kind: 'caseworker', id: newHolder },
        );
      }
    }

    for (const item of this.timelineItems(stored, change.events, change.contacts)) {
      add({ Put: { TableName: this.tableName, Item: item } });
    }

    // The intake marker of an email is keyed by its Message-ID: it points at the enquiry as well,
    // so that Message-ID gets no pointer of its own (`threadKeys` reads both).
    const markedMessageId = markerMessageId(change.intakeId);
    for (const messageId of unique(change.messageIds.map(normaliseMessageId).filter((id) => id !== ''))) {
      if (messageId === markedMessageId) continue;
      add({ Put: { TableName: this.tableName, Item: this.pointerItem(stored.id, messageId) } });
    }

    // A held enquiry awaiting a response whose holder's quiet time (re)started gets a claim timer;
    // the old entry is left for the sweep to find stale (keeping this write one item smaller).
    const timer = claimTimerItem(before, stored);
    if (timer !== null) add({ Put: { TableName: this.tableName, Item: timer } });

    for (const item of change.alsoPut ?? []) {
      if (item.PK.startsWith('ENQ#') || item.PK.startsWith('CW#') || item.PK.startsWith('INTAKE#')) {
        throw new ValidationError('alsoPut may not write enquiry, caseworker or intake items', {
          field: 'alsoPut',
        });
      }
      add({ Put: { TableName: this.tableName, Item: item } });
    }

    // A change's search keys follow the enquiry in the same transaction: the new ones put, the
    // stale ones deleted. A new enquiry's follow in a batch after it (`createEnquiry`).
    const followUpAfter = change.followUpAfter === true && before === null;
    const stale = new Map<string, SearchKeyItem>(
      (before === null ? [] : searchKeyItems(before)).map((item) => [item.SK, item]),
    );
    for (const item of followUpAfter ? [] : searchKeyItems(stored)) {
      const old = stale.get(item.SK);
      stale.delete(item.SK);
      if (old !== undefined && old.GSI6PK === item.GSI6PK && old.GSI6SK === item.GSI6SK) continue;
      add({ Put: { TableName: this.tableName, Item: item } });
    }
    for (const old of stale.values()) {
      add({ Delete: { TableName: this.tableName, Key: { PK: old.PK, SK: old.SK } } });
    }

    if (change.intakeId !== null) {
      add(
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...intakeKey(change.intakeId),
              kind: 'intake-marker' satisfies ItemKind,
              intakeId: change.intakeId,
              enquiryId: stored.id,
              at: stored.updatedAt,
              ...(markedMessageId === null ? {} : { messageId: markedMessageId }),
            },
            ConditionExpression: 'attribute_not_exists(PK)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        { kind: 'intake', intakeId: change.intakeId },
      );
    }

    // Everything of this enquiry written outside its partition gets a back-reference inside it, so
    // the retention purge can find it from the partition alone (docs/retention.md); a new
    // enquiry's marker and pointers get theirs in the follow-up.
    const referenced = putKeys(items).filter(
      (key) => !followUpAfter || !(key.PK.startsWith('INTAKE#') || key.PK.startsWith('MSGID#')),
    );
    for (const reference of backReferencesFor(stored.id, referenced)) {
      add({ Put: { TableName: this.tableName, Item: reference } });
    }

    if (items.length > MAX_TRANSACTION_ITEMS) {
      throw new ValidationError(`one change may write at most ${MAX_TRANSACTION_ITEMS} items`, {
        field: 'events',
      });
    }

    const token = idempotencyToken(items, change.requestId);
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: items,
            ClientRequestToken: token,
          }),
        );
        return stored;
      } catch (error) {
        const explained = explainCancellation(error, roles);
        if (explained !== 'conflict') throw explained;
        // Another transaction was touching the same items (e.g. the same caseworker's count): retry.
        if (attempt >= CONFLICT_RETRIES)
          throw new ContentionError(`writing enquiry ${stored.id}`, { cause: error });
        await sleep(20 * 2 ** attempt + Math.floor(Math.random() * 20));
      }
    }
  }

  private async collect(
    indexName: string,
    partitionAttribute: string,
    partition: string,
  ): Promise<Enquiry[]> {
    const enquiries: Enquiry[] = [];
    for await (const item of queryIndexItems(this.client, {
      TableName: this.tableName,
      IndexName: indexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': partitionAttribute },
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
    })) {
      enquiries.push(parseWith(Enquiry, item, 'enquiry'));
    }
    return enquiries;
  }

  /** The distinct ids of index entries read in parallel, newest first, at most `limit`. */
  private async newestFirst(
    reads: ReadonlyArray<Promise<IndexEntry[]> | IndexEntry[]>,
    limit: number,
  ): Promise<string[]> {
    const entries = (await Promise.all(reads)).flat();
    entries.sort((a, b) => (a.at === b.at ? b.id.localeCompare(a.id) : b.at.localeCompare(a.at)));
    return unique(entries.map((entry) => entry.id)).slice(0, limit);
  }

  /**
   * Entries of one partition of an index (`:pk`, and a sort-key prefix when `beginsWith` names its
   * value), in the index's order from the end, until `limit` distinct enquiries (`null`: all). Every
   * sort key read here ends `<receivedAt>#<id>`.
   */
  private async indexEntries(
    index: { indexName: string; partitionKey: string; sortKey: string },
    values: Record<string, unknown>,
    limit: number | null,
    beginsWith: string | null = null,
  ): Promise<IndexEntry[]> {
    const entries: IndexEntry[] = [];
    const ids = new Set<string>();
    let exclusiveStart: Record<string, unknown> | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index.indexName,
          KeyConditionExpression: `#pk = :pk${beginsWith === null ? '' : ` AND begins_with(#sk, ${beginsWith})`}`,
          ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
          ExpressionAttributeValues: values,
          ProjectionExpression: '#sk',
          ScanIndexForward: false,
          Limit: limit === null ? undefined : limit - ids.size,
          ExclusiveStartKey: exclusiveStart,
        }),
      );
      for (const item of result.Items ?? []) {
        const sort = item[index.sortKey];
        if (typeof sort !== 'string') continue;
        const parts = sort.split('#');
        const id = parts.at(-1) ?? '';
        entries.push({ at: parts.at(-2) ?? '', id });
        ids.add(id);
      }
      exclusiveStart = result.LastEvaluatedKey;
    } while (exclusiveStart !== undefined && (limit === null || ids.size < limit));
    return entries;
  }
}

// --- Module helpers ------------------------------------------------------------------------------

/** The claim timer entry to write with this change, or null when none is new. */
function claimTimerItem(before: Enquiry | null, stored: Enquiry): ExtraItem | null {
  const since = stored.claimActivityAt;
  if (since === null || stored.assignee === null || stored.status !== 'open') return null;
  const unchanged =
    before !== null &&
    before.status === 'open' &&
    before.assignee === stored.assignee &&
    before.claimActivityAt === since;
  if (unchanged) return null;
  return {
    ...claimTimerKey(since, stored.id),
    kind: 'claim-timer' satisfies ItemKind,
    enquiryId: stored.id,
    quietSince: since,
    assignee: stored.assignee,
  };
}

/** The Message-ID pointers among `items`, in the order of `wanted`. */
/**
 * The Message-ID an intake marker stands for (`email:<Message-ID>`), which then needs no pointer
 * of its own; `null` for a call, or an email without a usable Message-ID (`email:s3:...`).
 */
function markerMessageId(intakeId: string | null): string | null {
  if (intakeId === null || !intakeId.startsWith(EMAIL_INTAKE_PREFIX)) return null;
  const rest = intakeId.slice(EMAIL_INTAKE_PREFIX.length);
  // Only a marker keyed by the Message-ID as lookups normalise it can be found in its stead.
  if (rest === '' || rest.startsWith('s3:') || normaliseMessageId(rest) !== rest) return null;
  return rest;
}

const EMAIL_INTAKE_PREFIX = 'email:';

/**
 * Where a Message-ID may point at its enquiry: its pointer (`MSGID#`), or the intake marker of the
 * email that had it (`INTAKE#email:<Message-ID>`, carrying `messageId`; see `markerMessageId`).
 */
function threadKeys(messageId: string): TableKey[] {
  return [messagePointerKey(messageId), intakeKey(`${EMAIL_INTAKE_PREFIX}${messageId}`)];
}

function uniqueKeys(keys: readonly TableKey[]): TableKey[] {
  const seen = new Map<string, TableKey>();
  for (const key of keys) seen.set(`${key.PK}\u0000${key.SK}`, key);
  return [...seen.values()];
}

function messageMatches(
  wanted: readonly string[],
  items: readonly Record<string, unknown>[],
): MessageMatch[] {
  const found = new Map<string, string>();
  for (const item of items) {
    if (typeof item.messageId === 'string' && typeof item.enquiryId === 'string') {
      found.set(item.messageId, item.enquiryId);
    }
  }
  return wanted.flatMap((messageId) => {
    const enquiryId = found.get(messageId);
    return enquiryId === undefined ? [] : [{ messageId, enquiryId }];
  });
}

/**
 * Enquiry fields an acknowledgement changes: recorded in place by `recordAcknowledgement` (none is
 * an index key or feeds one).
 */
const IN_PLACE_FIELDS = new Set<string>([
  'acknowledgedAt',
  'acknowledgementFailedAt',
  'acknowledgementFailure',
  'updatedAt',
]);

/** Top-level fields (other than `version`) whose values differ. */
function changedFields(before: Enquiry, after: Enquiry): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  names.delete('version');
  return [...names].filter((name) => !sameJson(before[name as keyof Enquiry], after[name as keyof Enquiry]));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

type AttributeMap = Record<string, { S?: string; N?: string; NULL?: boolean } | undefined>;

/**
 * Turns a cancelled transaction into the error the caller should see, or `'conflict'` when it
 * only collided with another transaction and can be retried. Anything else is passed through.
 */
function explainCancellation(error: unknown, roles: readonly Role[]): Error | 'conflict' {
  if (!(error instanceof TransactionCanceledException)) {
    if (error instanceof Error && error.name === 'IdempotentParameterMismatchException') {
      return new ContentionError('repeating a write with different content', { cause: error });
    }
    return error instanceof Error ? error : new InternalError('unexpected failure', { cause: error });
  }
  const reasons = error.CancellationReasons ?? [];
  const failed = reasons.flatMap((reason, index) =>
    reason.Code === 'ConditionalCheckFailed'
      ? [{ role: roles[index], item: reason.Item as AttributeMap | undefined }]
      : [],
  );
  // A redelivered intake explains everything else that failed with it.
  for (const { role, item } of failed) {
    if (role?.kind === 'intake')
      return new DuplicateIntakeError(role.intakeId, item?.enquiryId?.S ?? null, { cause: error });
  }
  for (const { role, item } of failed) {
    if (role?.kind !== 'enquiry') continue;
    if (role.creating) return new ReferenceTakenError(role.id, { cause: error });
    if (item === undefined) return new EnquiryNotFoundError(role.id);
    return new VersionConflictError(role.id, role.expectedVersion, { cause: error });
  }
  for (const { role, item } of failed) {
    if (role?.kind !== 'caseworker') continue;
    if (item === undefined || Object.keys(item).length === 0) return new CaseworkerNotFoundError(role.id);
    return new CaseloadFullError(role.id, { cause: error });
  }
  if (reasons.some((reason) => reason.Code === 'TransactionConflict')) return 'conflict';
  return error;
}
