/**
 * Small charts drawn as inline SVG with DOM APIs (no library, nothing inline that the page's
 * Content Security Policy would block: colours come from classes in app.css). Each chart is a
 * `figure` with a caption, an SVG with `role="img"` and a text alternative, and the same numbers
 * as a table behind "Show the figures", so nothing is only available as a picture.
 */
import { h, s, uid } from './dom';

export interface BarDatum {
  label: string;
  value: number;
  /** A reference mark on the same scale (a window, a cap). */
  marker?: number;
  /** Drawn in the warning colour (over the window, at cap). */
  alert?: boolean;
  /** Text shown at the end of the bar (defaults to the value). */
  valueText?: string;
}

export interface ChartOptions {
  title: string;
  /** One sentence saying what the chart shows, for screen readers. */
  description: string;
  data: readonly BarDatum[];
  /** Column headings of the figures table. */
  columns: readonly [string, string, ...string[]];
  /** Extra table cells per datum (after label and value). */
  extraCells?: (datum: BarDatum) => string[];
  markerLabel?: string;
}

function figure(options: ChartOptions, chart: SVGSVGElement): HTMLElement {
  const rows = options.data.map((datum) =>
    h(
      'tr',
      { class: 'govuk-table__row' },
      h('th', { scope: 'row', class: 'govuk-table__header' }, datum.label),
      h(
        'td',
        { class: 'govuk-table__cell govuk-table__cell--numeric' },
        datum.valueText ?? String(datum.value),
      ),
      (options.extraCells?.(datum) ?? []).map((cell) =>
        h('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, cell),
      ),
    ),
  );
  return h(
    'figure',
    { class: 'app-chart' },
    h('figcaption', { class: 'govuk-heading-s' }, options.title),
    chart,
    h(
      'details',
      { class: 'govuk-details app-chart__figures' },
      h(
        'summary',
        { class: 'govuk-details__summary' },
        h('span', { class: 'govuk-details__summary-text' }, 'Show the figures'),
      ),
      h(
        'div',
        { class: 'govuk-details__text' },
        h(
          'table',
          { class: 'govuk-table' },
          h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, options.title),
          h(
            'thead',
            { class: 'govuk-table__head' },
            h(
              'tr',
              { class: 'govuk-table__row' },
              options.columns.map((column) =>
                h('th', { scope: 'col', class: 'govuk-table__header' }, column),
              ),
            ),
          ),
          h('tbody', { class: 'govuk-table__body' }, rows),
        ),
      ),
    ),
  );
}

function svgRoot(options: ChartOptions, width: number, height: number): SVGSVGElement {
  const titleId = uid('chart-title');
  const descId = uid('chart-desc');
  return s(
    'svg',
    {
      class: 'app-chart__svg',
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': `${titleId} ${descId}`,
      preserveAspectRatio: 'xMinYMin meet',
    },
    s('title', { id: titleId }, options.title),
    s('desc', { id: descId }, options.description),
  );
}

/** Labels longer than the room for them are cut with an ellipsis; the figures table has them whole. */
function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

/** Horizontal bars, one row per datum, with an optional marker line per row (window, cap). */
export function horizontalBars(options: ChartOptions): HTMLElement {
  const labelWidth = 180;
  const width = 480;
  const rowHeight = 40;
  const top = 10;
  const plot = width - labelWidth - 84;
  const height = top + options.data.length * rowHeight + 24;
  const max = niceMax(Math.max(1, ...options.data.map((datum) => Math.max(datum.value, datum.marker ?? 0))));
  const x = (value: number) => labelWidth + (value / max) * plot;
  const svg = svgRoot(options, width, height);
  svg.append(
    s('line', { class: 'app-chart__axis', x1: labelWidth, y1: top - 4, x2: labelWidth, y2: height - 20 }),
  );
  options.data.forEach((datum, index) => {
    const y = top + index * rowHeight;
    svg.append(
      s(
        'text',
        { class: 'app-chart__label', x: labelWidth - 8, y: y + 22, 'text-anchor': 'end' },
        shorten(datum.label, 22),
      ),
      s('rect', {
        class: datum.alert ? 'app-chart__bar app-chart__bar--alert' : 'app-chart__bar',
        x: labelWidth,
        y: y + 4,
        width: Math.max(datum.value > 0 ? 2 : 0, x(datum.value) - labelWidth),
        height: rowHeight - 14,
      }),
      s(
        'text',
        { class: 'app-chart__value', x: x(datum.value) + 6, y: y + 22 },
        datum.valueText ?? String(datum.value),
      ),
    );
    if (datum.marker !== undefined) {
      svg.append(
        s('line', {
          class: 'app-chart__marker',
          x1: x(datum.marker),
          y1: y + 1,
          x2: x(datum.marker),
          y2: y + rowHeight - 5,
        }),
      );
    }
  });
  if (options.markerLabel !== undefined) {
    svg.append(
      s('line', {
        class: 'app-chart__marker',
        x1: labelWidth,
        y1: height - 9,
        x2: labelWidth + 22,
        y2: height - 9,
      }),
      s('text', { class: 'app-chart__legend', x: labelWidth + 28, y: height - 4 }, options.markerLabel),
    );
  }
  return figure(options, svg);
}

/** Vertical columns, one per datum (age bands, weeks). */
export function columns(options: ChartOptions): HTMLElement {
  const width = 480;
  const height = 240;
  const left = 36;
  const bottom = 40;
  const top = 20;
  const plotHeight = height - top - bottom;
  const slot = (width - left - 10) / Math.max(1, options.data.length);
  const max = niceMax(Math.max(1, ...options.data.map((datum) => datum.value)));
  const svg = svgRoot(options, width, height);
  for (const tick of [0, max / 2, max]) {
    const y = top + plotHeight - (tick / max) * plotHeight;
    svg.append(
      s('line', { class: 'app-chart__grid', x1: left, y1: y, x2: width - 10, y2: y }),
      s(
        'text',
        { class: 'app-chart__tick', x: left - 6, y: y + 4, 'text-anchor': 'end' },
        String(Math.round(tick * 10) / 10),
      ),
    );
  }
  options.data.forEach((datum, index) => {
    const barHeight = (datum.value / max) * plotHeight;
    const x = left + index * slot + slot * 0.15;
    const y = top + plotHeight - barHeight;
    svg.append(
      s('rect', {
        class: datum.alert ? 'app-chart__bar app-chart__bar--alert' : 'app-chart__bar',
        x,
        y,
        width: slot * 0.7,
        height: Math.max(datum.value > 0 ? 1 : 0, barHeight),
      }),
      s(
        'text',
        { class: 'app-chart__value', x: x + slot * 0.35, y: y - 4, 'text-anchor': 'middle' },
        datum.valueText ?? String(datum.value),
      ),
      s(
        'text',
        {
          class: 'app-chart__label app-chart__label--small',
          x: x + slot * 0.35,
          y: height - bottom + 18,
          'text-anchor': 'middle',
        },
        shorten(datum.label, 13),
      ),
    );
  });
  return figure(options, svg);
}
