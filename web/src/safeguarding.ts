/**
 * The safeguarding flag on the page: the tag on a queue or caseload row, the banner over a list
 * that holds a concern, and the banner at the top of an enquiry (the kinds of concern, the reasons
 * quoting the enquirer's words, and who has picked the duty alert up).
 *
 * Reasons quote what an enquirer wrote: untrusted text, set as text nodes like every message.
 */
import { categoryWords } from '../../shared/domain/category-words';
import { type Child, h, uid } from './dom';
import { formatDateTime } from './format';
import type { DutyAlert, Enquiry, EnquirySummary } from './types';

/** A red notification banner titled "Safeguarding"; a region, so it is found but not shouted on load. */
function safeguardingBanner(heading: string, ...body: Child[]): HTMLElement {
  const titleId = uid('safeguarding-title');
  return h(
    'div',
    {
      class: 'govuk-notification-banner app-safeguarding-banner',
      role: 'region',
      'aria-labelledby': titleId,
      'data-safeguarding-banner': '',
    },
    h(
      'div',
      { class: 'govuk-notification-banner__header' },
      h('h2', { class: 'govuk-notification-banner__title', id: titleId }, 'Safeguarding'),
    ),
    h(
      'div',
      { class: 'govuk-notification-banner__content' },
      h('p', { class: 'govuk-notification-banner__heading' }, heading),
      body,
    ),
  );
}

/** What a row shows under its priority: the flag, its kinds, and whether anyone has picked it up. */
export function rowConcern(item: EnquirySummary): Child {
  if (!item.safeguarding.concern) return null;
  return h(
    'span',
    { class: 'app-block app-row-concern' },
    h('strong', { class: 'govuk-tag govuk-tag--purple app-safeguarding-tag' }, 'Safeguarding'),
    h(
      'span',
      { class: 'app-block govuk-body-s govuk-!-margin-bottom-0' },
      categoryWords(item.safeguarding.categories),
    ),
    item.safeguarding.pickedUp
      ? null
      : h('span', { class: 'app-block govuk-body-s app-pickup-waiting' }, 'Nobody has picked it up'),
  );
}

/** The banner over a queue or caseload page when any enquiry on it has a concern; null when none does. */
export function listConcernBanner(items: readonly EnquirySummary[]): HTMLElement | null {
  const concerns = items.filter((item) => item.safeguarding.concern);
  if (concerns.length === 0) return null;
  const waiting = concerns.filter((item) => !item.safeguarding.pickedUp).length;
  return safeguardingBanner(
    concerns.length === 1
      ? '1 enquiry here has a safeguarding concern'
      : `${concerns.length} enquiries here have a safeguarding concern`,
    h(
      'p',
      { class: 'govuk-body' },
      waiting === 0
        ? 'Each has been picked up by a person. They are at the top of the list.'
        : `${waiting === 1 ? '1 has' : `${waiting} have`} not been picked up by anyone yet: open it and press "I'm dealing with this", or claim it.`,
    ),
    h(
      'ul',
      { class: 'govuk-list' },
      concerns.map((item) =>
        h(
          'li',
          {},
          h('a', { class: 'govuk-notification-banner__link', href: `#/enquiries/${item.id}` }, item.id),
          `: ${categoryWords(item.safeguarding.categories)}`,
          item.safeguarding.pickedUp ? ' (picked up)' : ' (nobody has picked it up)',
        ),
      ),
    ),
  );
}

const LIST_WORDS: Readonly<Record<DutyAlert['told'][number]['list'], string>> = {
  duty: 'duty list',
  'out-of-hours': 'out-of-hours list',
};

function alertState(alert: DutyAlert | null, raisedByPerson: boolean): Child {
  if (alert === null) {
    return h(
      'p',
      { class: 'govuk-body' },
      raisedByPerson
        ? 'No duty alert was sent: a person set this flag and is dealing with it.'
        : 'No duty alert has been sent yet.',
    );
  }
  if (alert.pickedUpAt !== null) {
    return h(
      'p',
      { class: 'govuk-body', 'data-pickup': 'picked-up' },
      h('strong', {}, `Picked up by ${alert.pickedUpBy ?? 'a person'}`),
      ` on ${formatDateTime(alert.pickedUpAt)}`,
      alert.pickedUpHow === 'claimed' ? ' (they claimed the enquiry).' : ' ("I\'m dealing with this").',
    );
  }
  const told = alert.told.map((person) =>
    h('li', {}, `${person.email} (${LIST_WORDS[person.list]}), ${formatDateTime(person.at)}`),
  );
  return [
    h(
      'p',
      { class: 'govuk-body', 'data-pickup': 'waiting' },
      h('strong', { class: 'app-pickup-waiting' }, 'Nobody has picked this up yet.'),
      alert.nextAlertAt === null
        ? ' Everyone on the duty list has been told.'
        : ` If nobody does, the next person on the duty list is told at ${formatDateTime(alert.nextAlertAt)}.`,
    ),
    told.length === 0
      ? null
      : [
          h('p', { class: 'govuk-body govuk-!-margin-bottom-1' }, 'Told so far:'),
          h('ul', { class: 'govuk-list govuk-list--bullet' }, told),
        ],
  ];
}

/**
 * The banner at the top of an enquiry with a concern: what kind, why (the reasons quote the
 * enquirer's words), when and how it was raised, and the duty alert's state, with the
 * "I'm dealing with this" button when the viewer may press it.
 */
export function enquiryConcernBanner(enquiry: Enquiry, acknowledge: HTMLElement | null): HTMLElement | null {
  const flag = enquiry.safeguarding;
  if (!flag.concern) return null;
  const raisedByPerson = flag.raisedByContact === null;
  const raised =
    flag.raisedAt === null
      ? null
      : raisedByPerson
        ? `Set by ${flag.raisedBy ?? 'a person'} on ${formatDateTime(flag.raisedAt)}.`
        : `Raised by the enquirer's words on ${formatDateTime(flag.raisedAt)}.`;
  return safeguardingBanner(
    `Safeguarding concern: ${categoryWords(flag.categories)}`,
    raised === null ? null : h('p', { class: 'govuk-body' }, raised),
    flag.reasons.length === 0
      ? null
      : [
          h('h3', { class: 'govuk-heading-s govuk-!-margin-bottom-1' }, 'Why'),
          h(
            'ul',
            { class: 'govuk-list govuk-list--bullet app-safeguarding-reasons' },
            flag.reasons.map((reason) => h('li', {}, reason)),
          ),
        ],
    alertState(flag.alert, raisedByPerson),
    acknowledge,
  );
}
