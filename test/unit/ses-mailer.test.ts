import { SESv2Client, SESv2ServiceException, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  PacedMailer,
  type PacingTools,
  referencesHeader,
  SendingThrottledError,
  SesMailer,
  sendEmailInput,
} from '../../shared/adapters/mailer';
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

/** A clock that only moves when the mailer sleeps; records every wait. */
function virtualTime(): PacingTools & { readonly waits: number[] } {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
    random: () => 0,
  };
}

function paced(perSecond: number, budgetMs: number, time: PacingTools) {
  return new PacedMailer(new SesMailer(ses as unknown as SESv2Client), { perSecond, budgetMs }, time);
}

describe('PacedMailer keeps to the sending rate and waits out throttling', () => {
  it('sends again after SES answers "Maximum sending rate exceeded", the same message', async () => {
    ses
      .on(SendEmailCommand)
      .rejectsOnce(sesError('TooManyRequestsException', 429))
      .rejectsOnce(sesError('ThrottlingException', 400))
      .resolves({ MessageId: 'ses-2' });
    const time = virtualTime();
    expect(await paced(2, 15_000, time).send(EMAIL)).toEqual({ providerMessageId: 'ses-2' });
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(3);
    const sent = calls.map((call) => JSON.stringify(call.args[0].input.Content?.Simple));
    expect(new Set(sent).size).toBe(1);
    expect(calls[0]?.args[0].input.Content?.Simple?.Headers).toContainEqual({
      Name: 'Message-ID',
      Value: '<send-7k3m9q.ack@kent.example.gov.uk>',
    });
    // Half of a 1 s and then of a 2 s step (random 0): the back-off grows.
    expect(time.waits).toEqual([500, 1000]);
  });

  it('spaces sends at the rate, however many are asked for at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    try {
      const start = performance.now();
      const at: number[] = [];
      // The instant each send is handed on (building the MIME takes real time, not timer time).
      const recording = {
        send: async () => {
          at.push(Math.round(performance.now() - start));
          return { providerMessageId: 'ses-3' };
        },
      };
      const mailer = new PacedMailer(recording, { perSecond: 4, budgetMs: 15_000 });
      const all = Promise.all([mailer.send(EMAIL), mailer.send(EMAIL), mailer.send(EMAIL)]);
      await vi.advanceTimersByTimeAsync(1000);
      await all;
      expect(at).toEqual([0, 250, 500]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives up with SendingThrottledError once the budget would be overrun, having sent nothing', async () => {
    ses.on(SendEmailCommand).rejects(sesError('TooManyRequestsException', 429));
    const time = virtualTime();
    const sent = paced(2, 3000, time).send(EMAIL);
    await expect(sent).rejects.toBeInstanceOf(SendingThrottledError);
    await expect(sent).rejects.toMatchObject({ attempts: 3, retryable: true });
    // 500 + 1000 waited; the next 2000 would end past 3 s.
    expect(time.waits).toEqual([500, 1000]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
  });

  it('never retries a permanent refusal or a server fault', async () => {
    ses.on(SendEmailCommand).rejects(sesError('MessageRejected', 400));
    const time = virtualTime();
    await expect(paced(2, 15_000, time).send(EMAIL)).rejects.toBeInstanceOf(EmailRejectedError);
    ses.reset();
    ses.on(SendEmailCommand).rejects(sesError('InternalServiceErrorException', 500));
    await expect(paced(2, 15_000, time).send(EMAIL)).rejects.toMatchObject({
      name: 'InternalServiceErrorException',
    });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(time.waits).toEqual([]);
  });
});

describe('sendEmailInput: SES composes the message from fields and headers', () => {
  it('carries our Message-ID, the thread and RFC 3834 marks as headers, text and subject as UTF-8', () => {
    const input = sendEmailInput({
      ...EMAIL,
      subject: 'Your enquiry about Zoë',
      html: '<p>Thank you.</p>',
      replyTo: 'send.hub@kent.example.gov.uk',
      inReplyTo: '<parent.2@example.org>',
      references: ['<parent.1@example.org>', '<parent.2@example.org>'],
    });
    const simple = input.Content?.Simple;
    expect(input.ReplyToAddresses).toEqual(['send.hub@kent.example.gov.uk']);
    expect(simple?.Subject).toEqual({ Data: 'Your enquiry about Zoë', Charset: 'UTF-8' });
    expect(simple?.Body?.Html?.Data).toBe('<p>Thank you.</p>');
    expect(simple?.Headers).toEqual([
      { Name: 'Message-ID', Value: '<send-7k3m9q.ack@kent.example.gov.uk>' },
      { Name: 'Auto-Submitted', Value: 'auto-replied' },
      { Name: 'X-Auto-Response-Suppress', Value: 'All' },
      { Name: 'In-Reply-To', Value: '<parent.2@example.org>' },
      { Name: 'References', Value: '<parent.1@example.org> <parent.2@example.org>' },
    ]);
    expect(input.Content?.Raw).toBeUndefined();
  });

  it("asks for no auto-response suppression on a person's reply", () => {
    const headers = sendEmailInput({ ...EMAIL, autoSubmitted: 'no' }).Content?.Simple?.Headers ?? [];
    expect(headers.map((header) => header.Name)).toEqual(['Message-ID', 'Auto-Submitted']);
  });

  it('attaches files with their name and type', () => {
    const input = sendEmailInput({
      ...EMAIL,
      attachments: [{ filename: 'week.csv', content: 'a,b\n1,2\n', contentType: 'text/csv; charset=utf-8' }],
    });
    const [attachment] = input.Content?.Simple?.Attachments ?? [];
    expect(attachment?.FileName).toBe('week.csv');
    expect(attachment?.ContentType).toBe('text/csv; charset=utf-8');
    expect(Buffer.from(attachment?.RawContent ?? []).toString()).toBe('a,b\n1,2\n');
  });
});

describe('referencesHeader keeps within SES header limits', () => {
  it('leaves out the oldest ids first until the value fits 870 characters', () => {
    const ids = Array.from({ length: 20 }, (_, index) => `<${'x'.repeat(60)}.${index}@example.org>`);
    const value = referencesHeader(ids) ?? '';
    expect(value.length).toBeLessThanOrEqual(870);
    expect(value.endsWith(`${ids[19]}`)).toBe(true);
    expect(value).not.toContain(`${ids[0]}`);
  });

  it('drops ids SES would refuse (not printable ASCII) and gives nothing for none', () => {
    expect(referencesHeader(['<bad\u00e9@example.org>', '<ok@example.org>'])).toBe('<ok@example.org>');
    expect(referencesHeader([])).toBeUndefined();
  });
});
