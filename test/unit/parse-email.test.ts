import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { EmailIntake } from '../../shared/domain/intake-message';
import { IntakeFailureError } from '../../shared/intake/errors';
import { findForwardBlocks, parseAddressValue } from '../../shared/intake/forward-blocks';
import { parseForwardedDate } from '../../shared/intake/forwarded-date';
import {
  findEnquiryReference,
  type ParseEmailOptions,
  parseEmail,
  parseEmailWithVerdicts,
  stripSubjectPrefixes,
} from '../../shared/intake/parse-email';
import { receiptHeaderBlock } from '../../shared/intake/receipt-verdicts';
import { SHARED_SAMPLES, sharedSampleLabels } from '../support/shared-samples';

// Invented hub: the configuration, not the code, says which mailbox and domain are the council's.
const HUB = 'family.hub@shire.example.gov.uk';
const OPTIONS: ParseEmailOptions = {
  hubAddresses: [HUB, 'hub.intake@shire.example.gov.uk'],
  councilDomains: ['shire.example.gov.uk'],
  raw: { bucket: 'raw-mail', key: 'inbound/abc123' },
  // No arrival time: as offline, the message's own (Resent-)Date stands in, never later than now.
  now: new Date('2026-12-01T00:00:00Z'),
};

/** What SES prepends to mail whose sender passed SPF, DKIM and DMARC. */
const SES_PASS = receiptHeaderBlock({
  authentication: 'pass',
  recipients: 1,
  at: new Date('2026-12-01T00:00:00Z'),
  by: 'parse-email-test',
});

/** The message as SES stores it: its verdict block above the sender's headers. */
function asStored(raw: Buffer, block = SES_PASS): Buffer {
  return Buffer.concat([Buffer.from(block), raw]);
}

/** A raw RFC 5322 message from header lines and a plain-text body (CRLF line ends), as SES stores it. */
function rawMail(headers: Record<string, string>, body: string, block = SES_PASS): Buffer {
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  const hasType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  const typeLine = hasType ? '' : '\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset="utf-8"';
  return asStored(Buffer.from(`${head}${typeLine}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}`, 'utf8'), block);
}

async function compose(options: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return asStored(await new MailComposer(options).compile().build());
}

const PARENT_TEXT = [
  'Hello,',
  '',
  'My daughter Poppy is in Year 2 and I would like to know how to ask',
  'for an assessment of her needs. We live in Oakford.',
  '',
  'Thanks,',
  'Rowan Pike',
].join('\n');

