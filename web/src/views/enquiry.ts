/**
 * One enquiry: its details, why triage ranked it so, the whole timeline, and the forms to claim,
 * respond, note, resolve, reopen, release or reassign it.
 *
 * Everything an enquirer wrote (names, subjects, message bodies) is untrusted and is only ever set
 * as text: an email's HTML or script is shown as the characters it is made of and never runs.
 * Every change sends the version this page showed; if someone else changed the enquiry meanwhile,
 * the page reloads it and keeps what the user typed.
 */
import { ApiError, get, post } from '../api';
import {
  banner,
  button,
  checkbox,
  countdown,
  type Field,
  type FieldError,
  priorityTag,
  select,
  showFormErrors,
  textArea,
  textInput,
} from '../components';
import { type Child, h, replaceChildren } from '../dom';
import { formatDateTime, formatWorkingMinutes, label } from '../format';
import type { Caseworker, Enquiry, EnquiryDetail, TimelineItem } from '../types';
import type { Flash, ViewContext } from '../view-context';

/** What the user had typed, kept across a reload after a version conflict. */
interface Draft {
  response: string;
  note: string;
}

const VERSION_CONFLICT: Flash = {
  kind: 'important',
  heading: 'Someone else changed this enquiry while you were working on it.',
  body: 'The latest version is shown below and your text has been kept. Check it, then try again.',
};

function summaryRow(key: string, value: Child): HTMLElement {
  return h(
    'div',
    { class: 'govuk-summary-list__row' },
    h('dt', { class: 'govuk-summary-list__key' }, key),
    h('dd', { class: 'govuk-summary-list__value' }, value),
  );
}

function requesterText(enquiry: Enquiry): Child {
  const { name, email, phone } = enquiry.requester;
  return [
    h('span', { class: 'app-block' }, name ?? 'Name not given'),
    email === null ? null : h('span', { class: 'app-block' }, email),
    phone === null ? null : h('span', { class: 'app-block' }, phone),
  ];
}

function dueValue(enquiry: Enquiry): Child {
  if (enquiry.status === 'resolved')
    return `Resolved ${formatDateTime(enquiry.resolvedAt ?? enquiry.responseDueAt)}`;
  if (enquiry.status === 'answered') return 'Answered: no response due';
  return [
    h('span', { class: 'app-block' }, formatDateTime(enquiry.responseDueAt)),
    countdown(enquiry.responseDueAt, enquiry.status === 'waiting-on-enquirer'),
  ];
}

function details(enquiry: Enquiry): HTMLElement {
  return h(
    'dl',
    { class: 'govuk-summary-list' },
    summaryRow('Status', label(enquiry.status)),
    summaryRow('Priority', [
      priorityTag(enquiry.priority),
      enquiry.reasons.length === 0
        ? null
        : h(
            'ul',
            { class: 'govuk-list govuk-list--bullet govuk-!-margin-top-2 govuk-!-margin-bottom-0' },
            enquiry.reasons.map((reason) => h('li', {}, reason)),
          ),
    ]),
    summaryRow('Response due', dueValue(enquiry)),
    summaryRow('Enquirer', requesterText(enquiry)),
    summaryRow('Enquirer is', label(enquiry.role)),
    summaryRow('Topic', label(enquiry.topic)),
    summaryRow('Area', `${label(enquiry.district)} (team ${label(enquiry.team)})`),
    summaryRow('Received', `${formatDateTime(enquiry.receivedAt)} by ${enquiry.channel}`),
    summaryRow('Held by', enquiry.assignee ?? 'Nobody: waiting in the team queue'),
    enquiry.firstRespondedAt === null
      ? null
      : summaryRow(
          'First response',
          `${formatDateTime(enquiry.firstRespondedAt)}, after ${formatWorkingMinutes(enquiry.firstResponseWorkingMinutes)} of working time`,
        ),
  );
}

// --- Timeline ------------------------------------------------------------------------------------

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

function message(body: string, truncated: boolean): HTMLElement {
  // pre-wrap keeps the sender's line breaks; the text is a text node, so nothing in it is markup.
  return h(
    'div',
    { class: 'app-message' },
    body,
    truncated
      ? h('p', { class: 'govuk-body-s govuk-!-margin-top-2' }, '(Shortened here: the full message is kept.)')
      : null,
  );
}

