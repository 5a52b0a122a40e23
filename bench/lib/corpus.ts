/**
 * A varied, invented corpus of enquiries for the benchmarks: emails in the shapes the hub really
 * receives (direct, redirected, forwarded inline from Outlook or Gmail, forwarded as an attachment)
 * and phone-log entries, across topics, urgencies, roles, districts and lengths. Every requester is
 * unique in a run (unique example.org addresses, Ofcom drama-range numbers), so threading never
 * merges two of them. Deterministic for a seed.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import { pick, pickWeighted, seededRandom } from '../../shared/domain/seeded-random';

export type EmailShape = 'direct' | 'redirect' | 'outlook-inline' | 'gmail-inline' | 'rfc822-attachment';

export interface CorpusEmail {
  readonly kind: 'email';
  readonly serial: number;
  readonly shape: EmailShape;
  /** Without angle brackets. */
  readonly messageId: string;
  /** The intake id ingest gives it: the enquirer's own Message-ID (the attached original's for an attachment forward). */
  readonly intakeId: string;
  readonly requesterEmail: string;
  /** Builds the MIME message as the hub's inbound address receives it. */
  raw(): Promise<Buffer>;
}

export interface CorpusCall {
  readonly kind: 'phone';
  readonly serial: number;
  readonly callId: string;
  readonly intakeId: string;
  /** The `POST /phone-logs` entry (DESIGN.md). */
  readonly entry: PhoneLogJson;
}

export interface PhoneLogJson {
  readonly callId: string;
  readonly receivedAt: string;
  readonly handledBy: string;
  readonly caller: { name: string; phone?: string; email?: string; role: string };
  readonly child: { name: string; postcode?: string; school?: string };
  readonly summary: string;
  readonly callbackRequested: boolean;
}

export type CorpusItem = CorpusEmail | CorpusCall;

export interface CorpusOptions {
  readonly count: number;
  /** Share of phone logs (0-1); the rest are emails. */
  readonly phoneShare: number;
  readonly seed: number;
  /** Unique per run, so requesters and ids never repeat across runs on a persistent stack. */
  readonly runTag: string;
  readonly hubMailbox: string;
  /** A council domain for the colleagues who forward mail to the hub. */
  readonly councilDomain: string;
  /** When the enquiries were first received (each a few minutes before this). */
  readonly receivedNear: Date;
}

const FIRST = [
  'Alex',
  'Bea',
  'Callum',
  'Dami',
  'Erin',
  'Femi',
  'Gita',
  'Harvey',
  'Imogen',
  'Jas',
  'Kofi',
  'Lena',
  'Mo',
  'Nell',
  'Oren',
  'Pia',
];
const LAST = [
  'Ashby',
  'Brook',
  'Carver',
  'Dunmore',
  'Ellery',
  'Frome',
  'Garside',
  'Hale',
  'Inchley',
  'Jessop',
  'Kerr',
  'Lowe',
  'Mabey',
  'Norbury',
];
const CHILDREN = [
  'Arlo',
  'Bonnie',
  'Cody',
  'Darcey',
  'Eli',
  'Frankie',
  'Gus',
  'Hallie',
  'Ivo',
  'Juno',
  'Kit',
  'Lyra',
];
const PLACES: readonly { town: string; postcode: string }[] = [
  { town: 'Margate', postcode: 'CT9 2QQ' },
  { town: 'Whitstable', postcode: 'CT5 1DF' },
  { town: 'Faversham', postcode: 'ME13 8NZ' },
  { town: 'Dartford', postcode: 'DA1 2HS' },
  { town: 'Gravesend', postcode: 'DA11 0DQ' },
  { town: 'Swanley', postcode: 'BR8 7AG' },
  { town: 'Tenterden', postcode: 'TN30 6AU' },
  { town: 'Deal', postcode: 'CT14 6EW' },
  { town: 'Hythe', postcode: 'CT21 5AL' },
  { town: 'Headcorn', postcode: 'TN27 9QA' },
  { town: 'West Malling', postcode: 'ME19 6NA' },
  { town: 'Paddock Wood', postcode: 'TN12 6AE' },
  { town: 'Chatham', postcode: 'ME4 4TZ' },
];
const SCHOOLS = [
  'Oakfield Primary School',
  'Northgate Academy',
  'St Aldhelm CE Primary',
  'Riverside Community College',
];
const COLLEAGUES = ['jo.hepburn', 'sam.okoro', 'ria.fenwick', 'dev.marsh'];

