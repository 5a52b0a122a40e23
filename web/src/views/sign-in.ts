/** Sign-in: the local stack's username and password form, or a button to the hosted sign-in. */
import { SignInError, signInWithPassword, startHostedSignIn } from '../auth';
import { banner, button, type Field, showFormErrors, textInput } from '../components';
import { isLocalSignIn, type PageConfig } from '../config';
import { add, h } from '../dom';
import type { Flash } from '../view-context';

export interface SignInContext {
  view: HTMLElement;
  config: PageConfig;
  flash: Flash | null;
  /** Where the user was going when asked to sign in. */
  returnTo: string | null;
  signedIn(returnTo: string | null): Promise<void>;
}

export async function signInView(context: SignInContext): Promise<void> {
  const { view, config } = context;
  const heading = h('h1', { class: 'govuk-heading-l', tabindex: '-1' }, 'Sign in');
  document.title = 'Sign in – SEND enquiries hub';
  const column = h('div', { class: 'govuk-grid-column-two-thirds' });
  view.append(h('div', { class: 'govuk-grid-row' }, column));
  if (context.flash !== null)
    column.append(banner(context.flash.kind, context.flash.heading, context.flash.body));
  column.append(heading);

  if (!isLocalSignIn(config)) {
    column.append(
      h('p', { class: 'govuk-body' }, 'Use your council account to sign in.'),
      button('Sign in', {
        type: 'button',
        onclick: () => {
          void startHostedSignIn(config);
        },
      }),
    );
    heading.focus();
    return;
  }

  const username = textInput({
    id: 'username',
    name: 'username',
    label: 'Username',
    autocomplete: 'username',
    width: 'govuk-!-width-one-half',
  });
  const password = textInput({
    id: 'password',
    name: 'password',
    type: 'password',
    label: 'Password',
    autocomplete: 'current-password',
    width: 'govuk-!-width-one-half',
  });
  const fields: Field[] = [username, password];
  const submit = button('Sign in');
  const form = h(
    'form',
    { novalidate: true, 'aria-label': 'Sign in' },
    username.group,
    password.group,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const errors = [
      username.control.value.trim() === '' ? { fieldId: 'username', message: 'Enter your username' } : null,
      password.control.value === '' ? { fieldId: 'password', message: 'Enter your password' } : null,
    ].filter((error) => error !== null);
    showFormErrors(column, errors, fields);
    if (errors.length > 0) return;
    submit.disabled = true;
    try {
      await signInWithPassword(config, username.control.value.trim(), password.control.value);
      await context.signedIn(context.returnTo);
    } catch (error) {
      submit.disabled = false;
      const message = error instanceof SignInError ? error.message : 'Signing in did not work. Try again.';
      showFormErrors(column, [{ fieldId: 'username', message }], fields);
    }
  });
  add(
    column,
    form,
    config.stage === 'local'
      ? h(
          'div',
          { class: 'govuk-inset-text' },
          'On this local copy every demo user has the password "demo": try cw-north-1 (caseworker), ',
          'manager-north (team manager), callhandler or admin.',
        )
      : null,
  );
  heading.focus();
}