function contactEntry(item: Extract<TimelineItem, { kind: 'contact' }>): Child[] {
  const who = item.from?.name ?? item.from?.email ?? item.from?.phone ?? 'the enquirer';
  const title =
    item.direction === 'outbound' && item.automated
      ? 'Automatic email to the enquirer'
      : item.direction === 'outbound'
        ? `Response by ${item.author ?? 'a caseworker'}${item.channel === 'email' ? ', emailed to the enquirer' : ''}`
        : item.automated
          ? 'Automatic reply received (not counted as contact)'
          : `${item.channel === 'phone' ? 'Phone call from' : 'Email from'} ${who}`;
  return [
    h('h3', { class: 'govuk-heading-s govuk-!-margin-bottom-1' }, title),
    item.subject === null || item.subject === ''
      ? null
      : h('p', { class: 'govuk-body-s govuk-!-margin-bottom-2' }, 'Subject: ', item.subject),
    message(item.body, item.bodyTruncated),
    item.attachments.length === 0
      ? null
      : h(
          'p',
          { class: 'govuk-body-s' },
          `Attachments: ${item.attachments.map((attachment) => attachment.filename ?? attachment.contentType).join(', ')}`,
        ),
  ];
}

function eventEntry(item: Extract<TimelineItem, { kind: 'event' }>): Child[] | null {
  const d = item.detail;
  switch (item.type) {
    case 'contact':
      return null; // the contact itself is on the timeline
    case 'received':
      return [
        `Received; response due ${d.responseDueAt === undefined ? '' : formatDateTime(text(d.responseDueAt))}`,
      ];
    case 'claimed':
      return [d.to === undefined ? `Claimed by ${item.actor}` : `Assigned to ${text(d.to)} by ${item.actor}`];
    case 'released':
      return [`Put back in the queue by ${item.actor}`];
    case 'reassigned':
      return [`Reassigned from ${text(d.from) || 'nobody'} to ${text(d.to)} by ${item.actor}`];
    case 'responded':
      return d.kind === 'question'
        ? [`${item.actor} asked the enquirer for information: the clock is paused until they reply`]
        : [
            `Responded by ${item.actor}`,
            d.first === true && typeof d.workingMinutes === 'number'
              ? ` (first response, after ${formatWorkingMinutes(d.workingMinutes)} of working time)`
              : '',
          ];
    case 'note':
      return [h('span', {}, `Note by ${item.actor}`), message(text(d.text), false)];
    case 'resolved':
      return [`Resolved by ${item.actor}${d.outcome ? `: ${text(d.outcome)}` : ''}`];
    case 'reopened':
      return [`Reopened by ${item.actor}: ${text(d.reason)}`];
    case 'escalated':
      return [`Escalated (${label(text(d.step))})`];
    case 'acknowledged':
      return ['Acknowledgement sent to the enquirer'];
    case 'priority-raised':
      return [
        `Priority raised from ${label(text(d.from))} to ${label(text(d.to))}`,
        Array.isArray(d.reasons) && d.reasons.length > 0 ? `: ${d.reasons.join('; ')}` : '',
      ];
    default:
      return [`${label(item.type)} by ${item.actor}`];
  }
}

function timeline(items: readonly TimelineItem[]): HTMLElement {
  const entries = items.flatMap((item) => {
    const content = item.kind === 'contact' ? contactEntry(item) : eventEntry(item);
    if (content === null) return [];
    return [
      h(
        'li',
        {
          class: `app-timeline__item app-timeline__item--${item.kind === 'contact' ? item.direction : 'event'}`,
        },
        h('time', { class: 'app-timeline__time govuk-body-s', datetime: item.at }, formatDateTime(item.at)),
        h('div', { class: 'app-timeline__body govuk-body' }, content),
      ),
    ];
  });
  return h('ol', { class: 'app-timeline', 'aria-label': 'Timeline, oldest first' }, entries);
}

// --- Forms ---------------------------------------------------------------------------------------

/** Maps API field paths to this page's inputs. */
const FIELD_IDS: Record<string, string> = {
  text: 'response-text',
  sendEmail: 'send-email',
  askEnquirer: 'ask-enquirer',
  reason: 'reopen-reason',
  outcome: 'resolve-outcome',
  caseworkerId: 'reassign-to',
};