/** `{c}` child, `{t}` town, `{p}` postcode, `{s}` school. */
interface Scenario {
  readonly subject: string;
  readonly lines: readonly string[];
  readonly weight: number;
}

const SCENARIOS: readonly Scenario[] = [
  {
    subject: 'Asking for an EHC needs assessment',
    lines: [
      'I would like to request an education, health and care needs assessment for my son {c}.',
      'His teachers at {s} say he needs far more help than they can put in place.',
      'We live in {t}, {p}. What happens next and how long does it take?',
    ],
    weight: 6,
  },
  {
    subject: 'Annual review - amended plan still not issued',
    lines: [
      "{c}'s annual review meeting was held nearly two months ago.",
      'We have not received the amended plan or any draft, and the school cannot tell us anything.',
      'Could someone let me know when it will be sent? Our postcode is {p}.',
    ],
    weight: 5,
  },
  {
    subject: 'Secondary transfer and naming a school',
    lines: [
      '{c} starts secondary school in September and the plan has to name a school.',
      'We have visited a specialist setting near {t} and would like it consulted.',
      'Has the consultation been sent? We are at {p}.',
    ],
    weight: 4,
  },
  {
    subject: 'Transport to school has stopped',
    lines: [
      'The minibus that takes {c} to {s} has not come for three days this week.',
      'Nobody at the transport office answers the phone. We live in {t} ({p}).',
      'Who can sort this out?',
    ],
    weight: 4,
  },
  {
    subject: 'Therapy in the plan is not being delivered',
    lines: [
      "Section F of {c}'s plan says weekly speech and language therapy.",
      'She has had two sessions since September. We are in {t}, {p}.',
    ],
    weight: 3,
  },
  {
    subject: 'Excluded and no school to go to',
    lines: [
      '{c} was permanently excluded from {s} on Friday and has nowhere to go from Monday.',
      'He has an EHCP. Please can someone call me urgently. We live in {t}, {p}.',
    ],
    weight: 2,
  },
  {
    subject: 'Very worried about my daughter',
    lines: [
      '{c} has been self-harming since her placement broke down and she is not in school at all.',
      'I am frightened for her safety and do not know who to turn to. {t} {p}.',
    ],
    weight: 1,
  },
  {
    subject: 'Tribunal deadline next week',
    lines: [
      'Our appeal to the tribunal about {c} has a deadline for evidence next Wednesday.',
      'We still have not had the working document from the local authority. Postcode {p}.',
    ],
    weight: 2,
  },
  {
    subject: 'Formal complaint',
    lines: [
      'I wish to make a formal complaint about how my emails about {c} have been handled.',
      'Nobody has replied in six weeks. We live in {t}.',
    ],
    weight: 2,
  },
  {
    subject: 'Personal budget and direct payments',
    lines: [
      "Could we have a personal budget for part of {c}'s provision?",
      'We would like to arrange the therapy ourselves with direct payments. We are at {p}.',
    ],
    weight: 1,
  },
  {
    subject: 'Question about the local offer',
    lines: [
      'Where can I find after-school clubs that support children with autism near {t}?',
      '{c} is eight and loves swimming.',
    ],
    weight: 2,
  },
];

/** Text that makes some messages long, as real ones are: history, a signature, quoted boilerplate. */
const LONG_TAIL = [
  '',
  'Some background: we moved to the area last year and the previous council had started the paperwork, but it was never finished. ' +
    'Since then we have had three different case officers and each one has asked us for the same reports again. ' +
    'I have attached nothing this time because I have sent everything before.',
  '',
  'Kind regards',
  '{n}',
  '',
  '> On a previous date the SEND hub wrote:',
  '> Thank you for contacting the SEND enquiries hub. If a child is at immediate risk of harm, call 999.',
  '> We aim to respond within five working days.',
];

