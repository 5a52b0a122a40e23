/**
 * Staff (administrators): who works at the hub, adding someone in one step (sign-in with an
 * emailed temporary password, role and team groups, roster) and removing a leaver everywhere.
 */
import { ApiError, del, get, post } from '../api';
import {
  banner,
  button,
  type Field,
  type FieldError,
  select,
  showFormErrors,
  textInput,
} from '../components';
import { add, h } from '../dom';
import { label } from '../format';
import type { Role, StaffMember } from '../types';
import type { ViewContext } from '../view-context';

const ROLE_CHOICES: readonly { value: Role; text: string }[] = [
  { value: 'caseworker', text: 'Caseworker' },
  { value: 'manager', text: 'Team manager' },
  { value: 'callhandler', text: 'Call handler' },
  { value: 'admin', text: 'Administrator' },
];

/** API field paths to the form's inputs, so each problem is shown beside its field. */
const FIELD_IDS: Record<string, string> = {
  email: 'staff-email',
  name: 'staff-name',
  roles: 'staff-role',
  teams: 'staff-team',
  'teams[0]': 'staff-team',
  id: 'staff-id',
  cap: 'staff-cap',
};

function staffTable(context: ViewContext, members: readonly StaffMember[]): HTMLElement {
  const rows = members.map((member) => {
    const remove = button(`Remove ${member.name}`, {
      type: 'button',
      class: 'govuk-button--warning govuk-!-margin-bottom-0',
      'data-remove': member.id,
    });
    remove.addEventListener('click', async () => {
      if (remove.dataset.confirm !== 'yes') {
        // A second press confirms: removing deletes their sign-in and returns their work to the queue.
        remove.dataset.confirm = 'yes';
        remove.textContent = `Yes, remove ${member.name}`;
        return;
      }
      remove.disabled = true;
      try {
        const removed = await del<{ released: string[] }>(`/staff/${encodeURIComponent(member.id)}`);
        const released = removed.released.length;
        context.refresh({
          kind: 'success',
          heading: `${member.name} has been removed`,
          body:
            released === 0
              ? 'Their sign-in is deleted.'
              : `Their sign-in is deleted and ${released} enquiries they held are back in the team queue.`,
        });
      } catch (error) {
        remove.disabled = false;
        context.refresh({
          kind: 'important',
          heading: error instanceof ApiError ? error.message : 'Removing did not work. Try again.',
        });
      }
    });
    return h(
      'tr',
      { class: 'govuk-table__row', 'data-staff': member.id },
      h('td', { class: 'govuk-table__cell' }, member.name),
      h('td', { class: 'govuk-table__cell' }, member.id),
      h('td', { class: 'govuk-table__cell' }, member.email),
      h('td', { class: 'govuk-table__cell' }, member.roles.map(label).join(', ')),
      h('td', { class: 'govuk-table__cell' }, member.teams.map(label).join(', ')),
      h('td', { class: 'govuk-table__cell' }, remove),
    );
  });
  return h(
    'div',
    { class: 'app-table-scroll', role: 'region', 'aria-label': 'Members of staff', tabindex: '0' },
    h(
      'table',
      { class: 'govuk-table' },
      h(
        'caption',
        { class: 'govuk-table__caption govuk-table__caption--m' },
        `${members.length} members of staff`,
      ),
      h(
        'thead',
        { class: 'govuk-table__head' },
        h(
          'tr',
          { class: 'govuk-table__row' },
          ['Name', 'Staff id', 'Email', 'Roles', 'Teams', ''].map((text) =>
            h('th', { scope: 'col', class: 'govuk-table__header' }, text),
          ),
        ),
      ),
      h('tbody', { class: 'govuk-table__body' }, rows),
    ),
  );
}

export async function staffView(context: ViewContext): Promise<void> {
  const { view } = context;
  const { staff } = await get<{ staff: StaffMember[] }>('/staff');
  const heading = h('h1', { class: 'govuk-heading-l' }, 'Staff');

  const container = h('section', { class: 'app-section', 'aria-labelledby': 'add-heading' });
  const email = textInput({
    id: 'staff-email',
    name: 'email',
    label: 'Council email address',
    hint: 'They sign in with it, and the invitation with a temporary password goes there.',
    type: 'email',
    autocomplete: 'off',
  });
  const name = textInput({ id: 'staff-name', name: 'name', label: 'Full name', autocomplete: 'off' });
  const role = select({ id: 'staff-role', name: 'role', label: 'Role', choices: ROLE_CHOICES });
  const team = textInput({
    id: 'staff-team',
    name: 'team',
    label: 'Team',
    hint: 'The team id, for example north. Caseworkers and managers need one; leave it empty for others.',
    width: 'govuk-input--width-10',
  });
  const id = textInput({
    id: 'staff-id',
    name: 'id',
    label: 'Staff id (optional)',
    hint: 'For example cw-north-4. Left empty, it is made from the email address.',
    width: 'govuk-input--width-10',
  });
  const cap = textInput({
    id: 'staff-cap',
    name: 'cap',
    label: 'Caseload cap (caseworkers)',
    hint: 'Most open enquiries they may hold. Left empty: 25.',
    width: 'govuk-input--width-4',
  });
  cap.control.setAttribute('inputmode', 'numeric');
  const fields: Field[] = [email, name, role, team, id, cap];
  const submit = button('Add member of staff');
  const form = h(
    'form',
    { novalidate: true },
    email.group,
    name.group,
    role.group,
    team.group,
    id.group,
    cap.group,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const errors: FieldError[] = [];
    if (!email.control.value.includes('@'))
      errors.push({ fieldId: 'staff-email', message: 'Enter their email address' });
    if (name.control.value.trim() === '') errors.push({ fieldId: 'staff-name', message: 'Enter their name' });
    const capText = cap.control.value.trim();
    if (capText !== '' && !/^\d+$/.test(capText)) {
      errors.push({ fieldId: 'staff-cap', message: 'Enter the cap as a whole number, like 25' });
    }
    showFormErrors(container, errors, fields);
    if (errors.length > 0) return;
    submit.disabled = true;
    try {
      const teamId = team.control.value.trim();
      const staffId = id.control.value.trim();
      const added = await post<{ invited: boolean; member: StaffMember }>('/staff', {
        email: email.control.value.trim(),
        name: name.control.value.trim(),
        roles: [role.control.value],
        teams: teamId === '' ? [] : [teamId],
        ...(staffId === '' ? {} : { id: staffId }),
        ...(capText === '' ? {} : { cap: Number(capText) }),
      });
      context.refresh({
        kind: 'success',
        heading: `${added.member.name} has been added as ${added.member.id}`,
        body: added.invited
          ? `An invitation with a temporary password has been emailed to ${added.member.email}.`
          : 'They already had a sign-in; it is now linked and up to date.',
      });
    } catch (error) {
      submit.disabled = false;
      if (error instanceof ApiError && error.fields.length > 0) {
        showFormErrors(
          container,
          error.fields.map((field) => ({
            fieldId: FIELD_IDS[field.path] ?? 'staff-email',
            message: `${field.message}`,
          })),
          fields,
        );
        return;
      }
      const message = error instanceof ApiError ? error.message : 'Adding did not work. Try again.';
      showFormErrors(container, [{ fieldId: 'staff-email', message }], fields);
    }
  });
  container.append(h('h2', { class: 'govuk-heading-m', id: 'add-heading' }, 'Add a member of staff'), form);
  add(
    view,
    context.flash === null ? null : banner(context.flash.kind, context.flash.heading, context.flash.body),
    heading,
    staffTable(context, staff),
    container,
  );
  context.title(heading, 'Staff');
}
