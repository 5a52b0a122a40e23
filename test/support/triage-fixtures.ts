/**
 * Builders of invented intake messages for the triage tests (names, numbers and addresses are
 * made up; phone numbers are Ofcom drama numbers; domains are example ones).
 */

import { defaultHubConfig } from '../../shared/config/load-hub-config';
import type { EmailIntake, PhoneIntake } from '../../shared/domain/intake-message';
import type { Role } from '../../shared/domain/taxonomy';
import type { TriageContext } from '../../shared/domain/triage';

/** The shipped hub's addresses and business calendar, as the router gives them to triage. */
export const CONTEXT: TriageContext = {
  councilDomains: ['kent.example.gov.uk'],
  hubAddresses: ['send.enquiries@kent.example.gov.uk'],
  calendar: defaultHubConfig().calendar,
};

export interface EmailOptions {
  subject?: string;
  from?: string;
  name?: string | null;
  receivedAt?: string;
  shape?: string;
  forwardNote?: string | null;
  enquiryReference?: string | null;
}

/** An email intake with the given body (the enquirer's own text). */
export function email(body: string, options: EmailOptions = {}): EmailIntake {
  const receivedAt = options.receivedAt ?? '2026-03-10T10:00:00Z';
  return {
    version: 1,
    channel: 'email',
    intakeId: 'email:<test@example.org>',
    receivedAt,
    arrivedAt: receivedAt,
    requester: {
      name: options.name === undefined ? 'Sam Example' : options.name,
      email: options.from ?? 'sam.example@example.org',
      phone: null,
    },
    shape: options.shape ?? 'direct',
    subject: options.subject ?? 'Question',
    body,
    forwardNote: options.forwardNote ?? null,
    messageId: '<test@example.org>',
    inReplyTo: null,
    references: [],
    enquiryReference: options.enquiryReference ?? null,
    attachments: [],
    automated: false,
    spam: false,
    raw: { bucket: 'test', key: 'test.eml' },
  };
}

export interface PhoneOptions {
  receivedAt?: string;
  callerRole?: Role | null;
  postcode?: string | null;
  school?: string | null;
}

/** A phone intake with the given call summary. */
export function phone(summary: string, options: PhoneOptions = {}): PhoneIntake {
  return {
    version: 1,
    channel: 'phone',
    intakeId: 'phone:T-TEST-1',
    callId: 'T-TEST-1',
    receivedAt: options.receivedAt ?? '2026-03-10T10:00:00Z',
    handledBy: 'ch-001',
    requester: { name: 'Alex Caller', email: null, phone: '+447700900101' },
    callerRole: options.callerRole === undefined ? null : options.callerRole,
    child: {
      name: 'Test Child',
      dateOfBirth: null,
      school: options.school ?? null,
      postcode: options.postcode ?? null,
    },
    summary,
    callbackRequested: true,
  };
}
