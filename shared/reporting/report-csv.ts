/**
 * The report as CSV: ONE tidy table, a row per figure, so weeks can be appended and filtered in a
 * spreadsheet without reshaping. Columns:
 * `period_from,period_to,section,dimension,category,label,measure,value`
 * e.g. `2026-11-23,2026-11-29,first-response,priority,urgent,,within-window-percent,87.5`.
 * An unknown value (a percentage of nothing, a median of no responses) is an empty cell. Pure.
 */
import type { HubConfig } from '../config/hub-config';
import type { FirstResponseStats, ResponseTimeReport } from './response-time-report';

export const CSV_COLUMNS = [
  'period_from',
  'period_to',
  'section',
  'dimension',
  'category',
  'label',
  'measure',
  'value',
] as const;

/** One figure of the report. */
export interface ReportRow {
  readonly section: string;
  readonly dimension: string;
  readonly category: string;
  /** A readable name for the category (team or caseworker name), or empty. */
  readonly label: string;
  readonly measure: string;
  readonly value: number | null;
}

/** A cell a spreadsheet would run as a formula (or a DDE command): `= + - @`, a tab or a return first. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;

/**
 * One CSV field: a text that a spreadsheet would treat as a formula is neutralised with a leading
 * apostrophe (OWASP's advice; numbers, negative ones included, stay numbers), then quoted when it
 * holds a comma, a quote or a line break (RFC 4180). Names come from people (a caseworker's name is
 * typed by an admin), so `=HYPERLINK(...)` must arrive as text.
 */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) && !NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const FIRST_RESPONSE_MEASURES: readonly [string, (stats: FirstResponseStats) => number | null][] = [
  ['received', (stats) => stats.received],
  ['within-window', (stats) => stats.withinWindow],
  ['late', (stats) => stats.late],
  ['overdue-unanswered', (stats) => stats.overdueUnanswered],
  ['awaiting', (stats) => stats.awaiting],
  ['closed-without-response', (stats) => stats.closedWithoutResponse],
  ['within-window-percent', (stats) => stats.withinWindowPercent],
  ['median-working-hours', (stats) => stats.medianWorkingHours],
  ['p90-working-hours', (stats) => stats.p90WorkingHours],
];

/** Every figure of the report as rows, in a stable order. */
export function reportRows(report: ResponseTimeReport, config: HubConfig): ReportRow[] {
  const teamName = (id: string) => config.teams.find((team) => team.id === id)?.name ?? '';
  const rows: ReportRow[] = [];
  const add = (section: string, dimension: string, category: string, measure: string, value: number | null) =>
    rows.push({
      section,
      dimension,
      category,
      label: dimension === 'team' ? teamName(category) : '',
      measure,
      value,
    });
  const counts = (
    section: string,
    dimension: string,
    values: Readonly<Record<string, number>>,
    measure: string,
  ) => {
    for (const [category, value] of Object.entries(values)) add(section, dimension, category, measure, value);
  };
  const firstResponse = (dimension: string, category: string, stats: FirstResponseStats) => {
    for (const [measure, value] of FIRST_RESPONSE_MEASURES)
      add('first-response', dimension, category, measure, value(stats));
  };

  add('received', 'all', 'all', 'enquiries', report.received.total);
  counts('received', 'channel', report.received.byChannel, 'enquiries');
  counts('received', 'topic', report.received.byTopic, 'enquiries');
  counts('received', 'priority', report.received.byPriority, 'enquiries');
  counts('received', 'team', report.received.byTeam, 'enquiries');

  firstResponse('all', 'all', report.firstResponse.overall);
  for (const [priority, stats] of Object.entries(report.firstResponse.byPriority)) {
    firstResponse('priority', priority, stats);
  }
  for (const [team, stats] of Object.entries(report.firstResponse.byTeam)) firstResponse('team', team, stats);

  add('backlog', 'all', 'all', 'enquiries', report.backlog.total);
  counts('backlog', 'age-working-days', report.backlog.byAgeBand, 'enquiries');
  counts('backlog', 'team', report.backlog.byTeam, 'enquiries');

  add('escalations', 'all', 'all', 'steps', report.escalations.total);
  counts('escalations', 'step', report.escalations.byStep, 'steps');
  add('breaches', 'all', 'all', 'enquiries', report.escalations.breaches);
  counts('breaches', 'team', report.escalations.breachesByTeam, 'enquiries');

  const corrections = report.triageCorrections;
  add('triage-corrections', 'all', 'all', 'enquiries', corrections.enquiries);
  add('triage-corrections', 'label', 'any', 'corrected', corrections.anyCorrected);
  add('triage-corrections', 'label', 'any', 'corrected-percent', corrections.anyCorrectedPercent);
  for (const line of corrections.labels) {
    add('triage-corrections', 'label', line.label, 'corrected', line.corrected);
    add('triage-corrections', 'label', line.label, 'corrected-percent', line.correctedPercent);
  }
  add(
    'triage-corrections',
    'label',
    'safeguarding',
    'missed-by-triage',
    corrections.safeguarding.missedByTriage,
  );
  add(
    'triage-corrections',
    'label',
    'safeguarding',
    'cleared-by-person',
    corrections.safeguarding.clearedByPerson,
  );

  for (const line of report.caseload) {
    const label = `${line.name} (${teamName(line.team) || line.team})`;
    rows.push({
      section: 'caseload',
      dimension: 'caseworker',
      category: line.caseworkerId,
      label,
      measure: 'open',
      value: line.openCount,
    });
    rows.push({
      section: 'caseload',
      dimension: 'caseworker',
      category: line.caseworkerId,
      label,
      measure: 'cap',
      value: line.cap,
    });
    rows.push({
      section: 'caseload',
      dimension: 'caseworker',
      category: line.caseworkerId,
      label,
      measure: 'utilisation-percent',
      value: line.utilisationPercent,
    });
  }
  return rows;
}

/** The report as CSV text (header line, then one line per figure, CRLF line ends as RFC 4180 asks). */
export function reportCsv(report: ResponseTimeReport, config: HubConfig): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of reportRows(report, config)) {
    lines.push(
      [
        report.period.from,
        report.period.to,
        row.section,
        row.dimension,
        row.category,
        row.label,
        row.measure,
        row.value === null ? '' : String(row.value),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
