/**
 * Who may pick up a safeguarding alert: the duty contacts are often not in the enquiry's team, so
 * managers, the head of service and anyone whose sign-in email is on a duty list may open an
 * enquiry with a concern and pick its alert up, and nothing more.
 */
import { describe, expect, it } from 'vitest';
import { isSafeguardingResponder, openableEnquiry, permissionsFor } from '../../shared/access/access-policy';
import { type Principal, principalFromClaims } from '../../shared/access/principal';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import type { Enquiry } from '../../shared/domain/enquiry';
import { EnquiryNotFoundError } from '../../shared/domain/errors';
import { planConcernAlert } from '../../shared/safeguarding/duty-alert-plan';
import { openTestEnquiry } from '../support/enquiry-fixtures';

const config = defaultHubConfig();
const DUTY = config.safeguarding.dutyContacts[0]?.email ?? 'missing';
const OUT_OF_HOURS = config.safeguarding.outOfHours[0]?.email ?? 'missing';

function person(groups: string[], email?: string): Principal {
  return principalFromClaims({
    username: 'someone',
    token_use: 'access',
    'cognito:groups': `[${groups.join(' ')}]`,
    ...(email === undefined ? {} : { email }),
  });
}

/** An East enquiry whose first contact raised a concern, with its duty alert out. */
function alerted(): Enquiry {
  const opened = openTestEnquiry({
    triage: {
      topic: 'general',
      priority: 'urgent',
      role: 'parent',
      district: 'thanet',
      reasons: [],
      safeguarding: { concern: true, categories: ['self-harm'], reasons: ['self-harm: "wants to die"'] },
    },
  }).enquiry;
  const plan = planConcernAlert(config, opened, '2026-11-22T02:00:00.000Z');
  if (plan === null) throw new Error('no alert planned');
  return plan.transition.enquiry;
}

const plain = () => openTestEnquiry().enquiry;

describe('who is a safeguarding responder', () => {
  it('is anyone whose sign-in email is on the duty or out-of-hours list, in any case, with no role needed', () => {
    expect(isSafeguardingResponder(person([], DUTY), config)).toBe(true);
    expect(isSafeguardingResponder(person([], OUT_OF_HOURS.toUpperCase()), config)).toBe(true);
    expect(isSafeguardingResponder(person(['callhandler'], DUTY), config)).toBe(true);
  });

  it('is every manager, of any team, and the head of service', () => {
    expect(isSafeguardingResponder(person(['manager', 'team:north']), config)).toBe(true);
    expect(isSafeguardingResponder(person(['manager', 'team:north', 'team:east']), config)).toBe(true);
  });

  it('is not a caseworker, call handler or anyone else off the lists', () => {
    expect(
      isSafeguardingResponder(person(['caseworker', 'team:north'], 'someone@kent.example.gov.uk'), config),
    ).toBe(false);
    expect(isSafeguardingResponder(person(['callhandler']), config)).toBe(false);
    expect(isSafeguardingResponder(person([], 'not-an-email'), config)).toBe(false);
  });
});

describe('what a responder outside the team may do', () => {
  const duty = person([], DUTY);

  it('opens an enquiry with a concern and may only pick its alert up', () => {
    const enquiry = alerted();
    expect(openableEnquiry(duty, enquiry.id, enquiry, true)).toBe(enquiry);
    expect(permissionsFor(duty, enquiry, true)).toEqual({
      claim: false,
      release: false,
      respond: false,
      note: false,
      resolve: false,
      reopen: false,
      reassign: false,
      transfer: false,
      correct: false,
      acknowledge: true,
      resendAcknowledgement: false,
    });
  });

  it('cannot open an enquiry without a concern: the same 404 as one that does not exist', () => {
    const enquiry = plain();
    expect(() => openableEnquiry(duty, enquiry.id, enquiry, true)).toThrow(EnquiryNotFoundError);
    expect(() => openableEnquiry(duty, enquiry.id, null, true)).toThrow(EnquiryNotFoundError);
  });

  it('has nothing to pick up once someone has', () => {
    const enquiry = alerted();
    const alert = enquiry.safeguarding.alert;
    if (alert === null) throw new Error('no alert');
    const picked: Enquiry = {
      ...enquiry,
      safeguarding: { ...enquiry.safeguarding, alert: { ...alert, pickedUpAt: '2026-11-22T02:05:00.000Z' } },
    };
    expect(permissionsFor(duty, picked, true).acknowledge).toBe(false);
  });

  it('leaves a caseworker of another team out, as before', () => {
    const north = person(['caseworker', 'team:north']);
    const enquiry = alerted();
    expect(() => openableEnquiry(north, enquiry.id, enquiry, false)).toThrow(EnquiryNotFoundError);
    expect(permissionsFor(north, enquiry, false).acknowledge).toBe(false);
  });
});

describe('the sign-in email on the principal', () => {
  it('is read from the token, lower-cased, and null when the token carries none', () => {
    expect(person([], 'Duty.Lead@Kent.Example.gov.uk').email).toBe('duty.lead@kent.example.gov.uk');
    expect(person([]).email).toBeNull();
  });
});
