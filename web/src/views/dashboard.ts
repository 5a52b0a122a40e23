/**
 * A manager's dashboard: today's figures for the team, four charts (first response times against
 * the window, backlog by age, breaches per week, caseload against cap), the breaches seen coming
 * in the next 1, 3 and 5 working days, and how often people corrected triage (the hub's own measure
 * of triage accuracy).
 */
import { get } from '../api';
import { columns, horizontalBars } from '../charts';
import { banner } from '../components';
import { add, h } from '../dom';
import { formatDateTime, formatShortDate, formatWorkingMinutes, label } from '../format';
import type { BreachForecast, Dashboard, TriageAccuracy } from '../types';
import type { ViewContext } from '../view-context';
import { teamChooser } from './queue';
import { statutoryDeadlines } from './statutory';

function figure(value: string, text: string, alert = false): HTMLElement {
  return h(
    'div',
    { class: alert ? 'app-figure app-figure--alert' : 'app-figure' },
    h('span', { class: 'app-figure__value' }, value),
    h('span', { class: 'app-figure__label' }, text),
  );
}

const LABEL_NAMES: Record<TriageAccuracy['labels'][number]['label'], string> = {
  priority: 'Priority',
  topic: 'Topic',
  district: 'District (team)',
  safeguarding: 'Safeguarding flag',
};

function share(corrected: number, of: number, percent: number | null): string {
  return percent === null ? 'no enquiries' : `${corrected} of ${of} (${percent}%)`;
}

