/**
 * Call handlers log a phone call: the phone-log contract of `POST /phone-logs` (DESIGN.md), checked
 * here first so mistakes are shown next to the field with the GOV.UK error summary, and checked
 * again by the API (whose field errors are shown the same way).
 *
 * Before logging, the caller's phone number and email address are looked up (`GET /search`): an
 * open enquiry is shown with its reference and promised date, so the handler can say them. After
 * logging, the form waits for the call to be routed (`GET /phone-logs/{callId}`) and shows the
 * reference and the date the caller will hear back, to read out before they hang up.
 */
import { ApiError, get, post } from '../api';
import {
  button,
  checkbox,
  type DateField,
  dateInput,
  type Field,
  type FieldError,
  select,
  showFormErrors,
  summaryRow,
  textArea,
  textInput,
} from '../components';
import { h, replaceChildren } from '../dom';
import { isOpen, replyDue, standing } from '../finding';
import { formatDateTime } from '../format';
import type { CallReference, SearchAnswer, SearchResult } from '../types';
import type { Cleanup, ViewContext } from '../view-context';

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

function dateOfBirth(): DateField {
  return dateInput({
    id: 'dob',
    name: 'dob',
    legend: "Child's date of birth (if known)",
    hint: 'For example, 2 4 2015',
  });
}

function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

const PHONE_PATTERN = /^\+?[\d\s()-]{7,20}$/;

/** How long the form waits for the router, and how often it asks. */
const ROUTE_WAIT_MS = 90_000;
const pollDelay = (attempt: number): number => (attempt < 20 ? 1000 : 3000);

/** The caller's open enquiries, found by their phone number and email address. */
async function openEnquiriesFor(values: readonly string[]): Promise<SearchResult[]> {
  const answers = await Promise.all(
    values.map((value) => get<SearchAnswer>(`/search?${new URLSearchParams({ q: value }).toString()}`)),
  );
  const byReference = new Map<string, SearchResult>();
  for (const result of answers.flatMap((answer) => answer.results)) {
    if (isOpen(result)) byReference.set(result.reference, result);
  }
  return [...byReference.values()];
}

function openEnquiryNotice(found: readonly SearchResult[], searched: string): HTMLElement {
  if (found.length === 0) {
    return h(
      'p',
      { class: 'govuk-body', id: 'caller-lookup-none' },
      `No open enquiry for ${searched}. Logging this call starts a new one.`,
    );
  }
  const titleId = 'caller-lookup-title';
  return h(
    'div',
    {
      class: 'govuk-notification-banner app-open-enquiry',
      role: 'region',
      'aria-labelledby': titleId,
      id: 'caller-open-enquiry',
    },
    h(
      'div',
      { class: 'govuk-notification-banner__header' },
      h(
        'h2',
        { class: 'govuk-notification-banner__title', id: titleId },
        found.length === 1 ? 'This caller has an open enquiry' : 'This caller has open enquiries',
      ),
    ),
    h(
      'div',
      { class: 'govuk-notification-banner__content' },
      found.map((result) =>
        h(
          'div',
          { class: 'app-open-enquiry__item', 'data-reference': result.reference },
          h('p', { class: 'govuk-notification-banner__heading' }, `Reference ${result.reference}`),
          h(
            'ul',
            { class: 'govuk-list' },
            h('li', {}, `Reply due: ${replyDue(result)}`),
            h('li', {}, `Where it stands: ${standing(result)}, ${result.teamName} team`),
            h('li', {}, `Received ${formatDateTime(result.receivedAt)}`),
          ),
        ),
      ),
      h(
        'p',
        { class: 'govuk-body' },
        'Tell the caller their reference and when they will hear back. A call logged from the same number or email address is added to their open enquiry.',
      ),
    ),
  );
}

