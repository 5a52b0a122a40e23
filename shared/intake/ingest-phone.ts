/**
 * Use case: a `POST /phone-logs` body (one JSON entry, a JSON array of up to 500, or a CSV export)
 * becomes intake messages on the queue.
 *
 * Batch policy: every row is validated; valid rows are queued and listed as accepted, bad rows are
 * listed as rejected by index, callId and field path. When no row is valid, nothing is queued and
 * the whole request is refused (400) naming every bad field. A callId seen twice in one request is
 * rejected the second time. Re-posting a callId queues it again: the router is idempotent on
 * `phone:<callId>`, so it still makes one enquiry.
 *
 * Who and when: `handledBy` is the signed-in user, whatever the body says; the teams they work in
 * travel with the call (a reference in its notes may join only those teams' enquiries). A call's
 * `receivedAt` may not be later than the request (a few minutes of clock skew are clamped) nor more
 * than `maxBackdateDays` before it: such a row is refused naming `receivedAt`.
 */

import { PayloadTooLargeError, UnsupportedMediaTypeError } from '../domain/errors';
import type { PhoneIntake } from '../domain/intake-message';
import { decideReceivedAt, type ReceivedTimePolicy } from '../domain/received-time';
import * as z from '../domain/zod';
import { PhoneLogValidationError } from './errors';
import { parsePhoneLogCsv, validatePhoneLog } from './phone-log';
import type { IntakeQueue } from './ports';

export interface IngestPhoneDeps {
  readonly queue: IntakeQueue;
  /** Largest body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /** Most entries in one request. */
  readonly maxEntries: number;
  /** How far before the request a call may be dated. */
  readonly receivedTime: ReceivedTimePolicy;
}

/** The signed-in user logging the calls, from their token. */
export interface CallLogger {
  readonly username: string;
  /** Teams they work in (`team:<id>` groups). */
  readonly teams: readonly string[];
}

export interface PhoneLogRequest {
  /** The Content-Type header as sent (parameters allowed), or undefined. */
  readonly contentType: string | undefined;
  /** The decoded body. */
  readonly body: Buffer;
  readonly loggedBy: CallLogger;
  /** When the hub received the request (API Gateway's clock, not the caller's). */
  readonly receivedAt: Date;
}

export const AcceptedRow = z.object({ index: z.int(), callId: z.string(), intakeId: z.string() });
export type AcceptedRow = z.infer<typeof AcceptedRow>;

