/**
 * Test builders for enquiries and contacts, and a simple service-level policy that counts every
 * minute as working time (the real calendar has its own tests). Invented data only.
 */
import {
  type Contact,
  type Enquiry,
  type OpenEnquiryInput,
  openEnquiry,
  type ServiceLevelPolicy,
  type Transition,
} from '../../shared/domain/enquiry';
import { NO_SAFEGUARDING_CONCERN, type Priority } from '../../shared/domain/taxonomy';

const MINUTE = 60_000;

/** Response windows in (wall-clock) minutes by priority. */
export const TEST_WINDOWS: Record<Priority, number> = {
  urgent: 8 * 60,
  high: 2 * 24 * 60,
  normal: 5 * 24 * 60,
};

export function plusMinutes(instant: string, minutes: number): string {
  return new Date(Date.parse(instant) + minutes * MINUTE).toISOString();
}

/**
 * Every minute is a working minute; the ladder is `warning` at 75% of the window, then `breach`
 * at the due time. `nextEscalationAt` is the first step not yet taken.
 */
export const wallClockPolicy: ServiceLevelPolicy = {
  clockFrom(enquiry: Enquiry, start: string) {
    const window = TEST_WINDOWS[enquiry.priority];
    const warningAt = plusMinutes(start, window * 0.75);
    const responseDueAt = plusMinutes(start, window);
    const pending = [
      { id: 'warning', at: warningAt },
      { id: 'breach', at: responseDueAt },
    ].filter((step) => !enquiry.escalationSteps.includes(step.id));
    return { responseDueAt, warningAt, nextEscalationAt: pending[0]?.at ?? null };
  },
  workingMinutesBetween(from: string, to: string) {
    return (Date.parse(to) - Date.parse(from)) / MINUTE;
  },
  addWorkingMinutes(from: string, minutes: number) {
    return plusMinutes(from, minutes);
  },
};

let counter = 0;

/** A reference that is unique within a test run (the alphabet has no 0/1/O/I/L). */
export function testReference(): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  counter += 1;
  let n = counter + Math.floor(Math.random() * 1_000_000) * 10_000;
  let code = '';
  for (let i = 0; i < 6; i += 1) {
    code = alphabet.charAt(n % alphabet.length) + code;
    n = Math.floor(n / alphabet.length);
  }
  return `SEND-${code}`;
}

export function openTestEnquiry(overrides: Partial<OpenEnquiryInput> = {}): Transition {
  const receivedAt = overrides.receivedAt ?? '2026-11-23T09:14:00.000Z';
  return openEnquiry(
    {
      id: testReference(),
      triage: {
        topic: 'transport',
        priority: 'normal',
        role: 'parent',
        district: 'thanet',
        reasons: ['mentions taxi'],
        safeguarding: NO_SAFEGUARDING_CONCERN,
      },
      team: 'east',
      channel: 'email',
      requester: { name: 'Jo Bloggs', email: 'jo.bloggs@example.org', phone: '+447700900123' },
      subject: 'Taxi to school has stopped',
      receivedAt,
      now: plusMinutes(receivedAt, 1),
      actor: 'router',
      ...overrides,
    },
    wallClockPolicy,
  );
}

export function testContact(
  enquiry: Pick<Enquiry, 'id' | 'receivedAt'>,
  overrides: Partial<Contact> = {},
): Contact {
  return {
    id: `c-${Math.random().toString(36).slice(2, 10)}`,
    enquiryId: enquiry.id,
    at: enquiry.receivedAt,
    direction: 'inbound',
    channel: 'email',
    automated: false,
    from: { name: 'Jo Bloggs', email: 'jo.bloggs@example.org', phone: null },
    author: null,
    subject: 'Taxi to school has stopped',
    body: 'The taxi has not come for three days.',
    bodyTruncated: false,
    messageId: null,
    intakeId: null,
    attachments: [],
    raw: null,
    ...overrides,
  };
}
