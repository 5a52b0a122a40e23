/**
 * Call handlers log a phone call: the phone-log contract of `POST /phone-logs` (DESIGN.md), checked
 * here first so mistakes are shown next to the field with the GOV.UK error summary, and checked
 * again by the API (whose field errors are shown the same way).
 */
import { ApiError, post } from '../api';
import {
  button,
  checkbox,
  type Field,
  type FieldError,
  select,
  showFormErrors,
  textArea,
  textInput,
} from '../components';
import { h, replaceChildren } from '../dom';
import type { ViewContext } from '../view-context';

const ROLE_CHOICES = [
  { value: '', text: 'Not known' },
  { value: 'parent', text: 'Parent or carer' },
  { value: 'young-person', text: 'Young person' },
  { value: 'school', text: 'School staff' },
  { value: 'professional', text: 'Health, social care or another professional' },
  { value: 'elected-member', text: 'MP or councillor (or their office)' },
  { value: 'other', text: 'Someone else' },
];

/** API field path (`caller.phone`, `[0].summary`) → input id on this page. */
const FIELD_IDS: Record<string, string> = {
  callId: 'call-id',
  receivedAt: 'received-at',
  handledBy: 'call-id',
  'caller.name': 'caller-name',
  'caller.phone': 'caller-phone',
  'caller.email': 'caller-email',
  'caller.role': 'caller-role',
  caller: 'caller-phone',
  'child.name': 'child-name',
  'child.dateOfBirth': 'dob-day',
  'child.school': 'child-school',
  'child.postcode': 'child-postcode',
  summary: 'summary',
  callbackRequested: 'callback',
};

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `datetime-local` value for now, in the browser's time zone. */
function localNow(): string {
  const now = new Date();
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

/** A call id in the telephony system's style, for calls logged by hand. */
function newCallId(): string {
  const now = new Date();
  const random = Math.floor(Math.random() * 10_000);
  return `T-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}-${String(random).padStart(4, '0')}`;
}

function dateOfBirth(): {
  group: HTMLElement;
  day: HTMLInputElement;
  month: HTMLInputElement;
  year: HTMLInputElement;
  setError(message: string | null): void;
} {
  const part = (id: string, name: string, text: string, width: string) => {
    const input = h('input', {
      class: `govuk-input govuk-date-input__input ${width}`,
      id,
      name,
      type: 'text',
      inputmode: 'numeric',
    });
    return {
      input,
      item: h(
        'div',
        { class: 'govuk-date-input__item' },
        h(
          'div',
          { class: 'govuk-form-group' },
          h('label', { class: 'govuk-label govuk-date-input__label', for: id }, text),
          input,
        ),
      ),
    };
  };
  const day = part('dob-day', 'dobDay', 'Day', 'govuk-input--width-2');
  const month = part('dob-month', 'dobMonth', 'Month', 'govuk-input--width-2');
  const year = part('dob-year', 'dobYear', 'Year', 'govuk-input--width-4');
  const error = h('p', { class: 'govuk-error-message', id: 'dob-error', hidden: true });
  const fieldset = h(
    'fieldset',
    { class: 'govuk-fieldset', role: 'group', 'aria-describedby': 'dob-hint' },
    h(
      'legend',
      { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' },
      "Child's date of birth (if known)",
    ),
    h('div', { class: 'govuk-hint', id: 'dob-hint' }, 'For example, 2 4 2015'),
    error,
    h('div', { class: 'govuk-date-input' }, day.item, month.item, year.item),
  );
  const group = h('div', { class: 'govuk-form-group' }, fieldset);
  return {
    group,
    day: day.input,
    month: month.input,
    year: year.input,
    setError(message) {
      group.classList.toggle('govuk-form-group--error', message !== null);
      for (const input of [day.input, month.input, year.input])
        input.classList.toggle('govuk-input--error', message !== null);
      error.hidden = message === null;
      error.replaceChildren();
      fieldset.setAttribute('aria-describedby', message === null ? 'dob-hint' : 'dob-hint dob-error');
      if (message !== null) error.append(h('span', { class: 'govuk-visually-hidden' }, 'Error: '), message);
    },
  };
}

function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

export async function logCallView(context: ViewContext): Promise<void> {
  const { view, me } = context;
  const heading = h('h1', { class: 'govuk-heading-l' }, 'Log a phone call');
  const callId = textInput({
    id: 'call-id',
    name: 'callId',
    label: 'Call ID',
    hint: 'From the phone system, or keep this one.',
    value: newCallId(),
    width: 'govuk-!-width-one-half',
  });
  const receivedAt = textInput({
    id: 'received-at',
    name: 'receivedAt',
    type: 'datetime-local',
    label: 'When the call came in',
    value: localNow(),
    width: 'govuk-!-width-one-half',
  });
  const callerName = textInput({
    id: 'caller-name',
    name: 'callerName',
    label: "Caller's name",
    autocomplete: 'off',
  });
  const callerPhone = textInput({
    id: 'caller-phone',
    name: 'callerPhone',
    type: 'tel',
    label: 'Phone number',
    hint: 'Give a phone number or an email address, or both.',
    width: 'govuk-input--width-20',
  });
  const callerEmail = textInput({
    id: 'caller-email',
    name: 'callerEmail',
    type: 'email',
    label: 'Email address',
    width: 'govuk-!-width-two-thirds',
  });
  const callerRole = select({
    id: 'caller-role',
    name: 'callerRole',
    label: 'The caller is',
    choices: ROLE_CHOICES,
  });
  const childName = textInput({ id: 'child-name', name: 'childName', label: "Child's name (if known)" });
  const dob = dateOfBirth();
  const school = textInput({ id: 'child-school', name: 'childSchool', label: 'School (if known)' });
  const postcode = textInput({
    id: 'child-postcode',
    name: 'childPostcode',
    label: 'Postcode (if known)',
    width: 'govuk-input--width-10',
  });
  const summary = textArea({
    id: 'summary',
    name: 'summary',
    label: 'What the call was about',
    hint: 'Include anything urgent: risk to the child, no school place, a deadline.',
    rows: 6,
  });
  const callback = checkbox({
    id: 'callback',
    name: 'callbackRequested',
    label: 'The caller asked to be called back',
  });

  const fields: Field[] = [
    callId,
    receivedAt,
    callerName,
    callerPhone,
    callerEmail,
    callerRole,
    childName,
    school,
    postcode,
    summary,
  ];
  const submit = button('Log call');
  const column = h('div', { class: 'govuk-grid-column-two-thirds' });

  function check(): FieldError[] {
    const errors: FieldError[] = [];
    if (callId.control.value.trim() === '') errors.push({ fieldId: 'call-id', message: 'Enter the call ID' });
    const when = Date.parse(receivedAt.control.value);
    if (receivedAt.control.value === '' || Number.isNaN(when)) {
      errors.push({ fieldId: 'received-at', message: 'Enter when the call came in' });
    } else if (when > Date.now() + 5 * 60_000) {
      errors.push({ fieldId: 'received-at', message: 'When the call came in must be now or in the past' });
    }
    const phone = callerPhone.control.value.trim();
    const email = callerEmail.control.value.trim();
    if (phone === '' && email === '') {
      errors.push({ fieldId: 'caller-phone', message: "Enter the caller's phone number or email address" });
    } else if (phone !== '' && !/^\+?[\d\s()-]{7,20}$/.test(phone)) {
      errors.push({ fieldId: 'caller-phone', message: 'Enter a phone number, like 07700 900123' });
    }
    if (email !== '' && !isEmail(email)) {
      errors.push({
        fieldId: 'caller-email',
        message: 'Enter an email address in the right format, like name@example.com',
      });
    }
    const parts = [dob.day.value.trim(), dob.month.value.trim(), dob.year.value.trim()];
    if (parts.some((part) => part !== '')) {
      const [d, m, y] = parts.map(Number);
      const date = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 0));
      const real =
        parts.every((part) => /^\d+$/.test(part)) &&
        parts[2]?.length === 4 &&
        date.getUTCFullYear() === y &&
        date.getUTCMonth() === (m ?? 0) - 1 &&
        date.getUTCDate() === d;
      if (!real)
        errors.push({
          fieldId: 'dob-day',
          message: "Child's date of birth must be a real date, like 2 4 2015",
        });
      else if (date.getTime() > Date.now())
        errors.push({ fieldId: 'dob-day', message: "Child's date of birth must be in the past" });
    }
    if (summary.control.value.trim() === '')
      errors.push({ fieldId: 'summary', message: 'Enter what the call was about' });
    return errors;
  }

  function show(errors: FieldError[]): void {
    showFormErrors(column, errors, fields);
    dob.setError(errors.find((error) => error.fieldId === 'dob-day')?.message ?? null);
  }

  function body(): Record<string, unknown> {
    const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
    const parts = [dob.year.value.trim(), dob.month.value.trim(), dob.day.value.trim()];
    const dateOfBirthValue = parts.every((part) => part !== '')
      ? `${parts[0]}-${(parts[1] ?? '').padStart(2, '0')}-${(parts[2] ?? '').padStart(2, '0')}`
      : undefined;
    return {
      callId: callId.control.value.trim(),
      receivedAt: new Date(receivedAt.control.value).toISOString(),
      handledBy: me.username,
      caller: {
        name: optional(callerName.control.value),
        phone: optional(callerPhone.control.value),
        email: optional(callerEmail.control.value),
        role: optional(callerRole.control.value),
      },
      child: {
        name: optional(childName.control.value),
        dateOfBirth: dateOfBirthValue,
        school: optional(school.control.value),
        postcode: optional(postcode.control.value),
      },
      summary: summary.control.value.trim(),
      callbackRequested: callback.input.checked,
    };
  }

  const form = h(
    'form',
    { novalidate: true },
    callId.group,
    receivedAt.group,
    h('h2', { class: 'govuk-heading-m' }, 'The caller'),
    callerName.group,
    callerPhone.group,
    callerEmail.group,
    callerRole.group,
    h('h2', { class: 'govuk-heading-m' }, 'The child'),
    childName.group,
    dob.group,
    school.group,
    postcode.group,
    h('h2', { class: 'govuk-heading-m' }, 'The call'),
    summary.group,
    h(
      'div',
      { class: 'govuk-form-group' },
      h('div', { class: 'govuk-checkboxes govuk-checkboxes--small' }, callback.item),
    ),
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const errors = check();
    show(errors);
    if (errors.length > 0) return;
    submit.disabled = true;
    const entry = body();
    try {
      await post('/phone-logs', entry);
      const again = button('Log another call', { type: 'button', onclick: () => context.refresh() });
      const panelTitle = h('h1', { class: 'govuk-panel__title' }, 'Call logged');
      replaceChildren(
        column,
        h(
          'div',
          { class: 'govuk-panel govuk-panel--confirmation' },
          panelTitle,
          h(
            'div',
            { class: 'govuk-panel__body' },
            'Call ID',
            h('br', {}),
            h('strong', {}, String(entry.callId)),
          ),
        ),
        h(
          'p',
          { class: 'govuk-body' },
          'It will be in the right team’s queue within a minute, with a reference and a due date.',
        ),
        again,
      );
      context.title(panelTitle, 'Call logged');
    } catch (error) {
      submit.disabled = false;
      if (error instanceof ApiError && error.fields.length > 0) {
        show(
          error.fields.map((field) => {
            const path = field.path.replace(/^\[\d+\]\.?/, '');
            return { fieldId: FIELD_IDS[path] ?? 'summary', message: field.message };
          }),
        );
        return;
      }
      show([
        {
          fieldId: 'call-id',
          message: error instanceof ApiError ? error.message : 'Logging the call did not work. Try again.',
        },
      ]);
    }
  });

  column.append(heading, form);
  view.append(h('div', { class: 'govuk-grid-row' }, column));
  context.title(heading, 'Log a phone call');
}