/** Per label: how many of the team's enquiries people corrected, this week and over 8 weeks. */
function triageCorrections(data: Dashboard['triageCorrections']): HTMLElement {
  const { thisWeek, lastWeeks } = data;
  const row = (name: string, week: string, weeks: string) =>
    h(
      'tr',
      { class: 'govuk-table__row' },
      h('th', { scope: 'row', class: 'govuk-table__header' }, name),
      h('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, week),
      h('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, weeks),
    );
  return h(
    'section',
    { class: 'app-section', 'aria-labelledby': 'triage-corrections-heading', id: 'triage-corrections' },
    h('h2', { class: 'govuk-heading-m', id: 'triage-corrections-heading' }, 'Triage corrected by people'),
    h(
      'p',
      { class: 'govuk-body' },
      "Of the team's enquiries received in each period, how many had a label changed by a caseworker or manager. Fewer corrections means triage is getting it right.",
    ),
    h(
      'table',
      { class: 'govuk-table' },
      h(
        'thead',
        { class: 'govuk-table__head' },
        h(
          'tr',
          { class: 'govuk-table__row' },
          h('th', { scope: 'col', class: 'govuk-table__header' }, 'Label'),
          h('th', { scope: 'col', class: 'govuk-table__header govuk-table__header--numeric' }, 'This week'),
          h(
            'th',
            { scope: 'col', class: 'govuk-table__header govuk-table__header--numeric' },
            'Last 8 weeks',
          ),
        ),
      ),
      h(
        'tbody',
        { class: 'govuk-table__body' },
        thisWeek.labels.map((line, index) => {
          const longer = lastWeeks.labels[index] ?? line;
          return row(
            LABEL_NAMES[line.label],
            share(line.corrected, thisWeek.enquiries, line.correctedPercent),
            share(longer.corrected, lastWeeks.enquiries, longer.correctedPercent),
          );
        }),
        row(
          'Any label',
          share(thisWeek.anyCorrected, thisWeek.enquiries, thisWeek.anyCorrectedPercent),
          share(lastWeeks.anyCorrected, lastWeeks.enquiries, lastWeeks.anyCorrectedPercent),
        ),
        row(
          'Safeguarding concerns triage missed',
          String(thisWeek.safeguarding.missedByTriage),
          String(lastWeeks.safeguarding.missedByTriage),
        ),
        row(
          'Safeguarding concerns a person cleared',
          String(thisWeek.safeguarding.clearedByPerson),
          String(lastWeeks.safeguarding.clearedByPerson),
        ),
      ),
    ),
  );
}

function horizonText(days: number): string {
  return days === 1 ? 'in the next working day' : `in the next ${days} working days`;
}

/** Breaches seen coming: three figures, the enquiries behind them, who is in, and how it is worked out. */
function breachForecast(forecast: BreachForecast): HTMLElement {
  const pace =
    forecast.pacePerPersonDay === null
      ? `The team made no first responses in the last ${forecast.paceWindow.workingDays} working days, so every enquiry falling due is counted as at risk.`
      : `At the team's pace of ${forecast.pacePerPersonDay} first ${forecast.pacePerPersonDay === 1 ? 'response' : 'responses'} per caseworker a working day (${forecast.paceWindow.firstResponses} in the last ${forecast.paceWindow.workingDays} working days), with who is in and what each holds:`;
  const cell = (content: Parameters<typeof h>[2], numeric = false) =>
    h(
      'td',
      { class: numeric ? 'govuk-table__cell govuk-table__cell--numeric' : 'govuk-table__cell' },
      content,
    );
  return h(
    'section',
    { class: 'app-section', 'aria-labelledby': 'forecast-heading', id: 'forecast' },
    h('h2', { class: 'govuk-heading-m', id: 'forecast-heading' }, 'Breaches seen coming'),
    h('p', { class: 'govuk-body' }, pace),
    h(
      'div',
      { class: 'app-figures', role: 'list', 'aria-label': 'Forecast breaches' },
      forecast.horizons.map((horizon) => {
        const item = figure(
          String(horizon.breaches),
          `forecast to breach ${horizonText(horizon.workingDays)}`,
          horizon.breaches > 0,
        );
        item.setAttribute('role', 'listitem');
        return item;
      }),
    ),
    h(
      'div',
      { class: 'app-table-scroll', role: 'region', 'aria-label': 'Forecast by horizon', tabindex: '0' },
      h(
        'table',
        { class: 'govuk-table' },
        h('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, 'Forecast by horizon'),
        h(
          'thead',
          { class: 'govuk-table__head' },
          h(
            'tr',
            { class: 'govuk-table__row' },
            ['Within', 'Falling due', 'Forecast to breach', 'Enquiries at risk'].map((text) =>
              h('th', { scope: 'col', class: 'govuk-table__header' }, text),
            ),
          ),
        ),
        h(
          'tbody',
          { class: 'govuk-table__body' },
          forecast.horizons.map((horizon) =>
            h(
              'tr',
              { class: 'govuk-table__row' },
              h(
                'th',
                { scope: 'row', class: 'govuk-table__header' },
                `${horizon.workingDays} working ${horizon.workingDays === 1 ? 'day' : 'days'} (to ${formatDateTime(horizon.until)})`,
              ),
              cell(String(horizon.due), true),
              cell(String(horizon.breaches), true),
              cell(
                horizon.references.length === 0
                  ? 'None'
                  : horizon.references.flatMap((reference, index) => [
                      index === 0 ? null : ', ',
                      h('a', { class: 'govuk-link', href: `#/enquiries/${reference}` }, reference),
                    ]),
              ),
            ),
          ),
        ),
      ),
    ),
    h(
      'p',
      { class: 'govuk-body-s' },
      `Caseworkers in: ${forecast.peopleIn.map((day) => `${formatShortDate(day.date)}: ${day.people}`).join(', ')}. Already past their response time: ${forecast.alreadyPastDue}.`,
    ),
    h(
      'details',
      { class: 'govuk-details' },
      h(
        'summary',
        { class: 'govuk-details__summary' },
        h('span', { class: 'govuk-details__summary-text' }, 'How this is worked out'),
      ),
      h(
        'div',
        { class: 'govuk-details__text' },
        'Each caseworker who is in answers at the team’s recent pace, evenly through each working day. They answer what they hold first, soonest due first; the rest of their time answers the team queue, soonest due first. An enquiry is forecast to breach when it falls due in the period and its answer would come after its due time. Work held by someone away goes back to the queue.',
      ),
    ),
  );
}

export async function dashboardView(context: ViewContext): Promise<void> {
  const { view, me, query } = context;
  const team = query.get('team') ?? me.teams[0]?.id ?? '';
  const data = await get<Dashboard>(`/dashboard?team=${encodeURIComponent(team)}`);
  const heading = h(
    'h1',
    { class: 'govuk-heading-l' },
    'Dashboard',
    h('span', { class: 'govuk-caption-m' }, data.teamName),
  );
  const f = data.figures;

  add(
    view,
    context.flash === null ? null : banner(context.flash.kind, context.flash.heading),
    heading,
    teamChooser(context, 'dashboard', team),
    h(
      'p',
      { class: 'govuk-body-s' },
      `Figures at ${formatDateTime(data.generatedAt)}. Times are working time on the hub calendar.`,
    ),
    h(
      'div',
      { class: 'app-figures', role: 'list', 'aria-label': 'Team figures' },
      [
        figure(String(f.open), 'open (not resolved)'),
        figure(String(f.unclaimed), 'waiting to be claimed'),
        figure(String(f.breached), 'past their response time', f.breached > 0),
        figure(String(f.dueToday), 'due later today'),
        figure(
          formatWorkingMinutes(f.medianFirstResponseMinutesThisWeek),
          `median first response this week (${f.firstResponsesThisWeek} ${f.firstResponsesThisWeek === 1 ? 'response' : 'responses'})`,
        ),
      ].map((item) => {
        item.setAttribute('role', 'listitem');
        return item;
      }),
    ),
    h(
      'div',
      { class: 'app-charts' },
      horizontalBars({
        title: 'First responses this week against the response window',
        description:
          'For each priority, the median working time to first response this week, with a line at the response window.',
        columns: ['Priority', 'Median', 'Slowest 10% from', 'Window', 'On time'],
        markerLabel: 'Response window',
        data: data.responseTimes.map((row) => ({
          label: `${label(row.priority)} (${row.count})`,
          value: row.medianMinutes ?? 0,
          marker: row.windowMinutes,
          alert: row.medianMinutes !== null && row.medianMinutes > row.windowMinutes,
          valueText: row.medianMinutes === null ? 'none' : formatWorkingMinutes(row.medianMinutes),
        })),
        extraCells: (datum) => {
          const row = data.responseTimes.find((candidate) =>
            datum.label.startsWith(label(candidate.priority)),
          );
          return row === undefined
            ? []
            : [
                formatWorkingMinutes(row.p90Minutes),
                formatWorkingMinutes(row.windowMinutes),
                `${row.withinWindow} of ${row.count}`,
              ];
        },
      }),
      columns({
        title: 'Open enquiries by age',
        description: 'How many open enquiries were received today, 1 to 2 days ago, and so on.',
        columns: ['Age', 'Open enquiries'],
        data: data.backlogByAge.map((band) => ({ label: band.label, value: band.count })),
      }),
      columns({
        title: 'Breaches per week (last 8 weeks)',
        description: 'First responses that were late, or are overdue, counted in the week they fell due.',
        columns: ['Week starting', 'Breaches'],
        data: data.breachesPerWeek.map((week) => ({
          label: formatShortDate(week.weekStarting),
          value: week.count,
          alert: week.count > 0,
        })),
      }),
      horizontalBars({
        title: 'Caseload against cap',
        description: 'Open enquiries each caseworker holds, with a line at their cap.',
        columns: ['Caseworker', 'Holding', 'Cap'],
        markerLabel: 'Cap',
        data: data.caseloads.map((row) => ({
          label: row.active ? row.name : `${row.name} (inactive)`,
          value: row.openCount,
          marker: row.cap,
          alert: row.openCount >= row.cap,
          valueText: `${row.openCount} of ${row.cap}`,
        })),
        extraCells: (datum) => [String(datum.marker ?? '')],
      }),
    ),
    data.forecast === null ? null : breachForecast(data.forecast),
    triageCorrections(data.triageCorrections),
  );
  add(view, await statutoryDeadlines(team));
  context.title(heading, `Dashboard – ${data.teamName}`);
}
