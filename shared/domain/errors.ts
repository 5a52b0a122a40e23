/**
 * The project's error family. Every error we raise on purpose extends `SendHubError`, so the one
 * place that maps errors to an HTTP answer or an SQS outcome can use `instanceof` and two fields:
 * - `statusCode`: the HTTP status it maps to;
 * - `expose`: whether `message` is safe to show a caller (never personal data, never internals);
 * - `retryable`: whether trying the same thing again later may succeed (SQS: let it redeliver).
 * Messages name the field or the id involved, never personal data. The `cause` is always kept.
 */

export interface SendHubErrorOptions {
  readonly cause?: unknown;
}

/** Base of every deliberate error in SEND Hub. */
export abstract class SendHubError extends Error {
  /** HTTP status this error maps to. */
  abstract readonly statusCode: number;
  /** `true` when `message` may be shown to the caller as is. */
  readonly expose: boolean = true;
  /** `true` when a later retry of the same operation may succeed. */
  readonly retryable: boolean = false;

  constructor(message: string, options: SendHubErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // The class name, e.g. `CaseloadFullError` (bundles must keep names: esbuild `keepNames`).
    this.name = new.target.name;
  }
}

/** Bad input; `field` names the offending field (dot path) when there is one. */
export class ValidationError extends SendHubError {
  readonly statusCode: number = 400;
  readonly field: string | null;

  constructor(message: string, options: SendHubErrorOptions & { field?: string | null } = {}) {
    super(message, options);
    this.field = options.field ?? null;
  }
}

/** A request body larger than we accept. */
export class PayloadTooLargeError extends SendHubError {
  readonly statusCode = 413;
}

/** A request body in a format we do not accept. */
export class UnsupportedMediaTypeError extends SendHubError {
  readonly statusCode = 415;
}

/** No (valid) credentials. */
export class UnauthorizedError extends SendHubError {
  readonly statusCode = 401;
}

/** Authenticated, but not allowed to do this. */
export class ForbiddenError extends SendHubError {
  readonly statusCode = 403;
}

/** Something asked for by id does not exist. */
export class NotFoundError extends SendHubError {
  readonly statusCode = 404;
}

/** The request conflicts with the current state (someone else got there first, wrong state...). */
export class ConflictError extends SendHubError {
  readonly statusCode: number = 409;
}

