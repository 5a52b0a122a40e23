/**
 * The escalation digest: ONE email per person (at most one an hour, docs/managers.md) listing every
 * enquiry that needs them, written to be read on a phone: most urgent first, one short block per
 * enquiry saying in plain words where it stands ("3 working days overdue", "due in 2 working
 * hours"), who has it and what to do next (claim, assign, reply), with the link to the staff page.
 * A text part and an HTML part with the same content. Never the enquirer's name, address or words
 * (the recipient opens the link). Pure: notices, configuration and `now` in, an `OutgoingEmail` out.
 */
import { enquiryLink, type HubConfig, teamById } from '../config/hub-config';
import { shortDateTime, shortDay } from '../domain/local-time';
import { priorityRank } from '../domain/taxonomy';
import { escapeHtml } from '../domain/text-layout';
import type { EscalationNotice, RecipientRole } from '../escalation/escalation-plan';
import { hubMessageId, messageIdDigest } from '../mail/hub-mail';
import type { OutgoingEmail } from '../mail/outgoing-email';
import { staffEmail } from '../mail/staff-emails';
import {
  isStatutoryNotice,
  type StatutoryDigestSection,
  statutoryDigestSections,
  statutoryHtmlSection,
  statutorySubject,
  statutorySummary,
  statutoryTextSection,
} from '../statutory/statutory-digest';
import { dueAtWords } from '../workload/plain-time';
import { isReturnedNotice, type ReturnedLine, returnedLines } from '../workload/returned-digest';

/** One enquiry of a digest, ready to print: a few short lines. */
export interface DigestRow {
  readonly reference: string;
  /** Step ids taken in this digest, ladder order (for the record; the words say the rest). */
  readonly step: string;
  readonly priority: string;
  readonly topic: string;
  /** Where it stands, e.g. `3 working days overdue`, `due in 2 working hours`. */
  readonly due: string;
  /** When it is due in the hub's time zone, e.g. `Mon 23 Nov 13:00`. */
  readonly responseDue: string;
  /** Who has it, e.g. `Nobody has it.`, `Priya Ashdown has it.`, `You have it.` */
  readonly holder: string;
  /** What to do next, e.g. `Claim it or assign it.` */
  readonly next: string;
  /** `3 contacts from the enquirer.` from the second contact on (they are chasing), else ''. */
  readonly chased: string;
  /** Set when the row is someone else's, in a digest covering for them while they are away. */
  readonly coveringFor: string | null;
  readonly link: string;
}

export interface DigestSection {
  readonly title: string;
  readonly rows: readonly DigestRow[];
}

/** A digest laid out: what both the text and the HTML bodies show. */
export interface DigestContent {
  readonly recipient: string;
  readonly subject: string;
  readonly intro: readonly string[];
  readonly sections: readonly DigestSection[];
  /** Statutory deadlines due soon or missed: their own section, after the response-time ones. */
  readonly statutorySections: readonly StatutoryDigestSection[];
  /** Enquiries that left their holder (claim expired, holder away): their own section. */
  readonly returned: readonly ReturnedLine[];
  /** Distinct enquiries in the digest. */
  readonly enquiryCount: number;
}

/** Identity of a notice: the same step of the same window of the same enquiry for the same recipient. */
export function noticeIdentity(
  notice: Pick<EscalationNotice, 'recipient' | 'enquiryId' | 'windowStart' | 'stepId'>,
) {
  return `${notice.recipient}#${notice.enquiryId}#${notice.windowStart}#${notice.stepId}`;
}

/** Groups notices by recipient address (lower case), recipients in alphabetical order. */
export function groupByRecipient(notices: readonly EscalationNotice[]): Map<string, EscalationNotice[]> {
  const groups = new Map<string, EscalationNotice[]>();
  for (const notice of [...notices].sort((a, b) => a.recipient.localeCompare(b.recipient))) {
    const key = notice.recipient.toLowerCase();
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [notice]);
    else group.push(notice);
  }
  return groups;
}

/** `1 enquiry` / `3 enquiries`. */
function enquiries(count: number): string {
  return `${count} ${count === 1 ? 'enquiry' : 'enquiries'}`;
}

const ROLE_NAMES: Record<RecipientRole, string> = {
  assignee: 'the assigned caseworker',
  'team-manager': 'the team manager',
  'head-of-service': 'head of service',
  'hub-manager': 'the SEND hub manager',
};

