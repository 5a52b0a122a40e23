import { describe, expect, it } from 'vitest';
import { applyClaim, applyResolve, type Enquiry, openEnquiry } from '../../shared/domain/enquiry';
import { hubServiceLevels } from '../../shared/domain/service-level';
import { NO_SAFEGUARDING_CONCERN, type Safeguarding } from '../../shared/domain/taxonomy';
import { dutyAlertEmail } from '../../shared/mail/staff-emails';
import {
  dutyListAt,
  pickupDueAt,
  planConcernAlert,
  planNextAlert,
} from '../../shared/safeguarding/duty-alert-plan';
import { applyConcernFromContact } from '../../shared/safeguarding/safeguarding-flag';
import { routerTestConfig } from '../support/router-fixtures';

const config = routerTestConfig();
const policy = hubServiceLevels(config);
const CONCERN: Safeguarding = {
  concern: true,
  categories: ['self-harm'],
  reasons: ['urgent: risk of harm ("talking about killing himself")'],
};

function enquiryAt(receivedAt: string, safeguarding: Safeguarding = CONCERN): Enquiry {
  return openEnquiry(
    {
      id: 'SEND-7K3M9Q',
      triage: {
        topic: 'assessment',
        priority: 'normal',
        role: 'parent',
        district: 'thanet',
        reasons: [],
        safeguarding,
      },
      team: 'east',
      channel: 'email',
      requester: { name: 'Jo Bloggs', email: 'jo@example.org', phone: null },
      subject: 'EHCP refused',
      receivedAt,
      now: receivedAt,
      actor: 'router',
      contactId: 'in-abc',
    },
    policy,
  ).enquiry;
}

// Monday 23 November 2026 is a working day; 22 November is a Sunday (GMT, so UTC = local).
const MONDAY_10 = '2026-11-23T10:00:00.000Z';
const SUNDAY_2AM = '2026-11-22T02:00:00.000Z';

describe('who is told about a safeguarding concern', () => {
  it('uses the duty list in open hours and the out-of-hours list otherwise', () => {
    expect(dutyListAt(config, MONDAY_10)).toBe('duty');
    expect(dutyListAt(config, SUNDAY_2AM)).toBe('out-of-hours');
    expect(dutyListAt(config, '2026-11-23T17:00:00.000Z')).toBe('out-of-hours');
  });

  it('tells the first out-of-hours contact at 02:00 on a Sunday, with no enquirer details', () => {
    const plan = planConcernAlert(config, enquiryAt(SUNDAY_2AM), SUNDAY_2AM);
    expect(plan?.notice).toMatchObject({
      list: 'out-of-hours',
      step: 0,
      concern: 1,
      recipient: 'send.safeguarding.ooh@kent.example.gov.uk',
      categories: ['self-harm'],
      nextAlertAt: '2026-11-22T02:30:00.000Z',
      nextRecipientName: 'Out-of-hours senior manager',
    });
    expect(plan?.transition.enquiry.priority).toBe('urgent');
    const email = dutyAlertEmail(config, plan?.notice ?? expect.fail('no plan'));
    expect(email.autoSubmitted).toBe('auto-generated');
    expect(email.messageId).toBe('<safeguarding.SEND-7K3M9Q.1.0@kent.example.gov.uk>');
    expect(email.text).toContain('SEND-7K3M9Q');
    expect(email.text).toContain('self-harm');
    expect(email.text).toContain('http://127.0.0.1:3000/#/enquiries/SEND-7K3M9Q');
    for (const personal of ['Jo Bloggs', 'jo@example.org', 'killing himself', 'EHCP refused']) {
      expect(`${email.subject}\n${email.text}`).not.toContain(personal);
    }
  });

  it('raises nothing for an enquiry without a concern', () => {
    expect(planConcernAlert(config, enquiryAt(MONDAY_10, NO_SAFEGUARDING_CONCERN), MONDAY_10)).toBeNull();
  });
});

