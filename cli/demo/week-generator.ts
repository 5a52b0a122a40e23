/**
 * Generates a realistic working week at the hub for `send-hub demo`: emails and phone calls across
 * teams, topics and enquirer roles, with some parents chasing. Invented people and places only
 * (Ofcom drama numbers, example.org addresses). Deterministic for a given seed.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import { pick, pickWeighted, seededRandom } from '../../shared/domain/seeded-random';

export interface DemoEmail {
  readonly kind: 'email';
  readonly at: Date;
  readonly raw: () => Promise<Buffer>;
  readonly label: string;
}

export interface DemoCall {
  readonly kind: 'phone';
  readonly at: Date;
  readonly entry: Record<string, unknown>;
  readonly label: string;
}

export type DemoItem = DemoEmail | DemoCall;

const FIRST_NAMES = [
  'Alex',
  'Sam',
  'Jordan',
  'Priya',
  'Tomasz',
  'Aisha',
  'Chloe',
  'Daniel',
  'Grace',
  'Kwame',
  'Megan',
  'Oliver',
  'Ruth',
  'Yusuf',
];
const SURNAMES = [
  'Hartley',
  'Okafor',
  'Nowak',
  'Patel',
  'Brennan',
  'Clarke',
  'Duffy',
  'Evans',
  'Fenwick',
  'Gill',
  'Holloway',
  'Iqbal',
];
const CHILD_NAMES = ['Leo', 'Maya', 'Noah', 'Isla', 'Finley', 'Ava', 'Reggie', 'Poppy', 'Theo', 'Zara'];
const PLACES = [
  { town: 'Margate', postcode: 'CT9 1AB' },
  { town: 'Canterbury', postcode: 'CT1 2XY' },
  { town: 'Sittingbourne', postcode: 'ME10 3QR' },
  { town: 'Dartford', postcode: 'DA1 5LT' },
  { town: 'Gravesend', postcode: 'DA12 4HF' },
  { town: 'Sevenoaks', postcode: 'TN13 1DW' },
  { town: 'Ashford', postcode: 'TN24 8PL' },
  { town: 'Dover', postcode: 'CT16 2NB' },
  { town: 'Folkestone', postcode: 'CT20 1SG' },
  { town: 'Maidstone', postcode: 'ME15 6RT' },
  { town: 'Tonbridge', postcode: 'TN9 1EP' },
  { town: 'Tunbridge Wells', postcode: 'TN1 2LU' },
];

interface Scenario {
  readonly subject: string;
  readonly body: (child: string, place: { town: string; postcode: string }) => string;
  readonly weight: number;
}

const SCENARIOS: Scenario[] = [
  {
    subject: 'Request for an EHC needs assessment',
    body: (c, p) =>
      `I would like to ask for an EHC needs assessment for my son ${c}. His school in ${p.town} says he needs more support than they can give. We live at ${p.postcode}. How do I apply?`,
    weight: 5,
  },
  {
    subject: 'Annual review paperwork',
    body: (c, p) =>
      `${c}'s annual review was six weeks ago and we still have not had the amended plan. We live in ${p.town} (${p.postcode}). Could you tell me when it will be issued?`,
    weight: 4,
  },
  {
    subject: 'Secondary school place for September',
    body: (c, p) =>
      `${c} moves to secondary school next September. Her plan needs a named school and we would like a special school near ${p.town}. Has the consultation started? Postcode ${p.postcode}.`,
    weight: 3,
  },
  {
    subject: 'School transport',
    body: (c, p) =>
      `The taxi that takes ${c} to school has not turned up three days this week. We live in ${p.town}, ${p.postcode}. Who can sort the home to school transport?`,
    weight: 3,
  },
  {
    subject: 'Speech and language therapy',
    body: (c, p) =>
      `${c}'s plan says he should get speech and language therapy every week but he has had none this term. We are in ${p.town} ${p.postcode}.`,
    weight: 2,
  },
  {
    subject: 'Excluded from school',
    body: (c, p) =>
      `${c} was excluded from school yesterday and has nowhere to go. She has an EHCP. Please help urgently. We live in ${p.town}, ${p.postcode}.`,
    weight: 1,
  },
  {
    subject: 'Worried about my son',
    body: (c, p) =>
      `${c} has been self-harming since his placement broke down and he is not in school. I am frightened for his safety. ${p.town} ${p.postcode}.`,
    weight: 1,
  },
  {
    subject: 'Complaint about the service',
    body: (c, p) =>
      `I want to make a formal complaint. Nobody has replied to my emails about ${c}'s plan for two months. We live in ${p.town} (${p.postcode}).`,
    weight: 2,
  },
  {
    subject: 'Personal budget',
    body: (c, p) =>
      `Can we have a personal budget for ${c}'s support? We would like to use direct payments. We are at ${p.postcode}, ${p.town}.`,
    weight: 1,
  },
];

function pickScenario(random: () => number): Scenario {
  return pickWeighted(random, SCENARIOS);
}

export interface WeekOptions {
  /** Monday 00:00 of the week to generate (UTC instant). */
  readonly weekStart: Date;
  /** Enquiries per working day. */
  readonly perDay: number;
  readonly hubMailbox: string;
  readonly seed: number;
}

