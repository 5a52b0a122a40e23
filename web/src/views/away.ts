/**
 * Away and cover: who is away, who covers for them, and a form to mark someone away with their
 * deputies (`GET /availability`, `PUT /availability/{person}`). A caseworker sees themselves; a
 * manager their teams; an administrator everyone the hub emails. Keyboard and screen reader
 * friendly: plain form controls with labels, the GOV.UK error summary, a table with a caption.
 */
import { ApiError, get, put } from '../api';
import {
  banner,
  button,
  type DateField,
  dateInput,
  dateValue,
  type Field,
  type FieldError,
  select,
  showFormErrors,
} from '../components';
import { add, h } from '../dom';
import { formatShortDate, label } from '../format';
import type { AvailabilityList, PersonAvailability } from '../types';
import type { ViewContext } from '../view-context';

function periodText(period: { from: string; to: string }): string {
  return period.from === period.to
    ? formatShortDate(period.from)
    : `${formatShortDate(period.from)} to ${formatShortDate(period.to)}`;
}

function nameOf(list: AvailabilityList, email: string): string {
  return list.deputyChoices.find((choice) => choice.email === email)?.name ?? email;
}

function todayText(list: AvailabilityList, person: PersonAvailability): string {
  if (person.awayNow === null) return 'In';
  return person.coveredBy === null
    ? `Away until ${formatShortDate(person.awayNow.to)} (no deputy in: mail still goes to them)`
    : `Away until ${formatShortDate(person.awayNow.to)}, covered by ${nameOf(list, person.coveredBy)}`;
}

function peopleTable(list: AvailabilityList): HTMLElement {
  return h(
    'div',
    { class: 'app-table-scroll', role: 'region', 'aria-label': 'Who is away', tabindex: '0' },
    h(
      'table',
      { class: 'govuk-table' },
      h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, 'Who is away and who covers'),
      h(
        'thead',
        { class: 'govuk-table__head' },
        h(
          'tr',
          { class: 'govuk-table__row' },
          ['Name', 'Role', 'Today', 'Away', 'Deputies'].map((text) =>
            h('th', { scope: 'col', class: 'govuk-table__header' }, text),
          ),
        ),
      ),
      h(
        'tbody',
        { class: 'govuk-table__body' },
        list.people.map((person) =>
          h(
            'tr',
            { class: 'govuk-table__row', 'data-person': person.email },
            h('th', { scope: 'row', class: 'govuk-table__header' }, person.name),
            h('td', { class: 'govuk-table__cell' }, person.roles.map(label).join(', ')),
            h('td', { class: 'govuk-table__cell' }, todayText(list, person)),
            h(
              'td',
              { class: 'govuk-table__cell' },
              person.awayPeriods.length === 0 ? 'No dates' : person.awayPeriods.map(periodText).join('; '),
            ),
            h(
              'td',
              { class: 'govuk-table__cell' },
              person.deputies.length === 0
                ? 'None'
                : person.deputies.map((email) => nameOf(list, email)).join(', '),
            ),
          ),
        ),
      ),
    ),
  );
}

/** Maps the API's field paths to this form's fields. */
function fieldFor(path: string, newIndex: number): string {
  if (path === `awayPeriods[${newIndex}].from`) return 'away-from-day';
  if (path === `awayPeriods[${newIndex}].to`) return 'away-to-day';
  if (path.endsWith('.handTo')) return 'away-hand-to';
  if (path.startsWith('deputies[1]')) return 'deputy-2';
  if (path.startsWith('deputies')) return 'deputy-1';
  return 'away-person';
}