describe('parseEmail: who the enquirer is and when the hub had it', () => {
  it('takes a parent writing straight to the hub as the requester, timed by their Date', async () => {
    const raw = rawMail(
      {
        From: 'Rowan Pike <Rowan.Pike@example.org>',
        To: HUB,
        Date: 'Tue, 13 Jan 2026 21:42:19 +0000',
        Subject: 'Assessment question',
        'Message-ID': '<direct-1@mail.example.org>',
      },
      PARENT_TEXT,
    );
    const intake = await parseEmail(raw, OPTIONS);
    expect(intake.shape).toBe('direct');
    expect(intake.requester).toEqual({ name: 'Rowan Pike', email: 'rowan.pike@example.org', phone: null });
    expect(intake.receivedAt).toBe('2026-01-13T21:42:19Z');
    expect(intake.intakeId).toBe('email:direct-1@mail.example.org');
    expect(intake.body).toContain('assessment of her needs');
    expect(intake.forwardNote).toBeNull();
    expect(EmailIntake.safeParse(intake).success).toBe(true);
  });

  it('keeps the original sender and Date of a redirected message, not the Resent ones', async () => {
    const headers = {
      From: 'Rowan Pike <rowan.pike@example.org>',
      To: HUB,
      Date: 'Wed, 6 May 2026 08:31:44 +0100',
      Subject: 'Assessment question',
      'Message-ID': '<redirect-1@mail.example.org>',
      'Resent-From': HUB,
      'Resent-Date': 'Wed, 6 May 2026 09:40:00 +0100',
      'Resent-To': 'intake@inbound.example.net',
    };
    const first = await parseEmail(rawMail(headers, PARENT_TEXT), OPTIONS);
    const again = await parseEmail(
      rawMail({ ...headers, 'Resent-Date': 'Thu, 7 May 2026 10:00:00 +0100' }, PARENT_TEXT),
      { ...OPTIONS, raw: { bucket: 'raw-mail', key: 'inbound/other' } },
    );
    expect(first.shape).toBe('redirect');
    expect(first.requester.email).toBe('rowan.pike@example.org');
    expect(first.receivedAt).toBe('2026-05-06T07:31:44Z');
    expect(again.intakeId).toBe(first.intakeId);
  });

  it('finds the parent in an Outlook forward from the hub mailbox, reading a summer Sent line as BST', async () => {
    const body = [
      '',
      '________________________________',
      'From: Rowan Pike <rowan.pike@example.org>',
      'Sent: Tuesday, April 21, 2026 7:12 PM',
      `To: ${HUB}`,
      'Subject: Assessment question',
      '',
      PARENT_TEXT,
    ].join('\n');
    const intake = await parseEmail(
      rawMail(
        {
          From: `Family Hub <${HUB}>`,
          To: 'intake@inbound.example.net',
          Date: 'Wed, 22 Apr 2026 09:31:02 +0100',
          Subject: 'FW: Assessment question',
          'Message-ID': '<outlook-fw-1@shire.example.gov.uk>',
        },
        body,
      ),
      OPTIONS,
    );
    expect(intake.shape).toBe('outlook-inline');
    expect(intake.requester.email).toBe('rowan.pike@example.org');
    expect(intake.requester.name).toBe('Rowan Pike');
    expect(intake.receivedAt).toBe('2026-04-21T18:12:00Z');
    expect(intake.subject).toBe('Assessment question');
    expect(intake.body.startsWith('Hello,')).toBe(true);
    expect(intake.forwardNote).toBeNull();
  });

  it('reads a winter Outlook Sent line as GMT and keeps the colleague note apart from the enquiry', async () => {
    const body = [
      'Logging this from the shared inbox, looks like one for the north team.',
      '',
      'Ash',
      '',
      '________________________________',
      'From: Rowan Pike <rowan.pike@example.org>',
      'Sent: 10 February 2026 05:52',
      'To: family.hub@shire.example.gov.uk',
      'Subject: Assessment question',
      '',
      PARENT_TEXT,
    ].join('\n');
    const intake = await parseEmail(
      rawMail(
        {
          From: 'Ash Colleague <ash.colleague@shire.example.gov.uk>',
          To: HUB,
          Date: 'Tue, 10 Feb 2026 09:31:05 +0000',
          Subject: 'FW: Assessment question',
          'Message-ID': '<outlook-fw-2@shire.example.gov.uk>',
        },
        body,
      ),
      OPTIONS,
    );
    expect(intake.receivedAt).toBe('2026-02-10T05:52:00Z');
    expect(intake.forwardNote).toBe(
      'Logging this from the shared inbox, looks like one for the north team.\n\nAsh',
    );
    expect(intake.body).not.toContain('north team');
    expect(intake.requester.email).toBe('rowan.pike@example.org');
  });

  it('reads a Gmail forward by a colleague: sender, zone-less Date line and the original subject', async () => {
    const body = [
      'Hi all - nothing pressing as far as I can see.',
      '',
      'Kit',
      '',
      '---------- Forwarded message ---------',
      'From: Sage Whitlow <s.whitlow@meadowside.example.sch.uk>',
      'Date: Tue, 21 Jul 2026 at 19:12',
      'Subject: Year 6 transfer plan',
      `To: <${HUB}>`,
      '',
      '',
      'Good evening, I am the SENCO at Meadowside Primary.',
    ].join('\n');
    const intake = await parseEmail(
      rawMail(
        {
          From: 'Kit Colleague <kit.colleague@shire.example.gov.uk>',
          To: HUB,
          Date: 'Wed, 22 Jul 2026 08:00:00 +0100',
          Subject: 'Fwd: Year 6 transfer plan',
          'Message-ID': '<gmail-fw@mail.example.com>',
        },
        body,
      ),
      OPTIONS,
    );
    expect(intake.shape).toBe('gmail-inline');
    expect(intake.requester).toEqual({
      name: 'Sage Whitlow',
      email: 's.whitlow@meadowside.example.sch.uk',
      phone: null,
    });
    expect(intake.receivedAt).toBe('2026-07-21T18:12:00Z');
    expect(intake.subject).toBe('Year 6 transfer plan');
    expect(intake.forwardNote).toBe('Hi all - nothing pressing as far as I can see.\n\nKit');
    expect(intake.body).toBe('Good evening, I am the SENCO at Meadowside Primary.');
  });

  it('reads an Apple Mail forward whose Date line names BST', async () => {
    const body = [
      'Came in over the weekend.',
      '',
      'Sent from my iPhone',
      '',
      'Begin forwarded message:',
      '',
      'From: Jay Quill <jayquill@example.net>',
      'Subject: college bus',
      'Date: 16 May 2026 at 23:14:07 BST',
      `To: ${HUB}`,
      '',
      'hi can i get a bus to college',
    ].join('\n');
    const intake = await parseEmail(
      rawMail(
        {
          From: 'Mo Colleague <mo.colleague@shire.example.gov.uk>',
          To: HUB,
          Date: 'Mon, 18 May 2026 09:05:41 +0100',
          Subject: 'Fwd: college bus',
          'Message-ID': '<apple-fw@shire.example.gov.uk>',
        },
        body,
      ),
      OPTIONS,
    );
    expect(intake.shape).toBe('apple-inline');
    expect(intake.requester.email).toBe('jayquill@example.net');
    expect(intake.receivedAt).toBe('2026-05-16T22:14:07Z');
    expect(intake.forwardNote).toContain('Came in over the weekend.');
    expect(intake.body).toBe('hi can i get a bus to college');
  });

  it.each(['attachment', 'inline'] as const)(
    'opens a message forwarded as an attachment (%s disposition): inner sender, Date, Message-ID and attachments',
    async (disposition) => {
      const inner = await compose({
        from: 'Dee Marsh <dee.marsh@example.org>',
        to: HUB,
        subject: 'Funding question',
        date: new Date('2026-01-21T16:48:20Z'),
        messageId: '<inner-1@mail.example.org>',
        text: 'Please can you tell me how top-up funding transfers.',
        attachments: [
          { filename: 'letter.pdf', content: Buffer.alloc(1200, 1), contentType: 'application/pdf' },
        ],
      });
      const outer = await compose({
        from: 'Sam Colleague <sam.colleague@shire.example.gov.uk>',
        to: HUB,
        subject: 'FW: Funding question',
        date: new Date('2026-01-22T09:10:54Z'),
        messageId: '<outer-1@shire.example.gov.uk>',
        text: 'Forwarding as an attachment so it gets logged.',
        attachments: [
          {
            filename: 'Funding question.eml',
            content: inner,
            contentType: 'message/rfc822',
            contentDisposition: disposition,
          },
        ],
      });
      const intake = await parseEmail(outer, OPTIONS);
      expect(intake.shape).toBe('rfc822-attachment');
      expect(intake.requester.email).toBe('dee.marsh@example.org');
      expect(intake.receivedAt).toBe('2026-01-21T16:48:20Z');
      expect(intake.intakeId).toBe('email:inner-1@mail.example.org');
      expect(intake.subject).toBe('Funding question');
      expect(intake.body).toBe('Please can you tell me how top-up funding transfers.');
      expect(intake.forwardNote).toBe('Forwarding as an attachment so it gets logged.');
      expect(intake.attachments).toEqual([
        { filename: 'letter.pdf', contentType: 'application/pdf', size: 1200 },
      ]);
    },
  );

  it('treats an outside sender forwarding a message they received as the enquirer', async () => {
    const body = [
      'Dear Sir or Madam,',
      '',
      'I write on behalf of Ellis Grant MP about the constituent below.',
      '',
      'Lee Ward',
      'Caseworker',
      '',
      '-----Original Message-----',
      'From: Casey Vale <casey.vale@example.com>',
      'Sent: 09 July 2026 21:03',
      'To: GRANT, Ellis <ellis.grant.mp@parliament.example.org>',
      'Subject: Help with my son',
      '',
      'Dear Ms Grant, nobody answers my calls.',
    ].join('\n');
    const intake = await parseEmail(
      rawMail(
        {
          From: '"WARD, Lee" <lee.ward@parliament.example.org>',
          To: HUB,
          Date: 'Mon, 13 Jul 2026 15:22:48 +0100',
          Subject: 'FW: Constituent enquiry (Our ref: EG1)',
          'Message-ID': '<mp-office@parliament.example.org>',
        },
        body,
      ),
      OPTIONS,
    );
    expect(intake.shape).toBe('external-forward');
    expect(intake.requester.email).toBe('lee.ward@parliament.example.org');
    expect(intake.receivedAt).toBe('2026-07-13T14:22:48Z');
    expect(intake.body).toContain('nobody answers my calls');
    expect(intake.body).toContain('on behalf of Ellis Grant MP');
  });

  it('keeps threading data of a reply and finds the enquiry reference case-blind', async () => {
    const intake = await parseEmail(
      rawMail(
        {
          From: 'Rowan Pike <rowan.pike@example.org>',
          To: HUB,
          Date: 'Mon, 30 Mar 2026 07:55:12 +0100',
          Subject: 'Re: Your enquiry send-7k3m9q has been received',
          'Message-ID': '<reply-1@mail.example.org>',
          'In-Reply-To': '<ack.1@shire.example.gov.uk>',
          References: '<first@mail.example.org>\r\n <ack.1@shire.example.gov.uk>',
        },
        'Still no answer.\n\nOn Tue, 3 Mar 2026, Family Hub wrote:\n> Thank you for contacting us.',
      ),
      OPTIONS,
    );
    expect(intake.shape).toBe('reply');
    expect(intake.enquiryReference).toBe('SEND-7K3M9Q');
    expect(intake.subject).toBe('Your enquiry send-7k3m9q has been received');
    expect(intake.inReplyTo).toBe('<ack.1@shire.example.gov.uk>');
    expect(intake.references).toEqual(['<first@mail.example.org>', '<ack.1@shire.example.gov.uk>']);
    expect(intake.messageId).toBe('<reply-1@mail.example.org>');
  });

  it('makes a council colleague writing their own message the requester', async () => {
    const intake = await parseEmail(
      rawMail(
        {
          From: '"Vale, Robin (Children\'s Social Work)" <robin.vale@shire.example.gov.uk>',
          To: HUB,
          Date: 'Wed, 23 Sep 2026 16:41:09 +0100',
          Subject: 'Young person with no education since April',
          'Message-ID': '<sw-1@shire.example.gov.uk>',
        },
        'I am the allocated social worker for a young person who has had no education since April.',
      ),
      OPTIONS,
    );
    expect(intake.shape).toBe('direct');
    expect(intake.requester.email).toBe('robin.vale@shire.example.gov.uk');
    expect(intake.receivedAt).toBe('2026-09-23T15:41:09Z');
  });

  it('makes a councillor who forwards a resident message the requester, known by their signature', async () => {
    const body = [
      'Could the team look at this for my resident please.',
      '',
      'Cllr Morgan Tate',
      '',
      '________________________________',
      'From: Resident Person <resident@example.com>',
      'Sent: 01 June 2026 10:00',
      'To: Tate, Morgan <morgan.tate@shire.example.gov.uk>',
      'Subject: Transport',
      '',
      'My son has no transport.',
    ].join('\n');
    const intake = await parseEmail(
      rawMail(
        {
          From: 'Morgan Tate <morgan.tate@shire.example.gov.uk>',
          To: HUB,
          Date: 'Tue, 02 Jun 2026 09:00:00 +0100',
          Subject: 'FW: Transport',
          'Message-ID': '<cllr-1@shire.example.gov.uk>',
        },
        body,
      ),
      OPTIONS,
    );
    expect(intake.requester.email).toBe('morgan.tate@shire.example.gov.uk');
    expect(intake.shape).toBe('external-forward');
    expect(intake.receivedAt).toBe('2026-06-02T08:00:00Z');
  });

  it('peels nested forwards by the hub and a colleague down to the first outsider', async () => {
    const body = [
      'Forwarded for intake.',
      '',
      '________________________________',
      'From: Kit Colleague <kit.colleague@shire.example.gov.uk>',
      'Sent: 03 March 2026 09:00',
      `To: ${HUB}`,
      'Subject: FW: Question',
      '',
      'Passing this on from the school gate.',
      '',
      '________________________________',
      'From: Rowan Pike <rowan.pike@example.org>',
      'Sent: 02 March 2026 20:15',
      'To: Kit Colleague <kit.colleague@shire.example.gov.uk>',
      'Subject: Question',
      '',
      PARENT_TEXT,
    ].join('\n');
    const intake = await parseEmail(
      rawMail(
        {
          From: HUB,
          To: 'intake@inbound.example.net',
          Date: 'Tue, 03 Mar 2026 10:00:00 +0000',
          Subject: 'FW: FW: Question',
          'Message-ID': '<nested@shire.example.gov.uk>',
        },
        body,
      ),
      OPTIONS,
    );
    expect(intake.requester.email).toBe('rowan.pike@example.org');
    expect(intake.receivedAt).toBe('2026-03-02T20:15:00Z');
    expect(intake.forwardNote).toBe('Forwarded for intake.\n\nPassing this on from the school gate.');
    expect(intake.body.startsWith('Hello,')).toBe(true);
    expect(intake.subject).toBe('Question');
  });

  it('never makes the hub mailbox the requester', async () => {
    const intake = await parseEmail(
      rawMail(
        {
          From: `Family Hub <${HUB}>`,
          To: 'intake@inbound.example.net',
          Date: 'Tue, 03 Mar 2026 10:00:00 +0000',
          Subject: 'Note to self',
          'Message-ID': '<hub-own@shire.example.gov.uk>',
        },
        'A forward whose original was lost.',
      ),
      OPTIONS,
    );
    expect(intake.requester.email).toBeNull();
  });

  it('turns an HTML-only message into plain text', async () => {
    const raw = await compose({
      from: 'Rowan Pike <rowan.pike@example.org>',
      to: HUB,
      subject: 'HTML only',
      date: new Date('2026-11-18T15:47:09Z'),
      messageId: '<html-1@mail.example.org>',
      html: '<html><body><p>Good afternoon,</p><ol><li>Where do I <b>send</b> the paperwork?</li></ol></body></html>',
    });
    const intake = await parseEmail(raw, OPTIONS);
    expect(intake.body).toContain('Good afternoon,');
    expect(intake.body).toContain('Where do I send the paperwork?');
    expect(intake.body).not.toMatch(/<\/?[a-z]+>/);
  });

  it('marks the SES spam verdict and returns the virus verdict', async () => {
    const result = await parseEmailWithVerdicts(
      rawMail(
        {
          From: 'Rowan Pike <rowan.pike@example.org>',
          To: HUB,
          Date: 'Tue, 03 Mar 2026 10:00:00 +0000',
          Subject: 'Hello',
        },
        'Hi',
        'X-SES-Spam-Verdict: FAIL\r\nX-SES-Virus-Verdict: PASS\r\n',
      ),
      OPTIONS,
    );
    expect(result.intake.spam).toBe(true);
    expect(result.verdicts).toMatchObject({ spam: 'FAIL', virus: 'PASS' });
  });

  it('keeps SES spam FAIL when the sender added their own X-SES-Spam-Verdict: PASS below it', async () => {
    const result = await parseEmailWithVerdicts(
      rawMail(
        {
          'X-SES-Spam-Verdict': 'PASS',
          From: 'Rowan Pike <rowan.pike@example.org>',
          To: HUB,
          Date: 'Tue, 03 Mar 2026 10:00:00 +0000',
          Subject: 'Hello',
        },
        'Hi',
        'X-SES-Spam-Verdict: FAIL\r\nX-SES-Virus-Verdict: PASS\r\n',
      ),
      OPTIONS,
    );
    expect(result.intake.spam).toBe(true);
  });
});