function apiFieldErrors(
  error: ApiError,
  defaultField: string,
  overrides: Record<string, string> = {},
): FieldError[] {
  if (error.fields.length === 0) return [{ fieldId: defaultField, message: error.message }];
  return error.fields.map((field) => ({
    fieldId: overrides[field.path] ?? FIELD_IDS[field.path] ?? defaultField,
    message: field.message.startsWith(field.path) ? field.message : `${label(field.path)} ${field.message}`,
  }));
}

interface Act {
  context: ViewContext;
  detail: EnquiryDetail;
  draft: () => Draft;
}

/**
 * Sends one change and shows the outcome: a success message on the reloaded page, a reload with
 * the draft kept on a version conflict, or the errors next to the form.
 */
async function act(
  { context, detail, draft }: Act,
  path: string,
  body: Record<string, unknown>,
  success: string,
  form: {
    container: HTMLElement;
    fields: Field[];
    defaultField: string;
    submit: HTMLButtonElement;
    overrides?: Record<string, string>;
  },
): Promise<void> {
  form.submit.disabled = true;
  try {
    await post(`/enquiries/${detail.enquiry.id}/${path}`, body);
    sessionDrafts.delete(detail.enquiry.id);
    context.refresh({ kind: 'success', heading: success });
  } catch (error) {
    form.submit.disabled = false;
    if (!(error instanceof ApiError)) throw error;
    if (error.code === 'version-conflict') {
      sessionDrafts.set(detail.enquiry.id, draft());
      context.refresh(VERSION_CONFLICT);
      return;
    }
    if (error.status === 400) {
      showFormErrors(form.container, apiFieldErrors(error, form.defaultField, form.overrides), form.fields);
      return;
    }
    const explained =
      error.code === 'not-assignee'
        ? 'Claim this enquiry before you act on it (or ask your manager).'
        : error.code === 'already-claimed'
          ? `${detail.enquiry.id} has been taken by someone else.`
          : error.message;
    showFormErrors(form.container, [{ fieldId: form.defaultField, message: explained }], form.fields);
  }
}

/** Drafts kept while the page reloads after a conflict (memory only, never stored). */
const sessionDrafts = new Map<string, Draft>();

function respondForm(a: Act, saved: Draft): { section: HTMLElement; area: HTMLTextAreaElement } {
  const { enquiry } = a.detail;
  const email = enquiry.requester.email;
  const text = textArea({
    id: 'response-text',
    name: 'text',
    label: 'Your response to the enquirer',
    labelClass: 'govuk-label--m',
    hint: 'Write in plain English. The enquirer reads exactly this.',
    rows: 6,
    value: saved.response,
  });
  const send = checkbox({
    id: 'send-email',
    name: 'sendEmail',
    label: 'Email this response to the enquirer',
    hint:
      email === null
        ? 'There is no email address: reply by phone or letter, then record it here.'
        : `It goes to ${email}.`,
    checked: email !== null,
    disabled: email === null,
  });
  const ask = checkbox({
    id: 'ask-enquirer',
    name: 'askEnquirer',
    label: 'This asks the enquirer for information',
    hint: 'The response clock pauses until they reply.',
    disabled: enquiry.status !== 'open',
  });
  const submit = button(email === null ? 'Record response' : 'Send response');
  send.input.addEventListener('change', () => {
    submit.textContent = send.input.checked ? 'Send response' : 'Record response';
  });
  const container = h('section', { class: 'app-section', 'aria-labelledby': 'respond-heading' });
  const fields = [text];
  const form = h(
    'form',
    { novalidate: true },
    text.group,
    h(
      'div',
      { class: 'govuk-form-group' },
      h('div', { class: 'govuk-checkboxes govuk-checkboxes--small' }, send.item, ask.item),
    ),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (text.control.value.trim() === '') {
      showFormErrors(container, [{ fieldId: 'response-text', message: 'Write your response' }], fields);
      return;
    }
    const emailed = send.input.checked;
    void act(
      a,
      'respond',
      {
        text: text.control.value,
        sendEmail: emailed,
        askEnquirer: ask.input.checked,
        expectedVersion: enquiry.version,
      },
      emailed ? 'Your response has been emailed to the enquirer' : 'Your response has been recorded',
      { container, fields, defaultField: 'response-text', submit },
    );
  });
  container.append(h('h2', { class: 'govuk-heading-m', id: 'respond-heading' }, 'Respond'), form);
  return { section: container, area: text.control as HTMLTextAreaElement };
}

