/**
 * Every email staff read that is not a digest: the repeat-contact alert, the duty safeguarding
 * alert, the morning summary and the weekly report's envelope (the escalation digest's words are
 * laid out in `shared/sweep/digest.ts`, the report's tables in `shared/reporting/`; both are
 * sent through `staffEmail` here). Ids and facts only, never an enquirer's name, address or words:
 * staff follow the link. Pure. Each template declares the facts it reads, so the use cases that
 * gather them depend on this module and not the other way round.
 */
import { enquiryLink, type HubConfig, type Team, teamName } from '../config/hub-config';
import { categoryWords } from '../domain/category-words';
import type { DutyList, Enquiry } from '../domain/enquiry';
import { formatDeadline, weekdayDayMonth } from '../domain/local-time';
import type { Priority, SafeguardingCategory } from '../domain/taxonomy';
import { escapeHtml } from '../domain/text-layout';
import { fromHeader, hubMessageId, messageIdDigest } from './hub-mail';
import type { OutgoingEmail } from './outgoing-email';

/** What an automatic email to staff carries besides the hub's envelope. */
export interface StaffEmailContent {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** Local part of the Message-ID (`weekly-report.2026-11-16_2026-11-22`): fixed per content. */
  readonly id: string;
  readonly attachments?: OutgoingEmail['attachments'];
}

