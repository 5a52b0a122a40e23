/**
 * The SES adapter of the `Mailer` port (`shared/mail/outgoing-email.ts`): sends through SES v2 as
 * a Simple message, so SES composes the MIME (no composer in our bundles) and we add the headers
 * that matter here: `Auto-Submitted` (no mail loops), a Message-ID we choose (replies thread
 * back), In-Reply-To and References; Reply-To and attachments are fields of the request.
 */
import {
  type MessageHeader,
  type SESv2Client,
  SendEmailCommand,
  type SendEmailCommandInput,
} from '@aws-sdk/client-sesv2';
import { ServiceUnavailableError } from '../domain/errors';
import {
  nextSendSlot,
  retryFits,
  type SendPacing,
  sendIntervalMs,
  sendingShare,
  throttleBackoffMs,
} from '../domain/send-pacing';
import { EmailRejectedError, type Mailer, type OutgoingEmail, type SentEmail } from '../mail/outgoing-email';
import { FUNCTIONS, RESOURCES } from './resource-definitions';

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

/** SES error names that mean "too fast": the sending rate (or the daily quota) was exceeded. */
const THROTTLING = new Set([
  'TooManyRequestsException',
  'Throttling',
  'ThrottlingException',
  'LimitExceededException',
]);

/** True when SES answered "slow down": worth waiting and trying the same email again. */
export function isThrottling(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof EmailRejectedError) return false;
  if (THROTTLING.has(error.name)) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === 429 || /throttl/i.test(error.name);
}

/**
 * SES kept answering "slow down" for longer than this send may wait. Retryable: the email was not
 * sent, and trying again later (the router puts the intake back on the queue with a delay) will.
 */
export class SendingThrottledError extends ServiceUnavailableError {
  constructor(
    readonly attempts: number,
    options: { cause?: unknown } = {},
  ) {
    super(`SES throttled the email ${attempts} time(s); not sent yet`, options);
  }
}

/** Clock, sleep and randomness of a {@link PacedMailer} (tests pass their own). */
export interface PacingTools {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

const REAL_TIME: PacingTools = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/**
 * A mailer kept under this container's share of the SES sending rate: sends are spaced by the
 * rate (all of a batch's records share the spacing), and a throttling answer is waited out with a
 * growing, jittered back-off and the same email sent again, within `budgetMs`; past it the send
 * fails with {@link SendingThrottledError}. Other errors pass through untouched.
 */
export class PacedMailer implements Mailer {
  private lastSlotMs: number | null = null;

  constructor(
    private readonly inner: Mailer,
    private readonly pacing: SendPacing,
    private readonly tools: PacingTools = REAL_TIME,
  ) {}

