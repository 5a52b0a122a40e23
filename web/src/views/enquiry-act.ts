/**
 * Sending one change to an enquiry from its page, shared by every form on it: the version the page
 * showed goes with it; a version conflict reloads the page keeping what the user typed; a refusal
 * is shown in the GOV.UK error summary, linked to the field it is about.
 */
import { ApiError, post } from '../api';
import { type Field, type FieldError, showFormErrors } from '../components';
import { label } from '../format';
import type { Enquiry, EnquiryDetail } from '../types';
import type { Flash, ViewContext } from '../view-context';

/** What the user had typed, kept across a reload after a version conflict. */
export interface Draft {
  response: string;
  note: string;
  /** Why triage was wrong (the correction form). */
  correction: string;
}

const VERSION_CONFLICT: Flash = {
  kind: 'important',
  heading: 'Someone else changed this enquiry while you were working on it.',
  body: 'The latest version is shown below and your text has been kept. Check it, then try again.',
};

/** Maps API field paths to this page's inputs. */
const FIELD_IDS: Record<string, string> = {
  text: 'response-text',
  sendEmail: 'send-email',
  askEnquirer: 'ask-enquirer',
  reason: 'reopen-reason',
  outcome: 'resolve-outcome',
  caseworkerId: 'reassign-to',
};

/** How a form names the API's field paths to people, e.g. `safeguarding.categories` → `Kinds of concern`. */
export type FieldNames = Readonly<Record<string, string>>;

/** The message for one bad field: the API's words, led by the field's name for people. */
function fieldMessage(path: string, message: string, names: FieldNames): string {
  const name = names[path];
  if (name === undefined) return message.startsWith(path) ? message : `${label(path)} ${message}`;
  // The domain says `safeguarding.categories: name at least one...`; zod says `is required...`.
  return message.startsWith(`${path}: `)
    ? `${name}: ${message.slice(path.length + 2)}`
    : `${name} ${message}`;
}

function apiFieldErrors(
  error: ApiError,
  defaultField: string,
  overrides: Record<string, string> = {},
  names: FieldNames = {},
): FieldError[] {
  if (error.fields.length === 0) return [{ fieldId: defaultField, message: error.message }];
  return error.fields.map((field) => ({
    fieldId: overrides[field.path] ?? FIELD_IDS[field.path] ?? defaultField,
    message: fieldMessage(field.path, field.message, names),
  }));
}

/** Where to go after a change worked: a message, and another screen when this one is no longer the place. */
export interface Outcome {
  heading: string;
  /** A hash route to go to instead of reloading this enquiry. */
  goTo?: string;
}

export interface Act {
  context: ViewContext;
  detail: EnquiryDetail;
  draft: () => Draft;
}

/**
 * Sends one change and shows the outcome: a success message on the reloaded page, a reload with
 * the draft kept on a version conflict, or the errors next to the form.
 */
export async function act(
  { context, detail, draft }: Act,
  path: string,
  body: Record<string, unknown>,
  success: string | ((result: { enquiry: Enquiry }) => Outcome),
  form: {
    container: HTMLElement;
    fields: Field[];
    defaultField: string;
    submit: HTMLButtonElement;
    overrides?: Record<string, string>;
    names?: FieldNames;
  },
): Promise<void> {
  form.submit.disabled = true;
  try {
    const result = await post<{ enquiry: Enquiry }>(`/enquiries/${detail.enquiry.id}/${path}`, body);
    sessionDrafts.delete(detail.enquiry.id);
    const outcome = typeof success === 'string' ? { heading: success } : success(result);
    if (outcome.goTo === undefined) context.refresh({ kind: 'success', heading: outcome.heading });
    else context.navigate(outcome.goTo, { kind: 'success', heading: outcome.heading });
  } catch (error) {
    form.submit.disabled = false;
    if (!(error instanceof ApiError)) throw error;
    if (error.code === 'version-conflict') {
      sessionDrafts.set(detail.enquiry.id, draft());
      context.refresh(VERSION_CONFLICT);
      return;
    }
    if (error.status === 400) {
      showFormErrors(
        form.container,
        apiFieldErrors(error, form.defaultField, form.overrides, form.names),
        form.fields,
      );
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
export const sessionDrafts = new Map<string, Draft>();
