/**
 * Key design of the single table: how each item type is addressed and which secondary-index
 * attributes it carries. Pure (no SDK), so it is unit-tested on its own; docs/data-model.md
 * explains every access pattern these keys serve.
 */
import { createHash } from 'node:crypto';
import { addressKey } from '../domain/email-address';
import type { Enquiry } from '../domain/enquiry';
import { isUnresolved } from '../domain/enquiry-status';
import { InvalidCursorError } from '../domain/errors';
import { toInstant } from '../domain/instant';
import { priorityRank } from '../domain/taxonomy';
import { normaliseMessageId } from '../mail/hub-mail';

export interface TableKey {
  PK: string;
  SK: string;
}

/** An item of another kind written with an enquiry change (`EnquiryRepository`'s `alsoPut`). */
export type ExtraItem = TableKey & Record<string, unknown>;

/** What kind of item a row is (stored as `kind`, for people reading the table). */
export type ItemKind =
  | 'enquiry'
  | 'contact'
  | 'event'
  | 'message-pointer'
  | 'intake-marker'
  | 'caseworker'
  | 'do-not-reply'
  | 'search-key'
  | 'access-audit'
  | 'rate-limit'
  | 'claim-timer'
  | 'availability'
  | 'away-start'
  | 'back-reference'
  | 'staff'
  | 'staff-login';

/** Prefix shared by contacts and events so one Query returns the timeline in time order. */
export const TIMELINE_PREFIX = 'TL#';

export function enquiryKey(id: string): TableKey {
  return { PK: `ENQ#${id}`, SK: 'META' };
}

/** Contact on the enquiry's timeline, ordered by when the hub received (or sent) it. */
export function contactKey(enquiryId: string, at: string, contactId: string): TableKey {
  return { PK: `ENQ#${enquiryId}`, SK: `${TIMELINE_PREFIX}${toInstant(at)}#C#${contactId}` };
}

/**
 * Audit event on the enquiry's timeline. `version` is the enquiry version the change produced and
 * `index` the event's place in that change, which makes the key unique and deterministic.
 */
export function eventKey(enquiryId: string, at: string, version: number, index: number): TableKey {
  const sequence = `${String(version).padStart(8, '0')}.${String(index).padStart(3, '0')}`;
  return { PK: `ENQ#${enquiryId}`, SK: `${TIMELINE_PREFIX}${toInstant(at)}#E#${sequence}` };
}

export function messagePointerKey(messageId: string): TableKey {
  return { PK: `MSGID#${normaliseMessageId(messageId)}`, SK: 'MSGID' };
}

export function intakeKey(intakeId: string): TableKey {
  return { PK: `INTAKE#${intakeId}`, SK: 'INTAKE' };
}

export function caseworkerKey(id: string): TableKey {
  return { PK: `CW#${id}`, SK: 'PROFILE' };
}

/** A member of staff: who they are on the hub (their staff id), roles, teams, and their sign-in. */
export function staffKey(staffId: string): TableKey {
  return { PK: `STAFF#${staffId}`, SK: 'PROFILE' };
}

/**
 * The link from a sign-in (the `sub` of a Cognito access token) to a staff id. The API reads it
 * on every request; removing a leaver deletes it, which locks them out at once.
 */
export function staffLoginKey(sub: string): TableKey {
  return { PK: `${STAFF_LOGIN_PREFIX}${sub}`, SK: 'STAFF' };
}

/** Partition-key prefix of the staff links (ingest-phone may read these items and no others). */
export const STAFF_LOGIN_PREFIX = 'LOGIN#';

/** Every current member of staff sits on GSI1 under one partition, ordered by staff id. */
export const STAFF_PARTITION = 'STAFF';

export function doNotReplyKey(email: string): TableKey {
  return { PK: `DNR#${addressKey(email)}`, SK: 'DNR' };
}

// --- Secondary index keys ------------------------------------------------------------------------

/** Number of shards of the sparse "awaiting response" index (GSI2): spreads the escalator's reads. */
export const AWAIT_SHARDS = 4;

/** Stable shard of an enquiry id in [0, AWAIT_SHARDS): FNV-1a of its characters. */
export function awaitShard(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % AWAIT_SHARDS;
}

