/**
 * The parents' status page (`/status`, no sign-in): posts the reference and the email or phone to
 * `POST /status` and shows where the enquiry stands, the team, the promised date and the last
 * update. Every answer is shown as text (never HTML).
 */
import { loadConfig } from './config';
import { h, replaceChildren } from './dom';

interface PublicStatus {
  reference: string;
  statusText: string;
  teamName: string;
  promisedByText: string | null;
  lastUpdate: string;
}

function dateText(instant: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(instant));
}

async function check(
  apiBaseUrl: string,
  answer: HTMLElement,
  reference: string,
  verifier: string,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${apiBaseUrl}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ reference, verifier }),
    });
  } catch {
    replaceChildren(
      answer,
      h('p', { class: 'govuk-error-message' }, 'We could not reach the service. Try again.'),
    );
    return;
  }
  if (response.status === 200) {
    const status = (await response.json()) as PublicStatus;
    replaceChildren(
      answer,
      h(
        'div',
        { class: 'govuk-panel govuk-panel--confirmation app-status-panel' },
        h('h2', { class: 'govuk-panel__title' }, status.reference),
      ),
      h(
        'dl',
        { class: 'govuk-summary-list' },
        ...[
          ['Where it stands', status.statusText],
          ['Team', status.teamName],
          ['We will reply by', status.promisedByText ?? '—'],
          ['Last update', dateText(status.lastUpdate)],
        ].map(([key, value]) =>
          h(
            'div',
            { class: 'govuk-summary-list__row' },
            h('dt', { class: 'govuk-summary-list__key' }, key ?? ''),
            h('dd', { class: 'govuk-summary-list__value' }, value ?? ''),
          ),
        ),
      ),
    );
    return;
  }
  const message =
    response.status === 429
      ? 'Too many tries. Wait a minute and try again.'
      : response.status === 404
        ? 'We could not find an enquiry with that reference and email address or phone number. Check both and try again.'
        : 'Enter the reference and the email address or phone number.';
  replaceChildren(
    answer,
    h('div', { class: 'govuk-error-summary', role: 'alert' }, h('p', { class: 'govuk-body' }, message)),
  );
}

async function boot(): Promise<void> {
  const config = await loadConfig();
  const form = document.getElementById('status-form');
  const answer = document.getElementById('status-answer');
  if (!(form instanceof HTMLFormElement) || answer === null) return;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    void check(
      config.apiBaseUrl,
      answer,
      String(data.get('reference') ?? ''),
      String(data.get('verifier') ?? ''),
    );
  });
}

void boot();
