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
  send(email: OutgoingEmail): Promise<SentEmail>;
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
  }
}