/** UTC calendar day (`YYYY-MM-DD`) of an instant. */
export function utcDay(instant: string): string {
  return toInstant(instant).slice(0, 10);
}

/** The UTC day after `day` (`YYYY-MM-DD`): day partitions are read one after another. */
export function nextUtcDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
}

export const queuePartition = (team: string): string => `QUEUE#${team}`;
export const caseloadPartition = (caseworkerId: string): string => `CASELOAD#${caseworkerId}`;
export const rosterPartition = (team: string): string => `ROSTER#${team}`;
export const awaitPartition = (shard: number): string => `AWAIT#${shard}`;
export const emailPartition = (email: string): string => `EMAIL#${addressKey(email)}`;
export const phonePartition = (phone: string): string => `PHONE#${phone.trim()}`;
export const dayPartition = (day: string): string => `DAY#${day}`;
export const childRecordPartition = (childId: string): string => `CHILD#${childId}`;

export const INDEX_KEY_ATTRIBUTES = [
  'GSI1PK',
  'GSI1SK',
  'GSI2PK',
  'GSI2SK',
  'GSI3PK',
  'GSI3SK',
  'GSI4PK',
  'GSI4SK',
  'GSI5PK',
  'GSI5SK',
  'GSI6PK',
  'GSI6SK',
  'GSI7PK',
  'GSI7SK',
  'GSI8PK',
  'GSI8SK',
] as const;
export type IndexKeyAttribute = (typeof INDEX_KEY_ATTRIBUTES)[number];
export type IndexKeys = Partial<Record<IndexKeyAttribute, string>>;

/**
 * Where an enquiry sorts in a queue or caseload: `0` with a safeguarding concern, ahead of every
 * other enquiry on every page, then its priority's rank (`1` urgent, `2` high, `3` normal). A
 * concern is always urgent, so this only lifts it above the other urgent work.
 */
export function queueRank(enquiry: Pick<Enquiry, 'priority' | 'safeguarding'>): number {
  return enquiry.safeguarding.concern ? 0 : priorityRank(enquiry.priority);
}

/**
 * The secondary-index attributes an enquiry item must carry. Every enquiry write stores exactly
 * these (the whole item is replaced), so sparse indexes only ever hold the right enquiries:
 * - GSI1 (queue): unresolved enquiries, in `QUEUE#<team>` while unclaimed and in
 *   `CASELOAD#<caseworker>` while held; sort `<queue rank>#<responseDueAt>#<id>` ({@link queueRank});
 * - GSI2 (awaiting): status `open` with a pending escalation; `AWAIT#<shard>`, sort `<nextEscalationAt>#<id>`;
 * - GSI3 / GSI4 (threading): unresolved, by requester email (lower case) / phone (E.164);
 * - GSI5 (reports): every enquiry by the UTC day it was received;
 * - GSI7 (retention): resolved, by when;
 * - GSI8 (child record): linked to a child record, `CHILD#<childId>`, sort `<receivedAt>#<id>`.
 */
export function indexKeysFor(enquiry: Enquiry): IndexKeys {
  const keys: IndexKeys = {};
  const receivedAt = toInstant(enquiry.receivedAt);
  const unresolved = isUnresolved(enquiry);
  if (unresolved) {
    keys.GSI1PK =
      enquiry.assignee === null ? queuePartition(enquiry.team) : caseloadPartition(enquiry.assignee);
    keys.GSI1SK = `${queueRank(enquiry)}#${toInstant(enquiry.responseDueAt)}#${enquiry.id}`;
  }
  if (enquiry.status === 'open' && enquiry.nextEscalationAt !== null) {
    keys.GSI2PK = awaitPartition(awaitShard(enquiry.id));
    keys.GSI2SK = `${toInstant(enquiry.nextEscalationAt)}#${enquiry.id}`;
  }
  const { email, phone } = enquiry.requester;
  if (unresolved && email !== null && email.trim() !== '') {
    keys.GSI3PK = emailPartition(email);
    keys.GSI3SK = `${receivedAt}#${enquiry.id}`;
  }
  if (unresolved && phone !== null && phone.trim() !== '') {
    keys.GSI4PK = phonePartition(phone);
    keys.GSI4SK = `${receivedAt}#${enquiry.id}`;
  }
  keys.GSI5PK = dayPartition(utcDay(receivedAt));
  keys.GSI5SK = `${receivedAt}#${enquiry.id}`;
  if (enquiry.status === 'resolved' && enquiry.resolvedAt !== null) {
    keys.GSI7PK = RETENTION_PARTITION;
    keys.GSI7SK = `${toInstant(enquiry.resolvedAt)}#${enquiry.id}`;
  }
  if (enquiry.childId !== null) {
    keys.GSI8PK = childRecordPartition(enquiry.childId);
    keys.GSI8SK = `${receivedAt}#${enquiry.id}`;
  }
  return keys;
}

