/**
 * Statutory processes on the enquiry page (each milestone's due date, state and the sentence that
 * explains the date; forms to start a process, record a milestone done, record an exception) and a
 * manager's list of the team's deadlines missed or due soon on the dashboard.
 */
import { ApiError, get, post } from '../api';
import { banner, button, select, textArea, textInput } from '../components';
import { type Child, h } from '../dom';
import { formatDateTime, label } from '../format';
import type {
  EnquiryStatutory,
  MilestoneView,
  StatutoryProcessView as ProcessView,
  TeamStatutory,
} from '../types';
import type { ViewContext } from '../view-context';

const PROCESSES = [
  { value: 'ehc-assessment', text: 'EHC needs assessment' },
  { value: 'annual-review', text: 'Annual review of an EHC plan' },
  { value: 'complaint', text: 'Complaint' },
];

const EXCEPTIONS: Record<string, { value: string; text: string }[]> = {
  'ehc-assessment': [
    { value: 'school-closure', text: 'School or setting closed for 4 weeks or more' },
    { value: 'exceptional-personal-circumstances', text: 'Exceptional personal circumstances' },
    { value: 'absent-from-area', text: 'Away from the area for 4 weeks or more' },
    { value: 'missed-appointment', text: 'An appointment was missed' },
  ],
  complaint: [{ value: 'extension', text: 'Response extended (complex complaint)' }],
  'annual-review': [],
};

const STATE_TEXT: Record<string, string> = {
  'not-started': 'Not started',
  due: 'Due',
  paused: 'Paused (exception)',
  missed: 'Missed',
  met: 'Done in time',
  'met-late': 'Done late',
  'not-needed': 'Not needed',
};

function dueText(value: string | null): string {
  if (value === null) return '—';
  return value.length === 10 ? value : formatDateTime(value);
}

function stateTag(milestone: MilestoneView): HTMLElement {
  const colour =
    milestone.state === 'missed' || milestone.state === 'met-late'
      ? 'govuk-tag--red'
      : milestone.state === 'met'
        ? 'govuk-tag--green'
        : milestone.state === 'paused'
          ? 'govuk-tag--yellow'
          : milestone.dueSoon
            ? 'govuk-tag--orange'
            : 'govuk-tag--grey';
  const text = `${STATE_TEXT[milestone.state] ?? label(milestone.state)}${milestone.dueSoon ? ', soon' : ''}`;
  return h('strong', { class: `govuk-tag ${colour}` }, text);
}

function failure(error: unknown): HTMLElement {
  const message = error instanceof ApiError ? error.message : 'That did not work. Try again.';
  const fields =
    error instanceof ApiError ? error.fields.map((field) => `${field.path}: ${field.message}`) : [];
  return banner('important', message, fields.length === 0 ? undefined : fields.join('; '));
}

/** A small form that posts and refreshes the page, or shows what was wrong above itself. */
function actionForm(
  context: ViewContext,
  title: string,
  fields: Child[],
  submitText: string,
  send: () => Promise<unknown>,
  done: string,
): HTMLElement {
  const problem = h('div', {});
  const form = h(
    'form',
    {
      class: 'app-statutory-form',
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        problem.replaceChildren();
        try {
          await send();
          context.refresh({ kind: 'success', heading: done });
        } catch (error) {
          problem.replaceChildren(failure(error));
        }
      },
    },
    h('h4', { class: 'govuk-heading-s' }, title),
    problem,
    fields,
    button(submitText, { class: 'govuk-button--secondary' }),
  );
  return form;
}

