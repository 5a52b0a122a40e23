/**
 * Use case: one raw message that SES stored in S3 becomes (at most) one intake message on the
 * queue. Infected mail is copied to quarantine and never queued; mail SES judged spam is queued
 * marked `spam`; mail that cannot be parsed gets a failure record beside the kept raw message.
 * Nothing here throws for bad input: only infrastructure faults escape, and then the S3 event is
 * retried, which the router's intake marker makes safe (a message queued twice is one enquiry).
 */
import { type EmailIntake, toQueueJson } from '../domain/intake-message';
import type { ReceivedTimePolicy } from '../domain/received-time';
import { IntakeFailureError, type IntakeFailureReason } from './errors';
import { parseEmailWithVerdicts } from './parse-email';
import type { IntakeQueue, RawMailRef, RawMailStore } from './ports';
import { readReceiptVerdicts } from './receipt-verdicts';

export interface IngestEmailDeps {
  readonly store: RawMailStore;
  readonly queue: IntakeQueue;
  readonly hubAddresses: readonly string[];
  readonly councilDomains: readonly string[];
  readonly timeZone?: string;
  /** How far a council forward may date an enquiry before it arrived (default 30 days). */
  readonly receivedTime?: ReceivedTimePolicy;
  /** Largest raw message accepted (SES's S3 action stores up to 40 MB). */
  readonly maxMailBytes: number;
  /** Largest queue message body; longer text is shortened (the raw message keeps all of it). */
  readonly maxQueueMessageBytes: number;
}

export type IngestEmailOutcome =
  | {
      readonly status: 'queued';
      readonly intakeId: string;
      readonly spam: boolean;
      readonly automated: boolean;
      readonly shortened: boolean;
    }
  | { readonly status: 'quarantined'; readonly quarantined: RawMailRef }
  | { readonly status: 'failed'; readonly reason: IntakeFailureReason; readonly record: RawMailRef }
  | { readonly status: 'missing' };

const SHORTENED_NOTICE =
  '\n\n[Text shortened to fit the intake queue; the full message is kept with the raw mail.]';

/** Bytes of a value as the queue carries it (see `toQueueJson`). */
function jsonBytes(value: unknown): number {
  return Buffer.byteLength(toQueueJson(value), 'utf8');
}

/** The longest prefix of `text` whose JSON string, with the notice, fits in `budget` bytes. */
function longestPrefixWithin(text: string, budget: number): string {
  // Every character costs at least one byte, so no prefix longer than the budget can fit.
  let low = 0;
  let high = Math.min(text.length, Math.max(0, budget));
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (jsonBytes(`${text.slice(0, middle)}${SHORTENED_NOTICE}`) <= budget) low = middle;
    else high = middle - 1;
  }
  // Never end on half of a surrogate pair.
  const code = text.charCodeAt(low - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? low - 1 : low;
  return `${text.slice(0, end)}${SHORTENED_NOTICE}`;
}

/**
 * The intake, shortened if needed so its JSON fits in `maxBytes`: the body keeps as much of its
 * start as fits and says it was cut; when even that cannot fit, the colleague's note and the
 * attachment list go too. The raw message in S3 always keeps everything.
 */
export function fitIntakeToQueue(
  intake: EmailIntake,
  maxBytes: number,
): { intake: EmailIntake; shortened: boolean } {
  if (jsonBytes(intake) <= maxBytes) return { intake, shortened: false };
  let rest: EmailIntake = { ...intake, body: '' };
  if (jsonBytes(rest) + jsonBytes(SHORTENED_NOTICE) > maxBytes) {
    rest = { ...rest, forwardNote: null, attachments: [] };
  }
  const budget = maxBytes - (jsonBytes(rest) - jsonBytes(''));
  return { intake: { ...rest, body: longestPrefixWithin(intake.body, budget) }, shortened: true };
}

/**
 * Ingests one stored raw message. `arrivedAt` is when it reached the inbound address (the S3
 * event's time); `now` stamps records.
 */
export async function ingestEmail(
  ref: RawMailRef,
  times: { readonly arrivedAt: Date; readonly now: Date },
  deps: IngestEmailDeps,
): Promise<IngestEmailOutcome> {
  const recordedAt = times.now.toISOString();
  const read = await deps.store.read(ref, deps.maxMailBytes);
  if (read.kind === 'missing') return { status: 'missing' };
  if (read.kind === 'too-large') {
    const record = await deps.store.recordFailure({
      reason: 'too-large',
      detail: `message is ${read.size} bytes, over the ${deps.maxMailBytes}-byte limit`,
      source: ref,
      recordedAt,
    });
    return { status: 'failed', reason: 'too-large', record };
  }
  // Checked on the raw header before parsing: an infected message is never opened further.
  if (readReceiptVerdicts(read.body).virus === 'FAIL') {
    return { status: 'quarantined', quarantined: await deps.store.quarantine(ref, recordedAt) };
  }
  let intake: EmailIntake;
  try {
    const parsed = await parseEmailWithVerdicts(read.body, {
      hubAddresses: deps.hubAddresses,
      councilDomains: deps.councilDomains,
      raw: ref,
      arrivedAt: times.arrivedAt,
      maxBytes: deps.maxMailBytes,
      ...(deps.timeZone === undefined ? {} : { timeZone: deps.timeZone }),
      ...(deps.receivedTime === undefined ? {} : { receivedTime: deps.receivedTime }),
    });
    intake = parsed.intake;
  } catch (error) {
    if (!(error instanceof IntakeFailureError)) throw error;
    const record = await deps.store.recordFailure({
      reason: error.reason,
      detail: error.message,
      source: ref,
      recordedAt,
    });
    return { status: 'failed', reason: error.reason, record };
  }
  // No "already queued" check: a repeated S3 notification queues the message again, and the
  // router's intake marker (keyed on the same intake id) makes that second copy change nothing.
  const fitted = fitIntakeToQueue(intake, deps.maxQueueMessageBytes);
  await deps.queue.send(fitted.intake);
  return {
    status: 'queued',
    intakeId: intake.intakeId,
    spam: intake.spam,
    automated: intake.automated,
    shortened: fitted.shortened,
  };
}

/** One S3 ObjectCreated notification, reduced to what ingest needs. */
export interface StoredMailNotice {
  readonly bucket: string;
  readonly key: string;
  readonly eventTime: Date;
}

export interface NoticeResult {
  readonly key: string;
  readonly outcome:
    | IngestEmailOutcome
    | { readonly status: 'ignored' }
    | { readonly status: 'error'; readonly error: unknown };
}

/**
 * Ingests every notice of an S3 event, one after another; a fault on one does not stop the others.
 * Keys outside `inboundPrefix` are ignored (our own quarantine/failed/marker writes, or a
 * misconfigured notification), which also rules out a trigger loop.
 */
export async function ingestStoredMail(
  notices: readonly StoredMailNotice[],
  options: { readonly inboundPrefix: string; readonly now: () => Date },
  deps: IngestEmailDeps,
): Promise<NoticeResult[]> {
  const results: NoticeResult[] = [];
  for (const notice of notices) {
    if (!notice.key.startsWith(options.inboundPrefix)) {
      results.push({ key: notice.key, outcome: { status: 'ignored' } });
      continue;
    }
    try {
      const outcome = await ingestEmail(
        { bucket: notice.bucket, key: notice.key },
        { arrivedAt: notice.eventTime, now: options.now() },
        deps,
      );
      results.push({ key: notice.key, outcome });
    } catch (error) {
      results.push({ key: notice.key, outcome: { status: 'error', error } });
    }
  }
  return results;
}
