/**
 * The escalation digest: ONE email per recipient per sweep listing every enquiry that needs their
 * attention, as a plain-text table and a simple HTML table. Rows carry references, ages, priorities,
 * topics, assignees, contact counts and links; never the enquirer's name, address or words (the
 * recipient opens the link). Pure: notices, configuration and `now` in, an `OutgoingEmail` out.
 */
import { createHash } from 'node:crypto';
import type { OutgoingEmail } from '../adapters/mailer';
import { enquiryLink, type HubConfig, teamById } from '../config/hub-config';
import { workingMinutesBetween } from '../domain/business-calendar';
import {
  isStatutoryNotice,
  type StatutoryDigestSection,
  statutoryDigestSections,
  statutoryHtmlSection,
  statutorySubject,
  statutorySummary,
  statutoryTextSection,
} from '../statutory/statutory-digest';
import { isReturnedNotice, type ReturnedLine, returnedLines } from '../workload/returned-digest';
import type { EscalationNotice, RecipientRole } from './escalation-plan';

/** One row of a digest, ready to print. */
export interface DigestRow {
  readonly reference: string;
  readonly step: string;
  readonly priority: string;
  readonly topic: string;
  /** Working hours since the hub received the enquiry, one decimal. */
  readonly ageWorkingHours: string;
  /** The response due time in the hub's time zone, e.g. `Mon 23 Nov 13:00`. */
  readonly responseDue: string;
  readonly assignee: string;
  readonly contacts: string;
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

function localTime(config: HubConfig, instant: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: config.calendar.timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('hour')}:${get('minute')}`;
}

/** Working hours from `from` to `to` on the hub calendar, one decimal (never negative). */
export function workingHours(config: HubConfig, from: string, to: string): string {
  const minutes = workingMinutesBetween(config.calendar, new Date(from), new Date(to));
  return (Math.max(0, minutes) / 60).toFixed(1);
}

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

function toRow(config: HubConfig, entry: DigestEntry, now: string): DigestRow {
  const notice = entry.latest;
  return {
    reference: notice.enquiryId,
    step: entry.steps.join(', '),
    priority: notice.priority,
    topic: notice.topic,
    ageWorkingHours: workingHours(config, notice.receivedAt, now),
    responseDue: localTime(config, notice.responseDueAt),
    assignee: notice.assignee === null ? 'nobody (team queue)' : (notice.assigneeName ?? notice.assignee),
    contacts: String(notice.contactCount),
    link: enquiryLink(config, notice.enquiryId),
  };
}

/** Longest overdue (earliest due) first, then by reference. */
function byUrgency(a: DigestEntry, b: DigestEntry): number {
  return (
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
      ? `${enquiries(past.length)} to the SEND hub ${has(past.length)} passed ${its(past.length)} response time without a response.`
      : past.length === 0
        ? `${enquiries(soon.length)} to the SEND hub ${soon.length === 1 ? 'is' : 'are'} nearing ${its(soon.length)} response time without a response.`
        : `${enquiries(past.length)} to the SEND hub ${has(past.length)} passed ${its(past.length)} response time, and ${soon.length} more ${soon.length === 1 ? 'is' : 'are'} nearing it.`;
  const intro = [
    'Hello,',
    ...(entries.length === 0 ? [] : [summary]),
    ...(statutoryLine === null ? [] : [statutoryLine]),
    ...(returned.length === 0
      ? []
      : [
          `${enquiries(returned.length)} left ${returned.length === 1 ? 'its' : 'their'} caseworker without them letting go.`,
        ]),
    `You are getting this as ${roles.map((role) => ROLE_NAMES[role]).join(' and ')} (${teams.join(', ')}).`,
    ...covering.map(
      (person) =>
        `You are covering for ${person.email}, who is away${person.awayUntil === null ? '' : ` until ${person.awayUntil}`}: their items are in this digest too.`,
    ),
  ];
  const sections: DigestSection[] = [];
  if (past.length > 0) {
    sections.push({
      title: 'Past their response time',
      rows: past.map((entry) => toRow(config, entry, now)),
    });
  }
  if (soon.length > 0) {
    sections.push({ title: 'Due a response soon', rows: soon.map((entry) => toRow(config, entry, now)) });
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

const COLUMNS: readonly { title: string; value: (row: DigestRow) => string }[] = [
  { title: 'Reference', value: (row) => row.reference },
  { title: 'Step', value: (row) => row.step },
  { title: 'Priority', value: (row) => row.priority },
  { title: 'Topic', value: (row) => row.topic },
  { title: 'Age (working hours)', value: (row) => row.ageWorkingHours },
  { title: 'Response due', value: (row) => row.responseDue },
  { title: 'Assignee', value: (row) => row.assignee },
  { title: 'Contacts', value: (row) => row.contacts },
  { title: 'Link', value: (row) => row.link },
];

const RETURNED_TITLE = 'Changed hands';

const FOOTER =
  'This email was sent automatically by SEND Hub. The enquirer and their messages are shown only on the ' +
  'enquiry page: open the link to read and respond.';

/** A fixed-width text table (for the plain-text body). */
export function textTable(rows: readonly DigestRow[]): string {
  const widths = COLUMNS.map((column) =>
    Math.max(column.title.length, ...rows.map((row) => column.value(row).length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    line(COLUMNS.map((column) => column.title)),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map((row) => line(COLUMNS.map((column) => column.value(row)))),
  ].join('\n');
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function htmlTable(rows: readonly DigestRow[]): string {
  const head = COLUMNS.filter((column) => column.title !== 'Link')
    .map(
      (column) =>
        `<th style="text-align:left;padding:4px 8px;border-bottom:1px solid #b1b4b6">${escapeHtml(column.title)}</th>`,
    )
    .join('');
  const body = rows
    .map((row) => {
      const cells = COLUMNS.filter((column) => column.title !== 'Link').map((column) => {
        const value = escapeHtml(column.value(row));
        const content =
          column.title === 'Reference' ? `<a href="${escapeHtml(row.link)}">${value}</a>` : value;
        return `<td style="padding:4px 8px;border-bottom:1px solid #f3f2f1">${content}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<table style="border-collapse:collapse">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** The plain-text body of a digest. */
export function digestText(content: DigestContent): string {
  const parts = [content.intro.join('\n\n')];
  for (const section of content.sections) parts.push(`${section.title}\n\n${textTable(section.rows)}`);
  for (const section of content.statutorySections) parts.push(statutoryTextSection(section));
  if (content.returned.length > 0) {
    parts.push(
      [
        RETURNED_TITLE,
        '',
        ...content.returned.map((line) => `${line.reference}: ${line.what} ${line.next}\n${line.link}`),
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
        `<h2 style="font-size:1.1em">${escapeHtml(section.title)}</h2>\n${htmlTable(section.rows)}`,
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

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

/**
 * The digest's Message-ID: a digest of the recipient and the notices it carries, so a digest sent
 * again with the same content (after a crash between sending and clearing) has the same id and
 * mail systems that de-duplicate by Message-ID show it once.
 */
export function digestMessageId(config: HubConfig, notices: readonly EscalationNotice[]): string {
  const identities = notices.map(noticeIdentity).sort();
  const hash = createHash('sha256').update(identities.join('\n')).digest('hex').slice(0, 32);
  return `<escalation-digest.${hash}@${domainOf(config.hub.fromAddress)}>`;
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
  return {
    from: `${config.hub.name} <${config.hub.fromAddress}>`,
    to: [recipient],
    subject: content.subject,
    text: digestText(content),
    html: digestHtml(content),
    messageId: digestMessageId(config, notices),
    autoSubmitted: 'auto-generated',
  };
}
