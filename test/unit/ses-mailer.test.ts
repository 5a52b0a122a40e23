import { SESv2Client, SESv2ServiceException, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SesMailer } from '../../shared/adapters/mailer';
import { EmailRejectedError, type OutgoingEmail } from '../../shared/mail/outgoing-email';

const ses = mockClient(SESv2Client);
afterEach(() => ses.reset());

const EMAIL: OutgoingEmail = {
  from: 'SEND Hub <send.hub@kent.example.gov.uk>',
  to: ['parent@example.org'],
  subject: 'Your enquiry',
  text: 'Thank you.',
  messageId: '<send-7k3m9q.ack@kent.example.gov.uk>',
  autoSubmitted: 'auto-replied',
};

function sesError(name: string, status: number): SESv2ServiceException {
  return new SESv2ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}

describe('SesMailer tells a permanent refusal from a passing fault', () => {
  it.each([
    ['MessageRejected', 400],
    ['BadRequestException', 400],
    ['MailFromDomainNotVerifiedException', 400],
    ['AccountSuspendedException', 400],
    ['SendingPausedException', 400],
  ])('turns %s into EmailRejectedError naming it', async (name, status) => {
    ses.on(SendEmailCommand).rejects(sesError(name, status));
    const sent = new SesMailer(ses as unknown as SESv2Client).send(EMAIL);
    await expect(sent).rejects.toBeInstanceOf(EmailRejectedError);
    await expect(sent).rejects.toMatchObject({ reason: name });
  });

  it.each([
    ['TooManyRequestsException', 429],
    ['LimitExceededException', 400],
    ['InternalServiceErrorException', 500],
  ])('lets %s through unchanged, to be retried', async (name, status) => {
    ses.on(SendEmailCommand).rejects(sesError(name, status));
    const sent = new SesMailer(ses as unknown as SESv2Client).send(EMAIL);
    await expect(sent).rejects.not.toBeInstanceOf(EmailRejectedError);
    await expect(sent).rejects.toMatchObject({ name });
  });

  it('returns the id SES gave the message when it accepts it', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    expect(await new SesMailer(ses as unknown as SESv2Client).send(EMAIL)).toEqual({
      providerMessageId: 'ses-1',
    });
  });
});
