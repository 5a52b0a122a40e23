/**
 * The team queue: unclaimed enquiries, most urgent first, with a live countdown to each due time
 * and one click to claim. If someone else got there first the user is told plainly.
 */
import { ApiError, get, post } from '../api';
import { banner, button } from '../components';
import { add, h, hidden, replaceChildren } from '../dom';
import { listConcernBanner } from '../safeguarding';
import type { EnquirySummary, Page } from '../types';
import type { ViewContext } from '../view-context';
import { workTable } from './work-table';

export function teamChooser(context: ViewContext, route: string, current: string): HTMLElement | null {
  if (context.me.teams.length < 2) return null;
  const control = h(
    'select',
    { class: 'govuk-select', id: 'team', name: 'team' },
    context.me.teams.map((team) => h('option', { value: team.id, selected: team.id === current }, team.name)),
  );
  const form = h(
    'form',
    { class: 'app-inline-form', novalidate: true },
    h(
      'div',
      { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label', for: 'team' }, 'Team'),
      control,
    ),
    button('Show', { class: 'govuk-button--secondary' }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    context.navigate(`#/${route}?team=${encodeURIComponent(control.value)}`);
  });
  return form;
}

export async function queueView(context: ViewContext): Promise<void> {
  const { view, me, query } = context;
  const team = query.get('team') ?? me.teams[0]?.id ?? '';
  const teamName = me.teams.find((candidate) => candidate.id === team)?.name ?? team;
  const cursor = query.get('cursor');
  const heading = h(
    'h1',
    { class: 'govuk-heading-l' },
    'Queue',
    h('span', { class: 'govuk-caption-m' }, teamName),
  );
  const notices = h('div', { class: 'app-notices' });
  if (context.flash !== null)
    notices.append(banner(context.flash.kind, context.flash.heading, context.flash.body));
  const concerns = h('div', {});
  const list = h('div', {}, h('p', { class: 'govuk-body' }, 'Loading the queue…'));
  add(view, notices, concerns, heading, teamChooser(context, 'queue', team), list);
  context.title(heading, `Queue – ${teamName}`);

  const params = new URLSearchParams({ team, limit: '50' });
  if (cursor !== null) params.set('cursor', cursor);
  const page = await get<Page<EnquirySummary>>(`/queue?${params.toString()}`);
  const canClaim = me.roles.includes('caseworker');

  async function claim(item: EnquirySummary, trigger: HTMLButtonElement): Promise<void> {
    trigger.disabled = true;
    try {
      await post(`/enquiries/${item.id}/claim`, {});
      context.navigate(`#/enquiries/${item.id}`, { kind: 'success', heading: `You have claimed ${item.id}` });
    } catch (error) {
      const message =
        error instanceof ApiError && error.code === 'already-claimed'
          ? `${item.id} has been taken by someone else.`
          : error instanceof ApiError && error.code === 'caseload-full'
            ? 'You have reached your caseload limit. Resolve or hand back some work before claiming more.'
            : error instanceof ApiError
              ? error.message
              : 'Claiming did not work. Try again.';
      // The item is gone from this user's point of view: take it off the list, say why.
      if (error instanceof ApiError && error.code === 'already-claimed') {
        view.querySelector(`tr[data-enquiry="${item.id}"]`)?.remove();
      } else {
        trigger.disabled = false;
      }
      const notice = banner('important', message, 'The queue below is up to date.');
      replaceChildren(notices, notice);
      notice.focus();
    }
  }

  const items = page.items;
  replaceChildren(concerns, listConcernBanner(items));
  replaceChildren(
    list,
    items.length === 0
      ? h('p', { class: 'govuk-body', id: 'queue-empty' }, 'Nothing is waiting in this queue.')
      : workTable({
          caption: items.length === 1 ? '1 enquiry waiting' : `${items.length} enquiries waiting`,
          items,
          action: canClaim
            ? (item) => {
                const trigger = button(['Claim', hidden(` ${item.id}`)], {
                  type: 'button',
                  class: 'govuk-button--secondary govuk-!-margin-bottom-0',
                });
                trigger.addEventListener('click', () => void claim(item, trigger));
                return trigger;
              }
            : undefined,
          actionHeading: 'Claim',
        }),
    h(
      'div',
      { class: 'govuk-button-group' },
      button('Refresh', {
        type: 'button',
        class: 'govuk-button--secondary',
        onclick: () => context.refresh(),
      }),
      page.cursor === null
        ? null
        : h(
            'a',
            {
              class: 'govuk-link',
              href: `#/queue?${new URLSearchParams({ team, cursor: page.cursor }).toString()}`,
            },
            'Next page',
          ),
    ),
  );
}
