/**
 * The `Mailer` port: what every use case that sends mail depends on, and the one shape of an
 * outgoing email. `shared/adapters/mailer.ts` implements it over SES; tests pass in-memory mailers.
 */

export interface OutgoingEmail {
  readonly from: string;
  readonly to: readonly string[];
  readonly replyTo?: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** Our own Message-ID (`<...@domain>`): deterministic ids make a retried send recognisable. */
  readonly messageId: string;
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
  /** RFC 3834: `auto-replied` for acknowledgements, `auto-generated` for digests and reports, `no` for people's replies. */
  readonly autoSubmitted: 'auto-replied' | 'auto-generated' | 'no';
  readonly attachments?: readonly { filename: string; content: string | Buffer; contentType: string }[];
}

export interface SentEmail {
  /** The id SES gave the message. */
  readonly providerMessageId: string;
}

export interface Mailer {
  /**
   * Sends one email.
   * @throws EmailRejectedError when SES refuses this email for good (retrying cannot help);
   *   anything else (throttling, a network fault, a 5xx) is worth retrying.
   */
  send(email: OutgoingEmail): Promise<SentEmail>;
}

/**
 * SES refused the email and will refuse it again: a rejected message (SES's MessageRejected), an
 * invalid request (a malformed address), an unverified sender domain, or an account whose sending
 * is suspended or paused. `reason` is SES's error name (no addresses, no text).
 */
export class EmailRejectedError extends Error {
  override readonly name = 'EmailRejectedError';
  constructor(
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(`SES refused the email (${reason})`, options);
  }
}
