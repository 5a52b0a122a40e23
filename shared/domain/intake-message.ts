/**
 * The normalised intake message: what ingest-email and ingest-phone put on the intake queue and
 * the router consumes. It is the contract between intake and routing; bump `version` to change it.
 * Personal data travels in the message body (encrypted queue), never in logs.
 */

import { toQueueJson } from './queue-json';
import { AttachmentInfo, Requester } from './requester';
import { Role } from './taxonomy';
import * as z from './zod';

const Instant = z.iso.datetime({ offset: true });

export { AttachmentInfo, Requester };

/** What intake has to say about a message on its enquiry's timeline (no enquirer text). */
export const IntakeNote = z.object({
  kind: z.enum(['received-time', 'sender-not-verified', 'decoding']),
  text: z.string(),
});
export type IntakeNote = z.infer<typeof IntakeNote>;

export const EmailIntake = z.object({
  version: z.literal(1),
  channel: z.literal('email'),
  /** Stable idempotency key: `email:<Message-ID>` or `email:s3:<bucket>/<key>` when there is none. */
  intakeId: z.string().check(z.minLength(1)),
  /** When the hub (or the council) first received it: the original Date/Sent line. */
  receivedAt: Instant,
  /** When this copy arrived at the inbound address. */
  arrivedAt: Instant,
  requester: Requester,
  /** How the message reached us: direct, redirect, outlook-inline, gmail-inline, apple-inline, rfc822-attachment, external-forward, reply. */
  shape: z.string(),
  subject: z.string(),
  /** Plain text of the enquirer's own message (forward wrappers and hub notes removed). */
  body: z.string(),
  /** A hub colleague's note typed above a forward: kept for people, not used for triage. */
  forwardNote: z.nullable(z.string()),
  messageId: z.nullable(z.string()),
  inReplyTo: z.nullable(z.string()),
  references: z.array(z.string()),
  /** An enquiry reference found in the subject, e.g. `SEND-7K3M9Q`. */
  enquiryReference: z.nullable(z.string()),
  attachments: z.array(AttachmentInfo),
  /** Written by a machine (auto-reply, bounce, bulk): never opens an enquiry, never acknowledged. */
  automated: z.boolean(),
  spam: z.boolean(),
  raw: z.object({ bucket: z.string(), key: z.string() }),
  /** Dates not trusted, senders not verified, text that could not be decoded (absent on older messages). */
  notes: z.optional(z.array(IntakeNote)),
});
export type EmailIntake = z.infer<typeof EmailIntake>;

export const PhoneIntake = z.object({
  version: z.literal(1),
  channel: z.literal('phone'),
  /** `phone:<callId>`. */
  intakeId: z.string().check(z.minLength(1)),
  callId: z.string().check(z.minLength(1)),
  receivedAt: Instant,
  /** Who logged the call: the signed-in user's id (from their token, never from the body). */
  handledBy: z.nullable(z.string()),
  /**
   * Teams the person who logged the call works in (`team:` groups of their token); a reference in
   * the notes joins an enquiry of these teams only (or one whose enquirer is this caller).
   * Absent on older messages and offline triage: no team.
   */
  handlerTeams: z.optional(z.array(z.string())),
  requester: Requester,
  callerRole: z.nullable(Role),
  child: z.object({
    name: z.nullable(z.string()),
    dateOfBirth: z.nullable(z.string()),
    school: z.nullable(z.string()),
    postcode: z.nullable(z.string()),
  }),
  summary: z.string(),
  callbackRequested: z.boolean(),
});
export type PhoneIntake = z.infer<typeof PhoneIntake>;

export const IntakeMessage = z.discriminatedUnion('channel', [EmailIntake, PhoneIntake]);
export type IntakeMessage = z.infer<typeof IntakeMessage>;

export { toQueueJson };
