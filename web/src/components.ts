/** GOV.UK Frontend patterns built with DOM APIs: tags, banners, the error summary, form fields. */
import { type Child, h, hidden, uid } from './dom';
import { label } from './format';
import type { Priority } from './types';
import { dueText } from './working-time';

const PRIORITY_TAG: Record<Priority, string> = {
  urgent: 'govuk-tag govuk-tag--red',
  high: 'govuk-tag govuk-tag--orange',
  normal: 'govuk-tag govuk-tag--grey',
};

export function priorityTag(priority: Priority): HTMLElement {
  return h('strong', { class: PRIORITY_TAG[priority] }, label(priority));
}

/**
 * Where a deadline stands in working time on the hub calendar ("Due in 2 working hours", "3
 * working days overdue"), red once breached. It changes at most once a minute, and people can stop
 * it (`liveTimesControl`); as a `timer` role, screen readers do not announce its changes (WCAG 2.2.2).
 */
export function countdown(dueIso: string, paused = false): HTMLElement {
  if (paused) return h('span', { class: 'app-countdown app-countdown--paused' }, 'Clock paused');
  const { text, breached } = dueText(dueIso, Date.now());
  return h(
    'span',
    {
      class: breached ? 'app-countdown app-countdown--breached' : 'app-countdown',
      role: 'timer',
      'data-due': dueIso,
    },
    text,
  );
}

/** How often the times on the page are brought up to date. */
const LIVE_TIMES_EVERY_MS = 60_000;
let ticker: number | undefined;
let liveTimes = true;

function updateTimes(): void {
  for (const element of document.querySelectorAll<HTMLElement>('[data-due]')) {
    const due = element.dataset.due;
    if (due === undefined) continue;
    const { text, breached } = dueText(due, Date.now());
    if (element.textContent !== text) element.textContent = text;
    element.classList.toggle('app-countdown--breached', breached);
  }
}

/** One timer for the whole page brings every due time up to date once a minute, unless stopped. */
export function startCountdowns(): void {
  if (ticker !== undefined) return;
  ticker = window.setInterval(() => {
    if (liveTimes) updateTimes();
  }, LIVE_TIMES_EVERY_MS);
}

/** A button to stop (and restart) the due times updating by themselves (WCAG 2.2.2 Pause, Stop, Hide). */
export function liveTimesControl(): HTMLElement {
  const text = () => (liveTimes ? 'Stop updating due times' : 'Update due times again');
  const control = h('button', {
    type: 'button',
    class: 'govuk-button govuk-button--secondary app-live-times',
    'data-module': 'govuk-button',
    'aria-pressed': liveTimes ? 'false' : 'true',
  });
  control.textContent = text();
  control.addEventListener('click', () => {
    liveTimes = !liveTimes;
    if (liveTimes) updateTimes();
    control.textContent = text();
    control.setAttribute('aria-pressed', liveTimes ? 'false' : 'true');
  });
  return h(
    'p',
    { class: 'govuk-body-s app-live-times__line' },
    'Due times are working time on the hub calendar and update once a minute. ',
    control,
  );
}

/** One row of a GOV.UK summary list (key and value; the value's strings become text). */
export function summaryRow(key: string, value: Child): HTMLElement {
  return h(
    'div',
    { class: 'govuk-summary-list__row' },
    h('dt', { class: 'govuk-summary-list__key' }, key),
    h('dd', { class: 'govuk-summary-list__value' }, value),
  );
}

export type BannerKind = 'success' | 'important';

/** A notification banner; `role=alert` for news the user must hear now (e.g. "taken by someone else"). */
export function banner(kind: BannerKind, heading: string, body?: Child): HTMLElement {
  const titleId = uid('banner-title');
  return h(
    'div',
    {
      class:
        kind === 'success'
          ? 'govuk-notification-banner govuk-notification-banner--success'
          : 'govuk-notification-banner',
      role: kind === 'success' ? 'status' : 'alert',
      'aria-labelledby': titleId,
      tabindex: '-1',
    },
    h(
      'div',
      { class: 'govuk-notification-banner__header' },
      h(
        'h2',
        { class: 'govuk-notification-banner__title', id: titleId },
        kind === 'success' ? 'Success' : 'Important',
      ),
    ),
    h(
      'div',
      { class: 'govuk-notification-banner__content' },
      h('p', { class: 'govuk-notification-banner__heading' }, heading),
      body === undefined ? null : h('p', { class: 'govuk-body' }, body),
    ),
  );
}

