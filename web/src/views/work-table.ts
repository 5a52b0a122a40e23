/**
 * The table a queue or caseload is shown in: priority (and the safeguarding flag), reference,
 * enquirer, topic, age, due. A row with a concern is marked down its edge as well as in words.
 */
import { countdown, liveTimesControl, priorityTag } from '../components';
import { type Child, h } from '../dom';
import { formatAge, formatDateTime, label } from '../format';
import { rowConcern } from '../safeguarding';
import type { EnquirySummary } from '../types';

export interface WorkTableOptions {
  caption: string;
  items: readonly EnquirySummary[];
  showStatus?: boolean;
  /** A last cell per row (e.g. the claim button). */
  action?: (item: EnquirySummary) => Child;
  actionHeading?: string;
}

export function workTable(options: WorkTableOptions): HTMLElement {
  const headings = [
    'Priority',
    'Reference',
    'Enquirer',
    'Topic',
    ...(options.showStatus ? ['Status'] : []),
    'Received',
    'Response due',
    ...(options.action ? [options.actionHeading ?? 'Action'] : []),
  ];
  const table = h(
    'table',
    { class: 'govuk-table app-work-table' },
    h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, options.caption),
    h(
      'thead',
      { class: 'govuk-table__head' },
      h(
        'tr',
        { class: 'govuk-table__row' },
        headings.map((text) => h('th', { scope: 'col', class: 'govuk-table__header' }, text)),
      ),
    ),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      options.items.map((item) =>
        h(
          'tr',
          {
            class: item.safeguarding.concern
              ? 'govuk-table__row app-work-table__row--concern'
              : 'govuk-table__row',
            'data-enquiry': item.id,
            'data-concern': item.safeguarding.concern ? 'yes' : undefined,
          },
          h('td', { class: 'govuk-table__cell' }, priorityTag(item.priority), rowConcern(item)),
          h(
            'td',
            { class: 'govuk-table__cell' },
            h('a', { class: 'govuk-link app-reference', href: `#/enquiries/${item.id}` }, item.id),
            h('span', { class: 'govuk-body-s app-subject' }, item.subject),
          ),
          h('td', { class: 'govuk-table__cell' }, item.requesterName ?? 'Name not given'),
          h('td', { class: 'govuk-table__cell' }, label(item.topic)),
          options.showStatus ? h('td', { class: 'govuk-table__cell' }, label(item.status)) : null,
          h(
            'td',
            { class: 'govuk-table__cell' },
            h(
              'time',
              { datetime: item.receivedAt, title: formatDateTime(item.receivedAt) },
              `${formatAge(item.receivedAt)} ago`,
            ),
          ),
          h(
            'td',
            { class: 'govuk-table__cell' },
            item.status === 'open'
              ? countdown(item.responseDueAt)
              : item.status === 'waiting-on-enquirer'
                ? countdown(item.responseDueAt, true)
                : h('span', { class: 'app-countdown' }, label(item.status)),
          ),
          options.action ? h('td', { class: 'govuk-table__cell' }, options.action(item)) : null,
        ),
      ),
    ),
  );
  // A wide table scrolls inside its own region on a narrow screen; the region is focusable for keyboards.
  return h(
    'div',
    {},
    liveTimesControl(),
    h(
      'div',
      { class: 'app-table-scroll', role: 'region', 'aria-label': options.caption, tabindex: '0' },
      table,
    ),
  );
}
