import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_ENQUIRY_SAFEGUARDING } from '../../shared/domain/enquiry';
import { formatDeadline } from '../../shared/domain/local-time';
import { acknowledgementEmail } from '../../shared/mail/enquirer-emails';
import { repeatContactAlertEmail } from '../../shared/mail/staff-emails';
import { routerTestConfig } from '../support/router-fixtures';

const config = routerTestConfig();

describe('deadlines in UK words', () => {
  it.each([
    ['2026-11-27T17:00:00.000Z', '5pm on Friday 27 November 2026'],
    ['2026-11-30T09:14:00.000Z', '9:14am on Monday 30 November 2026'],
    // British Summer Time: 16:00 UTC is 5pm in London
    ['2026-06-26T16:00:00.000Z', '5pm on Friday 26 June 2026'],
    ['2026-11-23T12:00:00.000Z', 'midday on Monday 23 November 2026'],
    ['2026-11-23T12:30:00.000Z', '12:30pm on Monday 23 November 2026'],
    ['2026-11-23T00:05:00.000Z', '12:05am on Monday 23 November 2026'],
    // a deadline at midnight is the end of the day before, not "midnight on Friday"
    ['2026-11-28T00:00:00.000Z', 'the end of Friday 27 November 2026'],
  ])('%s reads "%s"', (instant, words) => {
    expect(formatDeadline(instant, 'Europe/London')).toBe(words);
  });

  it('always reads as a time and a full date, for any instant', () => {
    const shape =
      /^((\d{1,2}(:\d{2})?(am|pm)|midday) on|the end of) (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/;
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom('Europe/London', 'America/New_York', 'Australia/Lord_Howe'),
        (date, zone) => {
          expect(formatDeadline(date.toISOString(), zone)).toMatch(shape);
        },
      ),
    );
  });
});

describe('acknowledgement email', () => {
  const enquiry = {
    id: 'SEND-7K3M9Q',
    requester: { name: 'Jo Bloggs', email: 'jo@example.org', phone: null },
    responseDueAt: '2026-11-27T17:00:00.000Z',
    safeguarding: NO_ENQUIRY_SAFEGUARDING,
  };

  it('tells an enquirer whose words raised a concern what to do now, with the configured numbers', () => {
    const worried = {
      ...enquiry,
      safeguarding: {
        ...NO_ENQUIRY_SAFEGUARDING,
        concern: true,
        categories: ['self-harm' as const],
        reasons: ['urgent: risk of harm ("wants to die")'],
      },
    };
    const text = acknowledgementEmail(config, worried, 'jo@example.org', 'email').text;
    expect(text).toContain('call 999 now');
    expect(text).toContain("children's social care: 03000 411111 (out of hours: 03000 419191)");
    expect(text).toContain('03000 419994 (Monday to Friday, 9am to 5pm)');
    // Without a concern, none of it.
    expect(acknowledgementEmail(config, enquiry, 'jo@example.org', 'email').text).not.toContain('999');
  });

  it('names the reference in the subject and the reply date in the text', () => {
    const email = acknowledgementEmail(config, enquiry, 'jo@example.org', 'email');
    expect(email.subject).toBe('[SEND-7K3M9Q] We have your enquiry');
    expect(email.text).toContain('Your reference is SEND-7K3M9Q.');
    expect(email.text).toContain('We will reply by 5pm on Friday 27 November 2026.');
    expect(email.text).toContain(config.acknowledgement.whatHappensNext);
    expect(email).toMatchObject({
      to: ['jo@example.org'],
      replyTo: 'send.enquiries@kent.example.gov.uk',
      autoSubmitted: 'auto-replied',
      messageId: '<ack.SEND-7K3M9Q@kent.example.gov.uk>',
    });
    expect(email.from).toBe('"Kent SEND Enquiries Hub" <send.hub@kent.example.gov.uk>');
  });

  it('greets by name only when the name looks like a name', () => {
    const odd = { ...enquiry, requester: { ...enquiry.requester, name: 'jo@example.org' } };
    expect(acknowledgementEmail(config, enquiry, 'jo@example.org', 'email').text).toMatch(/^Dear Jo Bloggs,/);
    expect(acknowledgementEmail(config, odd, 'jo@example.org', 'email').text).toMatch(/^Hello,/);
  });
});

describe('repeat-contact alert', () => {
  it('tells the hub manager the reference, team and due date, without personal data', () => {
    const email = repeatContactAlertEmail(config, {
      id: 'SEND-7K3M9Q',
      team: 'east',
      priority: 'high',
      assignee: null,
      responseDueAt: '2026-11-25T09:14:00.000Z',
      contactsSinceResponse: 3,
      clockStartedAt: '2026-11-23T09:14:00.000Z',
    });
    expect(email.to).toEqual([config.hub.hubManagerEmail]);
    expect(email.subject).toBe('[SEND-7K3M9Q] Repeat contact: 3 contacts without a response');
    expect(email.text).toContain('East Kent SEND team');
    expect(email.text).toContain('by 9:14am on Wednesday 25 November 2026');
    expect(email.text).toContain('http://127.0.0.1:3000/#/enquiries/SEND-7K3M9Q');
    expect(email.autoSubmitted).toBe('auto-generated');
  });
});
