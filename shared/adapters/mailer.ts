/**
 * The SES adapter of the `Mailer` port (`shared/mail/outgoing-email.ts`): sends through SES v2 as
 * raw MIME built by nodemailer's MailComposer, so we control the headers that matter here:
 * `Auto-Submitted` (no mail loops), a Message-ID we choose (replies thread back), Reply-To.
 */
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import MailComposer from 'nodemailer/lib/mail-composer';
import { EmailRejectedError, type Mailer, type OutgoingEmail, type SentEmail } from '../mail/outgoing-email';

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