/** An automatic email to staff: from the hub, `Auto-Submitted: auto-generated` (no auto-reply answers it). */
export function staffEmail(config: HubConfig, content: StaffEmailContent): OutgoingEmail {
  return {
    from: fromHeader(config),
    to: content.to,
    subject: content.subject,
    text: content.text,
    ...(content.html === undefined ? {} : { html: content.html }),
    messageId: hubMessageId(config, content.id),
    autoSubmitted: 'auto-generated',
    ...(content.attachments === undefined ? {} : { attachments: content.attachments }),
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
  return staffEmail(config, {
    to: [config.hub.hubManagerEmail],
    subject: `[${enquiry.id}] Repeat contact: ${enquiry.contactsSinceResponse} contacts without a response`,
    text,
    id: `repeat-contact.${enquiry.id}.${Date.parse(enquiry.clockStartedAt)}`,
  });
}

/** What a duty alert says: the fields of a duty alert notice it reads. */
export interface DutyAlertFacts {
  readonly enquiryId: string;
  /** The enquiry's concern number (1 = its first). */
  readonly concern: number;
  /** 0 for the first person told about this concern, 1 for the next... */
  readonly step: number;
  readonly list: DutyList;
  readonly recipient: string;
  readonly recipientName: string;
  readonly categories: readonly SafeguardingCategory[];
  readonly priority: Priority;
  readonly team: string;
  readonly raisedAt: string;
  readonly nextAlertAt: string | null;
  readonly nextRecipientName: string | null;
}

const LIST_WORDS: Readonly<Record<DutyList, string>> = {
  duty: 'duty safeguarding list (open hours)',
  'out-of-hours': 'out-of-hours safeguarding list',
};

/** Message-ID of one duty alert, e.g. `<safeguarding.SEND-7K3M9Q.1.0@kent.example.gov.uk>`. */
export function dutyAlertMessageId(
  config: HubConfig,
  notice: Pick<DutyAlertFacts, 'enquiryId' | 'concern' | 'step'>,
): string {
  return hubMessageId(config, dutyAlertId(notice));
}

function dutyAlertId(notice: Pick<DutyAlertFacts, 'enquiryId' | 'concern' | 'step'>): string {
  return `safeguarding.${notice.enquiryId}.${notice.concern}.${notice.step}`;
}

/** A deputy who gets a duty contact's alert while they are away (docs/managers.md). */
export interface DutyCover {
  readonly deputy: string;
  readonly awayUntil: string | null;
}

/** The alert to one duty contact, or to their deputy while they are away. */
export function dutyAlertEmail(
  config: HubConfig,
  notice: DutyAlertFacts,
  cover: DutyCover | null = null,
): OutgoingEmail {
  const zone = config.calendar.timeZone;
  const team = teamName(config, notice.team);
  const categories = categoryWords(notice.categories);
  const link = enquiryLink(config, notice.enquiryId);
  const before =
    notice.step === 0
      ? 'You are the first person told.'
      : `${notice.step} ${notice.step === 1 ? 'person was' : 'people were'} told before you and nobody has picked it up yet.`;
  const next =
    notice.nextAlertAt === null || notice.nextRecipientName === null
      ? 'Nobody further down the list will be told: you are the last.'
      : `If nobody picks it up, ${notice.nextRecipientName} will be told at ${formatDeadline(notice.nextAlertAt, zone)}.`;
  const covering =
    cover === null
      ? []
      : [
          `You are getting this as deputy for ${notice.recipientName} (${notice.recipient}), who is away${cover.awayUntil === null ? '' : ` until ${cover.awayUntil}`}.`,
          '',
        ];
  const text = [
    `Enquiry ${notice.enquiryId} has a safeguarding concern and needs a person now.`,
    '',
    ...covering,
    `Reference: ${notice.enquiryId}`,
    `Concern: ${categories}`,
    `Priority: ${notice.priority}`,
    `Team: ${team}`,
    `Raised: ${formatDeadline(notice.raisedAt, zone)}`,
    `You are on the ${LIST_WORDS[notice.list]}. ${before}`,
    '',
    `Open the enquiry: ${link}`,
    `If you are dealing with it, press "I'm dealing with this" on the enquiry (or claim it). ${next}`,
    '',
    "The enquirer's details and words are on the enquiry page only, never in email.",
    'This email was sent automatically by SEND Hub.',
  ].join('\n');
  return staffEmail(config, {
    to: [cover?.deputy ?? notice.recipient],
    subject: `[${notice.enquiryId}] Safeguarding concern: ${categories}`,
    text,
    id: dutyAlertId(notice),
  });
}

/** What a team's morning summary says (gathered by `shared/workload/morning-summary.ts`). */
export interface MorningFacts {
  readonly team: Team;
  readonly date: string;
  readonly unclaimed: number;
  readonly pastDue: number;
  readonly dueToday: number;
  readonly forecast: {
    readonly horizons: readonly {
      readonly workingDays: number;
      readonly breaches: number;
      readonly due: number;
      readonly references: readonly string[];
    }[];
    readonly pacePerPersonDay: number | null;
  };
  /** Names of the team's people away today. */
  readonly away: readonly string[];
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The summary email (text and HTML parts with the same content). */
export function morningSummaryEmail(
  config: HubConfig,
  facts: MorningFacts,
  to: string,
  coveringFor: string | null,
): OutgoingEmail {
  const dashboard = `${config.hub.webBaseUrl}/#/dashboard?team=${encodeURIComponent(facts.team.id)}`;
  const forecast = facts.forecast;
  const horizonLines = forecast.horizons.map(
    (horizon) =>
      `${plural(horizon.breaches, 'enquiry', 'enquiries')} forecast to breach in the next ${horizon.workingDays === 1 ? 'working day' : `${horizon.workingDays} working days`} (of ${horizon.due} falling due).`,
  );
  const atRisk = forecast.horizons[0]?.references ?? [];
  const pace =
    forecast.pacePerPersonDay === null
      ? 'No first responses in the last working days: every enquiry falling due is at risk.'
      : `Pace: ${forecast.pacePerPersonDay} first responses per caseworker a working day.`;
  // Each line is text, or a reference with its link (the HTML part makes it the link).
  type Line = string | { readonly reference: string; readonly href: string };
  const paragraphs: Line[][] = [
    [`Good morning. ${facts.team.name}, ${weekdayDayMonth(facts.date)}.`],
    ...(coveringFor === null ? [] : [[`You are covering for ${coveringFor}, who is away.`]]),
    [
      'Now:',
      `- ${plural(facts.unclaimed, 'enquiry', 'enquiries')} waiting to be claimed.`,
      `- ${plural(facts.pastDue, 'enquiry', 'enquiries')} past the response time.`,
      `- ${plural(facts.dueToday, 'enquiry', 'enquiries')} due by the end of today.`,
    ],
    ['Breaches seen coming:', ...horizonLines.map((line) => `- ${line}`), pace],
    ...(atRisk.length === 0
      ? []
      : [
          [
            'At risk in the next working day (soonest due first). Next: claim or assign them.',
            ...atRisk.map((reference): Line => ({ reference, href: enquiryLink(config, reference) })),
          ],
        ]),
    [facts.away.length === 0 ? 'Nobody in the team is away today.' : `Away today: ${facts.away.join(', ')}.`],
    [{ reference: 'Open the dashboard', href: dashboard }],
    ['This email was sent automatically by SEND Hub.'],
  ];
  const asText = (line: Line) => (typeof line === 'string' ? line : `- ${line.reference}: ${line.href}`);
  const asHtml = (line: Line) =>
    `<p style="margin:2px 0">${
      typeof line === 'string'
        ? escapeHtml(line)
        : `<a href="${escapeHtml(line.href)}">${escapeHtml(line.reference)}</a>`
    }</p>`;
  const text = `${paragraphs.map((lines) => lines.map(asText).join('\n')).join('\n\n')}\n`;
  const html = `<!doctype html>\n<html lang="en"><body style="font-family:Arial,sans-serif">\n${paragraphs
    .map((lines) => `<div style="margin:0 0 14px 0">\n${lines.map(asHtml).join('\n')}\n</div>`)
    .join('\n')}\n</body></html>\n`;
  return staffEmail(config, {
    to: [to],
    subject: `SEND Hub morning summary: ${facts.team.name}, ${plural(forecast.horizons[0]?.breaches ?? 0, 'breach', 'breaches')} seen coming today`,
    text,
    html,
    id: `morning-summary.${messageIdDigest([`${facts.team.id}#${facts.date}`], 24)}`,
  });
}

/** A weekly report's summary as words: its period and the text and HTML bodies. */
export interface WeeklyReportSummary {
  readonly period: { readonly from: string; readonly to: string };
  readonly text: string;
  readonly html: string;
}

/**
 * The weekly report email: summary in text and HTML, the CSV attached, a Message-ID fixed by the
 * period (a repeat is recognisable as the same message).
 */
export function weeklyReportEmail(
  config: HubConfig,
  summary: WeeklyReportSummary,
  csv: string,
  recipients: readonly string[],
  /** Which message this is when the recipients are split over several (0 for the first). */
  part = 0,
): OutgoingEmail {
  const { from, to } = summary.period;
  const filename = `send-hub-report-${from}_${to}.csv`;
  return staffEmail(config, {
    to: recipients,
    subject: `SEND Hub weekly report: ${from} to ${to}`,
    text: `${summary.text}\nThe full figures are attached as ${filename} (one row per figure).\n`,
    html: summary.html,
    id: `weekly-report.${from}_${to}${part === 0 ? '' : `.${part}`}`,
    attachments: [{ filename, content: csv, contentType: 'text/csv; charset=utf-8' }],
  });
}
