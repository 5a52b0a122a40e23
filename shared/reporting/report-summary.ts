/**
 * The report for people: a plain-text summary (also what `send-hub report` prints), the same in
 * simple HTML, and the weekly email that carries both plus the CSV. Pure.
 */
import type { HubConfig } from '../config/hub-config';
import { addressKey } from '../domain/email-address';
import type { CorrectableLabel } from '../domain/enquiry';
import { longDate } from '../domain/local-time';
import { escapeHtml, formatTextTable } from '../domain/text-layout';
import type { WeeklyReportSummary } from '../mail/staff-emails';
import type { FirstResponseStats, ResponseTimeReport } from './response-time-report';

/** A titled table: the unit both the text and the HTML summaries are made of. */
export interface SummaryTable {
  readonly title: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

function show(value: number | null, suffix = ''): string {
  return value === null ? '-' : `${value}${suffix}`;
}

function firstResponseRow(name: string, stats: FirstResponseStats): string[] {
  return [
    name,
    String(stats.received),
    show(stats.withinWindowPercent, '%'),
    String(stats.withinWindow),
    String(stats.late),
    String(stats.overdueUnanswered),
    String(stats.awaiting),
    show(stats.medianWorkingHours),
    show(stats.p90WorkingHours),
  ];
}

const FIRST_RESPONSE_HEADERS = [
  '',
  'Received',
  'Within window',
  'On time',
  'Late',
  'Overdue, no reply',
  'Awaiting',
  'Median (working h)',
  '90th pct (working h)',
];

const LABEL_NAMES: Readonly<Record<CorrectableLabel, string>> = {
  priority: 'Priority',
  topic: 'Topic',
  district: 'District',
  safeguarding: 'Safeguarding flag',
};

/** Triage accuracy in one sentence: how many of the period's enquiries people corrected. */
function triageHeadline(report: ResponseTimeReport): string {
  const { enquiries, anyCorrected, anyCorrectedPercent, safeguarding } = report.triageCorrections;
  if (enquiries === 0) return 'Triage corrected by people: no enquiries received.';
  const missed =
    safeguarding.missedByTriage === 0
      ? ''
      : ` ${safeguarding.missedByTriage} safeguarding ${safeguarding.missedByTriage === 1 ? 'concern' : 'concerns'} triage missed ${safeguarding.missedByTriage === 1 ? 'was' : 'were'} set by a person.`;
  return `Triage corrected by people: ${anyCorrected} of ${enquiries} enquiries (${show(anyCorrectedPercent, '%')}).${missed}`;
}

/** The headline sentences of the report. */
export function summaryHeadlines(report: ResponseTimeReport): string[] {
  const overall = report.firstResponse.overall;
  const decided = overall.withinWindow + overall.late + overall.overdueUnanswered;
  return [
    `Enquiries received: ${report.received.total} (${Object.entries(report.received.byChannel)
      .map(([channel, count]) => `${channel} ${count}`)
      .join(', ')}).`,
    decided === 0
      ? 'First responses within the service level: no enquiry from the period has reached its due time yet.'
      : `First responses within the service level: ${show(overall.withinWindowPercent, '%')} (${overall.withinWindow} of ${decided}); median ${show(overall.medianWorkingHours)} and 90th percentile ${show(overall.p90WorkingHours)} working hours.`,
    `Unresolved now: ${report.backlog.total}.`,
    triageHeadline(report),
    `Escalations: ${report.escalations.total} steps; ${report.escalations.breaches} ${report.escalations.breaches === 1 ? 'enquiry' : 'enquiries'} passed ${report.escalations.breaches === 1 ? 'its' : 'their'} response time.`,
  ];
}

/** The report's tables, in reading order. */
export function summaryTables(report: ResponseTimeReport, config: HubConfig): SummaryTable[] {
  const teamName = (id: string) => config.teams.find((team) => team.id === id)?.name ?? id;
  const pairs = (values: Readonly<Record<string, number>>, name: (key: string) => string = (key) => key) =>
    Object.entries(values).map(([key, count]) => [name(key), String(count)]);
  return [
    {
      title: 'Received by priority',
      headers: ['Priority', 'Enquiries'],
      rows: pairs(report.received.byPriority),
    },
    { title: 'Received by topic', headers: ['Topic', 'Enquiries'], rows: pairs(report.received.byTopic) },
    {
      title: 'Received by team',
      headers: ['Team', 'Enquiries'],
      rows: pairs(report.received.byTeam, teamName),
    },
    {
      title: 'First responses by priority',
      headers: FIRST_RESPONSE_HEADERS,
      rows: [
        ...Object.entries(report.firstResponse.byPriority).map(([priority, stats]) =>
          firstResponseRow(priority, stats),
        ),
        firstResponseRow('all', report.firstResponse.overall),
      ],
    },
    {
      title: 'First responses by team',
      headers: FIRST_RESPONSE_HEADERS,
      rows: Object.entries(report.firstResponse.byTeam).map(([team, stats]) =>
        firstResponseRow(teamName(team), stats),
      ),
    },
    {
      title: `Unresolved now, by age in working days (a working day is ${report.backlog.workingDayMinutes / 60} hours)`,
      headers: ['Age', 'Enquiries'],
      rows: pairs(report.backlog.byAgeBand),
    },
    {
      title: 'Unresolved now, by team',
      headers: ['Team', 'Enquiries'],
      rows: pairs(report.backlog.byTeam, teamName),
    },
    {
      title: 'Escalation steps in the period',
      headers: ['Step', 'Steps'],
      rows: pairs(report.escalations.byStep),
    },
    {
      title: 'Enquiries that passed their response time, by team',
      headers: ['Team', 'Enquiries'],
      rows: pairs(report.escalations.breachesByTeam, teamName),
    },
    {
      title: "Triage corrected by people (of the period's enquiries)",
      headers: ['Label', 'Corrected', 'Of enquiries'],
      rows: [
        ...report.triageCorrections.labels.map((line) => [
          LABEL_NAMES[line.label],
          String(line.corrected),
          show(line.correctedPercent, '%'),
        ]),
        [
          'Any label',
          String(report.triageCorrections.anyCorrected),
          show(report.triageCorrections.anyCorrectedPercent, '%'),
        ],
        [
          'Safeguarding: concern triage missed',
          String(report.triageCorrections.safeguarding.missedByTriage),
          '',
        ],
        [
          'Safeguarding: concern a person cleared',
          String(report.triageCorrections.safeguarding.clearedByPerson),
          '',
        ],
      ],
    },
    {
      title: 'Open enquiries per caseworker',
      headers: ['Caseworker', 'Team', 'Open', 'Cap', 'Of cap'],
      rows: report.caseload.map((line) => [
        line.active ? line.name : `${line.name} (inactive)`,
        teamName(line.team),
        String(line.openCount),
        String(line.cap),
        show(line.utilisationPercent, '%'),
      ]),
    },
  ];
}

/** The report's title line, e.g. `SEND Hub report: Monday 23 November 2026 to Sunday 29 November 2026`. */
export function reportTitle(report: ResponseTimeReport): string {
  return `SEND Hub report: ${longDate(report.period.from)} to ${longDate(report.period.to)}`;
}

/** The whole report as plain text. */
export function reportSummaryText(report: ResponseTimeReport, config: HubConfig): string {
  const parts = [
    reportTitle(report),
    summaryHeadlines(report).join('\n'),
    ...summaryTables(report, config).map((table) => `${table.title}\n\n${formatTextTable(table)}`),
  ];
  return `${parts.join('\n\n')}\n`;
}

function htmlTable(table: SummaryTable): string {
  const cell = (tag: 'th' | 'td', text: string) =>
    `<${tag} style="text-align:left;padding:3px 8px;border-bottom:1px solid #b1b4b6">${escapeHtml(text)}</${tag}>`;
  const head = `<tr>${table.headers.map((header) => cell('th', header)).join('')}</tr>`;
  const body = table.rows
    .map((row) => `<tr>${row.map((value) => cell('td', value)).join('')}</tr>`)
    .join('\n');
  return `<h2 style="font-size:1.05em">${escapeHtml(table.title)}</h2>\n<table style="border-collapse:collapse">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** The whole report as simple HTML (inline styles only). */
export function reportSummaryHtml(report: ResponseTimeReport, config: HubConfig): string {
  const headlines = summaryHeadlines(report)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('\n');
  const tables = summaryTables(report, config).map(htmlTable).join('\n');
  return `<!doctype html>\n<html lang="en"><body style="font-family:Arial,sans-serif">\n<h1 style="font-size:1.2em">${escapeHtml(reportTitle(report))}</h1>\n${headlines}\n${tables}\n</body></html>\n`;
}

/** Everyone the weekly report goes to: each team's manager and head of service, once each. */
export function reportRecipients(config: HubConfig): string[] {
  return [...new Set(config.teams.flatMap((team) => [team.managerEmail, team.headOfServiceEmail]))]
    .map(addressKey)
    .sort();
}

/** The S3 key of a weekly report's CSV: `reports/weekly/<from>_<to>.csv`. */
export function weeklyReportKey(report: Pick<ResponseTimeReport, 'period'>, prefix = 'reports/'): string {
  return `${prefix}weekly/${report.period.from}_${report.period.to}.csv`;
}

/** The weekly report's summary in words (text and HTML), for its email (`shared/mail/staff-emails.ts`). */
export function weeklyReportSummary(report: ResponseTimeReport, config: HubConfig): WeeklyReportSummary {
  return {
    period: report.period,
    text: reportSummaryText(report, config),
    html: reportSummaryHtml(report, config),
  };
}