const PHONE_PREFIXES = [
  '07700 900',
  '01632 960',
  '0113 496 0',
  '0114 496 0',
  '0115 496 0',
  '0116 496 0',
  '0117 496 0',
  '0118 496 0',
];

function pickScenario(random: () => number): Scenario {
  return pickWeighted(random, SCENARIOS);
}

function pickShape(random: () => number): EmailShape {
  const roll = random();
  if (roll < 0.5) return 'direct';
  if (roll < 0.7) return 'outlook-inline';
  if (roll < 0.85) return 'gmail-inline';
  if (roll < 0.95) return 'rfc822-attachment';
  return 'redirect';
}

/** A unique drama-range phone number for each serial (8,000 of them), or null when they run out. */
function phoneFor(index: number): string | null {
  const prefix = PHONE_PREFIXES[Math.floor(index / 1000)];
  return prefix === undefined ? null : `${prefix}${String(index % 1000).padStart(3, '0')}`;
}

const LONDON_SENT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const LONDON_GMAIL = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** "Monday, 23 November 2026 09:14" (Outlook's Sent: line, local time, no zone). */
function outlookSent(at: Date): string {
  const parts = Object.fromEntries(LONDON_SENT.formatToParts(at).map((part) => [part.type, part.value]));
  return `${parts.weekday}, ${parts.day} ${parts.month} ${parts.year} ${parts.hour}:${parts.minute}`;
}

/** "Mon, 23 Nov 2026 at 09:14" (Gmail's Date: line). */
function gmailDate(at: Date): string {
  const parts = Object.fromEntries(LONDON_GMAIL.formatToParts(at).map((part) => [part.type, part.value]));
  return `${parts.weekday}, ${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}`;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-z])\}/g, (_, key: string) => values[key] ?? '');
}