function processBlock(context: ViewContext, enquiryId: string, process: ProcessView): HTMLElement {
  const base = `/enquiries/${encodeURIComponent(enquiryId)}/statutory/${encodeURIComponent(process.id)}`;
  const rows = process.schedule.milestones.map((milestone) =>
    h(
      'tr',
      { class: 'govuk-table__row' },
      h('th', { scope: 'row', class: 'govuk-table__header' }, milestone.label),
      h(
        'td',
        { class: 'govuk-table__cell' },
        dueText(milestone.due),
        milestone.pausedDays > 0 && milestone.statutoryDue !== null
          ? h('span', { class: 'app-block govuk-hint' }, `statutory date ${dueText(milestone.statutoryDue)}`)
          : null,
      ),
      h('td', { class: 'govuk-table__cell' }, stateTag(milestone)),
      h(
        'td',
        { class: 'govuk-table__cell govuk-body-s' },
        milestone.explanation,
        milestone.outcome === null
          ? null
          : h('span', { class: 'app-block' }, `Outcome: ${label(milestone.outcome)}`),
      ),
    ),
  );
  const open = process.schedule.milestones.filter((m) => !['not-needed'].includes(m.state));
  const choices = open.flatMap((m) =>
    m.outcomes.length === 0
      ? [{ value: m.name, text: m.label }]
      : m.outcomes.map((outcome) => ({
          value: `${m.name}:${outcome}`,
          text: `${m.label}: ${label(outcome)}`,
        })),
  );
  const idPrefix = `stat-${process.id}`;
  const milestoneField = select({
    id: `${idPrefix}-milestone`,
    name: 'milestone',
    label: 'Milestone',
    choices,
  });
  const onField = textInput({
    id: `${idPrefix}-on`,
    name: 'on',
    type: 'date',
    label: 'Done on',
    hint: 'Leave empty for today',
  });
  const exceptionKinds = EXCEPTIONS[process.schedule.process] ?? [];
  const kindField = select({
    id: `${idPrefix}-kind`,
    name: 'kind',
    label: 'Reason',
    choices: exceptionKinds,
  });
  const fromField = textInput({ id: `${idPrefix}-from`, name: 'from', type: 'date', label: 'From' });
  const toField = textInput({ id: `${idPrefix}-to`, name: 'to', type: 'date', label: 'To (inclusive)' });
  const noteField = textArea({ id: `${idPrefix}-note`, name: 'note', label: 'Note (optional)', rows: 2 });
  return h(
    'div',
    { class: 'app-statutory-process', 'data-process': process.id },
    h(
      'h3',
      { class: 'govuk-heading-s' },
      `${process.schedule.label} (from ${dueText(process.schedule.start)})`,
    ),
    h(
      'table',
      { class: 'govuk-table' },
      h(
        'caption',
        { class: 'govuk-table__caption govuk-visually-hidden' },
        `${process.schedule.label} milestones`,
      ),
      h(
        'thead',
        { class: 'govuk-table__head' },
        h(
          'tr',
          { class: 'govuk-table__row' },
          ['Milestone', 'Due', 'State', 'Why this date'].map((title) =>
            h('th', { scope: 'col', class: 'govuk-table__header' }, title),
          ),
        ),
      ),
      h('tbody', { class: 'govuk-table__body' }, rows),
    ),
    process.schedule.exceptions.length === 0
      ? null
      : h(
          'ul',
          { class: 'govuk-list govuk-list--bullet govuk-body-s' },
          process.schedule.exceptions.map((exception) =>
            h(
              'li',
              {},
              `Exception: ${exception.label}, ${exception.from} to ${exception.to} (${exception.days} days)${exception.note === null ? '' : `: ${exception.note}`}`,
            ),
          ),
        ),
    h(
      'details',
      { class: 'govuk-details' },
      h(
        'summary',
        { class: 'govuk-details__summary' },
        h('span', { class: 'govuk-details__summary-text' }, 'Who did what'),
      ),
      h(
        'ul',
        { class: 'govuk-details__text govuk-list govuk-body-s' },
        process.history.map((entry) =>
          h('li', {}, `${formatDateTime(entry.at)}: ${entry.what} (${entry.by})`),
        ),
      ),
    ),
    choices.length === 0
      ? null
      : actionForm(
          context,
          'Record a milestone done',
          [milestoneField.group, onField.group],
          'Record',
          async () => {
            const [milestone = '', outcome] = milestoneField.control.value.split(':');
            await post(`${base}/milestones`, {
              milestone,
              ...(outcome === undefined ? {} : { outcome }),
              ...(onField.control.value === '' ? {} : { on: onField.control.value }),
            });
          },
          'Milestone recorded',
        ),
    exceptionKinds.length === 0
      ? null
      : actionForm(
          context,
          'Record an exception to the time limits',
          [kindField.group, fromField.group, toField.group, noteField.group],
          'Record exception',
          async () => {
            await post(`${base}/exceptions`, {
              kind: kindField.control.value,
              from: fromField.control.value,
              to: toField.control.value,
              ...(noteField.control.value.trim() === '' ? {} : { note: noteField.control.value }),
            });
          },
          'Exception recorded: the due dates have moved',
        ),
  );
}

