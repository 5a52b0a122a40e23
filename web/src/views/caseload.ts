/** My caseload: the unresolved enquiries I hold, most urgent first. */
import { get } from '../api';
import { banner } from '../components';
import { add, h, replaceChildren } from '../dom';
import { listConcernBanner } from '../safeguarding';
import type { EnquirySummary, Me, Page } from '../types';
import type { ViewContext } from '../view-context';
import { workTable } from './work-table';

export async function caseloadView(context: ViewContext): Promise<void> {
  const { view, query } = context;
  const heading = h('h1', { class: 'govuk-heading-l' }, 'My caseload');
  const concerns = h('div', {});
  const list = h('div', {}, h('p', { class: 'govuk-body' }, 'Loading your caseload…'));
  add(
    view,
    context.flash === null ? null : banner(context.flash.kind, context.flash.heading),
    concerns,
    heading,
    list,
  );
  context.title(heading, 'My caseload');
  const params = new URLSearchParams({ limit: '50' });
  const cursor = query.get('cursor');
  if (cursor !== null) params.set('cursor', cursor);
  const [page, me] = await Promise.all([
    get<Page<EnquirySummary>>(`/caseload?${params.toString()}`),
    get<Me>('/me'),
  ]);
  const cap = me.caseworker;
  replaceChildren(concerns, listConcernBanner(page.items));
  replaceChildren(
    list,
    cap === null
      ? null
      : h('p', { class: 'govuk-body' }, `You hold ${cap.openCount} of up to ${cap.cap} enquiries.`),
    page.items.length === 0
      ? h('p', { class: 'govuk-body' }, 'You hold no open enquiries. Claim one from the queue.')
      : workTable({
          caption: page.items.length === 1 ? '1 enquiry' : `${page.items.length} enquiries`,
          items: page.items,
          showStatus: true,
        }),
    page.cursor === null
      ? null
      : h(
          'a',
          { class: 'govuk-link', href: `#/caseload?cursor=${encodeURIComponent(page.cursor)}` },
          'Next page',
        ),
  );
}