/** One enquiry's notices in a digest (a late sweep can take warning and breach together). */
interface DigestEntry {
  /** The notice of the latest step: its snapshot of the enquiry is the newest. */
  readonly latest: EscalationNotice;
  /** Step ids in ladder order. */
  readonly steps: readonly string[];
  /** Past its response due time at `now`. */
  readonly overdue: boolean;
}

function entriesOf(notices: readonly EscalationNotice[], now: string): DigestEntry[] {
  const byEnquiry = new Map<string, EscalationNotice[]>();
  for (const notice of notices) {
    const group = byEnquiry.get(notice.enquiryId);
    if (group === undefined) byEnquiry.set(notice.enquiryId, [notice]);
    else group.push(notice);
  }
  const nowMs = Date.parse(now);
  return [...byEnquiry.values()].flatMap((group) => {
    const ordered = [...group].sort((a, b) => Date.parse(a.stepAt) - Date.parse(b.stepAt));
    const latest = ordered.at(-1);
    if (latest === undefined) return [];
    return [
      {
        latest,
        steps: [...new Set(ordered.map((notice) => notice.stepId))],
        overdue: Date.parse(latest.responseDueAt) <= nowMs || ordered.some((notice) => notice.pastDue),
      },
    ];
  });
}

/** Who has it and what to do next, as the person reading this digest sees it. */
function holderAndNext(notice: EscalationNotice): { holder: string; next: string } {
  if (notice.assignee === null) {
    return notice.recipientRole === 'assignee'
      ? { holder: 'Nobody has it.', next: 'Claim it and reply.' }
      : { holder: 'Nobody has it.', next: 'Assign it to a caseworker, or claim it.' };
  }
  if (notice.recipientRole === 'assignee') {
    return { holder: 'You have it.', next: 'Reply to the enquirer, or ask them what you need.' };
  }
  const name = notice.assigneeName ?? notice.assignee;
  return { holder: `${name} has it.`, next: `Check with ${name}, or reassign it.` };
}

function toRow(config: HubConfig, entry: DigestEntry, now: string, destination: string): DigestRow {
  const notice = entry.latest;
  const { holder, next } = holderAndNext(notice);
  const covered = notice.recipient.toLowerCase() !== destination.toLowerCase();
  return {
    reference: notice.enquiryId,
    step: entry.steps.join(', '),
    priority: notice.priority,
    topic: notice.topic,
    due: dueAtWords(config, notice.responseDueAt, now),
    responseDue: shortDateTime(config.calendar.timeZone, notice.responseDueAt),
    holder,
    next,
    chased: notice.contactCount >= 2 ? `${notice.contactCount} contacts from the enquirer.` : '',
    coveringFor: covered ? personName(config, notice.recipient) : null,
    link: enquiryLink(config, notice.enquiryId),
  };
}

/** Most urgent first: urgent before high before normal, then longest overdue (earliest due). */
function byUrgency(a: DigestEntry, b: DigestEntry): number {
  return (
    priorityRank(a.latest.priority) - priorityRank(b.latest.priority) ||
    Date.parse(a.latest.responseDueAt) - Date.parse(b.latest.responseDueAt) ||
    a.latest.enquiryId.localeCompare(b.latest.enquiryId)
  );
}

function subjectFor(past: number, soon: number): string {
  if (soon === 0) return `SEND Hub: ${enquiries(past)} past ${past === 1 ? 'its' : 'their'} response time`;
  if (past === 0) return `SEND Hub: ${enquiries(soon)} due a response soon`;
  return `SEND Hub: ${enquiries(past)} past ${its(past)} response time, ${soon} due soon`;
}

function has(count: number): string {
  return count === 1 ? 'has' : 'have';
}

function its(count: number): string {
  return count === 1 ? 'its' : 'their';
}

/**
 * Lays out one recipient's digest: one row per enquiry (all its steps in this digest together),
 * enquiries past their response time at `now` first, then those nearing it, each longest overdue
 * first. Ages are working hours at `now`.
 */