// --- Retention (shared/retention/) ----------------------------------------------------------------

/** The one partition of the retention index (GSI7): resolved enquiries by resolution time. */
export const RETENTION_PARTITION = 'RETAIN';

/** The partition of one enquiry: everything of it lives here, or is pointed at from here. */
export function enquiryPartition(id: string): string {
  return enquiryKey(id).PK;
}

/** SK prefix of back-references (see `backReferenceItem`). */
export const BACK_REFERENCE_PREFIX = 'REF#';

/**
 * An item of an enquiry stored outside its partition (a Message-ID pointer, the intake marker, an
 * escalation notice, a duty alert...) is pointed at by a back-reference inside the partition, so
 * the retention purge finds it by reading the partition alone. The SK is a digest of the target's
 * key: deterministic (writing it twice is one item) and short whatever the target's key.
 */
export function backReferenceKey(enquiryId: string, target: TableKey): TableKey {
  const digest = createHash('sha256').update(`${target.PK}\u0000${target.SK}`).digest('hex').slice(0, 32);
  return { PK: enquiryPartition(enquiryId), SK: `${BACK_REFERENCE_PREFIX}${digest}` };
}

/** The back-reference item to write beside any item of `enquiryId` kept outside its partition. */
export function backReferenceItem(enquiryId: string, target: TableKey): Record<string, unknown> & TableKey {
  return {
    ...backReferenceKey(enquiryId, target),
    kind: 'back-reference' satisfies ItemKind,
    refPK: target.PK,
    refSK: target.SK,
  };
}

/**
 * One back-reference to several items of `enquiryId` kept outside its partition (`refs`: their
 * keys), for writes that put a few at once (a new enquiry's intake marker and Message-ID pointers):
 * one small item instead of one each. The SK is a digest of all the targets: writing the same list
 * twice is one item. The retention purge follows `refs` as it follows `refPK`/`refSK`.
 */
export function backReferenceListItem(
  enquiryId: string,
  targets: readonly TableKey[],
): Record<string, unknown> & TableKey {
  const digest = createHash('sha256')
    .update(targets.map((target) => `${target.PK}\u0000${target.SK}`).join('\u0001'))
    .digest('hex')
    .slice(0, 32);
  return {
    PK: enquiryPartition(enquiryId),
    SK: `${BACK_REFERENCE_PREFIX}L#${digest}`,
    kind: 'back-reference' satisfies ItemKind,
    refs: targets.map((target) => [target.PK, target.SK]),
  };
}

/**
 * The back-references to write beside `written` (items of one write for `enquiryId`): one for each
 * item outside the enquiry's partition, except caseworker counters (the caseworker's, not the
 * enquiry's). Every store that writes items of an enquiry elsewhere puts these in the same
 * transaction, so the retention purge finds everything from the partition alone.
 */
export function backReferencesFor(
  enquiryId: string,
  written: readonly TableKey[],
): (Record<string, unknown> & TableKey)[] {
  const partition = enquiryPartition(enquiryId);
  return written
    .filter((key) => key.PK !== partition && !key.PK.startsWith('CW#'))
    .map((key) => backReferenceItem(enquiryId, key));
}

/** Caseworker profiles sit on GSI1 under their team's roster. */
export function caseworkerIndexKeys(caseworker: { id: string; team: string }): IndexKeys {
  return { GSI1PK: rosterPartition(caseworker.team), GSI1SK: caseworker.id };
}

// --- Cursors -------------------------------------------------------------------------------------

const KEY_NAMES = new Set<string>(['PK', 'SK', ...INDEX_KEY_ATTRIBUTES]);

/** A DynamoDB `LastEvaluatedKey` made of our (string) key attributes. */
export type PageKey = Record<string, string>;