export const RejectedRow = z.object({
  index: z.int(),
  line: z.optional(z.int()).check(z.describe('The CSV line, for CSV bodies.')),
  callId: z.nullable(z.string()),
  fields: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type RejectedRow = z.infer<typeof RejectedRow>;

/** What `POST /phone-logs` answers: the rows queued, and the rows refused with why. */
export const PhoneLogResult = z.object({
  accepted: z.array(AcceptedRow),
  rejected: z.array(RejectedRow),
});
export type PhoneLogResult = z.infer<typeof PhoneLogResult>;

type BodyKind = 'json' | 'csv';

function bodyKind(contentType: string | undefined): BodyKind {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (media === 'application/json' || /^application\/[\w.-]+\+json$/.test(media)) return 'json';
  if (media === 'text/csv' || media === 'application/csv') return 'csv';
  throw new UnsupportedMediaTypeError(
    `Content-Type ${media === '' ? '(none)' : media} is not accepted: send application/json or text/csv`,
  );
}

interface Checked {
  readonly valid: { index: number; intake: PhoneIntake }[];
  readonly rejected: RejectedRow[];
  /** Several rows (field paths start `[i].`), or one JSON entry (they do not). */
  readonly batch: boolean;
}

function checkJson(text: string, maxEntries: number): Checked {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PhoneLogValidationError(
      'the body is not valid JSON',
      [{ path: '(body)', message: 'is not valid JSON' }],
      {
        cause: error,
      },
    );
  }
  const isBatch = Array.isArray(json);
  const entries: unknown[] = Array.isArray(json) ? json : [json];
  if (isBatch && entries.length === 0) {
    throw new PhoneLogValidationError('the batch is empty', [
      { path: '(body)', message: 'holds no entries' },
    ]);
  }
  if (entries.length > maxEntries) {
    throw new PayloadTooLargeError(`at most ${maxEntries} entries per request; split the batch`);
  }
  const valid: Checked['valid'] = [];
  const rejected: RejectedRow[] = [];
  entries.forEach((entry, index) => {
    const result = validatePhoneLog(entry, isBatch ? `[${index}]` : '');
    if (result.ok) valid.push({ index, intake: result.intake });
    else rejected.push({ index, callId: result.callId, fields: result.fields });
  });
  return { valid, rejected, batch: isBatch };
}

function checkCsv(text: string, maxEntries: number): Checked {
  // The row cap is enforced inside the parser, so an oversized file is never parsed in full.
  const { rows, errors } = parsePhoneLogCsv(text, { maxRows: maxEntries });
  if (rows.length + errors.length === 0) {
    throw new PhoneLogValidationError('the CSV holds no rows', [
      { path: '(body)', message: 'holds no rows' },
    ]);
  }
  return {
    batch: true,
    valid: rows.map((row) => ({ index: row.index, intake: row.intake })),
    rejected: errors.map((error) => ({
      index: error.index,
      line: error.line,
      callId: error.callId,
      fields: error.fields.map((field) => ({
        path: `[${error.index}].${field.path}`,
        message: field.message,
      })),
    })),
  };
}

/**
 * Stamps each valid row with who logged it and bounds its `receivedAt` by the request time; a row
 * dated in the future (beyond skew) or too far back is moved to the rejected list.
 */
function stampAndBound(checked: Checked, request: PhoneLogRequest, policy: ReceivedTimePolicy): Checked {
  const valid: Checked['valid'] = [];
  const rejected = [...checked.rejected];
  const arrivedAt = request.receivedAt.toISOString();
  for (const row of checked.valid) {
    const decision = decideReceivedAt({ claimed: row.intake.receivedAt, arrivedAt, vouched: true }, policy);
    const reason = decision.distrusted?.reason;
    if (reason === 'future' || reason === 'too-old') {
      const message =
        reason === 'future'
          ? `is later than the hub received this request (${arrivedAt}); check the clock of the system that wrote it`
          : `is more than ${policy.maxBackdateDays} days before the hub received this request (${arrivedAt})`;
      rejected.push({
        index: row.index,
        callId: row.intake.callId,
        fields: [{ path: checked.batch ? `[${row.index}].receivedAt` : 'receivedAt', message }],
      });
      continue;
    }
    valid.push({
      index: row.index,
      intake: {
        ...row.intake,
        receivedAt: decision.receivedAt.replace('.000Z', 'Z'),
        handledBy: request.loggedBy.username,
        handlerTeams: [...request.loggedBy.teams],
      },
    });
  }
  rejected.sort((a, b) => a.index - b.index);
  return { valid, rejected, batch: checked.batch };
}

/** Second and later rows with an already-seen callId are rejected, naming the first. */
function rejectRepeatedCallIds(checked: Checked): Checked {
  const firstIndex = new Map<string, number>();
  const valid: Checked['valid'] = [];
  const rejected = [...checked.rejected];
  for (const row of checked.valid) {
    const first = firstIndex.get(row.intake.callId);
    if (first === undefined) {
      firstIndex.set(row.intake.callId, row.index);
      valid.push(row);
    } else {
      rejected.push({
        index: row.index,
        callId: row.intake.callId,
        fields: [{ path: `[${row.index}].callId`, message: `repeats the callId of [${first}]` }],
      });
    }
  }
  rejected.sort((a, b) => a.index - b.index);
  return { valid, rejected, batch: checked.batch };
}

/**
 * Validates and queues a phone-log request.
 * @throws UnsupportedMediaTypeError (415), PayloadTooLargeError (413), PhoneLogValidationError (400,
 * every bad field by path) when nothing can be accepted.
 */
export async function ingestPhoneLogs(
  request: PhoneLogRequest,
  deps: IngestPhoneDeps,
): Promise<PhoneLogResult> {
  const kind = bodyKind(request.contentType);
  if (request.body.length > deps.maxBodyBytes) {
    throw new PayloadTooLargeError(
      `the body is ${request.body.length} bytes; at most ${deps.maxBodyBytes} are accepted`,
    );
  }
  const text = request.body.toString('utf8');
  const checked = rejectRepeatedCallIds(
    stampAndBound(
      kind === 'json' ? checkJson(text, deps.maxEntries) : checkCsv(text, deps.maxEntries),
      request,
      deps.receivedTime,
    ),
  );
  if (checked.valid.length === 0) {
    const fields = checked.rejected.flatMap((row) => row.fields);
    throw new PhoneLogValidationError(
      checked.rejected.length === 1 ? 'the phone log is not valid' : 'no phone log in the request is valid',
      fields,
    );
  }
  await deps.queue.sendAll(checked.valid.map((row) => row.intake));
  return {
    accepted: checked.valid.map((row) => ({
      index: row.index,
      callId: row.intake.callId,
      intakeId: row.intake.intakeId,
    })),
    rejected: checked.rejected,
  };
}
