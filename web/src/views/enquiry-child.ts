/**
 * The child record on an enquiry's page: what the enquiry says about the child, a link to the
 * child's record when it has one, and a caseworker's controls to link it by hand (to another
 * enquiry's reference or a child record id) or to unlink it.
 */
import { button, showFormErrors, textInput } from '../components';
import { h } from '../dom';
import { childFacts } from '../finding';
import type { Act } from './enquiry-act';
import { act } from './enquiry-act';

export function childSection(a: Act, canChange: boolean): HTMLElement {
  const { enquiry } = a.detail;
  const container = h('section', {
    class: 'app-section',
    'aria-labelledby': 'child-heading',
    id: 'child-record',
  });
  container.append(
    h('h2', { class: 'govuk-heading-m', id: 'child-heading' }, 'Child'),
    h('p', { class: 'govuk-body' }, childFacts(enquiry.child, enquiry.childId, true)),
  );
  if (enquiry.childId !== null) {
    container.append(
      h(
        'p',
        { class: 'govuk-body-s' },
        enquiry.childLink === 'manual'
          ? 'Linked by a caseworker.'
          : 'Linked automatically (same child’s name and date of birth, or a reference).',
      ),
    );
  } else if (enquiry.childLink === 'manual') {
    container.append(h('p', { class: 'govuk-body-s' }, 'Unlinked by a caseworker: it stays on its own.'));
  }
  if (!canChange) return container;

  if (enquiry.childId !== null) {
    const unlink = button(['Unlink from this child record'], {
      type: 'button',
      class: 'govuk-button--warning govuk-!-margin-bottom-4',
      id: 'child-unlink',
    });
    unlink.addEventListener('click', () => {
      void act(a, 'child', { to: null }, `${enquiry.id} is no longer linked to ${enquiry.childId}`, {
        container,
        fields: [],
        defaultField: 'child-unlink',
        submit: unlink,
      });
    });
    container.append(unlink);
  }
  const to = textInput({
    id: 'child-link-to',
    name: 'to',
    label: enquiry.childId === null ? 'Link to the same child' : 'Link to a different child record',
    hint: 'Another enquiry’s reference (SEND-…) or a child record (CH-…) about the same child.',
    autocomplete: 'off',
    width: 'govuk-input--width-10',
  });
  const submit = button('Link', { class: 'govuk-button--secondary' });
  const form = h('form', { novalidate: true }, to.group, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = to.control.value.trim().toUpperCase();
    if (value === '') {
      showFormErrors(
        container,
        [
          {
            fieldId: 'child-link-to',
            message: 'Enter an enquiry reference (SEND-…) or a child record (CH-…)',
          },
        ],
        [to],
      );
      return;
    }
    void act(
      a,
      'child',
      { to: value },
      (result) => ({
        heading: `${enquiry.id} is linked to child record ${result.enquiry.childId ?? value}`,
      }),
      {
        container,
        fields: [to],
        defaultField: 'child-link-to',
        submit,
        overrides: { to: 'child-link-to' },
        names: { to: 'The reference or child record' },
      },
    );
  });
  container.append(form);
  return container;
}