/** The corpus, in a shuffled but deterministic order. */
export function generateCorpus(options: CorpusOptions): CorpusItem[] {
  const random = seededRandom(options.seed);
  const items: CorpusItem[] = [];
  let calls = 0;
  for (let serial = 0; serial < options.count; serial += 1) {
    const name = `${pick(random, FIRST)} ${pick(random, LAST)}`;
    const child = pick(random, CHILDREN);
    const place = pick(random, PLACES);
    const school = pick(random, SCHOOLS);
    const scenario = pickScenario(random);
    const values = { c: child, t: place.town, p: place.postcode, s: school, n: name };
    const long = random() < 0.25;
    const text = [
      'Hello,',
      '',
      ...scenario.lines.map((line) => fill(line, values)),
      ...(long ? LONG_TAIL.map((line) => fill(line, values)) : ['', 'Thanks', name]),
    ].join('\n');
    const receivedAt = new Date(options.receivedNear.getTime() - Math.floor(random() * 30 * 60_000));
    const slug = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${options.runTag}.${serial}`;
    if (random() < options.phoneShare) {
      const phone = phoneFor(calls);
      calls += 1;
      const callId = `BENCH-${options.runTag}-${serial}`;
      items.push({
        kind: 'phone',
        serial,
        callId,
        intakeId: `phone:${callId}`,
        entry: {
          callId,
          receivedAt: receivedAt.toISOString(),
          handledBy: 'ch-bench',
          // Out of drama numbers: the caller leaves an email address instead.
          caller:
            phone === null
              ? { name, email: `${slug}@example.org`, role: 'parent' }
              : { name, phone, role: 'parent' },
          child: { name: child, postcode: place.postcode, ...(random() < 0.5 ? { school } : {}) },
          summary: `Parent phoned about ${child}. ${scenario.lines.map((line) => fill(line, values)).join(' ')}`,
          callbackRequested: random() < 0.6,
        },
      });
      continue;
    }
    const shape = pickShape(random);
    const requesterEmail = `${slug}@example.org`;
    const messageId = `bench-${options.runTag}-${serial}@example.org`;
    const colleague = `${pick(random, COLLEAGUES)}@${options.councilDomain}`;
    const note = random() < 0.5 ? 'Hi team, this came to me by mistake, please pick up.\n\n' : '';
    const html = random() < 0.5;
    items.push({
      kind: 'email',
      serial,
      shape,
      messageId,
      intakeId: shape === 'rfc822-attachment' ? `email:original-${messageId}` : `email:${messageId}`,
      requesterEmail,
      raw: () =>
        buildEmail(shape, {
          name,
          requesterEmail,
          colleague,
          hub: options.hubMailbox,
          subject: scenario.subject,
          text,
          note,
          receivedAt,
          messageId,
          html,
        }),
    });
  }
  return items;
}

interface EmailParts {
  readonly name: string;
  readonly requesterEmail: string;
  readonly colleague: string;
  readonly hub: string;
  readonly subject: string;
  readonly text: string;
  readonly note: string;
  readonly receivedAt: Date;
  readonly messageId: string;
  readonly html: boolean;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Half the messages also carry an HTML part, as Outlook and Gmail send them (multipart/alternative). */
function compose(options: ConstructorParameters<typeof MailComposer>[0], withHtml = false): Promise<Buffer> {
  const text = typeof options.text === 'string' ? options.text : '';
  const html = withHtml
    ? `<html><body style="font-family:Calibri,sans-serif">${text
        .split('\n')
        .map((line) => `<p>${escapeHtml(line) || '&nbsp;'}</p>`)
        .join('')}</body></html>`
    : undefined;
  return new MailComposer({ ...options, ...(html === undefined ? {} : { html }) }).compile().build();
}

async function buildEmail(shape: EmailShape, parts: EmailParts): Promise<Buffer> {
  const from = `${parts.name} <${parts.requesterEmail}>`;
  const forwardedAt = new Date(parts.receivedAt.getTime() + 5 * 60_000);
  switch (shape) {
    case 'direct':
      return compose(
        {
          from,
          to: parts.hub,
          subject: parts.subject,
          text: parts.text,
          date: parts.receivedAt,
          messageId: `<${parts.messageId}>`,
        },
        parts.html,
      );
    case 'redirect':
      return compose(
        {
          from,
          to: parts.hub,
          subject: parts.subject,
          text: parts.text,
          date: parts.receivedAt,
          messageId: `<${parts.messageId}>`,
          headers: {
            'Resent-From': parts.colleague,
            'Resent-To': parts.hub,
            'Resent-Date': forwardedAt.toUTCString(),
          },
        },
        parts.html,
      );
    case 'outlook-inline':
      return compose(
        {
          from: parts.colleague,
          to: parts.hub,
          subject: `FW: ${parts.subject}`,
          date: forwardedAt,
          messageId: `<${parts.messageId}>`,
          text: `${parts.note}________________________________\nFrom: ${parts.name} <${parts.requesterEmail}>\nSent: ${outlookSent(parts.receivedAt)}\nTo: ${parts.colleague}\nSubject: ${parts.subject}\n\n${parts.text}`,
        },
        parts.html,
      );
    case 'gmail-inline':
      return compose(
        {
          from: parts.colleague,
          to: parts.hub,
          subject: `Fwd: ${parts.subject}`,
          date: forwardedAt,
          messageId: `<${parts.messageId}>`,
          text: `${parts.note}---------- Forwarded message ---------\nFrom: ${parts.name} <${parts.requesterEmail}>\nDate: ${gmailDate(parts.receivedAt)}\nSubject: ${parts.subject}\nTo: <${parts.colleague}>\n\n\n${parts.text}`,
        },
        parts.html,
      );
    case 'rfc822-attachment': {
      const original = await compose(
        {
          from,
          to: parts.colleague,
          subject: parts.subject,
          text: parts.text,
          date: parts.receivedAt,
          messageId: `<original-${parts.messageId}>`,
        },
        parts.html,
      );
      return compose({
        from: parts.colleague,
        to: parts.hub,
        subject: `FW: ${parts.subject}`,
        date: forwardedAt,
        messageId: `<${parts.messageId}>`,
        text: parts.note === '' ? 'Forwarding the attached for the hub.' : parts.note,
        attachments: [{ filename: 'enquiry.eml', content: original, contentType: 'message/rfc822' }],
      });
    }
  }
}
