/**
 * The improvement board's report for any period: each figure against its baseline and target, the
 * trend at 3, 6, 12 and 18 months as charts, and the CSV to download. Managers only.
 */
import { get } from '../api';
import { columns } from '../charts';
import { banner, button, textInput } from '../components';
import { add, h } from '../dom';
import type { BoardReport, FigureComparison as Comparison } from '../types';
import type { ViewContext } from '../view-context';

function show(value: number | null, unit: string): string {
  if (value === null) return '—';
  return unit === '%' ? `${value}%` : `${value} ${unit}`;
}

function isoDate(offsetMonths: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offsetMonths, 1))
    .toISOString()
    .slice(0, 10);
}

function comparisonTable(data: BoardReport): HTMLElement {
  const checkpoints = data.improvement.checkpoints;
  return h(
    'table',
    { class: 'govuk-table app-report-table' },
    h(
      'caption',
      { class: 'govuk-table__caption govuk-table__caption--m' },
      'Figures against baseline and target',
    ),
    h(
      'thead',
      { class: 'govuk-table__head' },
      h(
        'tr',
        { class: 'govuk-table__row' },
        [
          'Figure',
          'Period',
          'Baseline',
          'Target',
          'Meets target',
          ...checkpoints.map((c) => `${c.months} months`),
        ].map((title) => h('th', { scope: 'col', class: 'govuk-table__header' }, title)),
      ),
    ),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      data.improvement.comparison.map((figure) =>
        h(
          'tr',
          { class: 'govuk-table__row', 'data-figure': figure.id },
          h('th', { scope: 'row', class: 'govuk-table__header' }, figure.label),
          h('td', { class: 'govuk-table__cell' }, show(figure.value, figure.unit)),
          h('td', { class: 'govuk-table__cell' }, show(figure.baseline, figure.unit)),
          h(
            'td',
            { class: 'govuk-table__cell' },
            `${figure.direction === 'higher-is-better' ? 'at least' : 'at most'} ${show(figure.target, figure.unit)}`,
          ),
          h(
            'td',
            { class: 'govuk-table__cell' },
            figure.meetsTarget === null
              ? '—'
              : h(
                  'strong',
                  { class: `govuk-tag ${figure.meetsTarget ? 'govuk-tag--green' : 'govuk-tag--red'}` },
                  figure.meetsTarget ? 'Yes' : 'No',
                ),
          ),
          figure.trend.map((value) => h('td', { class: 'govuk-table__cell' }, show(value, figure.unit))),
        ),
      ),
    ),
  );
}

function trendChart(data: BoardReport, figure: Comparison): HTMLElement {
  const fails = (value: number | null) =>
    value !== null &&
    (figure.direction === 'higher-is-better' ? value < figure.target : value > figure.target);
  return columns({
    title: `${figure.label} (target ${figure.direction === 'higher-is-better' ? '≥' : '≤'} ${show(figure.target, figure.unit)})`,
    description: `${figure.label} in the baseline and at each checkpoint; bars in the warning colour miss the target.`,
    columns: ['When', figure.unit === '%' ? 'Per cent' : figure.unit],
    data: [
      {
        label: 'Baseline',
        value: figure.baseline ?? 0,
        alert: fails(figure.baseline),
        valueText: show(figure.baseline, figure.unit),
      },
      ...data.improvement.checkpoints.map((checkpoint, index) => {
        const value = figure.trend[index] ?? null;
        return {
          label: `${checkpoint.months} months`,
          value: value ?? 0,
          alert: fails(value),
          valueText: show(value, figure.unit),
        };
      }),
      {
        label: 'Whole period',
        value: figure.value ?? 0,
        alert: fails(figure.value),
        valueText: show(figure.value, figure.unit),
      },
    ],
  });
}

