/**
 * One enquiry: the safeguarding banner when it has a concern ("I'm dealing with this"), its
 * details, why triage ranked it so, the whole timeline (corrections with before and after), and the
 * forms to claim, respond, note, resolve, reopen, release, reassign it or correct its triage.
 *
 * Everything an enquirer wrote (names, subjects, message bodies) is untrusted and is only ever set
 * as text: an email's HTML or script is shown as the characters it is made of and never runs.
 * Every change sends the version this page showed; if someone else changed the enquiry meanwhile,
 * the page reloads it and keeps what the user typed.
 */
import { categoryWords } from '../../../shared/domain/category-words';
import { CONTACT_FROM, RESPONSE_SENT } from '../../../shared/domain/channels';
import { get } from '../api';
import {
  banner,
  button,
  checkbox,
  countdown,
  liveTimesControl,
  priorityTag,
  select,
  showFormErrors,
  summaryRow,
  textArea,
  textInput,
} from '../components';
import { type Child, h, replaceChildren } from '../dom';
import { people } from '../finding';
import { formatDateTime, formatWorkingMinutes, label } from '../format';
import { enquiryConcernBanner } from '../safeguarding';
import type { Caseworker, Enquiry, EnquiryDetail, SafeguardingCategory, TimelineItem } from '../types';
import type { ViewContext } from '../view-context';
import { correctTriageForm } from './correct-triage';
import { type Act, act, type Draft, sessionDrafts } from './enquiry-act';
import { childSection } from './enquiry-child';
import { statutorySection } from './statutory';

function requesterText(enquiry: Enquiry): Child {
  // Every address and number the enquirer is known by (a call from any of them joins this enquiry).
  return people(enquiry);
}

function dueValue(enquiry: Enquiry): Child {
  if (enquiry.status === 'resolved')
    return `Resolved ${formatDateTime(enquiry.resolvedAt ?? enquiry.responseDueAt)}`;
  if (enquiry.status === 'answered') return 'Answered: no response due';
  const paused = enquiry.status === 'waiting-on-enquirer';
  return [
    h('span', { class: 'app-block' }, formatDateTime(enquiry.responseDueAt)),
    countdown(enquiry.responseDueAt, paused),
    // Whatever moves by itself on a screen can be stopped (WCAG 2.2.2).
    paused ? null : liveTimesControl(),
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
    corrections(enquiry),
    enquiry.firstRespondedAt === null
      ? null
      : summaryRow(
          'First response',
          `${formatDateTime(enquiry.firstRespondedAt)}, after ${formatWorkingMinutes(enquiry.firstResponseWorkingMinutes)} of working time`,
        ),
  );
}