export function digestContent(
  config: HubConfig,
  recipient: string,
  notices: readonly EscalationNotice[],
  now: string,
  covering: readonly Covering[] = [],
): DigestContent {
  // Statutory deadlines have their own section and wording (shared/statutory/statutory-digest.ts).
  const statutorySections = statutoryDigestSections(config, notices.filter(isStatutoryNotice));
  const statutoryLine = statutorySummary(statutorySections);
  const returned = returnedLines(config, notices);
  const entries = entriesOf(
    notices.filter((notice) => !isStatutoryNotice(notice) && !isReturnedNotice(notice)),
    now,
  ).sort(byUrgency);
  const past = entries.filter((entry) => entry.overdue);
  const soon = entries.filter((entry) => !entry.overdue);
  const roles = [...new Set(notices.map((notice) => notice.recipientRole))].sort();
  const teams = [
    ...new Set(notices.map((notice) => teamById(config, notice.team)?.name ?? notice.team)),
  ].sort();
  const summary =
    soon.length === 0
      ? `${enquiries(past.length)} ${has(past.length)} passed ${its(past.length)} response time with no response.`
      : past.length === 0
        ? `${enquiries(soon.length)} ${soon.length === 1 ? 'is' : 'are'} due a response soon.`
        : `${enquiries(past.length)} ${has(past.length)} passed ${its(past.length)} response time; ${soon.length} more ${soon.length === 1 ? 'is' : 'are'} due soon.`;
  const intro = [
    'Hello,',
    ...(entries.length === 0 ? [] : [summary]),
    ...(statutoryLine === null ? [] : [statutoryLine]),
    ...(returned.length === 0 ? [] : [`${enquiries(returned.length)} changed hands (at the end).`]),
    `You are getting this as ${roles.map((role) => ROLE_NAMES[role]).join(' and ')} (${teams.join(', ')}).`,
    ...covering.map(
      (person) =>
        `You are covering for ${personName(config, person.email)} (${person.email}), who is away${person.awayUntil === null ? '' : ` until ${shortDay(person.awayUntil)}`}: their items are in this digest too.`,
    ),
  ];
  const sections: DigestSection[] = [];
  if (past.length > 0) {
    sections.push({
      title: 'Past their response time',
      rows: past.map((entry) => toRow(config, entry, now, recipient)),
    });
  }
  if (soon.length > 0) {
    sections.push({
      title: 'Due a response soon',
      rows: soon.map((entry) => toRow(config, entry, now, recipient)),
    });
  }
  const subject =
    entries.length > 0
      ? `${subjectFor(past.length, soon.length)}${statutorySections.length === 0 ? '' : ' (and statutory deadlines)'}`
      : statutorySections.length > 0
        ? statutorySubject(statutorySections)
        : `SEND Hub: ${enquiries(returned.length)} changed hands`;
  return {
    recipient,
    subject,
    intro,
    sections,
    statutorySections,
    returned,
    enquiryCount: new Set(notices.map((notice) => notice.enquiryId)).size,
  };
}

/** One enquiry as short text lines (each fits a phone screen; the link is on its own line). */
function rowLines(row: DigestRow, index: number): string[] {
  return [
    `${index + 1}. ${row.reference}, ${row.priority}, ${row.topic}`,
    ...(row.coveringFor === null ? [] : [`   For ${row.coveringFor}, who is away.`]),
    `   ${capitalise(row.due)} (${row.responseDue}).`,
    `   ${row.holder}${row.chased === '' ? '' : ` ${row.chased}`}`,
    `   Next: ${row.next}`,
    `   ${row.link}`,
  ];
}

