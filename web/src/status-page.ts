/**
 * The parents' status page (`/status`, no sign-in): the reference and the email address or phone
 * number the enquiry came from go to `POST /status`; the answer is where the enquiry stands, the
 * team, the date we promised to reply by and the last update, and nothing else. A wrong reference
 * and a wrong email or phone get the same message (the API cannot tell them apart either); too
 * many tries say to wait. Every answer is set as text, never as HTML.
 */
import { button, type FieldError, showFormErrors, summaryRow, textInput } from './components';
import { loadConfig } from './config';
import { h, replaceChildren } from './dom';
import { formatDay } from './format';
import type { PublicEnquiryStatus } from './types';

const NOT_FOUND =
  'We could not find an enquiry with that reference and email address or phone number. Check both and try again.';

const FIELD_IDS: Record<string, string> = { reference: 'reference', verifier: 'verifier' };

const FIELD_NAMES: Record<string, string> = {
  reference: 'Reference',
  verifier: 'Email address or phone number',
};

function result(status: PublicEnquiryStatus): { section: HTMLElement; heading: HTMLElement } {
  const heading = h(
    'h2',
    { class: 'govuk-heading-m', id: 'status-result-heading', tabindex: '-1' },
    `Enquiry ${status.reference}`,
  );
  const section = h(
    'section',
    { class: 'app-status-result', 'aria-labelledby': 'status-result-heading', id: 'status-result' },
    heading,
    h(
      'dl',
      { class: 'govuk-summary-list' },
      summaryRow('Where it stands', status.statusText.charAt(0).toUpperCase() + status.statusText.slice(1)),
      summaryRow('Team', status.teamName),
      summaryRow('We will reply by', status.promisedByText ?? 'No reply is due from us at the moment'),
      summaryRow('Last update', formatDay(status.lastUpdate)),
    ),
    h(
      'p',
      { class: 'govuk-body' },
      'To tell us something new, reply to our email or call us, quoting your reference.',
    ),
  );
  return { section, heading };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Field problems from a 400 answer, in the page's words. */
function fieldErrors(body: unknown): FieldError[] {
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const fields = Array.isArray(error.fields) ? error.fields.filter(isRecord) : [];
  const errors = fields.flatMap((field) => {
    const path = typeof field.path === 'string' ? field.path : '';
    const message = typeof field.message === 'string' ? field.message : 'is not right';
    const fieldId = FIELD_IDS[path];
    return fieldId === undefined ? [] : [{ fieldId, message: `${FIELD_NAMES[path] ?? path} ${message}` }];
  });
  return errors.length > 0
    ? errors
    : [{ fieldId: 'reference', message: 'Enter your reference and the email address or phone number' }];
}

async function boot(): Promise<void> {
  const config = await loadConfig();
  const column = document.getElementById('status-column');
  const formSlot = document.getElementById('status-form');
  const answer = document.getElementById('status-answer');
  if (column === null || formSlot === null || answer === null) return;
  const pageTitle = document.title;
  // The skip link moves focus only (no jump in the address).
  document.getElementById('skip-link')?.addEventListener('click', (event) => {
    event.preventDefault();
    document.getElementById('main-content')?.focus();
  });

  const reference = textInput({
    id: 'reference',
    name: 'reference',
    label: 'Reference',
    hint: 'For example, SEND-7K3M9Q',
    autocomplete: 'off',
    width: 'govuk-input--width-10',
  });
  reference.control.setAttribute('spellcheck', 'false');
  const verifier = textInput({
    id: 'verifier',
    name: 'verifier',
    label: 'Email address or phone number',
    hint: 'The one you contacted us from',
    autocomplete: 'off',
    width: 'govuk-!-width-two-thirds',
  });
  const fields = [reference, verifier];
  const submit = button('Check');
  const form = h('form', { novalidate: true }, reference.group, verifier.group, submit);
  replaceChildren(formSlot, form);

  function problem(errors: FieldError[], markFields: boolean): void {
    replaceChildren(answer as HTMLElement);
    document.title = pageTitle;
    showFormErrors(column as HTMLElement, errors, markFields ? fields : []);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const given = { reference: reference.control.value.trim(), verifier: verifier.control.value.trim() };
    const missing: FieldError[] = [];
    if (given.reference === '')
      missing.push({ fieldId: 'reference', message: 'Enter your reference, like SEND-7K3M9Q' });
    if (given.verifier === '')
      missing.push({
        fieldId: 'verifier',
        message: 'Enter the email address or phone number you contacted us from',
      });
    if (missing.length > 0) {
      problem(missing, true);
      return;
    }
    submit.disabled = true;
    replaceChildren(answer, h('p', { class: 'govuk-body', role: 'status' }, 'Checking…'));
    let response: Response;
    try {
      response = await fetch(`${config.apiBaseUrl}/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(given),
      });
    } catch {
      submit.disabled = false;
      problem(
        [
          {
            fieldId: 'reference',
            message: 'We could not reach the service. Check your connection and try again.',
          },
        ],
        false,
      );
      return;
    }
    submit.disabled = false;
    const body: unknown = await response.json().catch(() => null);
    if (response.status === 200 && isRecord(body)) {
      showFormErrors(column, [], fields);
      document.title = `Enquiry ${String(body.reference)} – ${pageTitle}`;
      const shown = result(body as unknown as PublicEnquiryStatus);
      replaceChildren(answer, shown.section);
      shown.heading.focus();
      return;
    }
    if (response.status === 429) {
      const wait = Number(response.headers.get('retry-after'));
      problem(
        [
          {
            fieldId: 'reference',
            message: `You have tried too many times. Wait ${Number.isFinite(wait) && wait > 0 ? `${wait} seconds` : 'a minute'}, then try again.`,
          },
        ],
        false,
      );
      return;
    }
    if (response.status === 404) {
      problem([{ fieldId: 'reference', message: NOT_FOUND }], false);
      return;
    }
    if (response.status === 400) {
      problem(fieldErrors(body), true);
      return;
    }
    problem(
      [{ fieldId: 'reference', message: 'Something went wrong on our side. Try again in a few minutes.' }],
      false,
    );
  });
}

void boot();
