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

/** The response was recorded, but SES would not take the email: it was not sent. */
export class EmailNotSentError extends SendHubError {
  readonly statusCode = 502;
  constructor(
    readonly enquiryId: string,
    options: SendHubErrorOptions = {},
  ) {
    super(
      `the response to ${enquiryId} was recorded but the email could not be sent: contact the enquirer another way`,
      options,
    );
  }
}
