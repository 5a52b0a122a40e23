/**
 * The parents' status page, no account (`POST /status` with a reference and the email address or
 * phone number the enquiry came from). It shows where the enquiry stands, the team, the promised
 * date and the last update, and nothing else.
 *
 * Guessing must learn nothing: an unknown reference, a malformed one and a wrong verifier all get
 * the same 404 (same body, same headers), after the same reads (a malformed reference reads a key
 * that can never exist), with the verifier compared in constant time against a fixed number of
 * slots. Attempts are counted per reference and per client before anything is read; past the
 * limit the answer is 429. The WAF rule in front (infra) limits by address as well.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { teamName } from '../config/hub-config';
import { type Enquiry, isReference, lastPublicUpdate, PublicStatus, publicStatus } from '../domain/enquiry';
import { formatDeadline } from '../domain/local-time';
import { normaliseEmail } from '../domain/people';
import { toE164 } from '../domain/phone-numbers';
import * as z from '../domain/zod';
import { PUBLIC_STATUS_TEXT } from '../mail/enquirer-emails';
import type { FindingDeps } from './finding-context';
import type { PublicEnquiryStatus } from './response-schemas';

export type { PublicEnquiryStatus } from './response-schemas';

export const StatusBody = z.strictObject({
  reference: z
    .string({ error: 'is required' })
    .check(z.trim(), z.minLength(1, 'is required'), z.maxLength(40, 'must be at most 40 characters')),
  verifier: z
    .string({ error: 'is required' })
    .check(z.trim(), z.minLength(1, 'is required'), z.maxLength(254, 'must be at most 254 characters')),
});
export type StatusBody = z.infer<typeof StatusBody>;

export type StatusAnswer =
  | { kind: 'found'; status: PublicEnquiryStatus }
  | { kind: 'not-found' }
  | { kind: 'too-many'; retryAfterSeconds: number };

/** The one body every mismatch gets. */
export const STATUS_NOT_FOUND_BODY = {
  error: {
    code: 'not-found',
    message:
      'We could not find an enquiry with that reference and email address or phone number. Check both and try again.',
  },
} as const;

const WINDOW_SECONDS = 60;
/** Verifier slots compared every time, whatever the enquiry holds (so the count does not show). */
const VERIFIER_SLOTS = 12;
/** A key no enquiry can have (`0` is not in the reference alphabet): read for malformed references. */
const NEVER_A_REFERENCE = 'SEND-000000';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** What a verifier may stand for: an email address and/or a phone number, normalised. */
function verifierForms(verifier: string): string[] {
  const forms: string[] = [];
  const email = normaliseEmail(verifier);
  if (email !== null) forms.push(`e:${email}`);
  const phone = /@/.test(verifier) ? null : toE164(verifier);
  if (phone !== null) forms.push(`p:${phone}`);
  return forms;
}

function enquiryForms(enquiry: Enquiry | null): string[] {
  if (enquiry === null) return [];
  const emails = [enquiry.requester.email, ...enquiry.knownEmails]
    .map((email) => (email === null ? null : normaliseEmail(email)))
    .filter((email): email is string => email !== null);
  const phones = [enquiry.requester.phone, ...enquiry.knownPhones]
    .map((phone) => (phone === null ? null : toE164(phone)))
    .filter((phone): phone is string => phone !== null);
  return [...new Set([...emails.map((email) => `e:${email}`), ...phones.map((phone) => `p:${phone}`)])];
}

/** Compares every form with every slot, without stopping early. */
function verifierMatches(given: readonly string[], known: readonly string[]): boolean {
  const slots = Array.from({ length: VERIFIER_SLOTS }, (_, index) =>
    digest(known[index] ?? `unused:${randomBytes(16).toString('hex')}`),
  );
  const candidates = [
    given[0] ?? `none:${randomBytes(16).toString('hex')}`,
    given[1] ?? `none:${randomBytes(16).toString('hex')}`,
  ].map(digest);
  let matched = 0;
  for (const candidate of candidates) {
    for (const slot of slots) matched |= timingSafeEqual(candidate, slot) ? 1 : 0;
  }
  return matched === 1;
}

function hashedClient(client: string): string {
  return createHash('sha256').update(`status-client:${client}`).digest('hex').slice(0, 32);
}

/**
 * Looks up the status for a parent.
 * @param client the caller's address (counted hashed, never stored in clear).
 */
export async function lookUpStatus(
  deps: Pick<FindingDeps, 'enquiries' | 'rateLimits' | 'config'>,
  body: StatusBody,
  client: string,
  now: Date,
): Promise<StatusAnswer> {
  const reference = body.reference.toUpperCase().replace(/\s+/g, '');
  const limits = deps.config.statusPage;
  const [byReference, byClient] = await Promise.all([
    deps.rateLimits.hit(`status#ref#${reference.slice(0, 40)}`, WINDOW_SECONDS, now),
    deps.rateLimits.hit(`status#client#${hashedClient(client)}`, WINDOW_SECONDS, now),
  ]);
  if (byReference > limits.attemptsPerReferencePerMinute || byClient > limits.attemptsPerClientPerMinute) {
    const retryAfterSeconds = WINDOW_SECONDS - (Math.floor(now.getTime() / 1000) % WINDOW_SECONDS);
    return { kind: 'too-many', retryAfterSeconds };
  }
  const wellFormed = isReference(reference);
  const enquiry = await deps.enquiries.getEnquiry(wellFormed ? reference : NEVER_A_REFERENCE);
  const matches = verifierMatches(verifierForms(body.verifier), enquiryForms(enquiry));
  if (enquiry === null || !matches) return { kind: 'not-found' };
  const status = publicStatus(enquiry);
  const dueNow = enquiry.status === 'open';
  const timeZone = deps.config.calendar.timeZone;
  return {
    kind: 'found',
    status: {
      reference: enquiry.id,
      status,
      statusText: PUBLIC_STATUS_TEXT[status],
      teamName: teamName(deps.config, enquiry.team),
      promisedBy: dueNow ? enquiry.responseDueAt : null,
      promisedByText: dueNow ? formatDeadline(enquiry.responseDueAt, timeZone) : null,
      lastUpdate: lastPublicUpdate(enquiry),
    },
  };
}