/** Which labels people corrected, and what triage first said for each. */
function corrections(enquiry: Enquiry): HTMLElement | null {
  if (enquiry.correctedLabels.length === 0) return null;
  const triaged = enquiry.triaged;
  const first = (name: Enquiry['correctedLabels'][number]): string => {
    if (triaged === null) return '';
    if (name === 'safeguarding')
      return triaged.safeguarding ? ' (triage said: concern)' : ' (triage said: no concern)';
    return ` (triage said: ${label(triaged[name])})`;
  };
  return summaryRow(
    'Corrected by people',
    enquiry.correctedLabels.map((name) =>
      h(
        'span',
        { class: 'app-block' },
        `${name === 'safeguarding' ? 'Safeguarding flag' : label(name)}${first(name)}`,
      ),
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
        ? `Response by ${item.author ?? 'a caseworker'}${RESPONSE_SENT[item.channel]}`
        : item.automated
          ? 'Automatic reply received (not counted as contact)'
          : `${CONTACT_FROM[item.channel]} ${who}`;
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
      return [
        d.toTeam !== undefined
          ? `Moved from the ${label(text(d.fromTeam))} team to the ${label(text(d.toTeam))} team by ${item.actor}`
          : `Reassigned from ${text(d.from) || 'nobody'} to ${text(d.to)} by ${item.actor}`,
        d.reason === undefined ? '' : `: ${text(d.reason)}`,
      ];
    case 'returned-to-queue':
      return [
        d.reason === 'away'
          ? `Back in the team queue: ${text(d.from)} is away`
          : `Back in the team queue: ${text(d.from)} had done nothing on it for ${formatWorkingMinutes(typeof d.quietWorkingMinutes === 'number' ? d.quietWorkingMinutes : null)} of working time`,
      ];
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
    case 'corrected':
      return correctedEntry(item);
    case 'safeguarding-raised':
      return [
        `Safeguarding concern raised by a later contact: ${categoryWords(categories(d.categories))}`,
        reasonList(d.reasons),
      ];
    case 'safeguarding-alerted':
      return [
        `Duty safeguarding alert sent to person ${text(d.listPlace)} on the ${d.list === 'out-of-hours' ? 'out-of-hours' : 'duty'} list`,
        typeof d.nextAlertAt === 'string'
          ? `; the next person is told at ${formatDateTime(d.nextAlertAt)} if nobody picks it up`
          : '; nobody further on the list is left to tell',
      ];
    case 'safeguarding-picked-up':
      return [
        `Safeguarding alert picked up by ${item.actor}`,
        d.how === 'claimed' ? ' (claimed the enquiry)' : ' ("I\'m dealing with this")',
      ];
    default:
      return [`${label(item.type)} by ${item.actor}`];
  }
}

function categories(value: unknown): SafeguardingCategory[] {
  return Array.isArray(value) ? (value as SafeguardingCategory[]) : [];
}

/** Reasons quote enquirers' words: text nodes only. */
function reasonList(value: unknown): Child {
  if (!Array.isArray(value) || value.length === 0) return null;
  return h(
    'ul',
    { class: 'govuk-list govuk-list--bullet govuk-!-margin-bottom-0' },
    value.map((reason) => h('li', {}, text(reason))),
  );
}

/** One label's value as people read it: a safeguarding flag is its kinds of concern, or none. */
function labelValue(name: string, value: unknown): string {
  if (name === 'safeguarding') {
    return Array.isArray(value) && value.length > 0
      ? `concern: ${categoryWords(categories(value))}`
      : 'no concern';
  }
  return label(text(value));
}

function correctedEntry(item: Extract<TimelineItem, { kind: 'event' }>): Child[] {
  const d = item.detail;
  const name = text(d.label);
  return [
    h(
      'span',
      { 'data-correction': name },
      `${name === 'safeguarding' ? 'Safeguarding flag' : label(name)} corrected by ${item.actor}: `,
      h('del', {}, labelValue(name, d.from)),
      ' → ',
      h('ins', {}, labelValue(name, d.to)),
    ),
    h('span', { class: 'app-block govuk-body-s' }, 'Reason: ', text(d.reason)),
  ];
}

/** The timeline of contacts and events, oldest first (the child record shows its contacts too). */
export function timeline(items: readonly TimelineItem[]): HTMLElement {
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
  const reason = textInput({
    id: 'reassign-reason',
    name: 'reason',
    label: 'Why',
    hint: 'Kept on the timeline.',
  });
  const submit = button('Reassign', { class: 'govuk-button--secondary' });
  const form = h('form', { novalidate: true }, to.group, reason.group, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(
      a,
      'reassign',
      {
        caseworkerId: to.control.value,
        reason: reason.control.value.trim(),
        expectedVersion: enquiry.version,
      },
      `${enquiry.id} has been given to ${to.control.value}`,
      {
        container,
        fields: [to, reason],
        defaultField: 'reassign-to',
        submit,
        overrides: { reason: 'reassign-reason' },
      },
    );
  });
  container.append(form);
  return container;
}

/** A manager moves the enquiry to another team's queue, with a reason; its clock is kept. */
function transferForm(a: Act, teams: readonly { id: string; name: string }[]): HTMLElement {
  const { enquiry } = a.detail;
  const container = h('section', { class: 'app-section', 'aria-labelledby': 'transfer-heading' });
  const choices = teams
    .filter((team) => team.id !== enquiry.team)
    .map((team) => ({ value: team.id, text: team.name }));
  const team = select({ id: 'transfer-team', name: 'team', label: 'Move it to', choices });
  const reason = textInput({
    id: 'transfer-reason',
    name: 'reason',
    label: 'Why',
    hint: 'The receiving manager sees this in their digest.',
  });
  const submit = button('Transfer', { class: 'govuk-button--secondary' });
  const form = h(
    'form',
    { novalidate: true },
    h('p', { class: 'govuk-body' }, 'It keeps its due time: moving it does not give more time.'),
    team.group,
    reason.group,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = teams.find((candidate) => candidate.id === team.control.value);
    void act(
      a,
      'transfer',
      { team: team.control.value, reason: reason.control.value.trim(), expectedVersion: enquiry.version },
      // It has left this team: back to the queue it came from.
      () => ({
        heading: `${enquiry.id} has been moved to ${chosen?.name ?? team.control.value}`,
        goTo: `#/queue?team=${encodeURIComponent(enquiry.team)}`,
      }),
      {
        container,
        fields: [team, reason],
        defaultField: 'transfer-team',
        submit,
        overrides: { team: 'transfer-team', reason: 'transfer-reason' },
      },
    );
  });
  container.append(
    h('h2', { class: 'govuk-heading-m', id: 'transfer-heading' }, 'Transfer to another team'),
    form,
  );
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