describe('when the next contact is due', () => {
  it('gives a duty contact 30 working minutes in open hours', () => {
    expect(pickupDueAt(config, 'duty', MONDAY_10)).toBe('2026-11-23T10:30:00.000Z');
  });

  it('hands over to the out-of-hours list at closing time rather than waiting for the morning', () => {
    expect(pickupDueAt(config, 'duty', '2026-11-23T16:45:00.000Z')).toBe('2026-11-23T17:00:00.000Z');
    const plan = planConcernAlert(config, enquiryAt('2026-11-23T16:45:00.000Z'), '2026-11-23T16:45:00.000Z');
    expect(plan?.notice.nextRecipientName).toBe('Out-of-hours duty officer');
  });

  it('counts elapsed minutes out of hours (people on call)', () => {
    expect(pickupDueAt(config, 'out-of-hours', SUNDAY_2AM)).toBe('2026-11-22T02:30:00.000Z');
  });

  it('tells the next person on the list when nobody picked it up, and nobody before it is due', () => {
    const first = planConcernAlert(config, enquiryAt(SUNDAY_2AM), SUNDAY_2AM);
    const alerted = first?.transition.enquiry ?? expect.fail('no plan');
    expect(planNextAlert(config, alerted, '2026-11-22T02:29:00.000Z')).toBeNull();
    const second = planNextAlert(config, alerted, '2026-11-22T02:30:00.000Z');
    expect(second?.notice).toMatchObject({
      step: 1,
      recipient: 'send.safeguarding.ooh.senior@kent.example.gov.uk',
      nextAlertAt: null,
    });
    // Everyone on the out-of-hours list has it: nobody further is due.
    const last = second?.transition.enquiry ?? expect.fail('no second plan');
    expect(planNextAlert(config, last, '2026-11-22T04:00:00.000Z')).toBeNull();
  });

  it('stops when a person claims the enquiry or it is resolved', () => {
    const alerted = planConcernAlert(config, enquiryAt(SUNDAY_2AM), SUNDAY_2AM)?.transition.enquiry;
    if (alerted === undefined) expect.fail('no plan');
    const claimed = applyClaim(alerted, 'cw-east-1', '2026-11-22T02:10:00.000Z');
    expect(claimed.enquiry.safeguarding.alert).toMatchObject({
      pickedUpBy: 'cw-east-1',
      pickedUpHow: 'claimed',
    });
    expect(claimed.events.map((change) => change.type)).toContain('safeguarding-picked-up');
    expect(planNextAlert(config, claimed.enquiry, '2026-11-22T03:00:00.000Z')).toBeNull();
    const resolved = applyResolve(alerted, '2026-11-22T02:10:00.000Z', 'cw-east-1', policy).enquiry;
    expect(planNextAlert(config, resolved, '2026-11-22T03:00:00.000Z')).toBeNull();
  });
});

describe('a later contact that raises a concern', () => {
  it('flags the enquiry, makes it urgent and starts a new alert; the same concern again is not news', () => {
    const quiet = enquiryAt(MONDAY_10, NO_SAFEGUARDING_CONCERN);
    expect(quiet.priority).toBe('normal');
    const raised = applyConcernFromContact(
      quiet,
      CONCERN,
      'in-reply',
      '2026-11-24T11:00:00.000Z',
      'router',
      policy,
    );
    expect(raised?.transition.enquiry).toMatchObject({
      priority: 'urgent',
      safeguarding: { concern: true, categories: ['self-harm'], raisedByContact: 'in-reply' },
    });
    const flagged = raised?.transition.enquiry ?? expect.fail('not raised');
    const alert = planConcernAlert(config, flagged, '2026-11-24T11:00:00.000Z');
    expect(alert?.notice).toMatchObject({
      concern: 1,
      list: 'duty',
      recipient: 'send.safeguarding.duty@kent.example.gov.uk',
    });
    const alerted = alert?.transition.enquiry ?? expect.fail('no alert');
    expect(
      applyConcernFromContact(alerted, CONCERN, 'in-again', '2026-11-24T12:00:00.000Z', 'router', policy),
    ).toBeNull();
    // A new kind of concern is news: its own alert, concern number 2.
    const neglect = applyConcernFromContact(
      alerted,
      { concern: true, categories: ['neglect'], reasons: ['urgent: not fed'] },
      'in-third',
      '2026-11-24T12:00:00.000Z',
      'router',
      policy,
    );
    const again = planConcernAlert(
      config,
      neglect?.transition.enquiry ?? expect.fail('no'),
      '2026-11-24T12:00:00.000Z',
    );
    expect(again?.notice).toMatchObject({ concern: 2, step: 0, categories: ['self-harm', 'neglect'] });
  });
});
