/**
 * The emails the router sends: the acknowledgement to the enquirer and the repeat-contact alert to
 * the hub manager. Pure: configuration and the enquiry in, an `OutgoingEmail` out. Message-IDs are
 * deterministic so a retried send is recognisable and a reply to the acknowledgement threads back.
 */
import type { OutgoingEmail } from '../adapters/mailer';
import { enquiryLink, type HubConfig, statusPageLink, teamName } from '../config/hub-config';
import { type Contact, type Enquiry, type PublicStatus, publicStatus } from '../domain/enquiry';
import { formatDeadline } from '../domain/local-time';
import type { Channel } from '../domain/taxonomy';

/** The domain of the hub's own mail (from `hub.fromAddress`): our Message-IDs live under it. */
export function hubMailDomain(config: HubConfig): string {
  const from = config.hub.fromAddress;
  return from.slice(from.lastIndexOf('@') + 1);
}

/** Message-ID of an enquiry's acknowledgement, e.g. `<ack.SEND-7K3M9Q@kent.example.gov.uk>`. */
export function acknowledgementMessageId(config: HubConfig, enquiryId: string): string {
  return `<ack.${enquiryId}@${hubMailDomain(config)}>`;
}

/** The From header of the hub's own mail. */
export function fromHeader(config: HubConfig): string {
  return `"${config.hub.name.replace(/["\\]/g, '')}" <${config.hub.fromAddress}>`;
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

/** The acknowledgement email to the enquirer, in plain English. */
/** The acknowledgement's thanks, by the channel the enquiry came in on. */
const ACKNOWLEDGEMENT_THANKS: Readonly<Record<Channel, (hubName: string) => string>> = {
  email: (hubName) => `Thank you for contacting the ${hubName}. We have received your enquiry.`,
  phone: (hubName) => `Thank you for your call to the ${hubName}. We have recorded your enquiry.`,
};

export function acknowledgementEmail(
  config: HubConfig,
  enquiry: Pick<Enquiry, 'id' | 'requester' | 'responseDueAt' | 'safeguarding'>,
  to: string,
  channel: Channel,
): OutgoingEmail {
  const due = formatDeadline(enquiry.responseDueAt, config.calendar.timeZone);
  const thanks = ACKNOWLEDGEMENT_THANKS[channel](config.hub.name);
  const text = [
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
    '',
    `${config.hub.name}`,
    '',
    'This email was sent automatically.',
  ].join('\n');
  return {
    from: fromHeader(config),
    to: [to],
    replyTo: config.acknowledgement.replyToAddress,
    subject: `[${enquiry.id}] We have your enquiry`,
    text,
    messageId: acknowledgementMessageId(config, enquiry.id),
    autoSubmitted: 'auto-replied',
  };
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

/**
 * The alert to the hub manager that an enquirer keeps contacting the hub about an unanswered
 * enquiry. Ids and facts only (no names, no message text): staff follow the link. The Message-ID
 * is fixed per response window, so a resend after a crash is recognisable.
 */
export function repeatContactAlertEmail(
  config: HubConfig,
  enquiry: Pick<
    Enquiry,
    'id' | 'team' | 'priority' | 'assignee' | 'responseDueAt' | 'contactsSinceResponse' | 'clockStartedAt'
  >,
): OutgoingEmail {
  const team = teamName(config, enquiry.team);
  const due = formatDeadline(enquiry.responseDueAt, config.calendar.timeZone);
  const text = [
    `The enquirer has now contacted the hub ${enquiry.contactsSinceResponse} times about enquiry ${enquiry.id} without a response.`,
    '',
    `Reference: ${enquiry.id}`,
    `Team: ${team}`,
    `Priority: ${enquiry.priority}`,
    `Held by: ${enquiry.assignee ?? 'nobody yet (waiting in the team queue)'}`,
    `Response due: by ${due}`,
    '',
    `Open the enquiry: ${enquiryLink(config, enquiry.id)}`,
    '',
    'This email was sent automatically by SEND Hub.',
  ].join('\n');
  return {
    from: fromHeader(config),
    to: [config.hub.hubManagerEmail],
    subject: `[${enquiry.id}] Repeat contact: ${enquiry.contactsSinceResponse} contacts without a response`,
    text,
    messageId: `<repeat-contact.${enquiry.id}.${Date.parse(enquiry.clockStartedAt)}@${hubMailDomain(config)}>`,
    autoSubmitted: 'auto-generated',
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
  return `<chaser.${enquiryId}.${day}@${hubMailDomain(config)}>`;
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
  const text = [
    greeting(enquiry.requester.name),
    '',
    `Thank you for getting in touch again about ${enquiry.id}. We have added your message to it.`,
    '',
    `Where it stands: ${stands} (${teamName(config, enquiry.team)}).`,
    promise,
    '',
    `See where it stands at any time: ${statusPageLink(config)}`,
    '',
    `${config.hub.name}`,
    '',
    'This email was sent automatically. We send at most one of these a day.',
  ].join('\n');
  return {
    from: fromHeader(config),
    to: [to],
    replyTo: config.acknowledgement.replyToAddress,
    subject: `[${enquiry.id}] We have your message`,
    text,
    messageId: chaserReplyMessageId(config, enquiry.id, day),
    autoSubmitted: 'auto-replied',
  };
}

/** Message-ID of the one "someone has picked up your enquiry" email of an enquiry. */
export function pickedUpMessageId(config: HubConfig, enquiryId: string): string {
  return `<picked-up.${enquiryId}@${hubMailDomain(config)}>`;
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
  const text = [
    greeting(enquiry.requester.name),
    '',
    `Your enquiry ${enquiry.id} has been picked up by ${who}.`,
    '',
    `We will reply by ${formatDeadline(enquiry.responseDueAt, config.calendar.timeZone)}.`,
    '',
    `See where it stands at any time: ${statusPageLink(config)}`,
    '',
    `${config.hub.name}`,
    '',
    'This email was sent automatically.',
  ].join('\n');
  return {
    from: fromHeader(config),
    to: [to],
    replyTo: config.acknowledgement.replyToAddress,
    subject: `[${enquiry.id}] Your enquiry has been picked up`,
    text,
    messageId: pickedUpMessageId(config, enquiry.id),
    autoSubmitted: 'auto-replied',
  };
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