/** Turns a page position (plus optional context, e.g. the day being read) into an opaque cursor. */
export function encodeCursor(position: { key: PageKey | null; scope?: string }): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** Reads a cursor made by `encodeCursor`; anything else is an `InvalidCursorError`. */
export function decodeCursor(cursor: string): { key: PageKey | null; scope?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null) throw new InvalidCursorError();
  const { key, scope } = parsed as { key?: unknown; scope?: unknown };
  if (scope !== undefined && typeof scope !== 'string') throw new InvalidCursorError();
  if (key === null) return scope === undefined ? { key: null } : { key: null, scope };
  if (typeof key !== 'object' || key === undefined) throw new InvalidCursorError();
  const entries = Object.entries(key);
  if (
    entries.length === 0 ||
    !entries.every(([name, value]) => KEY_NAMES.has(name) && typeof value === 'string')
  ) {
    throw new InvalidCursorError();
  }
  const pageKey = Object.fromEntries(entries) as PageKey;
  return scope === undefined ? { key: pageKey } : { key: pageKey, scope };
}

// --- Escalation outbox, digest leases, escalation log, report markers (escalator, reporter) -----

/**
 * Partition holding every escalation notice still to be emailed. It is sparse by deletion (a notice
 * is deleted once its digest is sent), so reading it costs what is pending, never history.
 */
export const OUTBOX_PARTITION = 'OUTBOX';

/** SK prefix of one recipient's pending notices (an address has no `#` after its `@`, so prefixes never overlap). */
export function outboxRecipientPrefix(recipient: string): string {
  return `${addressKey(recipient)}#`;
}

/**
 * A pending escalation notice: one step of one enquiry's response window, for one recipient.
 * The window start makes a reopened enquiry's second climb of the ladder a different notice.
 */
export function outboxKey(
  recipient: string,
  enquiryId: string,
  windowStart: string,
  stepId: string,
): TableKey {
  return {
    PK: OUTBOX_PARTITION,
    SK: `${outboxRecipientPrefix(recipient)}${enquiryId}#${toInstant(windowStart)}#${stepId}`,
  };
}

/** The "sending" lease on one recipient's digest: only its holder may send and clear their notices. */
export function digestLeaseKey(recipient: string): TableKey {
  return { PK: `DIGEST#${addressKey(recipient)}`, SK: 'LEASE' };
}

/** Escalation log, one partition per UTC day of the instant a step fell due (for reports). */
export const escalationLogPartition = (day: string): string => `ESCLOG#${day}`;

export function escalationLogKey(
  stepAt: string,
  enquiryId: string,
  windowStart: string,
  stepId: string,
): TableKey {
  const at = toInstant(stepAt);
  return {
    PK: escalationLogPartition(utcDay(at)),
    SK: `${at}#${enquiryId}#${toInstant(windowStart)}#${stepId}`,
  };
}

/** Marker that a scheduled report for a period was emailed (or is being emailed, under a lease). */
export function reportMarkerKey(kind: string, from: string, to: string): TableKey {
  return { PK: `REPORT#${kind}#${from}_${to}`, SK: 'MARKER' };
}

// --- Safeguarding duty alerts (router, escalator, API) ---------------------------------------------

/**
 * Partition of duty alerts still to be emailed: sparse by deletion, like the escalation outbox.
 * An alert is written in the same transaction as the enquiry change that decides it.
 */
export const DUTY_ALERT_OUTBOX_PARTITION = 'SGOUTBOX';

function alertPosition(concern: number, step: number): string {
  return `${String(concern).padStart(3, '0')}#${String(step).padStart(3, '0')}`;
}

/** One duty alert: the `step`-th person told about the enquiry's `concern`-th concern. */
export function dutyAlertOutboxKey(enquiryId: string, concern: number, step: number): TableKey {
  return { PK: DUTY_ALERT_OUTBOX_PARTITION, SK: `${enquiryId}#${alertPosition(concern, step)}` };
}

/** SK prefix of one enquiry's pending duty alerts. */
export function dutyAlertEnquiryPrefix(enquiryId: string): string {
  return `${enquiryId}#`;
}