function downloadLink(data: BoardReport): HTMLElement {
  const name = `send-hub-report-${data.improvement.period.from}_${data.improvement.period.to}.csv`;
  return h(
    'a',
    {
      class: 'govuk-button govuk-button--secondary',
      href: '#',
      download: name,
      onclick: (event: Event) => {
        event.preventDefault();
        const url = URL.createObjectURL(new Blob([data.csv], { type: 'text/csv;charset=utf-8' }));
        const anchor = h('a', { href: url, download: name });
        anchor.click();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      },
    },
    'Download the figures (CSV)',
  );
}

export async function reportView(context: ViewContext): Promise<void> {
  const { view, query } = context;
  const from = query.get('from') ?? isoDate(-18);
  const to = query.get('to') ?? isoDate(0);
  const baselineFrom = query.get('baselineFrom') ?? '';
  const baselineTo = query.get('baselineTo') ?? '';
  const fields = {
    from: textInput({ id: 'report-from', name: 'from', type: 'date', label: 'From', value: from }),
    to: textInput({ id: 'report-to', name: 'to', type: 'date', label: 'To (inclusive)', value: to }),
    baselineFrom: textInput({
      id: 'report-baseline-from',
      name: 'baselineFrom',
      type: 'date',
      label: 'Baseline from',
      hint: 'Leave both empty for the same length just before',
      value: baselineFrom,
    }),
    baselineTo: textInput({
      id: 'report-baseline-to',
      name: 'baselineTo',
      type: 'date',
      label: 'Baseline to',
      value: baselineTo,
    }),
  };
  const heading = h('h1', { class: 'govuk-heading-l' }, 'Improvement board report');
  const form = h(
    'form',
    {
      class: 'app-report-form',
      novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        const params = new URLSearchParams();
        for (const [name, field] of Object.entries(fields)) {
          if (field.control.value !== '') params.set(name, field.control.value);
        }
        context.navigate(`#/report?${params.toString()}`);
      },
    },
    h(
      'div',
      { class: 'app-report-dates' },
      Object.values(fields).map((field) => field.group),
    ),
    button('Show the report'),
  );
  add(view, heading, form);
  context.title(heading, 'Improvement board report');
  const params = new URLSearchParams({ from, to });
  if (baselineFrom !== '') params.set('baselineFrom', baselineFrom);
  if (baselineTo !== '') params.set('baselineTo', baselineTo);
  let data: BoardReport;
  try {
    data = await get<BoardReport>(`/report?${params.toString()}`);
  } catch (error) {
    add(view, banner('important', error instanceof Error ? error.message : 'The report could not be made'));
    return;
  }
  const charted = [
    'firstResponseWithinWindowPercent',
    'medianFirstResponseWorkingHours',
    'ehcPlansWithin20WeeksPercent',
    'complaintResponsesOnTimePercent',
    'chasedPercent',
    'safeguardingPickedUpInTimePercent',
    'triageCorrectedPercent',
  ];
  add(
    view,
    h(
      'p',
      { class: 'govuk-body' },
      `${data.improvement.period.from} to ${data.improvement.period.to} (${data.report.received.total} enquiries), against the baseline ${data.improvement.baseline.from} to ${data.improvement.baseline.to}.`,
    ),
    downloadLink(data),
    comparisonTable(data),
    h(
      'div',
      { class: 'app-charts' },
      data.improvement.comparison
        .filter((figure) => charted.includes(figure.id))
        .map((figure) => trendChart(data, figure)),
      columns({
        title: 'Backlog by age (working days)',
        description: 'Unresolved enquiries at the end of the period, by age in working days.',
        columns: ['Age', 'Enquiries'],
        data: Object.entries(data.improvement.figures.backlog.byAgeBand).map(([band, count]) => ({
          label: band,
          value: count,
        })),
      }),
    ),
    h(
      'ul',
      { class: 'govuk-list govuk-list--bullet govuk-body-s' },
      data.improvement.notes.map((note) => h('li', {}, note)),
    ),
  );
}
