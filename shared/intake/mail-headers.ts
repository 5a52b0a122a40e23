/**
 * Small readers over mailparser's parsed headers, and the check that depends only on headers: "did
 * a machine write this?" (RFC 3834 and friends). SES's verdicts are read from the raw message
 * (`receipt-verdicts.ts`), where SES's own headers can be told from the sender's.
 */
import type { Headers, HeaderValue } from 'mailparser';

/** A header's value as text, whatever shape mailparser gave it (string, list, structured, date). */
export function headerText(headers: Headers, name: string): string | null {
  return valueText(headers.get(name.toLowerCase()));
}

function valueText(value: HeaderValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) {
    const parts = value.map((item) => valueText(item as HeaderValue)).filter((item) => item !== null);
    return parts.length === 0 ? null : parts.join(', ');
  }
  if (typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('value' in value && typeof value.value === 'string') return value.value;
  }
  return null;
}

/** Out-of-office and delivery-failure subjects, in the forms Exchange, Gmail and MTAs use. */
const AUTOMATED_SUBJECT =
  /^\s*(automatic reply|auto(?:matic)?[- ]?reply|auto[- ]?response|out of (?:the )?office|undeliverable|undelivered mail|delivery status notification|mail delivery (?:failed|failure|subsystem)|returned mail)\b/i;

/** True when the subject is an out-of-office or bounce subject. */
export function isAutomatedSubject(subject: string): boolean {
  return AUTOMATED_SUBJECT.test(subject);
}

const MACHINE_SENDER = /^(mailer-daemon|postmaster)@/i;

/**
 * True when a machine wrote the message: `Auto-Submitted` other than `no`, `X-Autoreply`,
 * `X-Autorespond`, `Precedence: auto_reply|bulk|junk`, an out-of-office subject, or a delivery
 * status notification. `Auto-Submitted: auto-forwarded` is not counted: RFC 3834 uses it for a
 * human's message passed on by a rule, which is exactly how the hub mailbox reaches us.
 */
export function isAutomatedMail(input: {
  headers: Headers;
  subject: string;
  senderEmail: string | null;
}): boolean {
  const autoSubmitted = headerText(input.headers, 'auto-submitted')?.split(';')[0]?.trim().toLowerCase();
  if (autoSubmitted !== undefined && autoSubmitted !== '' && autoSubmitted !== 'no') {
    if (autoSubmitted !== 'auto-forwarded') return true;
  }
  if (input.headers.has('x-autoreply') || input.headers.has('x-autorespond')) return true;
  const precedence = headerText(input.headers, 'precedence')?.trim().toLowerCase();
  if (precedence === 'auto_reply' || precedence === 'bulk' || precedence === 'junk') return true;
  const contentType = input.headers.get('content-type');
  const mediaType =
    typeof contentType === 'object' && contentType !== null && 'value' in contentType
      ? String(contentType.value).toLowerCase()
      : (headerText(input.headers, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'multipart/report') return true;
  if (input.senderEmail !== null && MACHINE_SENDER.test(input.senderEmail)) return true;
  return isAutomatedSubject(input.subject);
}