function noteForm(a: Act, saved: Draft): { section: HTMLElement; area: HTMLTextAreaElement } {
  const text = textArea({
    id: 'note-text',
    name: 'note',
    label: 'Add a note for colleagues',
    hint: 'Only staff see notes.',
    rows: 3,
    value: saved.note,
  });
  const submit = button('Add note', { class: 'govuk-button--secondary' });
  const container = h('section', { class: 'app-section', 'aria-labelledby': 'note-heading' });
  const form = h('form', { novalidate: true }, text.group, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (text.control.value.trim() === '') {
      showFormErrors(container, [{ fieldId: 'note-text', message: 'Write the note' }], [text]);
      return;
    }
    void act(
      a,
      'notes',
      { text: text.control.value, expectedVersion: a.detail.enquiry.version },
      'Your note has been added',
      {
        container,
        fields: [text],
        defaultField: 'note-text',
        submit,
        overrides: { text: 'note-text' },
      },
    );
  });
  container.append(h('h2', { class: 'govuk-heading-m', id: 'note-heading' }, 'Notes'), form);
  return { section: container, area: text.control as HTMLTextAreaElement };
}

function resolveForm(a: Act): HTMLElement {
  const outcome = textInput({
    id: 'resolve-outcome',
    name: 'outcome',
    label: 'Outcome (optional)',
    hint: 'For example: taxi restored from Monday.',
  });
  const submit = button('Resolve enquiry', { class: 'govuk-button--secondary' });
  const container = h('section', { class: 'app-section', 'aria-labelledby': 'resolve-heading' });
  const form = h('form', { novalidate: true }, outcome.group, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = outcome.control.value.trim();
    void act(
      a,
      'resolve',
      { expectedVersion: a.detail.enquiry.version, ...(value === '' ? {} : { outcome: value }) },
      `${a.detail.enquiry.id} is resolved`,
      { container, fields: [outcome], defaultField: 'resolve-outcome', submit },
    );
  });
  container.append(h('h2', { class: 'govuk-heading-m', id: 'resolve-heading' }, 'Resolve'), form);
  return container;
}

function reopenForm(a: Act): HTMLElement {
  const reason = textInput({ id: 'reopen-reason', name: 'reason', label: 'Why is it being reopened?' });
  const submit = button('Reopen enquiry', { class: 'govuk-button--secondary' });
  const container = h('section', { class: 'app-section', 'aria-labelledby': 'reopen-heading' });
  const form = h('form', { novalidate: true }, reason.group, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (reason.control.value.trim() === '') {
      showFormErrors(
        container,
        [{ fieldId: 'reopen-reason', message: 'Say why it is being reopened' }],
        [reason],
      );
      return;
    }
    void act(
      a,
      'reopen',
      { expectedVersion: a.detail.enquiry.version, reason: reason.control.value.trim() },
      `${a.detail.enquiry.id} is open again`,
      { container, fields: [reason], defaultField: 'reopen-reason', submit },
    );
  });
  container.append(h('h2', { class: 'govuk-heading-m', id: 'reopen-heading' }, 'Reopen'), form);
  return container;
}

async function reassignForm(a: Act): Promise<HTMLElement> {
  const { enquiry } = a.detail;
  const roster = await get<{ caseworkers: Caseworker[] }>(
    `/caseworkers?team=${encodeURIComponent(enquiry.team)}`,
  );
  const choices = roster.caseworkers
    .filter((worker) => worker.active && worker.id !== enquiry.assignee)
    .map((worker) => ({ value: worker.id, text: `${worker.name} (${worker.openCount} of ${worker.cap})` }));
  const container = h('section', { class: 'app-section', 'aria-labelledby': 'reassign-heading' });
  container.append(h('h2', { class: 'govuk-heading-m', id: 'reassign-heading' }, 'Reassign'));
  if (choices.length === 0) {
    container.append(h('p', { class: 'govuk-body' }, 'Nobody else in the team can take it.'));
    return container;
  }
  const to = select({ id: 'reassign-to', name: 'caseworkerId', label: 'Give it to', choices });
  const submit = button('Reassign', { class: 'govuk-button--secondary' });
  const form = h('form', { novalidate: true }, to.group, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(
      a,
      'reassign',
      { caseworkerId: to.control.value, expectedVersion: enquiry.version },
      `${enquiry.id} has been given to ${to.control.value}`,
      { container, fields: [to], defaultField: 'reassign-to', submit },
    );
  });
  container.append(form);
  return container;
}

