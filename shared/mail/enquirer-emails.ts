/**
 * Every email the enquirer reads: the acknowledgement, the status reply to a chaser, the "picked
 * up" email and a caseworker's response (its envelope and footer). Changing what a parent reads is
 * this file. Pure: configuration and the enquiry in, an `OutgoingEmail` out. Message-IDs are
 * deterministic so a retried send is recognisable and a reply threads back.
 */
import { type HubConfig, statusPageLink, teamName } from '../config/hub-config';
import {
  type Contact,
  type Enquiry,
  findReference,
  type PublicStatus,
  publicStatus,
} from '../domain/enquiry';
import { formatDeadline } from '../domain/local-time';
import type { Channel } from '../domain/taxonomy';
import { fromHeader, hubMessageId } from './hub-mail';
import type { OutgoingEmail } from './outgoing-email';

/**
 * An automatic email to the enquirer: from the hub, Reply-To the hub's inbound address (their answer
 * joins the enquiry), `Auto-Submitted: auto-replied` (no auto-reply answers it back).
 */
function automaticReply(
  config: HubConfig,
  email: { to: string; subject: string; lines: readonly string[]; messageId: string; footnote?: string },
): OutgoingEmail {
  const signOff = ['', config.hub.name, '', `This email was sent automatically.${email.footnote ?? ''}`];
  return {
    from: fromHeader(config),
    to: [email.to],
    replyTo: config.acknowledgement.replyToAddress,
    subject: email.subject,
    text: [...email.lines, ...signOff].join('\n'),
    messageId: email.messageId,
    autoSubmitted: 'auto-replied',
  };
}

/** Message-ID of an enquiry's acknowledgement, e.g. `<ack.SEND-7K3M9Q@kent.example.gov.uk>`. */
export function acknowledgementMessageId(config: HubConfig, enquiryId: string): string {
  return hubMessageId(config, `ack.${enquiryId}`);
}