export async function logCallView(context: ViewContext): Promise<Cleanup> {
  let stopped = false;
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

  // Looking up the caller: on leaving the phone or email field, or on the button.
  const lookup = h('div', {});
  const lookUpButton = button('Check for an open enquiry', {
    type: 'button',
    class: 'govuk-button--secondary govuk-!-margin-bottom-2',
    id: 'caller-lookup-button',
  });
  let lookupSequence = 0;
  let lastLookedUp = '';
  async function lookUpCaller(force: boolean): Promise<void> {
    const phone = callerPhone.control.value.trim();
    const email = callerEmail.control.value.trim();
    const values = [PHONE_PATTERN.test(phone) ? phone : null, isEmail(email) ? email : null].filter(
      (value): value is string => value !== null,
    );
    const key = values.join('|');
    if (!force && key === lastLookedUp) return;
    lastLookedUp = key;
    lookupSequence += 1;
    const mine = lookupSequence;
    if (values.length === 0) {
      replaceChildren(
        lookup,
        force
          ? h('p', { class: 'govuk-body' }, 'Enter the caller’s phone number or email address first.')
          : null,
      );
      return;
    }
    replaceChildren(lookup, h('p', { class: 'govuk-body' }, 'Checking for an open enquiry…'));
    try {
      const found = await openEnquiriesFor(values);
      if (mine !== lookupSequence || stopped) return;
      replaceChildren(lookup, openEnquiryNotice(found, values.join(' or ')));
    } catch (error) {
      if (mine !== lookupSequence || stopped) return;
      replaceChildren(
        lookup,
        h(
          'p',
          { class: 'govuk-error-message' },
          `Could not check for an open enquiry: ${error instanceof ApiError ? error.message : 'try again'}.`,
        ),
      );
    }
  }
  lookUpButton.addEventListener('click', () => void lookUpCaller(true));
  for (const control of [callerPhone.control, callerEmail.control]) {
    control.addEventListener('change', () => void lookUpCaller(false));
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
    h(
      'div',
      { class: 'govuk-form-group' },
      lookUpButton,
      h('div', { 'aria-live': 'polite', id: 'caller-lookup' }, lookup),
    ),
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
  /** After logging: waits for the router, then shows the reference and the date to tell the caller. */
  async function waitForReference(callId: string): Promise<void> {
    const heading = h('h1', { class: 'govuk-heading-l' }, 'Call logged');
    const again = () =>
      button('Log another call', {
        type: 'button',
        class: 'govuk-button--secondary',
        onclick: () => context.refresh(),
      });
    const progress = h(
      'div',
      { class: 'app-routing', id: 'call-routing', role: 'status', 'aria-busy': 'true' },
      h('p', { class: 'govuk-body govuk-!-font-weight-bold' }, 'Getting the reference…'),
      h('progress', { class: 'app-routing__bar', 'aria-label': 'Getting the reference' }),
      h(
        'p',
        { class: 'govuk-body' },
        `Call ${callId} is being added to the right team’s queue. This usually takes a few seconds: keep the caller on the line to give them their reference.`,
      ),
    );
    replaceChildren(column, heading, progress);
    context.title(heading, 'Call logged: getting the reference');

    const started = Date.now();
    let answer: CallReference | null = null;
    let problem: string | null = null;
    for (let attempt = 0; !stopped && Date.now() - started < ROUTE_WAIT_MS; attempt++) {
      try {
        const reply = await get<CallReference>(`/phone-logs/${encodeURIComponent(callId)}`);
        if (reply.state === 'routed') {
          answer = reply;
          break;
        }
      } catch (error) {
        // A network blip is worth another try; a refusal is not.
        if (!(error instanceof ApiError) || error.status !== 0) {
          problem = error instanceof ApiError ? error.message : 'Something went wrong.';
          break;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, pollDelay(attempt)));
    }
    if (stopped) return;

    if (answer === null || answer.state !== 'routed') {
      const retry = button('Check again', { type: 'button', id: 'call-routing-retry' });
      retry.addEventListener('click', () => void waitForReference(callId));
      const late = h('h1', { class: 'govuk-heading-l' }, 'Call logged: no reference yet');
      replaceChildren(
        column,
        late,
        h(
          'div',
          { class: 'govuk-warning-text', role: 'alert' },
          h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
          h(
            'strong',
            { class: 'govuk-warning-text__text' },
            h('span', { class: 'govuk-visually-hidden' }, 'Warning'),
            problem ??
              `Call ${callId} is logged and will reach the team’s queue, but its reference is not ready yet.`,
          ),
        ),
        h(
          'p',
          { class: 'govuk-body' },
          'The caller will get the reference and the date by email if they gave an address. You can check again now.',
        ),
        h('div', { class: 'govuk-button-group' }, retry, again()),
      );
      context.title(late, 'Call logged: no reference yet');
      return;
    }

    const panelTitle = h('h1', { class: 'govuk-panel__title', id: 'call-reference' }, answer.reference);
    replaceChildren(
      column,
      h(
        'div',
        { class: 'govuk-panel govuk-panel--confirmation' },
        panelTitle,
        h('div', { class: 'govuk-panel__body' }, 'Reference for call ', h('strong', {}, callId)),
      ),
      h('h2', { class: 'govuk-heading-m' }, 'Tell the caller'),
      h(
        'div',
        { class: 'govuk-inset-text app-tell-caller', id: 'tell-the-caller' },
        `Your reference is ${answer.reference}. We will get back to you by ${answer.responseDueText}.`,
      ),
      h(
        'dl',
        { class: 'govuk-summary-list' },
        summaryRow('Reply by', answer.responseDueText),
        summaryRow('Team', answer.teamName),
        h(
          'div',
          { class: 'govuk-summary-list__row' },
          h('dt', { class: 'govuk-summary-list__key' }, 'This call'),
          h(
            'dd',
            { class: 'govuk-summary-list__value', id: 'call-joined' },
            answer.joinedExisting ? 'Added to the caller’s open enquiry' : 'Started a new enquiry',
          ),
        ),
      ),
      again(),
    );
    context.title(panelTitle, `Call logged: ${answer.reference}`);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const errors = check();
    show(errors);
    if (errors.length > 0) return;
    submit.disabled = true;
    const entry = body();
    try {
      await post('/phone-logs', entry);
      lookupSequence += 1;
      void waitForReference(String(entry.callId));
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
  return () => {
    stopped = true;
  };
}