/** The sending lease of one duty alert. */
export function dutyAlertLeaseKey(enquiryId: string, concern: number, step: number): TableKey {
  return { PK: `SGLEASE#${enquiryId}#${alertPosition(concern, step)}`, SK: 'LEASE' };
}

/**
 * Sparse "who is due to be told next" index: one entry per alert not yet picked up, keyed by the
 * instant the next duty contact is due, so the sweep reads `SK <= '<now>#~'` and nothing else.
 */
export const DUTY_ALERT_DUE_PARTITION = 'SGDUE';

export function dutyAlertDueKey(dueAt: string, enquiryId: string, concern: number, told: number): TableKey {
  return {
    PK: DUTY_ALERT_DUE_PARTITION,
    SK: `${toInstant(dueAt)}#${enquiryId}#${alertPosition(concern, told)}`,
  };
}

// --- Statutory processes (shared/adapters/statutory-store.ts) ------------------------------------

/** A statutory process on an enquiry: beside the enquiry, outside its timeline (`TL#`). */
export function statutoryProcessKey(enquiryId: string, processId: string): TableKey {
  return { PK: `ENQ#${enquiryId}`, SK: `STAT#${processId}` };
}

export const STATUTORY_SK_PREFIX = 'STAT#';
export const statutoryAlertPartition = (shard: number): string => `STATDUE#${shard}`;
export const statutoryTeamPartition = (team: string): string => `STATTEAM#${team}`;
/** Processes are few (tens a day at most), so the report reads them a month partition at a time. */
export const statutoryMonthPartition = (month: string): string => `STATMONTH#${month}`;

/**
 * Index attributes of a statutory process (each index's partition names keep these apart from
 * enquiries): GSI1 `STATTEAM#<team>` while it is not complete (the team's running processes), GSI2
 * `STATDUE#<shard>` while an alert is pending (the sweep's read, sparse like the awaiting index),
 * GSI5 `STATMONTH#<UTC month of the start>` always (reports).
 */
export function statutoryIndexKeys(process: {
  enquiryId: string;
  id: string;
  team: string;
  start: string;
  complete: boolean;
  nextAlertAt: string | null;
}): IndexKeys {
  const keys: IndexKeys = {};
  const startInstant =
    process.start.length === 10 ? `${process.start}T00:00:00.000Z` : toInstant(process.start);
  const suffix = `${process.enquiryId}#${process.id}`;
  if (!process.complete) {
    keys.GSI1PK = statutoryTeamPartition(process.team);
    keys.GSI1SK = `${startInstant}#${suffix}`;
  }
  if (process.nextAlertAt !== null) {
    keys.GSI2PK = statutoryAlertPartition(awaitShard(suffix));
    keys.GSI2SK = `${toInstant(process.nextAlertAt)}#${suffix}`;
  }
  keys.GSI5PK = statutoryMonthPartition(utcDay(startInstant).slice(0, 7));
  keys.GSI5SK = `${startInstant}#${suffix}`;
  return keys;
}

// --- Claim timers and staff availability (shared/adapters/claim-timer-store.ts, availability-store.ts)

/**
 * Sparse "claims going quiet" index: one entry per held enquiry awaiting a response, keyed by the
 * instant its holder went quiet, written with the enquiry change that set it. The sweep reads
 * `SK <= '<now minus the limit>#~'` and deletes entries it finds stale.
 */
export const CLAIM_TIMER_PARTITION = 'CLAIMIDLE';

export function claimTimerKey(quietSince: string, enquiryId: string): TableKey {
  return { PK: CLAIM_TIMER_PARTITION, SK: `${toInstant(quietSince)}#${enquiryId}` };
}

/** Everyone's away dates and deputies: one small partition, read whole by the sweep (one Query). */
export const AVAILABILITY_PARTITION = 'AVAILABILITY';

export function availabilityKey(email: string): TableKey {
  return { PK: AVAILABILITY_PARTITION, SK: addressKey(email) };
}

/**
 * Sparse "away periods starting" index: one entry per caseworker away period not yet acted on,
 * keyed by the instant it starts; the sweep hands their work over when it is due.
 */
export const AWAY_START_PARTITION = 'AWAYSTART';

export function awayStartKey(startsAt: string, email: string, from: string): TableKey {
  return { PK: AWAY_START_PARTITION, SK: `${toInstant(startsAt)}#${addressKey(email)}#${from}` };
}
