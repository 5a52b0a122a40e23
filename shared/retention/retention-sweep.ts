/**
 * Use case: the retention sweep. An enquiry resolved longer ago than the configured retention
 * period is purged with everything of it: every item of its partition (whatever kind: contacts,
 * events, statutory processes, and any kind added later), every item elsewhere that its partition
 * points at through a back-reference (Message-ID pointers, the intake marker, escalation notices,
 * duty alerts...), and its raw mail in S3 with the "already queued" marker.
 *
 * The due enquiries come from the sparse retention index (resolved enquiries by resolution time):
 * the sweep's cost grows with what is due, never with history, and it never scans.
 *
 * Order, so that an interrupted purge is finished by the next sweep: raw mail first, then the items
 * outside the partition, then the partition's other items, the enquiry item last (it holds the
 * index entry the sweep finds the enquiry by). The enquiry item is deleted only if it has not
 * changed since it was read: a new contact that reopened it keeps it (with what came after).
 */
import type { Enquiry } from '../domain/enquiry';

/** An item of the enquiry's partition, as stored (only the attributes the purge reads). */
export interface PartitionItem {
  readonly PK: string;
  readonly SK: string;
  readonly kind?: unknown;
  readonly refPK?: unknown;
  readonly refSK?: unknown;
  /** A back-reference to several items: their `[PK, SK]` pairs. */
  readonly refs?: unknown;
  readonly raw?: unknown;
  readonly intakeId?: unknown;
  readonly channel?: unknown;
}

/** An item's address in the store, as the store reports it (the table's `PK`/`SK`). */
export interface TableKey {
  readonly PK: string;
  readonly SK: string;
}

export interface RawObject {
  readonly bucket: string;
  readonly key: string;
}

