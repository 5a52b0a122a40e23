/**
 * "Correct triage" on the enquiry page: a person changes priority, topic, district (which moves the
 * enquiry to the team serving it, keeping its clock) or the safeguarding flag, always saying why.
 * Only what changed is sent; each change lands on the timeline with before and after. Problems are
 * shown in the GOV.UK error summary, linked to the control they are about.
 */
import { CATEGORY_ORDER, CATEGORY_WORDS } from '../../../shared/domain/category-words';
import {
  button,
  checkbox,
  type Field,
  type FieldError,
  select,
  showFormErrors,
  textArea,
} from '../components';
import { h, hidden } from '../dom';
import { label } from '../format';
import type { District, Priority, SafeguardingCategory, Topic } from '../types';
import { type Act, act } from './enquiry-act';

/** Every value of each label, in the taxonomy's order (the compiler checks none is missing). */
const PRIORITY_CHOICES = Object.keys({ urgent: 1, high: 1, normal: 1 } satisfies Record<Priority, 1>);
const TOPIC_CHOICES = Object.keys({
  assessment: 1,
  'annual-review': 1,
  placement: 1,
  transport: 1,
  tribunal: 1,
  complaint: 1,
  health: 1,
  funding: 1,
  attendance: 1,
  general: 1,
} satisfies Record<Topic, 1>);
const DISTRICT_CHOICES = Object.keys({
  ashford: 1,
  canterbury: 1,
  dartford: 1,
  dover: 1,
  'folkestone-hythe': 1,
  gravesham: 1,
  maidstone: 1,
  sevenoaks: 1,
  swale: 1,
  thanet: 1,
  'tonbridge-malling': 1,
  'tunbridge-wells': 1,
  'out-of-area': 1,
  unknown: 1,
} satisfies Record<District, 1>);

const IDS = {
  priority: 'correct-priority',
  topic: 'correct-topic',
  district: 'correct-district',
  concern: 'correct-concern-yes',
  categories: `correct-category-${CATEGORY_ORDER[0] ?? 'physical-abuse'}`,
  reason: 'correct-reason',
} as const;

/** The API's field paths, as this form's controls. */
const OVERRIDES: Record<string, string> = {
  priority: IDS.priority,
  topic: IDS.topic,
  district: IDS.district,
  safeguarding: IDS.concern,
  'safeguarding.concern': IDS.concern,
  'safeguarding.categories': IDS.categories,
  reason: IDS.reason,
};

const NAMES: Record<string, string> = {
  priority: 'Priority',
  topic: 'Topic',
  district: 'District',
  'safeguarding.concern': 'Safeguarding concern',
  'safeguarding.categories': 'Kinds of concern',
  reason: 'Reason',
};

function choices(values: readonly string[]): { value: string; text: string }[] {
  return values.map((value) => ({ value, text: label(value) }));
}

function radio(
  id: string,
  value: string,
  text: string,
  checked: boolean,
): { item: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { class: 'govuk-radios__input', id, name: 'concern', type: 'radio', value });
  input.checked = checked;
  const item = h(
    'div',
    { class: 'govuk-radios__item' },
    input,
    h('label', { class: 'govuk-label govuk-radios__label', for: id }, text),
  );
  return { item, input };
}

/** The body to send: only the labels that differ from what the enquiry says now, and the reason. */
export function correctionBody(
  current: {
    priority: Priority;
    topic: Topic;
    district: District;
    safeguarding: { concern: boolean; categories: readonly SafeguardingCategory[] };
  },
  chosen: {
    priority: string;
    topic: string;
    district: string;
    concern: boolean;
    categories: readonly SafeguardingCategory[];
  },
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (chosen.priority !== current.priority) body.priority = chosen.priority;
  if (chosen.topic !== current.topic) body.topic = chosen.topic;
  if (chosen.district !== current.district) body.district = chosen.district;
  const sameCategories =
    chosen.categories.length === current.safeguarding.categories.length &&
    chosen.categories.every((category) => current.safeguarding.categories.includes(category));
  if (chosen.concern !== current.safeguarding.concern || (chosen.concern && !sameCategories)) {
    body.safeguarding = { concern: chosen.concern, categories: chosen.concern ? [...chosen.categories] : [] };
  }
  return body;
}

