/**
 * How the page shows a found enquiry (search results, the child record, the call handler's "this
 * caller has an open enquiry"): where it stands, its dates, the people, the child, and whom to ask
 * when it belongs to another team. Everything here that an enquirer wrote (names, addresses, the
 * child's details) goes in as text nodes.
 */
import { summaryRow } from './components';
import { type Child, h } from './dom';
import { formatDate, formatDateTime, formatPhone, formatPostcode, label } from './format';
import type { ChildFacts, Me, SearchResult } from './types';

/** Staff words for where an enquiry stands (the same stages the enquirer is told). */
const STANDING: Record<SearchResult['publicStatus'], string> = {
  received: 'Received: waiting in the team queue',
  'with-a-caseworker': 'With a caseworker',
  'waiting-for-you': 'Waiting for the enquirer to reply',
  answered: 'Answered',
  closed: 'Closed',
};

/** Still being worked on: a further contact joins it rather than starting another. */
export function isOpen(result: Pick<SearchResult, 'status'>): boolean {
  return result.status === 'open' || result.status === 'waiting-on-enquirer';
}

export function standing(result: SearchResult): string {
  const words = STANDING[result.publicStatus];
  return result.assignee === null || result.publicStatus !== 'with-a-caseworker'
    ? words
    : `${words} (${result.assignee})`;
}

/** When the enquirer will hear back, as they were told it; or why nothing is due. */
export function replyDue(result: SearchResult): string {
  if (result.promisedByText !== null) return `By ${result.promisedByText}`;
  if (result.status === 'waiting-on-enquirer') return 'Paused until the enquirer replies';
  if (result.status === 'resolved')
    return result.resolvedAt === null ? 'Closed' : `Closed ${formatDateTime(result.resolvedAt)}`;
  return 'Nothing due: it has been answered';
}

/** The enquirer and every address and number they are known by (the requester's own first). */
export function people(result: Pick<SearchResult, 'requester' | 'knownEmails' | 'knownPhones'>): Child {
  // The known lists hold the requester's own address and number, normalised; older enquiries may not.
  const emails = result.knownEmails.length > 0 ? result.knownEmails : [result.requester.email];
  const phones = result.knownPhones.length > 0 ? result.knownPhones : [result.requester.phone];
  return [
    h('span', { class: 'app-block' }, result.requester.name ?? 'Name not given'),
    emails.map((email) => (email === null ? null : h('span', { class: 'app-block' }, email))),
    phones.map((phone) => (phone === null ? null : h('span', { class: 'app-block' }, formatPhone(phone)))),
  ];
}

/** True when the user's roles open child records and enquiries (caseworkers and managers). */
export function opensRecords(me: Me): boolean {
  return me.roles.includes('caseworker') || me.roles.includes('manager');
}

/** The child's facts in one line each, with a link to the child record when the user may open it. */
export function childFacts(child: ChildFacts, childId: string | null, linkToRecord: boolean): Child {
  const known = [
    child.name === null ? null : h('span', { class: 'app-block' }, child.name),
    child.dateOfBirth === null
      ? null
      : h('span', { class: 'app-block' }, `Born ${formatDate(child.dateOfBirth)}`),
    child.school === null ? null : h('span', { class: 'app-block' }, child.school),
    child.postcode === null ? null : h('span', { class: 'app-block' }, formatPostcode(child.postcode)),
  ].filter((line) => line !== null);
  const record =
    childId === null
      ? null
      : linkToRecord
        ? h(
            'a',
            { class: 'govuk-link app-block', href: `#/children/${encodeURIComponent(childId)}` },
            `Child record ${childId}`,
          )
        : h('span', { class: 'app-block' }, `Child record ${childId}`);
  if (known.length === 0 && record === null) return 'Not known';
  return [known, record];
}

/** For an enquiry the user may not open: it exists, and whom to ask about it. */
export function askTeam(result: SearchResult): HTMLElement {
  const manager = result.askTeam.managerEmail;
  return h(
    'div',
    { class: 'govuk-inset-text app-ask-team' },
    `Held by ${result.askTeam.name}: its messages are not shown to you. To know more, ask ${result.askTeam.name}`,
    manager === null
      ? '.'
      : [' (', h('a', { class: 'govuk-link', href: `mailto:${manager}` }, manager), ').'],
  );
}

/** The facts of a found enquiry as summary-list rows (without the child on the child's own page). */
export function resultRows(result: SearchResult, me: Me, showChild = true): Child[] {
  return [
    summaryRow('Where it stands', standing(result)),
    summaryRow('Team', result.teamName),
    summaryRow('Received', formatDateTime(result.receivedAt)),
    summaryRow('Reply due', replyDue(result)),
    summaryRow('Last contact', formatDateTime(result.lastContactAt)),
    summaryRow('Enquirer', people(result)),
    showChild ? summaryRow('Child', childFacts(result.child, result.childId, opensRecords(me))) : null,
    ...(result.access === 'full' && result.topic !== null ? [summaryRow('Topic', label(result.topic))] : []),
  ];
}

/** The reference: a link to the enquiry when the user may open it, else plain text. */
export function referenceTitle(result: SearchResult, me: Me): HTMLElement {
  return result.access === 'full' && opensRecords(me)
    ? h(
        'a',
        { class: 'govuk-link', href: `#/enquiries/${encodeURIComponent(result.reference)}` },
        result.reference,
      )
    : h('span', {}, result.reference);
}
