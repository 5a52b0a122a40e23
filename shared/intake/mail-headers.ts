/**
 * Small readers over mailparser's parsed headers, plus the two checks that depend only on headers:
 * "did a machine write this?" (RFC 3834 and friends) and the SES receipt verdicts.
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

/** An SES receipt verdict as SES writes it into the stored message. */
export type SesVerdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED';

const VERDICTS = new Set<string>(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED']);

/** Reads `X-SES-Spam-Verdict` / `X-SES-Virus-Verdict` (top-level headers only). */
export function sesVerdicts(headers: Headers): { spam: SesVerdict | null; virus: SesVerdict | null } {
  const read = (name: string): SesVerdict | null => {
    const value = headerText(headers, name)?.trim().toUpperCase();
    return value !== undefined && VERDICTS.has(value) ? (value as SesVerdict) : null;
  };
  return { spam: read('x-ses-spam-verdict'), virus: read('x-ses-virus-verdict') };
}

/**
 * The value of one top-level header read straight from raw MIME bytes, without parsing the body.
 * Used to see an SES virus verdict before handing a possibly hostile message to the parser.
 */
export function rawHeaderValue(raw: Buffer, name: string): string | null {
  const limit = Math.min(raw.length, 256 * 1024);
  const head = raw.subarray(0, limit).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const wanted = `${name.toLowerCase()}:`;
  for (const line of block.split(/\r?\n/)) {
    if (line.toLowerCase().startsWith(wanted)) return line.slice(wanted.length).trim();
  }
  return null;
}