// Only a plain personal name goes in a greeting; anything odd (an address, a department) gets "Hello".
const GREETABLE_NAME = /^\p{L}[\p{L}\p{M} .'’-]{0,59}$/u;

function greeting(name: string | null): string {
  const trimmed = name?.trim() ?? '';
  return GREETABLE_NAME.test(trimmed) ? `Dear ${trimmed},` : 'Hello,';
}

/**
 * What to do now, for an enquirer whose words raised a safeguarding concern: the hub's phone and
 * hours, 999, and children's social care (front door and out of hours), all from configuration.
 */
export function whatToDoNowLines(config: HubConfig): string[] {
  const numbers = config.safeguarding.whatToDoNow;
  return [
    "If you are worried about a child's safety",
    `- If a child is in immediate danger, call ${numbers.emergency} now.`,
    `- To speak to children's social care: ${numbers.childrensSocialCare} (out of hours: ${numbers.childrensSocialCareOutOfHours}).`,
    `- To speak to us: ${numbers.hubPhone} (${numbers.hubHours}).`,
    'A member of staff has been told about your message and will look at it as a priority.',
  ];
}

/** The acknowledgement's thanks, by the channel the enquiry came in on. */
const ACKNOWLEDGEMENT_THANKS: Readonly<Record<Channel, (hubName: string) => string>> = {
  email: (hubName) => `Thank you for contacting the ${hubName}. We have received your enquiry.`,
  phone: (hubName) => `Thank you for your call to the ${hubName}. We have recorded your enquiry.`,
};

/** The acknowledgement email to the enquirer, in plain English. */
export function acknowledgementEmail(
  config: HubConfig,
  enquiry: Pick<Enquiry, 'id' | 'requester' | 'responseDueAt' | 'safeguarding'>,
  to: string,
  channel: Channel,
): OutgoingEmail {
  const due = formatDeadline(enquiry.responseDueAt, config.calendar.timeZone);
  const thanks = ACKNOWLEDGEMENT_THANKS[channel](config.hub.name);
  const lines = [
    greeting(enquiry.requester.name),
    '',
    thanks,
    '',
    `Your reference is ${enquiry.id}.`,
    '',
    `We will reply by ${due}.`,
    '',
    ...(enquiry.safeguarding.concern ? [...whatToDoNowLines(config), ''] : []),
    'What happens next',
    config.acknowledgement.whatHappensNext,
    '',
    `If you write to us again about this enquiry, please keep ${enquiry.id} in the subject line.`,
    '',
    `See where your enquiry stands at any time: ${statusPageLink(config)}`,
    `(you will need the reference and the email address or phone number you contacted us from).`,
  ];
  return automaticReply(config, {
    to,
    subject: `[${enquiry.id}] We have your enquiry`,
    lines,
    messageId: acknowledgementMessageId(config, enquiry.id),
  });
}

/** The acknowledgement as an outbound contact on the enquiry's timeline (what we told them). */
export function acknowledgementContact(enquiryId: string, email: OutgoingEmail, at: string): Contact {
  return {
    id: 'acknowledgement',
    enquiryId,
    at,
    direction: 'outbound',
    channel: 'email',
    automated: true,
    from: null,
    author: 'router',
    subject: email.subject,
    body: email.text,
    bodyTruncated: false,
    messageId: email.messageId,
    intakeId: null,
    attachments: [],
    raw: null,
  };
}

/** How the status page and status replies say where an enquiry stands. */
export const PUBLIC_STATUS_TEXT: Record<PublicStatus, string> = {
  received: 'received: it is waiting for a caseworker',
  'with-a-caseworker': 'with a caseworker',
  'waiting-for-you': 'waiting for you: we have asked you something and will carry on when you reply',
  answered: 'answered',
  closed: 'closed',
};

/** Message-ID of the status reply to a chaser on one local day (one a day per enquiry). */
export function chaserReplyMessageId(config: HubConfig, enquiryId: string, day: string): string {
  return hubMessageId(config, `chaser.${enquiryId}.${day}`);
}

/**
 * The short reply to a chaser: the reference, where the enquiry stands and the date promised now.
 * Sent at most once a day per enquiry, to the enquirer's own address.
 */
export function chaserReplyEmail(
  config: HubConfig,
  enquiry: Pick<Enquiry, 'id' | 'requester' | 'responseDueAt' | 'status' | 'assignee' | 'team'>,
  to: string,
  day: string,
): OutgoingEmail {
  const stands = PUBLIC_STATUS_TEXT[publicStatus(enquiry)];
  const promise =
    enquiry.status === 'open'
      ? `We will reply by ${formatDeadline(enquiry.responseDueAt, config.calendar.timeZone)}.`
      : enquiry.status === 'waiting-on-enquirer'
        ? 'We will reply once we have your answer.'
        : 'If you still need something, reply to this email and we will pick it up.';
  const lines = [
    greeting(enquiry.requester.name),
    '',
    `Thank you for getting in touch again about ${enquiry.id}. We have added your message to it.`,
    '',
    `Where it stands: ${stands} (${teamName(config, enquiry.team)}).`,
    promise,
    '',
    `See where it stands at any time: ${statusPageLink(config)}`,
  ];
  return automaticReply(config, {
    to,
    subject: `[${enquiry.id}] We have your message`,
    lines,
    messageId: chaserReplyMessageId(config, enquiry.id, day),
    footnote: ' We send at most one of these a day.',
  });
}

/** Message-ID of the one "someone has picked up your enquiry" email of an enquiry. */
export function pickedUpMessageId(config: HubConfig, enquiryId: string): string {
  return hubMessageId(config, `picked-up.${enquiryId}`);
}

/** First name of a caseworker, only when it is plainly a name. */
function firstName(name: string | null): string | null {
  const first = name?.trim().split(/\s+/)[0] ?? '';
  return GREETABLE_NAME.test(first) ? first : null;
}

/**
 * The one email telling the enquirer that someone has picked up their enquiry: the team, and the
 * caseworker's first name when the council chooses (`pickedUpEmail.includeCaseworkerFirstName`).
 */
export function pickedUpEmail(
  config: HubConfig,
  enquiry: Pick<Enquiry, 'id' | 'requester' | 'responseDueAt' | 'team'>,
  to: string,
  caseworkerName: string | null,
): OutgoingEmail {
  const team = teamName(config, enquiry.team);
  const who =
    config.pickedUpEmail.includeCaseworkerFirstName && firstName(caseworkerName) !== null
      ? `${firstName(caseworkerName)} in the ${team}`
      : `a caseworker in the ${team}`;
  const lines = [
    greeting(enquiry.requester.name),
    '',
    `Your enquiry ${enquiry.id} has been picked up by ${who}.`,
    '',
    `We will reply by ${formatDeadline(enquiry.responseDueAt, config.calendar.timeZone)}.`,
    '',
    `See where it stands at any time: ${statusPageLink(config)}`,
  ];
  return automaticReply(config, {
    to,
    subject: `[${enquiry.id}] Your enquiry has been picked up`,
    lines,
    messageId: pickedUpMessageId(config, enquiry.id),
  });
}

/** An automatic email to the enquirer as an outbound contact on the timeline (what we told them). */
export function automaticEmailContact(
  enquiryId: string,
  id: string,
  email: OutgoingEmail,
  at: string,
): Contact {
  return { ...acknowledgementContact(enquiryId, email, at), id };
}

/** The thread a response joins: the Message-IDs of the enquiry's emails, oldest first. */
export interface ResponseThread {
  /** Every Message-ID of the enquiry's emails, bracketed, oldest first, each once. */
  readonly messageIds: readonly string[];
  /** The enquirer's latest own (not automated) message, when there is one. */
  readonly lastInbound: string | undefined;
}

/** Most Message-IDs put in `References`: enough to thread, short enough for any mail server. */
const MAX_REFERENCES = 20;

/** `Re: [SEND-7K3M9Q] Taxi to school`: the reference in the subject threads a reply back even without headers. */
export function replySubject(enquiry: Pick<Enquiry, 'id' | 'subject'>): string {
  const subject = enquiry.subject.trim();
  const withReference =
    findReference(subject) === enquiry.id
      ? subject
      : `[${enquiry.id}] ${subject === '' ? 'Your enquiry' : subject}`;
  return /^re:/i.test(withReference) ? withReference : `Re: ${withReference}`;
}

/**
 * A caseworker's response as an email: from the hub, Reply-To the hub's inbound address,
 * `In-Reply-To` the enquirer's latest message and `References` the thread, `Auto-Submitted: no`
 * (a person wrote it), the reference in the footer.
 */
export function responseEmail(
  config: HubConfig,
  enquiry: Pick<Enquiry, 'id' | 'subject' | 'version'>,
  thread: ResponseThread,
  text: string,
  to: string,
): OutgoingEmail {
  const footer = [
    '',
    '--',
    `${config.hub.name}`,
    `Your reference: ${enquiry.id}. Please keep it in the subject line if you reply.`,
  ].join('\n');
  return {
    from: fromHeader(config),
    to: [to],
    replyTo: config.acknowledgement.replyToAddress,
    subject: replySubject(enquiry),
    text: `${text.trim()}\n${footer}\n`,
    // Deterministic: the same response (same enquiry version) always has the same id.
    messageId: hubMessageId(config, `${enquiry.id.toLowerCase()}.response-${enquiry.version + 1}`),
    inReplyTo: thread.lastInbound ?? thread.messageIds.at(-1),
    references: thread.messageIds.length === 0 ? undefined : thread.messageIds.slice(-MAX_REFERENCES),
    autoSubmitted: 'no',
  };
}