function quickActions(a: Act): HTMLElement | null {
  const { enquiry, permissions } = a.detail;
  const buttons: HTMLButtonElement[] = [];
  const container = h('div', { class: 'app-quick-actions' });
  if (permissions.claim) {
    const claim = button('Claim', { type: 'button' });
    claim.addEventListener('click', () => {
      void act(a, 'claim', { expectedVersion: enquiry.version }, `You have claimed ${enquiry.id}`, {
        container,
        fields: [],
        defaultField: 'claim',
        submit: claim,
      });
    });
    claim.id = 'claim';
    buttons.push(claim);
  }
  if (permissions.release) {
    const release = button('Put back in the queue', { type: 'button', class: 'govuk-button--secondary' });
    release.id = 'release';
    release.addEventListener('click', () => {
      void act(
        a,
        'release',
        { expectedVersion: enquiry.version },
        `${enquiry.id} is back in the team queue`,
        {
          container,
          fields: [],
          defaultField: 'release',
          submit: release,
        },
      );
    });
    buttons.push(release);
  }
  if (buttons.length === 0) return null;
  container.append(h('div', { class: 'govuk-button-group' }, buttons));
  return container;
}

// --- The screen ----------------------------------------------------------------------------------

export async function enquiryView(context: ViewContext): Promise<void> {
  const id = (context.params[0] ?? '').toUpperCase();
  const { view } = context;
  const detail = await get<EnquiryDetail>(`/enquiries/${encodeURIComponent(id)}`);
  const { enquiry, permissions } = detail;
  const saved = sessionDrafts.get(id) ?? { response: '', note: '' };
  sessionDrafts.delete(id);

  let responseArea: HTMLTextAreaElement | null = null;
  let noteArea: HTMLTextAreaElement | null = null;
  const a: Act = {
    context,
    detail,
    draft: () => ({ response: responseArea?.value ?? '', note: noteArea?.value ?? '' }),
  };

  const heading = h(
    'h1',
    { class: 'govuk-heading-l app-enquiry-heading' },
    h('span', { class: 'govuk-caption-l' }, enquiry.id),
    enquiry.subject === '' ? 'Enquiry' : enquiry.subject,
  );
  const notice =
    context.flash === null ? null : banner(context.flash.kind, context.flash.heading, context.flash.body);

  const side: Child[] = [];
  const main: Child[] = [];
  const quick = quickActions(a);
  if (permissions.respond) {
    const respond = respondForm(a, saved);
    responseArea = respond.area;
    main.push(respond.section);
  }
  if (permissions.note) {
    const note = noteForm(a, saved);
    noteArea = note.area;
    main.push(note.section);
  }
  if (permissions.resolve) side.push(resolveForm(a));
  if (permissions.reopen) side.push(reopenForm(a));
  if (permissions.reassign) side.push(await reassignForm(a));

  replaceChildren(
    view,
    h(
      'a',
      { class: 'govuk-back-link', href: enquiry.assignee === context.me.username ? '#/caseload' : '#/queue' },
      'Back',
    ),
    notice,
    heading,
    h(
      'div',
      { class: 'govuk-grid-row' },
      h('div', { class: 'govuk-grid-column-two-thirds' }, details(enquiry), quick, main),
      h('div', { class: 'govuk-grid-column-one-third' }, side),
    ),
    h(
      'section',
      { class: 'app-section', 'aria-labelledby': 'timeline-heading' },
      h('h2', { class: 'govuk-heading-m', id: 'timeline-heading' }, 'Timeline'),
      timeline(detail.timeline),
    ),
  );
  context.title(notice === null ? heading : notice, `${enquiry.id}`);
}