export function correctTriageForm(
  a: Act,
  savedReason: string,
): { section: HTMLElement; area: HTMLTextAreaElement } {
  const { enquiry } = a.detail;
  const priority = select({
    id: IDS.priority,
    name: 'priority',
    label: 'Priority',
    choices: choices(PRIORITY_CHOICES),
    value: enquiry.priority,
  });
  const topic = select({
    id: IDS.topic,
    name: 'topic',
    label: 'Topic',
    choices: choices(TOPIC_CHOICES),
    value: enquiry.topic,
  });
  const district = select({
    id: IDS.district,
    name: 'district',
    label: 'District',
    hint: 'A district served by another team moves the enquiry to that team’s queue. Its response clock is kept.',
    choices: choices(DISTRICT_CHOICES),
    value: enquiry.district,
  });
  const yes = radio(IDS.concern, 'yes', 'There is a safeguarding concern', enquiry.safeguarding.concern);
  const no = radio('correct-concern-no', 'no', 'No safeguarding concern', !enquiry.safeguarding.concern);
  const boxes = CATEGORY_ORDER.map((category) => ({
    category,
    ...checkbox({
      id: `correct-category-${category}`,
      name: 'categories',
      label: CATEGORY_WORDS[category],
      checked: enquiry.safeguarding.categories.includes(category),
    }),
  }));
  const reason = textArea({
    id: IDS.reason,
    name: 'reason',
    label: 'Why was triage wrong?',
    hint: 'Required. It goes on the enquiry’s timeline with what you changed.',
    rows: 3,
    value: savedReason,
  });

  // Errors on the concern and its kinds are shown on their fieldsets (GOV.UK pattern for groups).
  const concernError = h('p', { class: 'govuk-error-message', id: 'correct-concern-error', hidden: true });
  const categoriesError = h('p', {
    class: 'govuk-error-message',
    id: 'correct-categories-error',
    hidden: true,
  });
  const concernGroup = h(
    'div',
    { class: 'govuk-form-group' },
    h(
      'fieldset',
      { class: 'govuk-fieldset' },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, 'Safeguarding'),
      concernError,
      h('div', { class: 'govuk-radios govuk-radios--small' }, yes.item, no.item),
    ),
  );
  const categoriesGroup = h(
    'div',
    { class: 'govuk-form-group' },
    h(
      'fieldset',
      { class: 'govuk-fieldset', 'aria-describedby': 'correct-categories-hint' },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, 'Kinds of concern'),
      h(
        'div',
        { class: 'govuk-hint', id: 'correct-categories-hint' },
        'Tick every kind that applies. Needed when there is a concern.',
      ),
      categoriesError,
      h(
        'div',
        { class: 'govuk-checkboxes govuk-checkboxes--small app-correction-categories' },
        boxes.map((box) => box.item),
      ),
    ),
  );
  const groupField = (group: HTMLElement, error: HTMLElement, control: HTMLInputElement): Field => ({
    group,
    control,
    setError(message) {
      group.classList.toggle('govuk-form-group--error', message !== null);
      error.hidden = message === null;
      error.replaceChildren();
      if (message !== null) error.append(hidden('Error: '), message);
    },
  });
  const concernField = groupField(concernGroup, concernError, yes.input);
  const firstBox = boxes[0]?.input ?? yes.input;
  const categoriesField = groupField(categoriesGroup, categoriesError, firstBox);

  const submit = button('Save corrections', { class: 'govuk-button--secondary' });
  submit.id = 'correct-submit';
  const container = h('section', { class: 'app-section', 'aria-labelledby': 'correct-heading' });
  const fields = [priority, topic, district, concernField, categoriesField, reason];
  const form = h(
    'form',
    { novalidate: true },
    h(
      'p',
      { class: 'govuk-body-s' },
      'Change what triage got wrong. Each change is recorded with the reason, and counted in the hub’s measure of triage accuracy.',
    ),
    priority.group,
    topic.group,
    district.group,
    concernGroup,
    categoriesGroup,
    reason.group,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const concern = yes.input.checked;
    const categories = boxes.filter((box) => box.input.checked).map((box) => box.category);
    const body = correctionBody(enquiry, {
      priority: priority.control.value,
      topic: topic.control.value,
      district: district.control.value,
      concern,
      categories,
    });
    const errors: FieldError[] = [];
    if (Object.keys(body).length === 0) {
      errors.push({
        fieldId: IDS.priority,
        message: 'Change at least one of priority, topic, district or the safeguarding flag',
      });
    }
    if (concern && categories.length === 0) {
      errors.push({ fieldId: IDS.categories, message: 'Tick at least one kind of concern' });
    }
    if (concern && priority.control.value !== 'urgent' && priority.control.value !== enquiry.priority) {
      errors.push({
        fieldId: IDS.priority,
        message: 'An enquiry with a safeguarding concern is urgent: clear the concern to lower it',
      });
    }
    if (reason.control.value.trim() === '') {
      errors.push({ fieldId: IDS.reason, message: 'Say why triage was wrong' });
    }
    if (errors.length > 0) {
      showFormErrors(container, errors, fields);
      return;
    }
    const changed = Object.keys(body).map((name) => (name === 'safeguarding' ? 'safeguarding flag' : name));
    void act(
      a,
      'corrections',
      { ...body, reason: reason.control.value.trim(), expectedVersion: enquiry.version },
      (result) => {
        const heading = `Triage corrected: ${changed.join(', ')}`;
        const team = result.enquiry.team;
        // Moved to a team the user does not work in: they can no longer open it, so go to their queue.
        if (team === enquiry.team || a.context.me.teams.some((mine) => mine.id === team)) return { heading };
        return {
          heading: `${heading}. ${enquiry.id} is now in the ${label(team)} team’s queue.`,
          goTo: '#/queue',
        };
      },
      { container, fields, defaultField: IDS.priority, submit, overrides: OVERRIDES, names: NAMES },
    );
  });
  container.append(h('h2', { class: 'govuk-heading-m', id: 'correct-heading' }, 'Correct triage'), form);
  return { section: container, area: reason.control as HTMLTextAreaElement };
}