/** The enquiry page's "Statutory processes" section. */
export async function statutorySection(context: ViewContext, enquiryId: string): Promise<HTMLElement> {
  const base = `/enquiries/${encodeURIComponent(enquiryId)}/statutory`;
  let data: EnquiryStatutory;
  try {
    data = await get<EnquiryStatutory>(base);
  } catch (error) {
    return h('section', { class: 'app-section' }, failure(error));
  }
  const processField = select({
    id: 'stat-start-process',
    name: 'process',
    label: 'Process',
    choices: PROCESSES,
    value: data.proposal?.process ?? 'ehc-assessment',
  });
  const startField = textInput({
    id: 'stat-start-date',
    name: 'start',
    type: 'date',
    label: 'Clock starts on',
    hint: 'Leave empty to count from when the hub received the enquiry. For an annual review: the date the plan was issued or last reviewed.',
  });
  return h(
    'section',
    { class: 'app-section', 'aria-labelledby': 'statutory-heading' },
    h('h2', { class: 'govuk-heading-m', id: 'statutory-heading' }, 'Statutory processes'),
    data.proposal === null
      ? null
      : h(
          'div',
          { class: 'govuk-inset-text', 'data-proposal': data.proposal.process },
          h(
            'p',
            { class: 'govuk-body' },
            `Triage suggests: ${label(data.proposal.process)}. ${data.proposal.reason}`,
          ),
          button(`Start ${PROCESSES.find((p) => p.value === data.proposal?.process)?.text ?? 'it'}`, {
            type: 'button',
            onclick: async (event: Event) => {
              const target = event.currentTarget as HTMLButtonElement;
              target.disabled = true;
              try {
                await post(base, { process: data.proposal?.process });
                context.refresh({ kind: 'success', heading: 'Process started: its deadlines are below' });
              } catch (error) {
                target.disabled = false;
                target.after(failure(error));
              }
            },
          }),
        ),
    data.processes.length === 0
      ? h('p', { class: 'govuk-body' }, 'No statutory process is running on this enquiry.')
      : data.processes.map((process) => processBlock(context, enquiryId, process)),
    h(
      'details',
      { class: 'govuk-details' },
      h(
        'summary',
        { class: 'govuk-details__summary' },
        h('span', { class: 'govuk-details__summary-text' }, 'Start a process'),
      ),
      h(
        'div',
        { class: 'govuk-details__text' },
        actionForm(
          context,
          'Start a statutory process',
          [processField.group, startField.group],
          'Start',
          async () => {
            await post(base, {
              process: processField.control.value,
              ...(startField.control.value === '' ? {} : { start: startField.control.value }),
            });
          },
          'Process started: its deadlines are below',
        ),
      ),
    ),
  );
}

/** The dashboard's list of the team's statutory deadlines missed, due soon or paused. */
export async function statutoryDeadlines(team: string): Promise<HTMLElement> {
  let data: TeamStatutory;
  try {
    data = await get<TeamStatutory>(`/statutory?team=${encodeURIComponent(team)}`);
  } catch (error) {
    return h('section', { class: 'app-section' }, failure(error));
  }
  const rows = [
    ...data.missed.map((entry) => ({ entry, state: 'Missed' })),
    ...data.dueSoon.map((entry) => ({ entry, state: 'Due soon' })),
    ...data.paused.map((entry) => ({ entry, state: 'Paused (exception)' })),
  ];
  return h(
    'section',
    { class: 'app-section', 'aria-labelledby': 'deadlines-heading' },
    h('h2', { class: 'govuk-heading-m', id: 'deadlines-heading' }, 'Statutory deadlines'),
    h(
      'p',
      { class: 'govuk-body-s' },
      `${data.running} running ${data.running === 1 ? 'process' : 'processes'} (EHC assessments, annual reviews, complaints); ${data.missed.length} missed, ${data.dueSoon.length} due soon.`,
    ),
    rows.length === 0
      ? h('p', { class: 'govuk-body' }, 'No statutory deadline is missed or due soon.')
      : h(
          'table',
          { class: 'govuk-table' },
          h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, 'Statutory deadlines'),
          h(
            'thead',
            { class: 'govuk-table__head' },
            h(
              'tr',
              { class: 'govuk-table__row' },
              ['Enquiry', 'Process', 'Milestone', 'Due', 'State'].map((title) =>
                h('th', { scope: 'col', class: 'govuk-table__header' }, title),
              ),
            ),
          ),
          h(
            'tbody',
            { class: 'govuk-table__body' },
            rows.map(({ entry, state }) =>
              h(
                'tr',
                { class: 'govuk-table__row' },
                h(
                  'td',
                  { class: 'govuk-table__cell' },
                  h(
                    'a',
                    { class: 'govuk-link', href: `#/enquiries/${encodeURIComponent(entry.enquiryId)}` },
                    entry.enquiryId,
                  ),
                ),
                h('td', { class: 'govuk-table__cell' }, entry.processLabel),
                h('td', { class: 'govuk-table__cell' }, entry.milestone.label),
                h('td', { class: 'govuk-table__cell' }, dueText(entry.milestone.due)),
                h(
                  'td',
                  { class: 'govuk-table__cell' },
                  stateTag(entry.milestone),
                  h('span', { class: 'govuk-visually-hidden' }, state),
                ),
              ),
            ),
          ),
        ),
  );
}