  async send(email: OutgoingEmail): Promise<SentEmail> {
    const interval = sendIntervalMs(this.pacing.perSecond);
    const started = this.tools.now();
    for (let attempt = 1; ; attempt += 1) {
      const slot = nextSendSlot(this.lastSlotMs, this.tools.now(), interval);
      this.lastSlotMs = slot.slotMs;
      if (slot.waitMs > 0) await this.tools.sleep(slot.waitMs);
      try {
        return await this.inner.send(email);
      } catch (error) {
        if (!isThrottling(error)) throw error;
        const waitMs = throttleBackoffMs(attempt, this.tools.random());
        const now = this.tools.now();
        if (!retryFits(now - started, waitMs, this.pacing.budgetMs)) {
          throw new SendingThrottledError(attempt, { cause: error });
        }
        // Every send of this container waits the throttling out, not only this one.
        this.lastSlotMs = Math.max(this.lastSlotMs ?? now, now + waitMs - interval);
        await this.tools.sleep(waitMs);
      }
    }
  }
}

/** The longest header value SES takes on a Simple message (API reference, `MessageHeader`). */
const MAX_HEADER_VALUE = 870;

/** A header value SES takes: printable ASCII only (Message-IDs from other mailers may not be). */
const PRINTABLE_ASCII = /^[ -~]+$/;

/**
 * References as one header value within SES's 870 characters: the oldest ids are left out first
 * (RFC 5322 lets a long list be shortened; the most recent ids are what threads a reply).
 */
export function referencesHeader(references: readonly string[]): string | undefined {
  const ids = references.filter((id) => PRINTABLE_ASCII.test(id) && !id.includes(' '));
  while (ids.length > 0 && ids.join(' ').length > MAX_HEADER_VALUE) ids.shift();
  return ids.length === 0 ? undefined : ids.join(' ');
}

/** The SES v2 request that sends `email` as a Simple message (exported for tests). */
export function sendEmailInput(email: OutgoingEmail, configurationSet?: string): SendEmailCommandInput {
  const headers: MessageHeader[] = [
    { Name: 'Message-ID', Value: email.messageId },
    { Name: 'Auto-Submitted', Value: email.autoSubmitted },
  ];
  if (email.autoSubmitted !== 'no') headers.push({ Name: 'X-Auto-Response-Suppress', Value: 'All' });
  if (email.inReplyTo !== undefined && PRINTABLE_ASCII.test(email.inReplyTo)) {
    headers.push({ Name: 'In-Reply-To', Value: email.inReplyTo });
  }
  const references = email.references === undefined ? undefined : referencesHeader(email.references);
  if (references !== undefined) headers.push({ Name: 'References', Value: references });
  const utf8 = (Data: string) => ({ Data, Charset: 'UTF-8' });
  return {
    FromEmailAddress: email.from,
    Destination: { ToAddresses: [...email.to] },
    ReplyToAddresses: email.replyTo === undefined ? undefined : [email.replyTo],
    Content: {
      Simple: {
        Subject: utf8(email.subject),
        Body: { Text: utf8(email.text), ...(email.html === undefined ? {} : { Html: utf8(email.html) }) },
        Headers: headers,
        Attachments: email.attachments?.map((attachment) => ({
          FileName: attachment.filename,
          ContentType: attachment.contentType,
          ContentDisposition: 'ATTACHMENT' as const,
          RawContent:
            typeof attachment.content === 'string'
              ? Buffer.from(attachment.content, 'utf8')
              : attachment.content,
        })),
      },
    },
    ConfigurationSetName: configurationSet,
  };
}

export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly configurationSet?: string,
  ) {}

  async send(email: OutgoingEmail): Promise<SentEmail> {
    try {
      const result = await this.ses.send(new SendEmailCommand(sendEmailInput(email, this.configurationSet)));
      return { providerMessageId: result.MessageId ?? '' };
    } catch (error) {
      if (isPermanentRejection(error)) {
        throw new EmailRejectedError(error instanceof Error ? error.name : 'unknown', { cause: error });
      }
      throw error;
    }
  }
}

/**
 * The functions that send mail and how many of their containers may send at one moment: the
 * router as many as its event source runs at once, the others one (a scheduled sweep: the escalator's
 * digests, duty alerts, morning summaries; a weekly report; a person replying or resending from the
 * page: api-casework).
 */
export const MAIL_SENDERS = {
  router: RESOURCES.intakeQueue.maxConcurrency,
  escalator: 1,
  'duty-alerts': 1,
  workload: 1,
  reporter: 1,
  'api-casework': 1,
} as const;
export type MailSender = keyof typeof MAIL_SENDERS;

/**
 * How `sender`'s containers pace their sends under the account's `maxPerSecond`: an equal share
 * per container that may send at once, and up to half the function's timeout to wait out
 * throttling (the rest is left for recording what was sent).
 */
export function senderPacing(sender: MailSender, maxPerSecond: number): SendPacing {
  const containers = Object.values(MAIL_SENDERS).reduce((total, count) => total + count, 0);
  return {
    perSecond: sendingShare(maxPerSecond, containers),
    budgetMs: (FUNCTIONS[sender].timeoutSeconds * 1000) / 2,
  };
}

/** The SES mailer of one function, paced under the configured sending rate. */
export function pacedSesMailer(
  sender: MailSender,
  ses: SESv2Client,
  sending: { readonly maxPerSecond: number },
  configurationSet?: string,
): Mailer {
  return new PacedMailer(new SesMailer(ses, configurationSet), senderPacing(sender, sending.maxPerSecond));
}
