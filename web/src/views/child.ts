/**
 * One child's record (`#/children/CH-…`, caseworkers and managers): what is known about the child,
 * how many times the family has chased, and every enquiry about them, from parents, carers, schools
 * and professionals, newest first. An enquiry the user may open shows its contacts and responses;
 * one of another team shows that it exists and whom to ask. Everything anyone wrote is text only.
 */
import { get } from '../api';
import { banner, summaryRow } from '../components';
import { add, h } from '../dom';
import { askTeam, referenceTitle, resultRows } from '../finding';
import { formatDate, formatPostcode, label } from '../format';
import type { ChildRecord, ChildRecordEnquiry } from '../types';
import type { ViewContext } from '../view-context';
import { timeline } from './enquiry';

/** Who wrote or rang, as a caseworker reads it. */
const FROM: Record<string, string> = {
  parent: 'From a parent or carer',
  'young-person': 'From the young person',
  school: 'From the school',
  professional: 'From a professional',
  'elected-member': 'From an MP or councillor',
  other: 'From someone else',
};

function enquirySection(entry: ChildRecordEnquiry, context: ViewContext): HTMLElement {
  const headingId = `child-enquiry-${entry.reference}`;
  const contacts = entry.contactCount === 1 ? '1 contact' : `${entry.contactCount} contacts`;
  return h(
    'section',
    {
      class: 'app-section app-child-enquiry',
      'aria-labelledby': headingId,
      'data-reference': entry.reference,
    },
    h(
      'h2',
      { class: 'govuk-heading-m', id: headingId },
      referenceTitle(entry, context.me),
      h('span', { class: 'govuk-caption-m' }, `${FROM[entry.role] ?? label(entry.role)} · ${contacts}`),
    ),
    entry.access === 'limited' ? askTeam(entry) : null,
    h('dl', { class: 'govuk-summary-list' }, resultRows(entry, context.me, false)),
    entry.access === 'full'
      ? [
          h('h3', { class: 'govuk-heading-s' }, 'Contacts and responses'),
          entry.timeline.length === 0
            ? h('p', { class: 'govuk-body' }, 'None yet.')
            : timeline(entry.timeline),
        ]
      : null,
  );
}

export async function childView(context: ViewContext): Promise<void> {
  const id = (context.params[0] ?? '').toUpperCase();
  const record = await get<ChildRecord>(`/children/${encodeURIComponent(id)}`);
  const { child } = record;
  const heading = h(
    'h1',
    { class: 'govuk-heading-l app-enquiry-heading' },
    h('span', { class: 'govuk-caption-l' }, `Child record ${record.childId}`),
    child.name ?? 'Name not known',
  );
  const chases = record.familyChases;
  const notice =
    context.flash === null ? null : banner(context.flash.kind, context.flash.heading, context.flash.body);
  add(
    context.view,
    h('a', { class: 'govuk-back-link', href: '#/search' }, 'Search'),
    notice,
    heading,
    h(
      'dl',
      { class: 'govuk-summary-list' },
      summaryRow('Date of birth', child.dateOfBirth === null ? 'Not known' : formatDate(child.dateOfBirth)),
      summaryRow('School', child.school ?? 'Not known'),
      summaryRow('Postcode', child.postcode === null ? 'Not known' : formatPostcode(child.postcode)),
      summaryRow(
        'Enquiries',
        record.enquiries.length === 1 ? '1 enquiry' : `${record.enquiries.length} enquiries`,
      ),
      summaryRow('The family has chased', [
        h(
          'strong',
          { class: chases > 0 ? 'app-chases app-chases--some' : 'app-chases', id: 'family-chases' },
          chases === 1 ? '1 time' : `${chases} times`,
        ),
        h(
          'span',
          { class: 'govuk-body-s app-block' },
          'Every call or email from a parent, carer or the young person after their first one, over all these enquiries.',
        ),
      ]),
    ),
    record.enquiries.map((entry) => enquirySection(entry, context)),
  );
  context.title(notice ?? heading, `Child record ${record.childId}`);
}