describe('parseEmail: mail written by machines', () => {
  const base = {
    From: 'Rowan Pike <rowan.pike@example.org>',
    To: HUB,
    Date: 'Tue, 03 Mar 2026 10:00:00 +0000',
    Subject: 'About my son',
  };
  it.each([
    ['Auto-Submitted: auto-replied', { 'Auto-Submitted': 'auto-replied' }],
    ['Auto-Submitted: auto-generated', { 'Auto-Submitted': 'auto-generated' }],
    ['X-Autoreply', { 'X-Autoreply': 'yes' }],
    ['X-Autorespond', { 'X-Autorespond': 'yes' }],
    ['Precedence: bulk', { Precedence: 'bulk' }],
    ['Precedence: junk', { Precedence: 'junk' }],
    ['Precedence: auto_reply', { Precedence: 'auto_reply' }],
    ['an "Automatic reply:" subject', { Subject: 'Automatic reply: About my son' }],
    ['an "Out of Office" subject', { Subject: 'Out of Office: back Monday' }],
    ['a MAILER-DAEMON sender', { From: 'Mail Delivery System <MAILER-DAEMON@mx.example.net>' }],
    ['a postmaster sender', { From: 'postmaster@example.org' }],
  ])('flags %s as automated', async (_label, extra) => {
    const intake = await parseEmail(rawMail({ ...base, ...extra }, 'I am away.'), OPTIONS);
    expect(intake.automated).toBe(true);
  });

  it('flags a delivery status notification (multipart/report) as automated', async () => {
    const raw = rawMail(
      {
        ...base,
        From: 'Mail Delivery Subsystem <bounces@mx.example.net>',
        Subject: 'Failure notice',
        'MIME-Version': '1.0',
        'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b1"',
      },
      [
        '--b1',
        'Content-Type: text/plain',
        '',
        'Your message could not be delivered.',
        '--b1',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.net',
        '--b1--',
      ].join('\n'),
    );
    expect((await parseEmail(raw, OPTIONS)).automated).toBe(true);
  });

  it.each([
    ['Auto-Submitted: no', { 'Auto-Submitted': 'no' }],
    ['a mailbox rule passing on a human message (auto-forwarded)', { 'Auto-Submitted': 'auto-forwarded' }],
    ['an ordinary message', {}],
  ])('does not flag %s', async (_label, extra) => {
    const intake = await parseEmail(rawMail({ ...base, ...extra }, 'Please help.'), OPTIONS);
    expect(intake.automated).toBe(false);
  });
});