/** A dependency is temporarily unavailable or too contended; try again later. */
/** Too many attempts in a while (the status page's guessing limit): try again later. */
export class TooManyRequestsError extends SendHubError {
  readonly statusCode = 429;
  constructor(
    message: string,
    /** Seconds until the caller may try again. */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export class ServiceUnavailableError extends SendHubError {
  readonly statusCode = 503;
  override readonly retryable = true;
}

/** A programming or configuration error: never shown to a caller. */
export class InternalError extends SendHubError {
  readonly statusCode = 500;
  override readonly expose = false;
}

// --- Enquiries and caseworkers -------------------------------------------------------------------

export class EnquiryNotFoundError extends NotFoundError {
  constructor(readonly enquiryId: string) {
    super(`enquiry ${enquiryId} not found`);
  }
}

export class CaseworkerNotFoundError extends NotFoundError {
  constructor(readonly caseworkerId: string) {
    super(`caseworker ${caseworkerId} not found`);
  }
}

/**
 * A new enquiry's reference is already used by another enquiry: the caller draws a new reference
 * and tries again. Internal (the caller handles it), so not exposed.
 */
export class ReferenceTakenError extends ConflictError {
  override readonly expose = false;
  constructor(
    readonly reference: string,
    options: SendHubErrorOptions = {},
  ) {
    super(`reference ${reference} is already taken`, options);
  }
}

/**
 * This intake (email Message-ID, phone callId...) was already recorded: a redelivery. Nothing was
 * written. `enquiryId` is the enquiry it went to, when known.
 */
export class DuplicateIntakeError extends ConflictError {
  constructor(
    readonly intakeId: string,
    readonly enquiryId: string | null,
    options: SendHubErrorOptions = {},
  ) {
    super(`intake already recorded${enquiryId === null ? '' : ` on enquiry ${enquiryId}`}`, options);
  }
}

/** The enquiry changed since it was read (optimistic concurrency): read it again and retry. */
export class VersionConflictError extends ConflictError {
  override readonly retryable = true;
  constructor(
    readonly enquiryId: string,
    readonly expectedVersion: number,
    options: SendHubErrorOptions = {},
  ) {
    super(`enquiry ${enquiryId} was changed by someone else (expected version ${expectedVersion})`, options);
  }
}

/** Someone else holds the enquiry (or it is no longer open to claim). */
export class AlreadyClaimedError extends ConflictError {
  constructor(
    readonly enquiryId: string,
    readonly assignee: string | null,
    options: SendHubErrorOptions = {},
  ) {
    super(
      assignee === null
        ? `enquiry ${enquiryId} cannot be claimed`
        : `enquiry ${enquiryId} is already claimed by ${assignee}`,
      options,
    );
  }
}

/** The caseworker already holds as many open enquiries as their cap allows. */
export class CaseloadFullError extends ConflictError {
  constructor(
    readonly caseworkerId: string,
    options: SendHubErrorOptions = {},
  ) {
    super(`caseworker ${caseworkerId} has reached their caseload cap`, options);
  }
}

/** The caller acted on an enquiry they do not hold. */
export class NotAssigneeError extends ConflictError {
  constructor(
    readonly enquiryId: string,
    readonly caseworkerId: string,
  ) {
    super(`enquiry ${enquiryId} is not held by ${caseworkerId}`);
  }
}

/** The change does not apply to the enquiry in its current status (e.g. respond to a resolved one). */
export class InvalidTransitionError extends ConflictError {
  constructor(
    readonly enquiryId: string,
    readonly from: string,
    readonly action: string,
  ) {
    super(`cannot ${action} enquiry ${enquiryId} while it is ${from}`);
  }
}

/** A pagination cursor that we did not issue (or that was tampered with). */
export class InvalidCursorError extends ValidationError {
  constructor(options: SendHubErrorOptions = {}) {
    super('cursor is not valid', { ...options, field: 'cursor' });
  }
}

/** Writers kept colliding on the same items; the whole operation can be retried later. */
export class ContentionError extends ServiceUnavailableError {
  constructor(what: string, options: SendHubErrorOptions = {}) {
    super(`too much contention while ${what}; try again`, options);
  }
}

// --- Field-level validation ----------------------------------------------------------------------

/** One bad field, named by its path (`caller.phone`, `[3].summary`). */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/** Bad input in one or more named fields (an HTTP 400 lists them all). */
export class FieldsValidationError extends ValidationError {
  constructor(
    message: string,
    readonly fields: readonly FieldProblem[],
    options: SendHubErrorOptions = {},
  ) {
    super(message, { ...options, field: fields[0]?.path ?? null });
  }
}

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

/**
 * A zod error's issues as field problems, e.g. `{ path: 'caller.phone', message }`; `prefix` (such as
 * `[3]` for the fourth entry of a batch, or `query`) goes in front. The whole body is `(body)`.
 */
export function fieldProblems(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  prefix = '',
): FieldProblem[] {
  return issues.map((issue) => {
    const path = pathText(issue.path);
    const joined =
      prefix === ''
        ? path
        : path === ''
          ? prefix
          : path.startsWith('[')
            ? `${prefix}${path}`
            : `${prefix}.${path}`;
    return { path: joined === '' ? '(body)' : joined, message: issue.message };
  });
}

/**
 * What a log line may say about an error: its class name, and the HTTP status an AWS SDK error
 * carries. Never the message: messages can quote input (a Message-ID, a callId, a path) typed by
 * people outside the council.
 */
export function errorForLog(error: unknown): { errorName: string; httpStatus?: number } {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata;
  const status = metadata?.httpStatusCode;
  return typeof status === 'number'
    ? { errorName: error.name, httpStatus: status }
    : { errorName: error.name };
}

/** A stack trace without its first line (which repeats the message), for 5xx logs. */
export function stackForLog(error: unknown): string | undefined {
  if (!(error instanceof Error) || error.stack === undefined) return undefined;
  return error.stack.split('\n').slice(1).join('\n');
}