export async function awayView(context: ViewContext): Promise<void> {
  const { view } = context;
  const list = await get<AvailabilityList>('/availability');
  const heading = h('h1', { class: 'govuk-heading-l' }, 'Away and cover');
  const intro = h(
    'p',
    { class: 'govuk-body' },
    "While someone is away, their escalations and safeguarding alerts go to their first deputy who is in. A caseworker's open enquiries go back to the team queue, or to the colleague you name if the team hands work over.",
  );
  const editable = list.people.filter((person) => person.editable);
  const container = h('section', { class: 'app-section', 'aria-labelledby': 'away-form-heading' });
  if (editable.length === 0) {
    add(view, heading, intro, peopleTable(list));
    context.title(heading, 'Away and cover');
    return;
  }
  const me = editable.find((person) => person.caseworkerId === context.me.username) ?? editable[0];
  const who = select({
    id: 'away-person',
    name: 'person',
    label: 'Who is away',
    choices: editable.map((person) => ({ value: person.email, text: person.name })),
    value: me?.email,
  });
  const from = dateInput({
    id: 'away-from',
    name: 'from',
    legend: 'First day away',
    hint: 'For example, 21 12 2026',
  });
  const to = dateInput({
    id: 'away-to',
    name: 'to',
    legend: 'Last day away',
    hint: 'For example, 24 12 2026',
  });
  const handTo = select({
    id: 'away-hand-to',
    name: 'handTo',
    label: 'Their open enquiries go to',
    hint: 'Only for caseworkers whose team hands work to a colleague.',
    choices: [{ value: '', text: 'Back to the team queue' }],
  });
  const deputyChoices = [
    { value: '', text: 'No deputy' },
    ...list.deputyChoices.map((choice) => ({ value: choice.email, text: choice.name })),
  ];
  const deputy1 = select({ id: 'deputy-1', name: 'deputy1', label: 'First deputy', choices: deputyChoices });
  const deputy2 = select({ id: 'deputy-2', name: 'deputy2', label: 'Second deputy', choices: deputyChoices });
  const fields: Field[] = [who, handTo, deputy1, deputy2];
  const dates: [string, DateField][] = [
    ['away-from-day', from],
    ['away-to-day', to],
  ];
  const showErrors = (errors: readonly FieldError[]) => {
    for (const [id, date] of dates)
      date.setError(errors.find((error) => error.fieldId === id)?.message ?? null);
    showFormErrors(container, errors, fields);
  };

  const load = () => {
    const person = editable.find((candidate) => candidate.email === who.control.value);
    deputy1.control.value = person?.deputies[0] ?? '';
    deputy2.control.value = person?.deputies[1] ?? '';
    const colleagues = list.people.filter(
      (candidate) =>
        candidate.caseworkerId !== null &&
        candidate.email !== person?.email &&
        candidate.teams.some((team) => person?.teams.includes(team)),
    );
    const handing = person?.whenAway === 'hand-to-colleague';
    handTo.control.replaceChildren(
      ...(handing ? [] : [h('option', { value: '' }, 'Back to the team queue')]),
      ...(handing
        ? colleagues.map((colleague) => h('option', { value: colleague.caseworkerId ?? '' }, colleague.name))
        : []),
    );
    handTo.group.hidden = person?.caseworkerId === null;
  };
  who.control.addEventListener('change', load);
  load();

  const submit = button('Save');
  const clear = button('Clear all away dates', { type: 'button', class: 'govuk-button--secondary' });
  const form = h(
    'form',
    { novalidate: true },
    who.group,
    from.group,
    to.group,
    handTo.group,
    deputy1.group,
    deputy2.group,
    h('div', { class: 'govuk-button-group' }, submit, clear),
  );

  const save = async (adding: boolean) => {
    const person = editable.find((candidate) => candidate.email === who.control.value);
    if (person === undefined) return;
    const errors: FieldError[] = [];
    const first = dateValue(from);
    const last = dateValue(to);
    if (adding && first === '')
      errors.push({ fieldId: 'away-from-day', message: 'Enter the first day away' });
    if (adding && first === null)
      errors.push({ fieldId: 'away-from-day', message: 'The first day away must be a real date' });
    if (adding && last === '') errors.push({ fieldId: 'away-to-day', message: 'Enter the last day away' });
    if (adding && last === null)
      errors.push({ fieldId: 'away-to-day', message: 'The last day away must be a real date' });
    if (errors.length > 0) {
      showErrors(errors);
      return;
    }
    const kept = adding
      ? person.awayPeriods.map((period) => ({ from: period.from, to: period.to, handTo: period.handTo }))
      : [];
    const added = adding
      ? [
          {
            from: first ?? '',
            to: last ?? '',
            handTo: handTo.control.value === '' ? null : handTo.control.value,
          },
        ]
      : [];
    const deputies = [deputy1.control.value, deputy2.control.value].filter((value) => value !== '');
    submit.disabled = true;
    clear.disabled = true;
    try {
      const saved = await put<PersonAvailability & { handedOver: { returned: number; handed: number } }>(
        `/availability/${encodeURIComponent(person.email)}`,
        { awayPeriods: [...kept, ...added], deputies },
      );
      const moved = saved.handedOver.returned + saved.handedOver.handed;
      context.refresh({
        kind: 'success',
        heading: `${person.name}: away dates and deputies saved`,
        body:
          moved === 0
            ? undefined
            : `${moved} open ${moved === 1 ? 'enquiry' : 'enquiries'} moved: ${saved.handedOver.returned} back to the queue, ${saved.handedOver.handed} to a colleague.`,
      });
    } catch (error) {
      submit.disabled = false;
      clear.disabled = false;
      if (!(error instanceof ApiError)) throw error;
      const problems =
        error.fields.length === 0
          ? [{ fieldId: 'away-person', message: error.message }]
          : error.fields.map((problem) => ({
              fieldId: fieldFor(problem.path, kept.length),
              message: `${label(
                problem.path
                  .replace(/\[\d+\]/g, '')
                  .split('.')
                  .at(-1) ?? '',
              )} ${problem.message}`,
            }));
      showErrors(problems);
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save(true);
  });
  clear.addEventListener('click', () => void save(false));
  container.append(h('h2', { class: 'govuk-heading-m', id: 'away-form-heading' }, 'Mark someone away'), form);
  add(
    view,
    context.flash === null ? null : banner(context.flash.kind, context.flash.heading, context.flash.body),
    heading,
    intro,
    peopleTable(list),
    container,
  );
  context.title(heading, 'Away and cover');
}
