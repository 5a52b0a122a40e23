/**
 * The improvement board's figures for people and spreadsheets: a text table (what `send-hub report`
 * prints after the response-time figures) and CSV rows in the report's one tidy table. Pure.
 */

import { formatTextTable } from '../domain/text-layout';
import type { ImprovementReport } from './improvement-report';
import { CSV_COLUMNS, csvField } from './report-csv';

function show(value: number | null, unit: string): string {
  if (value === null) return '-';
  return unit === '%' ? `${value}%` : String(value);
}

/** The board's table: each figure for the period, the baseline, the target and each checkpoint. */
export function improvementSummaryText(improvement: ImprovementReport): string {
  const headers = [
    'Figure',
    'Period',
    'Baseline',
    'Target',
    'Meets target',
    ...improvement.checkpoints.map((checkpoint) => `${checkpoint.months} months`),
  ];
  const rows = improvement.comparison.map((figure) => [
    `${figure.label}${figure.unit === '%' ? '' : ` (${figure.unit})`}`,
    show(figure.value, figure.unit),
    show(figure.baseline, figure.unit),
    `${figure.direction === 'higher-is-better' ? '>=' : '<='} ${show(figure.target, figure.unit)}`,
    figure.meetsTarget === null ? '-' : figure.meetsTarget ? 'yes' : 'NO',
    ...figure.trend.map((value) => show(value, figure.unit)),
  ]);
  const f = improvement.figures;
  const lines = [
    `Improvement board: ${improvement.period.from} to ${improvement.period.to}, against ${improvement.baseline.from} to ${improvement.baseline.to}`,
    '',
    formatTextTable({ headers, rows }),
    '',
    `EHC plans: ${f.ehcPlans.within20Weeks} of ${f.ehcPlans.decided} within 20 weeks (${show(f.ehcPlans.within20WeeksPercent, '%')}); ${f.ehcPlans.within20WeeksExcludingExceptions} of ${f.ehcPlans.decidedExcludingExceptions} leaving out exception cases.`,
    `Complaints: ${f.complaints.onTime} of ${f.complaints.deadlines} deadlines met; stage 1 responses on time ${show(f.complaints.stage1OnTimePercent, '%')}.`,
    `Safeguarding: ${f.safeguarding.concerns} concerns, ${f.safeguarding.pickedUp} picked up; median ${show(f.safeguarding.medianPickUpMinutes, 'minutes')} minutes, 90th percentile ${show(f.safeguarding.p90PickUpMinutes, 'minutes')} minutes.`,
    `Repeat contact: ${f.chased} enquiries chased before a first response (${show(f.chasedPercent, '%')}).`,
    `Triage corrected by people: ${f.triageCorrections.labels
      .map((line) => `${line.label} ${line.corrected} (${show(line.correctedPercent, '%')})`)
      .join(
        ', ',
      )} of ${f.triageCorrections.enquiries} enquiries; ${f.triageCorrections.safeguarding.missedByTriage} safeguarding concerns triage missed, ${f.triageCorrections.safeguarding.clearedByPerson} cleared by a person.`,
    ...improvement.notes.map((note) => `Note: ${note}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The board's figures as rows of the report's CSV (`section` is `improvement`), CRLF line ends. */
export function improvementCsvLines(improvement: ImprovementReport): string[] {
  const lines: string[] = [];
  const add = (dimension: string, category: string, label: string, measure: string, value: number | null) =>
    lines.push(
      [
        improvement.period.from,
        improvement.period.to,
        'improvement',
        dimension,
        category,
        label,
        measure,
        value === null ? '' : String(value),
      ]
        .map(csvField)
        .join(','),
    );
  for (const figure of improvement.comparison) {
    add('period', figure.id, figure.label, figure.unit, figure.value);
    add(
      'baseline',
      figure.id,
      `${improvement.baseline.from} to ${improvement.baseline.to}`,
      figure.unit,
      figure.baseline,
    );
    add('target', figure.id, figure.direction, figure.unit, figure.target);
    improvement.checkpoints.forEach((checkpoint, index) => {
      add(
        `checkpoint-${checkpoint.months}-months`,
        figure.id,
        `${checkpoint.figures.from} to ${checkpoint.figures.to}`,
        figure.unit,
        figure.trend[index] ?? null,
      );
    });
  }
  for (const [band, count] of Object.entries(improvement.figures.backlog.byAgeBand)) {
    add('period', 'backlog-by-age', band, 'enquiries', count);
  }
  // Per label for the period and the baseline, so the board sees which label triage gets wrong.
  for (const [dimension, figures] of [
    ['period', improvement.figures],
    ['baseline', improvement.baselineFigures],
  ] as const) {
    for (const line of figures.triageCorrections.labels) {
      add(dimension, 'triage-corrected', line.label, '%', line.correctedPercent);
    }
  }
  return lines;
}

/** The whole board CSV: the response-time rows followed by the improvement rows. */
export function withImprovementRows(reportCsvText: string, improvement: ImprovementReport): string {
  const body = reportCsvText.endsWith('\r\n') ? reportCsvText : `${reportCsvText}\r\n`;
  const header = `${CSV_COLUMNS.join(',')}\r\n`;
  return `${body.startsWith(header) ? body : header + body}${improvementCsvLines(improvement).join('\r\n')}\r\n`;
}