/** What the purge of one enquiry deletes, in order. */
export interface PurgePlan {
  /** Raw MIME of its emails. */
  readonly rawMail: readonly RawObject[];
  /** Intake ids of its emails, whose "already queued" markers sit beside the raw mail. */
  readonly emailIntakeIds: readonly string[];
  /** Items outside the partition, from its back-references. */
  readonly external: readonly TableKey[];
  /** The partition's items except the enquiry item. */
  readonly partition: readonly TableKey[];
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function rawObject(value: unknown): RawObject | null {
  if (typeof value !== 'object' || value === null) return null;
  const { bucket, key } = value as { bucket?: unknown; key?: unknown };
  const b = text(bucket);
  const k = text(key);
  return b === null || k === null ? null : { bucket: b, key: k };
}

/** The purge plan for an enquiry, from every item of its partition. Pure. */
export function purgePlan(enquiryItemKey: TableKey, items: readonly PartitionItem[]): PurgePlan {
  const rawMail = new Map<string, RawObject>();
  const intakeIds = new Set<string>();
  const external = new Map<string, TableKey>();
  const partition: TableKey[] = [];
  for (const item of items) {
    const raw = rawObject(item.raw);
    if (raw !== null) rawMail.set(`${raw.bucket}/${raw.key}`, raw);
    const intakeId = text(item.intakeId);
    if (intakeId?.startsWith('email:') === true) intakeIds.add(intakeId);
    const refPK = text(item.refPK);
    const refSK = text(item.refSK);
    if (item.kind === 'back-reference' && refPK !== null && refSK !== null) {
      external.set(`${refPK}\u0000${refSK}`, { PK: refPK, SK: refSK });
    }
    if (item.kind === 'back-reference' && Array.isArray(item.refs)) {
      for (const pair of item.refs) {
        const [pk, sk] = Array.isArray(pair) ? pair.map(text) : [null, null];
        if (pk !== null && pk !== undefined && sk !== null && sk !== undefined) {
          external.set(`${pk}\u0000${sk}`, { PK: pk, SK: sk });
        }
      }
    }
    if (item.PK === enquiryItemKey.PK && item.SK === enquiryItemKey.SK) continue;
    partition.push({ PK: item.PK, SK: item.SK });
  }
  return {
    rawMail: [...rawMail.values()],
    emailIntakeIds: [...intakeIds],
    external: [...external.values()],
    partition,
  };
}

/** The latest resolution time that is due for purge at `now`. */
export function retentionCutoff(now: string, retainDays: number): string {
  return new Date(Date.parse(now) - retainDays * 86_400_000).toISOString();
}

// --- Ports ---------------------------------------------------------------------------------------

/** The table as the sweep needs it (`DynamoRetentionStore`). */
export interface RetentionStore {
  /** Ids of resolved enquiries resolved at or before `cutoff`, oldest first, at most `limit`. */
  resolvedBefore(cutoff: string, limit: number): Promise<string[]>;
  getEnquiry(id: string): Promise<Enquiry | null>;
  /** Every item of the enquiry's partition. */
  partitionItems(id: string): Promise<PartitionItem[]>;
  deleteKeys(keys: readonly TableKey[]): Promise<void>;
  /** Deletes the enquiry item if it is still at `version`; false when it changed. */
  deleteEnquiry(id: string, version: number): Promise<boolean>;
  /** The enquiry item's key. */
  enquiryKey(id: string): TableKey;
}

/** The raw-mail bucket as the sweep needs it. */
export interface RawMailPurger {
  /** Deletes raw messages and the "already queued" markers of these intake ids (missing ones are fine). */
  delete(rawMail: readonly RawObject[], emailIntakeIds: readonly string[]): Promise<void>;
}

export interface RetentionSweepInput {
  /** The instant the sweep runs as (the schedule's time). */
  readonly now: string;
  /** Days a resolved enquiry is kept. */
  readonly retainDays: number;
  /** Most enquiries purged in one run (the next run takes the rest). */
  readonly limit: number;
  /** Count what is due without deleting anything. */
  readonly dryRun?: boolean;
}

export interface RetentionSweepResult {
  /** Enquiries purged (or, in a dry run, due). */
  readonly purged: number;
  /** Due enquiries that changed while being purged (reopened): kept. */
  readonly kept: number;
  /** Items deleted from the table, and raw objects deleted from S3. */
  readonly items: number;
  readonly rawObjects: number;
  /** More were due than `limit`: run again. */
  readonly more: boolean;
}

/** Purges the enquiries due at `input.now` (see module doc). Idempotent: run it as often as you like. */
export async function runRetentionSweep(
  deps: { readonly store: RetentionStore; readonly rawMail: RawMailPurger },
  input: RetentionSweepInput,
): Promise<RetentionSweepResult> {
  const cutoff = retentionCutoff(input.now, input.retainDays);
  const due = await deps.store.resolvedBefore(cutoff, input.limit + 1);
  const batch = due.slice(0, input.limit);
  let purged = 0;
  let kept = 0;
  let items = 0;
  let rawObjects = 0;
  for (const id of batch) {
    // The index is eventually consistent: the enquiry item itself decides.
    const enquiry = await deps.store.getEnquiry(id);
    if (enquiry === null) {
      // Only its index entry was left to find; the partition may still hold items of an interrupted purge.
      const leftovers = purgePlan(deps.store.enquiryKey(id), await deps.store.partitionItems(id));
      if (!input.dryRun) await deletePlan(deps, leftovers);
      continue;
    }
    if (enquiry.status !== 'resolved' || enquiry.resolvedAt === null || enquiry.resolvedAt > cutoff) continue;
    const plan = purgePlan(deps.store.enquiryKey(id), await deps.store.partitionItems(id));
    if (input.dryRun) {
      purged += 1;
      continue;
    }
    await deletePlan(deps, plan);
    items += plan.external.length + plan.partition.length;
    rawObjects += plan.rawMail.length;
    if (await deps.store.deleteEnquiry(id, enquiry.version)) {
      purged += 1;
      items += 1;
    } else {
      kept += 1;
    }
  }
  return { purged, kept, items, rawObjects, more: due.length > input.limit };
}

async function deletePlan(
  deps: { readonly store: RetentionStore; readonly rawMail: RawMailPurger },
  plan: PurgePlan,
): Promise<void> {
  await deps.rawMail.delete(plan.rawMail, plan.emailIntakeIds);
  await deps.store.deleteKeys(plan.external);
  await deps.store.deleteKeys(plan.partition);
}