/** The week's contacts in time order: new enquiries Mon-Fri in office hours, plus some chasers. */
export function generateWeek(options: WeekOptions): DemoItem[] {
  const random = seededRandom(options.seed);
  const items: DemoItem[] = [];
  let serial = 0;
  for (let day = 0; day < 5; day += 1) {
    for (let n = 0; n < options.perDay; n += 1) {
      serial += 1;
      const minutes = 8 * 60 + Math.floor(random() * 10 * 60); // 08:00-18:00 UTC, some out of hours
      const at = new Date(options.weekStart.getTime() + day * 86_400_000 + minutes * 60_000);
      const name = `${pick(random, FIRST_NAMES)} ${pick(random, SURNAMES)}`;
      const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${serial}@example.org`;
      const phone = `07700 900${String(serial % 1000).padStart(3, '0')}`;
      const child = pick(random, CHILD_NAMES);
      const place = pick(random, PLACES);
      const scenario = pickScenario(random);
      const text = scenario.body(child, place);
      if (random() < 0.3) {
        items.push({
          kind: 'phone',
          at,
          label: `call: ${scenario.subject}`,
          entry: {
            callId: `DEMO-${options.seed}-${serial}`,
            receivedAt: at.toISOString(),
            handledBy: 'ch-demo',
            caller: { name, phone, role: 'parent' },
            child: { name: child, postcode: place.postcode },
            summary: `Parent called. ${text}`,
            callbackRequested: true,
          },
        });
      } else {
        items.push(
          emailItem(at, name, email, options.hubMailbox, scenario.subject, text, serial, options.seed),
        );
        // About one parent in five chases, some twice: the third contact raises the priority.
        const chases = random() < 0.2 ? (random() < 0.5 ? 2 : 1) : 0;
        for (let c = 1; c <= chases; c += 1) {
          const chaseAt = new Date(at.getTime() + c * (20 + Math.floor(random() * 30)) * 3_600_000);
          items.push(
            emailItem(
              chaseAt,
              name,
              email,
              options.hubMailbox,
              `Still waiting: ${scenario.subject}`,
              `I wrote on ${at.toDateString()} and have had no reply. ${text}`,
              serial * 100 + c,
              options.seed,
            ),
          );
        }
      }
    }
  }
  return items.sort((a, b) => a.at.getTime() - b.at.getTime());
}

function emailItem(
  at: Date,
  name: string,
  email: string,
  to: string,
  subject: string,
  text: string,
  serial: number,
  seed: number,
): DemoEmail {
  return {
    kind: 'email',
    at,
    label: `email: ${subject}`,
    raw: () =>
      new MailComposer({
        from: `${name} <${email}>`,
        to,
        subject,
        text,
        date: at,
        messageId: `<demo-${seed}-${serial}@example.org>`,
        // The hub mailbox redirects it on arrival, so the hub may keep the parent's date (the
        // SMTP door vouches for the council, as SES does; dates over 30 days back are not kept).
        headers: { 'Resent-From': to, 'Resent-Date': new Date(at.getTime() + 60_000).toUTCString() },
      })
        .compile()
        .build(),
  };
}