export interface FieldError {
  /** Id of the input the message is about (the summary links to it). */
  fieldId: string;
  message: string;
}

/** The GOV.UK error summary: focused, listing each problem as a link to its field. */
export function errorSummary(errors: readonly FieldError[], title = 'There is a problem'): HTMLElement {
  return h(
    'div',
    { class: 'govuk-error-summary', tabindex: '-1' },
    h(
      'div',
      { role: 'alert' },
      h('h2', { class: 'govuk-error-summary__title' }, title),
      h(
        'div',
        { class: 'govuk-error-summary__body' },
        h(
          'ul',
          { class: 'govuk-list govuk-error-summary__list' },
          errors.map((error) =>
            h(
              'li',
              {},
              h(
                'a',
                {
                  href: `#${error.fieldId}`,
                  onclick: (event: Event) => {
                    event.preventDefault();
                    document.getElementById(error.fieldId)?.focus();
                  },
                },
                error.message,
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** A form field: label, optional hint, the control, and room for an inline error. */
export interface Field {
  group: HTMLElement;
  control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  setError(message: string | null): void;
}

interface FieldOptions {
  id: string;
  label: string;
  hint?: string;
  labelClass?: string;
}

function field(
  options: FieldOptions,
  control: Field['control'],
  kind: 'input' | 'textarea' | 'select',
): Field {
  const hintId = `${options.id}-hint`;
  const errorId = `${options.id}-error`;
  const hint =
    options.hint === undefined ? null : h('div', { class: 'govuk-hint', id: hintId }, options.hint);
  const error = h('p', { class: 'govuk-error-message', id: errorId, hidden: true });
  control.id = options.id;
  if (hint !== null) control.setAttribute('aria-describedby', hintId);
  const group = h(
    'div',
    { class: 'govuk-form-group' },
    h('label', { class: `govuk-label ${options.labelClass ?? ''}`.trim(), for: options.id }, options.label),
    hint,
    error,
    control,
  );
  const errorClass = `govuk-${kind}--error`;
  return {
    group,
    control,
    setError(message) {
      group.classList.toggle('govuk-form-group--error', message !== null);
      control.classList.toggle(errorClass, message !== null);
      error.hidden = message === null;
      error.replaceChildren();
      const describedBy = [hint === null ? null : hintId, message === null ? null : errorId]
        .filter(Boolean)
        .join(' ');
      if (describedBy === '') control.removeAttribute('aria-describedby');
      else control.setAttribute('aria-describedby', describedBy);
      if (message !== null) error.append(hidden('Error: '), message);
    },
  };
}

export function textInput(
  options: FieldOptions & {
    name: string;
    type?: string;
    value?: string;
    autocomplete?: string;
    width?: string;
  },
): Field {
  const input = h('input', {
    class: `govuk-input ${options.width ?? ''}`.trim(),
    name: options.name,
    type: options.type ?? 'text',
    autocomplete: options.autocomplete,
    spellcheck: options.type === 'email' ? 'false' : undefined,
  });
  input.value = options.value ?? '';
  return field(options, input, 'input');
}

export function textArea(options: FieldOptions & { name: string; rows?: number; value?: string }): Field {
  const area = h('textarea', {
    class: 'govuk-textarea',
    name: options.name,
    rows: String(options.rows ?? 5),
  });
  area.value = options.value ?? '';
  return field(options, area, 'textarea');
}

export function select(
  options: FieldOptions & {
    name: string;
    choices: readonly { value: string; text: string }[];
    value?: string;
  },
): Field {
  const control = h(
    'select',
    { class: 'govuk-select', name: options.name },
    options.choices.map((choice) => h('option', { value: choice.value }, choice.text)),
  );
  if (options.value !== undefined) control.value = options.value;
  return field(options, control, 'select');
}

/** One GOV.UK checkbox with its label (and hint). */
export function checkbox(options: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  checked?: boolean;
  disabled?: boolean;
}): { item: HTMLElement; input: HTMLInputElement } {
  const hintId = `${options.id}-hint`;
  const input = h('input', {
    class: 'govuk-checkboxes__input',
    id: options.id,
    name: options.name,
    type: 'checkbox',
    'aria-describedby': options.hint === undefined ? undefined : hintId,
    disabled: options.disabled === true,
  });
  input.checked = options.checked === true;
  const item = h(
    'div',
    { class: 'govuk-checkboxes__item' },
    input,
    h('label', { class: 'govuk-label govuk-checkboxes__label', for: options.id }, options.label),
    options.hint === undefined
      ? null
      : h('div', { class: 'govuk-hint govuk-checkboxes__hint', id: hintId }, options.hint),
  );
  return { item, input };
}

export function button(
  text: Child,
  attrs: Record<string, string | boolean | ((event: Event) => void)> = {},
): HTMLButtonElement {
  const { class: extra, ...rest } = attrs;
  return h(
    'button',
    {
      type: 'submit',
      class: `govuk-button ${typeof extra === 'string' ? extra : ''}`.trim(),
      'data-module': 'govuk-button',
      ...rest,
    },
    text,
  );
}

/** Shows the error summary at the top of `container` and each message by its field. */
export function showFormErrors(
  container: HTMLElement,
  errors: readonly FieldError[],
  fields: readonly Field[],
): void {
  container.querySelector(':scope > .govuk-error-summary')?.remove();
  for (const candidate of fields) {
    const found = errors.find((error) => error.fieldId === candidate.control.id);
    candidate.setError(found?.message ?? null);
  }
  // GOV.UK pattern: the page title says there is an error, so screen reader users hear it first.
  const title = document.title.replace(/^Error: /, '');
  document.title = errors.length === 0 ? title : `Error: ${title}`;
  if (errors.length === 0) return;
  const summary = errorSummary(errors);
  container.prepend(summary);
  summary.focus();
}

/** The GOV.UK date input: day, month and year boxes in a fieldset, with one error for the group. */
export interface DateField {
  group: HTMLElement;
  day: HTMLInputElement;
  month: HTMLInputElement;
  year: HTMLInputElement;
  setError(message: string | null): void;
}

/** A GOV.UK date input; the boxes are `<id>-day`, `<id>-month`, `<id>-year` (focus `<id>-day` on error). */
export function dateInput(options: { id: string; name: string; legend: string; hint: string }): DateField {
  const hintId = `${options.id}-hint`;
  const errorId = `${options.id}-error`;
  const part = (suffix: string, text: string, width: string) => {
    const id = `${options.id}-${suffix}`;
    const input = h('input', {
      class: `govuk-input govuk-date-input__input ${width}`,
      id,
      name: `${options.name}${text}`,
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
  const day = part('day', 'Day', 'govuk-input--width-2');
  const month = part('month', 'Month', 'govuk-input--width-2');
  const year = part('year', 'Year', 'govuk-input--width-4');
  const error = h('p', { class: 'govuk-error-message', id: errorId, hidden: true });
  const fieldset = h(
    'fieldset',
    { class: 'govuk-fieldset', role: 'group', 'aria-describedby': hintId },
    h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, options.legend),
    h('div', { class: 'govuk-hint', id: hintId }, options.hint),
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
      fieldset.setAttribute('aria-describedby', message === null ? hintId : `${hintId} ${errorId}`);
      if (message !== null) error.append(hidden('Error: '), message);
    },
  };
}

/** A date input's value as `YYYY-MM-DD`, '' when empty, or null when it is not a real date. */
export function dateValue(field: DateField): string | null {
  const [day, month, year] = [field.day.value, field.month.value, field.year.value].map((value) =>
    value.trim(),
  );
  if (day === '' && month === '' && year === '') return '';
  if (!/^\d{1,2}$/.test(day ?? '') || !/^\d{1,2}$/.test(month ?? '') || !/^\d{4}$/.test(year ?? ''))
    return null;
  const iso = `${year}-${(month ?? '').padStart(2, '0')}-${(day ?? '').padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso ? null : iso;
}
