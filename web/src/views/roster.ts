/** The roster (administrators): every caseworker's team, cap and whether they take work; change a cap. */
import { ApiError, get, put } from '../api';
import { banner, button, checkbox, select, showFormErrors, textInput } from '../components';
import { add, h } from '../dom';
import { label } from '../format';
import type { Caseworker } from '../types';
import type { ViewContext } from '../view-context';

export async function rosterView(context: ViewContext): Promise<void> {
  const { view } = context;
  const { caseworkers } = await get<{ caseworkers: Caseworker[] }>('/caseworkers');
  const heading = h('h1', { class: 'govuk-heading-l' }, 'Roster');
  const table = h(
    'div',
    { class: 'app-table-scroll', role: 'region', 'aria-label': 'Caseworkers', tabindex: '0' },
    h(
      'table',
      { class: 'govuk-table' },
      h(
        'caption',
        { class: 'govuk-table__caption govuk-table__caption--m' },
        `${caseworkers.length} caseworkers`,
      ),
      h(
        'thead',
        { class: 'govuk-table__head' },
        h(
          'tr',
          { class: 'govuk-table__row' },
          ['Name', 'Id', 'Team', 'Holding', 'Cap', 'Takes work'].map((text) =>
            h('th', { scope: 'col', class: 'govuk-table__header' }, text),
          ),
        ),
      ),
      h(
        'tbody',
        { class: 'govuk-table__body' },
        caseworkers.map((worker) =>
          h(
            'tr',
            { class: 'govuk-table__row' },
            h('td', { class: 'govuk-table__cell' }, worker.name),
            h('td', { class: 'govuk-table__cell' }, worker.id),
            h('td', { class: 'govuk-table__cell' }, label(worker.team)),
            h('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, String(worker.openCount)),
            h('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, String(worker.cap)),
            h('td', { class: 'govuk-table__cell' }, worker.active ? 'Yes' : 'No'),
          ),
        ),
      ),
    ),
  );

  const container = h('section', { class: 'app-section', 'aria-labelledby': 'change-heading' });
  const who = select({
    id: 'caseworker',
    name: 'caseworker',
    label: 'Caseworker',
    choices: caseworkers.map((worker) => ({ value: worker.id, text: `${worker.name} (${worker.id})` })),
  });
  const cap = textInput({
    id: 'cap',
    name: 'cap',
    label: 'Caseload cap',
    hint: 'Most open enquiries they may hold.',
    width: 'govuk-input--width-4',
  });
  cap.control.setAttribute('inputmode', 'numeric');
  const active = checkbox({ id: 'active', name: 'active', label: 'Takes new work' });
  const load = () => {
    const worker = caseworkers.find((candidate) => candidate.id === who.control.value);
    cap.control.value = worker === undefined ? '' : String(worker.cap);
    active.input.checked = worker?.active ?? true;
  };
  who.control.addEventListener('change', load);
  load();
  const submit = button('Save');
  const form = h(
    'form',
    { novalidate: true },
    who.group,
    cap.group,
    h(
      'div',
      { class: 'govuk-form-group' },
      h('div', { class: 'govuk-checkboxes govuk-checkboxes--small' }, active.item),
    ),
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const worker = caseworkers.find((candidate) => candidate.id === who.control.value);
    if (worker === undefined) return;
    const value = cap.control.value.trim();
    if (!/^\d+$/.test(value)) {
      showFormErrors(
        container,
        [{ fieldId: 'cap', message: 'Enter the cap as a whole number, like 25' }],
        [cap],
      );
      return;
    }
    submit.disabled = true;
    try {
      await put(`/caseworkers/${encodeURIComponent(worker.id)}`, {
        name: worker.name,
        email: worker.email,
        team: worker.team,
        topics: worker.topics,
        cap: Number(value),
        active: active.input.checked,
      });
      context.refresh({ kind: 'success', heading: `${worker.name} has been updated` });
    } catch (error) {
      submit.disabled = false;
      const message = error instanceof ApiError ? error.message : 'Saving did not work. Try again.';
      showFormErrors(container, [{ fieldId: 'cap', message }], [cap]);
    }
  });
  container.append(h('h2', { class: 'govuk-heading-m', id: 'change-heading' }, 'Change a cap'), form);
  add(
    view,
    context.flash === null ? null : banner(context.flash.kind, context.flash.heading),
    heading,
    table,
    container,
  );
  context.title(heading, 'Roster');
}
