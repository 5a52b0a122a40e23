/**
 * Errors raised while turning raw input (MIME mail, phone logs) into intake messages. They belong
 * to the project's error family (`shared/domain/errors.ts`), so the one HTTP/SQS mapping handles
 * them with `instanceof`. A failure is recorded with its reason and the source kept, so bad input
 * never crashes a batch or goes missing.
 */
import {
  type FieldProblem,
  FieldsValidationError,
  type SendHubErrorOptions,
  ValidationError,
} from '../domain/errors';

/** Why a message could not become an intake message. */
/**
 * - `not-mail`: the bytes are not an email message at all (no header fields): a photo, a PDF, junk;
 * - `too-large`: over the size limit (SES itself takes no more than 40 MB);
 * - `unparseable`: even read as plain text it gave no usable intake message (should not happen).
 * Mail that is merely broken (unknown charsets, no sender, bad MIME) is never refused: it becomes an
 * enquiry with a note saying what could not be read.
 */
export type IntakeFailureReason = 'too-large' | 'not-mail' | 'unparseable';

export const INTAKE_FAILURE_REASONS: readonly IntakeFailureReason[] = [
  'too-large',
  'not-mail',
  'unparseable',
];

/**
 * The input itself is unusable; retrying will not help. The raw input stays where it is and a
 * failure record names the reason. Messages never quote the input (it is personal data).
 */
export class IntakeFailureError extends ValidationError {
  override readonly statusCode: number = 422;
  constructor(
    readonly reason: IntakeFailureReason,
    message: string,
    options: SendHubErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** One bad field of a phone-log entry, named by its path (`caller.phone`, `[3].summary`). */
export type FieldIssue = FieldProblem;

/** A phone-log entry (or CSV file) failed validation; `fields` names every bad field. */
export class PhoneLogValidationError extends FieldsValidationError {}
