/**
 * Errors only the casework use cases raise. Members of the project's error family, so the one
 * HTTP mapping (`shared/http/responses.ts`) handles them.
 */
import { ConflictError, SendHubError, type SendHubErrorOptions } from '../domain/errors';

/** Mail to the enquirer bounced or drew a complaint before: the hub sends them no more email. */
export class EnquirerUnreachableError extends ConflictError {
  constructor(
    readonly enquiryId: string,
    options: SendHubErrorOptions = {},
  ) {
    super(
      `email to the enquirer of ${enquiryId} bounced or was refused before: contact them another way and record the response without email`,
      options,
    );
  }
}

/** SES would not take the email (refused it, or could not be reached): it was not sent, and not counted as sent. */
export class EmailNotSentError extends SendHubError {
  readonly statusCode = 502;
  constructor(
    readonly enquiryId: string,
    options: SendHubErrorOptions = {},
  ) {
    super(
      `the email to the enquirer of ${enquiryId} could not be sent and is not recorded as sent: try again, or contact them another way`,
      options,
    );
  }
}
