/**
 * Outgoing email. The `Mailer` port is what use cases depend on; `SesMailer` sends through SES v2
 * as raw MIME built by nodemailer's MailComposer, so we control the headers that matter here:
 * `Auto-Submitted` (no mail loops), a Message-ID we choose (replies thread back), Reply-To.
 */
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import MailComposer from 'nodemailer/lib/mail-composer';

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

/** SES v2 (and v1) error names that mean "not this email, not ever, until a person acts". */
const PERMANENT_REJECTIONS = new Set([
  'MessageRejected',
  'BadRequestException',
  'InvalidParameterValue',
  'MailFromDomainNotVerifiedException',
  'MailFromDomainNotVerified',
  'AccountSuspendedException',
  'SendingPausedException',
  'AccountSendingPausedException',
  'NotFoundException',
]);

/** True when an SES error is a permanent refusal of the email (see `EmailRejectedError`). */
export function isPermanentRejection(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (PERMANENT_REJECTIONS.has(error.name)) return true;
  // A 4xx that is not throttling is the request's fault: sending it again gives the same answer.
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return (
    status !== undefined &&
    status >= 400 &&
    status < 500 &&
    status !== 429 &&
    !/throttl|limit/i.test(error.name)
  );
}

/** Builds the raw MIME of an email (exported for tests and for the SES emulator's outbox checks). */
export async function buildMime(email: OutgoingEmail): Promise<Buffer> {
  const composer = new MailComposer({
    from: email.from,
    to: [...email.to],
    replyTo: email.replyTo,
    subject: email.subject,
    text: email.text,
    html: email.html,
    messageId: email.messageId,
    inReplyTo: email.inReplyTo,
    references: email.references === undefined ? undefined : [...email.references],
    headers: {
      'Auto-Submitted': email.autoSubmitted,
      ...(email.autoSubmitted === 'no' ? {} : { 'X-Auto-Response-Suppress': 'All' }),
    },
    attachments: email.attachments?.map((attachment) => ({ ...attachment })),
  });
  return composer.compile().build();
}

export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly configurationSet?: string,
  ) {}

  async send(email: OutgoingEmail): Promise<SentEmail> {
    const raw = await buildMime(email);
    try {
      const result = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: email.from,
          Destination: { ToAddresses: [...email.to] },
          ReplyToAddresses: email.replyTo === undefined ? undefined : [email.replyTo],
          Content: { Raw: { Data: raw } },
          ConfigurationSetName: this.configurationSet,
        }),
      );
      return { providerMessageId: result.MessageId ?? '' };
    } catch (error) {
      if (isPermanentRejection(error)) {
        throw new EmailRejectedError(error instanceof Error ? error.name : 'unknown', { cause: error });
      }
      throw error;
    }
  }
}