/** How a person the hub emails is named in a digest: their role from configuration, else the address. */
function personName(config: HubConfig, email: string): string {
  const address = email.toLowerCase();
  const team = config.teams.find((candidate) => candidate.managerEmail.toLowerCase() === address);
  if (team !== undefined) return `the manager of ${team.name}`;
  if (config.teams.some((candidate) => candidate.headOfServiceEmail.toLowerCase() === address)) {
    return 'the head of service';
  }
  if (config.hub.hubManagerEmail.toLowerCase() === address) return 'the SEND hub manager';
  const caseworker = config.caseworkers.find((candidate) => candidate.email.toLowerCase() === address);
  return caseworker?.name ?? address;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const RETURNED_TITLE = 'Changed hands';

const FOOTER =
  'This email was sent automatically by SEND Hub. The enquirer and their messages are shown only on the ' +
  'enquiry page: open the link to read and respond.';

/** One enquiry as a small HTML block: big link first, then the same short lines as the text. */
function htmlRow(row: DigestRow): string {
  const line = (text: string) => `<p style="margin:2px 0">${escapeHtml(text)}</p>`;
  return [
    // The steps are for machines reading the mail (the words say the rest to people).
    `<li style="margin:0 0 16px 0" data-enquiry="${escapeHtml(row.reference)}" data-steps="${escapeHtml(row.step)}">`,
    `<p style="margin:0 0 2px 0;font-size:1.1em"><a href="${escapeHtml(row.link)}"><strong>${escapeHtml(row.reference)}</strong></a> ${escapeHtml(`${row.priority}, ${row.topic}`)}</p>`,
    row.coveringFor === null ? '' : line(`For ${row.coveringFor}, who is away.`),
    line(`${capitalise(row.due)} (${row.responseDue}).`),
    line(`${row.holder}${row.chased === '' ? '' : ` ${row.chased}`}`),
    `<p style="margin:2px 0"><strong>Next:</strong> ${escapeHtml(row.next)}</p>`,
    '</li>',
  ].join('\n');
}

/** The plain-text body of a digest. */
export function digestText(content: DigestContent): string {
  const parts = [content.intro.join('\n\n')];
  let number = 0;
  for (const section of content.sections) {
    const blocks = section.rows.map((row) => {
      number += 1;
      return rowLines(row, number - 1).join('\n');
    });
    parts.push(`${section.title.toUpperCase()}\n\n${blocks.join('\n\n')}`);
  }
  for (const section of content.statutorySections) parts.push(statutoryTextSection(section));
  if (content.returned.length > 0) {
    parts.push(
      [
        RETURNED_TITLE.toUpperCase(),
        '',
        content.returned
          .map((line) =>
            [line.reference, `   ${line.what}`, `   Next: ${line.next}`, `   ${line.link}`].join('\n'),
          )
          .join('\n\n'),
      ].join('\n'),
    );
  }
  parts.push(FOOTER);
  return `${parts.join('\n\n')}\n`;
}

/** The HTML body of a digest (inline styles only: mail clients drop style sheets). */
export function digestHtml(content: DigestContent): string {
  const intro = content.intro.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n');
  const sections = [
    ...content.sections.map(
      (section) =>
        `<h2 style="font-size:1.1em">${escapeHtml(section.title)}</h2>\n<ol style="padding-left:20px">\n${section.rows.map(htmlRow).join('\n')}\n</ol>`,
    ),
    ...content.statutorySections.map((section) => statutoryHtmlSection(section, escapeHtml)),
    ...(content.returned.length === 0
      ? []
      : [
          `<h2 style="font-size:1.1em">${escapeHtml(RETURNED_TITLE)}</h2>\n<ul>\n${content.returned
            .map(
              (line) =>
                `<li><a href="${escapeHtml(line.link)}">${escapeHtml(line.reference)}</a>: ${escapeHtml(line.what)} ${escapeHtml(line.next)}</li>`,
            )
            .join('\n')}\n</ul>`,
        ]),
  ].join('\n');
  return `<!doctype html>\n<html lang="en"><body style="font-family:Arial,sans-serif">\n${intro}\n${sections}\n<p style="color:#505a5f">${escapeHtml(FOOTER)}</p>\n</body></html>\n`;
}

/**
 * The digest's Message-ID: a digest of the recipient and the notices it carries, so a digest sent
 * again with the same content (after a crash between sending and clearing) has the same id and
 * mail systems that de-duplicate by Message-ID show it once.
 */
export function digestMessageId(config: HubConfig, notices: readonly EscalationNotice[]): string {
  return hubMessageId(config, digestId(notices));
}

function digestId(notices: readonly EscalationNotice[]): string {
  return `escalation-digest.${messageIdDigest(notices.map(noticeIdentity).sort(), 32)}`;
}

/** Someone away whose digest a deputy gets. */
export interface Covering {
  readonly email: string;
  /** Their last day away (local date), when known. */
  readonly awayUntil: string | null;
}

/** One recipient's digest email (`Auto-Submitted: auto-generated`, so nobody's auto-reply answers it). */
export function buildDigestEmail(
  config: HubConfig,
  recipient: string,
  notices: readonly EscalationNotice[],
  now: string,
  covering: readonly Covering[] = [],
): OutgoingEmail {
  const content = digestContent(config, recipient, notices, now, covering);
  return staffEmail(config, {
    to: [recipient],
    subject: content.subject,
    text: digestText(content),
    html: digestHtml(content),
    id: digestId(notices),
  });
}