/** "I'm dealing with this": picks up the duty alert so nobody further down the list is told. */
function acknowledgeButton(a: Act): HTMLElement {
  const container = h('div', { class: 'govuk-!-margin-top-4' });
  const press = button("I'm dealing with this", { type: 'button', class: 'govuk-!-margin-bottom-0' });
  press.id = 'acknowledge';
  press.addEventListener('click', () => {
    void act(
      a,
      'safeguarding/acknowledge',
      {},
      'You are dealing with the safeguarding concern: nobody further on the duty list will be told',
      { container, fields: [], defaultField: 'acknowledge', submit: press },
    );
  });
  container.append(press);
  return container;
}

/**
 * The acknowledgement never reached the enquirer (the mail service refused it): say so at the top,
 * with the reason, and let someone who works the team send it again once the address is checked.
 */
function acknowledgementFailedBanner(a: Act): HTMLElement | null {
  const { enquiry, permissions } = a.detail;
  if (enquiry.acknowledgedAt !== null || (enquiry.acknowledgementFailedAt ?? null) === null) return null;
  const container = h('div', {});
  const body: Child[] = [
    h(
      'p',
      { class: 'govuk-body' },
      `The mail service refused it (${enquiry.acknowledgementFailure ?? 'no reason given'}), so the enquirer has no reference or date from us. Check the address${enquiry.requester.email === null ? '' : ` (${enquiry.requester.email})`}, then send it again, or give them the reference another way.`,
    ),
  ];
  if (permissions.resendAcknowledgement) {
    const press = button('Resend acknowledgement', { type: 'button', class: 'govuk-!-margin-bottom-0' });
    press.id = 'resend-acknowledgement';
    press.addEventListener('click', () => {
      void act(a, 'acknowledgement', {}, 'The acknowledgement was sent', {
        container,
        fields: [],
        defaultField: 'resend-acknowledgement',
        submit: press,
      });
    });
    body.push(press);
  }
  container.append(banner('important', 'The acknowledgement was not sent', h('div', {}, body)));
  return container;
}

// --- The screen ----------------------------------------------------------------------------------

export async function enquiryView(context: ViewContext): Promise<void> {
  const id = (context.params[0] ?? '').toUpperCase();
  const { view } = context;
  const detail = await get<EnquiryDetail>(`/enquiries/${encodeURIComponent(id)}`);
  const { enquiry, permissions } = detail;
  const saved: Draft = sessionDrafts.get(id) ?? { response: '', note: '', correction: '' };
  sessionDrafts.delete(id);

  let responseArea: HTMLTextAreaElement | null = null;
  let noteArea: HTMLTextAreaElement | null = null;
  let correctionArea: HTMLTextAreaElement | null = null;
  const a: Act = {
    context,
    detail,
    draft: () => ({
      response: responseArea?.value ?? '',
      note: noteArea?.value ?? '',
      correction: correctionArea?.value ?? '',
    }),
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
  if (permissions.correct) {
    const correct = correctTriageForm(a, saved.correction);
    correctionArea = correct.area;
    main.push(correct.section);
  }
  side.push(childSection(a, permissions.note));
  if (permissions.resolve) side.push(resolveForm(a));
  if (permissions.reopen) side.push(reopenForm(a));
  if (permissions.reassign) side.push(await reassignForm(a));
  if (permissions.transfer) side.push(transferForm(a, context.me.hubTeams));

  const worksEnquiries = context.me.roles.some((role) => role === 'caseworker' || role === 'manager');
  replaceChildren(
    view,
    h(
      'a',
      {
        class: 'govuk-back-link',
        href: enquiry.assignee === context.me.username ? '#/caseload' : worksEnquiries ? '#/queue' : '#/',
      },
      'Back',
    ),
    notice,
    enquiryConcernBanner(enquiry, permissions.acknowledge ? acknowledgeButton(a) : null),
    acknowledgementFailedBanner(a),
    heading,
    h(
      'div',
      { class: 'govuk-grid-row' },
      h('div', { class: 'govuk-grid-column-two-thirds' }, details(enquiry), quick, main),
      h('div', { class: 'govuk-grid-column-one-third' }, side),
    ),
    // Someone outside the team who opened it only to pick up a safeguarding alert sees no more.
    permissions.note ? await statutorySection(context, enquiry.id) : null,
    h(
      'section',
      { class: 'app-section', 'aria-labelledby': 'timeline-heading' },
      h('h2', { class: 'govuk-heading-m', id: 'timeline-heading' }, 'Timeline'),
      timeline(detail.timeline),
    ),
  );
  context.title(notice === null ? heading : notice, `${enquiry.id}`);
}