describe('parseEmail: bad input is a recorded failure, never a crash', () => {
  it('refuses a message over the size limit as too-large', async () => {
    const raw = rawMail(
      { ...{ From: 'a@example.org', Date: 'Tue, 03 Mar 2026 10:00:00 +0000' } },
      'x'.repeat(2000),
    );
    await expect(parseEmail(raw, { ...OPTIONS, maxBytes: 1000 })).rejects.toMatchObject({
      name: 'IntakeFailureError',
      reason: 'too-large',
    });
  });

  it('opens a message with no sender at all, saying so, rather than refusing it', async () => {
    const raw = rawMail({ Date: 'Tue, 03 Mar 2026 10:00:00 +0000', Subject: 'who am I' }, 'text');
    const intake = await parseEmail(raw, OPTIONS);
    expect(intake.requester).toEqual({ name: null, email: null, phone: null });
    expect(intake.notes?.map((note) => note.text).join(' ')).toContain('names no sender');
  });

  it.each([
    ['a PNG image', Buffer.from('\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00', 'latin1')],
    ['a page of text', Buffer.from('Dear hub, my son needs help.\nThanks\n')],
    ['a PDF', Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n')],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s as not-mail, even with SES verdicts on top', async (_, bytes) => {
    await expect(parseEmail(bytes, OPTIONS)).rejects.toMatchObject({ reason: 'not-mail' });
    await expect(parseEmail(asStored(bytes), OPTIONS)).rejects.toMatchObject({ reason: 'not-mail' });
  });

  it('falls back to the arrival time when the message has no Date', async () => {
    const raw = rawMail({ From: 'a@example.org', Subject: 'undated' }, 'text');
    const intake = await parseEmail(raw, { ...OPTIONS, arrivedAt: new Date('2026-06-01T12:00:00Z') });
    expect(intake.receivedAt).toBe('2026-06-01T12:00:00Z');
    expect(intake.intakeId).toBe('email:s3:raw-mail/inbound/abc123');
  });

  it('decodes what it can of an unknown character set, shows the rest as U+FFFD and says so', async () => {
    const head = 'From: a@example.org\r\nDate: Tue, 03 Mar 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n';
    const body = Buffer.from(Array.from({ length: 200 }, (_, index) => 0x80 + (index % 100)));
    const raw = Buffer.concat([
      Buffer.from(
        `${head}Content-Type: text/plain; charset=x-martian-7\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
      ),
      body,
    ]);
    const intake = await parseEmail(raw, OPTIONS);
    expect(intake.body).toContain('\uFFFD');
    expect(intake.notes).toEqual([
      { kind: 'decoding', text: expect.stringContaining('could not be read (x-martian-7)') },
    ]);
  });

  it('never throws anything but IntakeFailureError on arbitrary bytes, and what it returns is valid', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        try {
          const intake = await parseEmail(Buffer.from(bytes), OPTIONS);
          expect(EmailIntake.safeParse(intake).success).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(IntakeFailureError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but IntakeFailureError on mail-shaped text with forward blocks', async () => {
    const headerLine = fc.constantFrom('From: ', 'Sent: ', 'Date: ', 'To: ', 'Subject: ', '> From: ', '');
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        'Rowan <rowan@example.org>',
        `${HUB}`,
        'kit@shire.example.gov.uk',
        '31 February 2026 25:61 PM',
        'Tuesday, April 21, 2026 7:12 PM',
        'Tue, 21 Apr 2026 at 19:12',
        '16 May 2026 at 23:14:07 GMT+14',
      ),
    );
    const line = fc.oneof(
      fc.tuple(headerLine, value).map(([name, text]) => `${name}${text}`),
      fc.constantFrom(
        '________________________________',
        '---------- Forwarded message ---------',
        'Begin forwarded message:',
        '',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 30 }),
        fc.constantFrom(HUB, 'kit@shire.example.gov.uk', 'rowan@example.org', ''),
        async (lines, from) => {
          const headers: Record<string, string> = {
            Date: 'Tue, 03 Mar 2026 10:00:00 +0000',
            Subject: 'FW: x',
          };
          if (from !== '') headers.From = from;
          try {
            const intake = await parseEmail(rawMail(headers, lines.join('\n')), OPTIONS);
            expect(EmailIntake.safeParse(intake).success).toBe(true);
            expect(intake.requester.email).not.toBe(HUB);
          } catch (error) {
            expect(error).toBeInstanceOf(IntakeFailureError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('forwarded Sent/Date lines', () => {
  it.each([
    ['Tuesday, April 21, 2026 7:12 PM', '2026-04-21T18:12:00.000Z'],
    ['21 April 2026 19:12', '2026-04-21T18:12:00.000Z'],
    ['Wednesday, January 14, 2026 7:12 PM', '2026-01-14T19:12:00.000Z'],
    ['14 January 2026 19:12', '2026-01-14T19:12:00.000Z'],
    ['Tue, 10 Feb 2026 at 08:12', '2026-02-10T08:12:00.000Z'],
    ['Tue, 21 Apr 2026 at 12:00 AM', '2026-04-20T23:00:00.000Z'],
    ['21/04/2026 19:12', '2026-04-21T18:12:00.000Z'],
    ['16 May 2026 at 23:14:07 BST', '2026-05-16T22:14:07.000Z'],
    ['Tue, 21 Apr 2026 19:12:00 +0200', '2026-04-21T17:12:00.000Z'],
    ['May 16, 2026 at 11:14 PM GMT+1', '2026-05-16T22:14:00.000Z'],
    // The day the clocks go forward (29 March 2026, 01:00 GMT) and back (25 October 2026, 02:00 BST).
    ['29 March 2026 00:30', '2026-03-29T00:30:00.000Z'],
    ['29 March 2026 03:00', '2026-03-29T02:00:00.000Z'],
    ['25 October 2026 00:30', '2026-10-24T23:30:00.000Z'],
    ['25 October 2026 03:00', '2026-10-25T03:00:00.000Z'],
  ])('reads "%s" as %s', (line, expected) => {
    expect(parseForwardedDate(line)?.toISOString()).toBe(expected);
  });

  it.each(['next Tuesday', '31 February 2026 10:00', '21 April 2026 13:00 PM', ''])(
    'refuses "%s"',
    (line) => {
      expect(parseForwardedDate(line)).toBeNull();
    },
  );
});

describe('small helpers', () => {
  it('strips stacked reply and forward prefixes from a subject', () => {
    expect(stripSubjectPrefixes('RE: FW: Fwd: Re[2]: Transport')).toBe('Transport');
  });

  it('only finds references in the unambiguous alphabet', () => {
    expect(findEnquiryReference('Re: SEND-OLIVE2')).toBeNull();
    expect(findEnquiryReference('Re: SEND-260303-0418')).toBeNull();
    expect(findEnquiryReference('ref send-22ab3c please')).toBe('SEND-22AB3C');
  });

  it('splits the ways clients write a forwarded sender', () => {
    expect(parseAddressValue('"Byrne, Sam" <Sam.Byrne@Example.org>')).toEqual({
      name: 'Byrne, Sam',
      email: 'sam.byrne@example.org',
    });
    expect(parseAddressValue('Sam Byrne [mailto:sam@example.org]')).toEqual({
      name: 'Sam Byrne',
      email: 'sam@example.org',
    });
    expect(parseAddressValue('*Sam Byrne* <sam@example.org>')).toEqual({
      name: 'Sam Byrne',
      email: 'sam@example.org',
    });
    expect(parseAddressValue('Byrne, Sam')).toEqual({ name: 'Byrne, Sam', email: null });
  });

  it('does not mistake quoted reply headers for a forward block', () => {
    expect(findForwardBlocks('Thanks\n> From: a@example.org\n> Sent: 1 May 2026 10:00\n> text')).toEqual([]);
  });
});

describe('labelled sample mail', () => {
  const labels = sharedSampleLabels() as {
    file: string;
    requester: { email: string | null };
    receivedAt: string;
  }[];
  const sampleOptions: ParseEmailOptions = {
    hubAddresses: ['send.enquiries@kent.example.gov.uk'],
    councilDomains: ['kent.example.gov.uk'],
    raw: { bucket: 'samples', key: 'sample' },
    now: new Date('2026-12-01T00:00:00Z'),
  };
  it.each(labels.filter((label) => label.file.endsWith('.eml')))(
    'finds the requester and receivedAt of $file',
    async (label) => {
      const intake = await parseEmail(
        asStored(readFileSync(path.join(SHARED_SAMPLES, label.file))),
        sampleOptions,
      );
      expect(intake.requester.email?.toLowerCase() ?? null).toBe(
        label.requester.email?.toLowerCase() ?? null,
      );
      expect(intake.receivedAt.slice(0, 16)).toBe(label.receivedAt.slice(0, 16));
    },
  );
});

describe('parseEmail: the sender clock is not trusted', () => {
  const ARRIVED = new Date('2026-11-30T10:00:00Z');
  const AT_ARRIVAL = { ...OPTIONS, arrivedAt: ARRIVED };
  const direct = (date: string) =>
    rawMail(
      { From: 'Rowan Pike <rowan.pike@example.org>', To: HUB, Date: date, Subject: 'Assessment question' },
      PARENT_TEXT,
    );

  it('never dates an enquiry after the hub received it: Date 2100 starts the clock at arrival', async () => {
    const intake = await parseEmail(direct('Fri, 01 Jan 2100 09:00:00 +0000'), AT_ARRIVAL);
    expect(intake.receivedAt).toBe('2026-11-30T10:00:00Z');
    expect(intake.notes).toEqual([
      { kind: 'received-time', text: expect.stringContaining('(2100-01-01T09:00:00.000Z) was not used') },
    ]);
  });

  it('does not let a sender date their own mail years before it arrived', async () => {
    const intake = await parseEmail(direct('Mon, 02 Jan 2023 09:00:00 +0000'), AT_ARRIVAL);
    expect(intake.receivedAt).toBe('2026-11-30T10:00:00Z');
    expect(intake.notes?.[0]?.text).toContain('only a forward by council staff');
  });

  it('takes ordinary clock skew quietly: a Date a minute before arrival leaves no note', async () => {
    const intake = await parseEmail(direct('Mon, 30 Nov 2026 09:59:00 +0000'), AT_ARRIVAL);
    expect(intake.receivedAt).toBe('2026-11-30T10:00:00Z');
    expect(intake.notes).toEqual([]);
  });

  function hubForward(sent: string, block = SES_PASS): Buffer {
    const body = [
      '________________________________',
      'From: Rowan Pike <rowan.pike@example.org>',
      `Sent: ${sent}`,
      `To: ${HUB}`,
      'Subject: Assessment question',
      '',
      PARENT_TEXT,
    ].join('\n');
    return rawMail(
      {
        From: `Family Hub <${HUB}>`,
        To: 'intake@inbound.example.net',
        Date: 'Mon, 30 Nov 2026 09:59:00 +0000',
        Subject: 'FW: Assessment question',
      },
      body,
      block,
    );
  }

  it('takes the Sent line of an authenticated council forward within 30 days of arrival', async () => {
    const intake = await parseEmail(hubForward('Friday, November 20, 2026 4:10 PM'), AT_ARRIVAL);
    expect(intake.requester.email).toBe('rowan.pike@example.org');
    expect(intake.receivedAt).toBe('2026-11-20T16:10:00Z');
    expect(intake.notes).toEqual([]);
  });

  it('sets aside a forwarded Sent line more than 30 days before arrival (the limit is configurable)', async () => {
    const old = await parseEmail(hubForward('Monday, October 12, 2026 4:10 PM'), AT_ARRIVAL);
    expect(old.receivedAt).toBe('2026-11-30T10:00:00Z');
    expect(old.notes?.[0]?.text).toContain('more than 30 days before');
    const longer = await parseEmail(hubForward('Monday, October 12, 2026 4:10 PM'), {
      ...AT_ARRIVAL,
      receivedTime: { maxBackdateDays: 60, toleranceMinutes: 5 },
    });
    expect(longer.receivedAt).toBe('2026-10-12T15:10:00Z');
  });

  it('unwraps no forward from a council address whose mail failed SPF/DKIM/DMARC, and says so', async () => {
    const failed = receiptHeaderBlock({ authentication: 'fail', recipients: 1, at: ARRIVED, by: 'test' });
    const intake = await parseEmail(hubForward('Friday, November 20, 2026 4:10 PM', failed), AT_ARRIVAL);
    // The hub mailbox is never the enquirer, and the forged forward's parent is not believed either.
    expect(intake.requester.email).toBeNull();
    expect(intake.shape).not.toBe('outlook-inline');
    expect(intake.receivedAt).toBe('2026-11-30T10:00:00Z');
    expect(intake.notes?.map((note) => note.kind)).toContain('sender-not-verified');
  });

  it('treats a colleague address without SES authentication as the enquirer itself', async () => {
    const body = [
      '---------- Forwarded message ---------',
      'From: Rowan Pike <rowan.pike@example.org>',
      'Date: Thu, 19 Nov 2026 at 16:22',
      'Subject: Assessment question',
      `To: <${HUB}>`,
      '',
      PARENT_TEXT,
    ].join('\n');
    const headers = {
      From: 'Sam Okoro <sam.okoro@shire.example.gov.uk>',
      To: HUB,
      Date: 'Mon, 30 Nov 2026 09:59:00 +0000',
      Subject: 'Fwd: Assessment question',
    };
    const unverified = await parseEmail(rawMail(headers, body, ''), AT_ARRIVAL);
    expect(unverified.requester.email).toBe('sam.okoro@shire.example.gov.uk');
    const verified = await parseEmail(rawMail(headers, body), AT_ARRIVAL);
    expect(verified.requester.email).toBe('rowan.pike@example.org');
    expect(verified.receivedAt).toBe('2026-11-19T16:22:00Z');
  });

  it('believes no pass the sender wrote below SES failing verdict', async () => {
    const forged = [
      'Authentication-Results: amazonses.com; spf=fail; dkim=fail; dmarc=fail;',
      'X-SES-Spam-Verdict: PASS',
      'X-SES-Virus-Verdict: PASS',
      'Authentication-Results: amazonses.com; spf=pass; dkim=pass; dmarc=pass;',
      '',
    ].join('\r\n');
    const intake = await parseEmail(hubForward('Friday, November 20, 2026 4:10 PM', forged), AT_ARRIVAL);
    expect(intake.requester.email).toBeNull();
  });

  it('trusts the original Date of a redirect by the hub mailbox only when SES vouched for it', async () => {
    const headers = {
      From: 'Rowan Pike <rowan.pike@example.org>',
      To: HUB,
      Date: 'Mon, 30 Nov 2026 08:00:00 +0000',
      Subject: 'Assessment question',
      'Resent-From': HUB,
      'Resent-Date': 'Mon, 30 Nov 2026 09:59:00 +0000',
    };
    const vouched = await parseEmail(rawMail(headers, PARENT_TEXT), AT_ARRIVAL);
    expect(vouched.receivedAt).toBe('2026-11-30T08:00:00Z');
    const unvouched = await parseEmail(rawMail(headers, PARENT_TEXT, ''), AT_ARRIVAL);
    expect(unvouched.receivedAt).toBe('2026-11-30T10:00:00Z');
  });
});
