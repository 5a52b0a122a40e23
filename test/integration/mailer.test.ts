import { describe, expect, inject, it } from 'vitest';
import { sesClient } from '../../shared/adapters/aws-clients';
import { SesMailer } from '../../shared/adapters/mailer';

interface StoredEmail {
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
  headers?: { name: string; value: string }[];
  attachments: { filename: string; contentType: string; content: string }[];
}

describe('SES mailer against the SES emulator', () => {
  it('sends a message that shows up in the outbox with its subject, recipient, text, headers and attachment', async () => {
    const endpoint = inject('sesEndpoint');
    const mailer = new SesMailer(sesClient({ endpoint }));
    const since = Math.floor(Date.now() / 1000) - 1;
    await mailer.send({
      from: 'SEND Hub <send.enquiries@kent.example.gov.uk>',
      to: ['parent.mailer-test@example.org'],
      subject: 'Your enquiry SEND-7K3M9Q',
      text: 'We will reply by Friday 27 November 2026.',
      messageId: '<ack.SEND-7K3M9Q@send-hub.example>',
      inReplyTo: '<parent.1@example.org>',
      references: ['<parent.1@example.org>'],
      autoSubmitted: 'auto-replied',
      attachments: [
        { filename: 'enquiry.csv', content: 'reference\nSEND-7K3M9Q\n', contentType: 'text/csv' },
      ],
    });
    const store = (await (await fetch(`${endpoint}/store?since=${since}`)).json()) as {
      emails: StoredEmail[];
    };
    const sent = store.emails.find((email) => email.subject === 'Your enquiry SEND-7K3M9Q');
    expect(sent?.destination.to).toContain('parent.mailer-test@example.org');
    expect(sent?.body.text).toContain('Friday 27 November 2026');
    expect(sent?.headers).toEqual(
      expect.arrayContaining([
        { name: 'Message-ID', value: '<ack.SEND-7K3M9Q@send-hub.example>' },
        { name: 'In-Reply-To', value: '<parent.1@example.org>' },
        { name: 'Auto-Submitted', value: 'auto-replied' },
      ]),
    );
    expect(sent?.attachments).toHaveLength(1);
    expect(sent?.attachments[0]?.filename).toBe('enquiry.csv');
    expect(Buffer.from(sent?.attachments[0]?.content ?? '', 'base64').toString()).toBe(
      'reference\nSEND-7K3M9Q\n',
    );
  });
});
