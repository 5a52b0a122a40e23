import { describe, expect, inject, it } from 'vitest';
import { sesClient } from '../../shared/adapters/aws-clients';
import { SesMailer } from '../../shared/adapters/mailer';

interface StoredEmail {
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
}

describe('SES mailer against the SES emulator', () => {
  it('sends raw MIME that shows up in the outbox with its subject, recipient and text', async () => {
    const endpoint = inject('sesEndpoint');
    const mailer = new SesMailer(sesClient({ endpoint }));
    const since = Math.floor(Date.now() / 1000) - 1;
    await mailer.send({
      from: 'SEND Hub <send.enquiries@kent.example.gov.uk>',
      to: ['parent.mailer-test@example.org'],
      subject: 'Your enquiry SEND-7K3M9Q',
      text: 'We will reply by Friday 27 November 2026.',
      messageId: '<ack.SEND-7K3M9Q@send-hub.example>',
      autoSubmitted: 'auto-replied',
    });
    const store = (await (await fetch(`${endpoint}/store?since=${since}`)).json()) as {
      emails: StoredEmail[];
    };
    const sent = store.emails.find((email) => email.subject === 'Your enquiry SEND-7K3M9Q');
    expect(sent?.destination.to).toContain('parent.mailer-test@example.org');
    expect(sent?.body.text).toContain('Friday 27 November 2026');
  });
});
