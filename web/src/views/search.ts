/**
 * Search (`#/search?q=…`, call handlers, caseworkers and managers): one box for a reference, a
 * name, an email, a phone number in any format, a child's date of birth or a postcode. Each result
 * is a summary card: reference, where it stands, team, dates, the people and the child. An enquiry
 * of another team shows that it exists and whom to ask, never its messages. The query lives in
 * the route, so Back and a shared link show the same results.
 */
import { ApiError, get } from '../api';
import { button, showFormErrors, textInput } from '../components';
import { h, replaceChildren } from '../dom';
import { askTeam, referenceTitle, resultRows } from '../finding';
import { label } from '../format';
import type { SearchAnswer, SearchResult } from '../types';
import type { ViewContext } from '../view-context';

/** How the API read the query, in words for the results' heading. */
const MATCHED_BY: Record<string, string> = {
  reference: 'a reference',
  email: 'an email address',
  phone: 'a phone number',
  'date-of-birth': 'a date of birth',
  postcode: 'a postcode',
  'outward-code': 'the first part of a postcode',
  name: 'a name',
};

function resultCard(result: SearchResult, context: ViewContext): HTMLElement {
  return h(
    'div',
    {
      class: 'govuk-summary-card app-result',
      'data-reference': result.reference,
      'data-access': result.access,
    },
    h(
      'div',
      { class: 'govuk-summary-card__title-wrapper' },
      h(
        'h3',
        { class: 'govuk-summary-card__title' },
        referenceTitle(result, context.me),
        result.subject === null
          ? null
          : h('span', { class: 'govuk-body-s app-block app-subject' }, result.subject),
      ),
      h(
        'strong',
        { class: result.access === 'full' ? 'govuk-tag govuk-tag--blue' : 'govuk-tag govuk-tag--grey' },
        result.access === 'full' ? label(result.status) : result.teamName,
      ),
    ),
    h(
      'div',
      { class: 'govuk-summary-card__content' },
      result.access === 'limited' ? askTeam(result) : null,
      h('dl', { class: 'govuk-summary-list' }, resultRows(result, context.me)),
    ),
  );
}

function results(answer: SearchAnswer, context: ViewContext): HTMLElement {
  const count = answer.results.length;
  const heading = h(
    'h2',
    { class: 'govuk-heading-m', id: 'search-results-heading', tabindex: '-1' },
    count === 0
      ? `No enquiries found for “${answer.query}”`
      : `${count === 1 ? '1 enquiry' : `${count} enquiries`} found for “${answer.query}”`,
  );
  return h(
    'section',
    { 'aria-labelledby': 'search-results-heading', id: 'search-results' },
    heading,
    h(
      'p',
      { class: 'govuk-body-s' },
      `Searched as ${MATCHED_BY[answer.matchedBy] ?? answer.matchedBy}. Newest first.`,
      answer.truncated ? ' More matched than are shown: search for something more exact.' : '',
    ),
    count === 0
      ? h(
          'p',
          { class: 'govuk-body' },
          'Check the spelling, or try another way: the phone number, the email address or the child’s date of birth.',
        )
      : answer.results.map((result) => resultCard(result, context)),
  );
}

export async function searchView(context: ViewContext): Promise<void> {
  const { view, query } = context;
  const q = query.get('q') ?? '';
  const heading = h('h1', { class: 'govuk-heading-l' }, 'Search enquiries');
  const box = textInput({
    id: 'search-q',
    name: 'q',
    type: 'search',
    label: 'Search for',
    labelClass: 'govuk-label--s',
    hint: 'A reference (SEND-…), a name, an email address, a phone number, a child’s date of birth or a postcode.',
    value: q,
    autocomplete: 'off',
    width: 'govuk-!-width-two-thirds',
  });
  const column = h('div', { class: 'govuk-grid-column-full' });
  const form = h('form', { novalidate: true, role: 'search' }, box.group, button('Search'));
  const found = h('div', {});
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = box.control.value.trim();
    if (text === '') {
      showFormErrors(column, [{ fieldId: 'search-q', message: 'Enter what to search for' }], [box]);
      return;
    }
    context.navigate(`#/search?${new URLSearchParams({ q: text }).toString()}`);
  });
  column.append(heading, form, found);
  view.append(h('div', { class: 'govuk-grid-row' }, column));
  context.title(heading, q === '' ? 'Search enquiries' : `Search: ${q}`);
  if (q.trim() === '') return;

  replaceChildren(found, h('p', { class: 'govuk-body', role: 'status' }, 'Searching…'));
  try {
    const answer = await get<SearchAnswer>(`/search?${new URLSearchParams({ q }).toString()}`);
    if (!view.isConnected) return;
    replaceChildren(found, results(answer, context));
    // The user asked: take them to what was found (the heading says how many).
    found.querySelector<HTMLElement>('#search-results-heading')?.focus();
  } catch (error) {
    replaceChildren(found);
    if (error instanceof ApiError && error.status === 400) {
      showFormErrors(column, [{ fieldId: 'search-q', message: error.message.replace(/^q: /, '') }], [box]);
      return;
    }
    throw error;
  }
}
