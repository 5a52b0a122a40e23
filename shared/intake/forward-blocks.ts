/**
 * Finds the forwarded-message blocks that mail clients write into the body of an inline forward:
 * Outlook (`From:/Sent:/To:/Subject:` under a rule or "-----Original Message-----"), Gmail
 * ("---------- Forwarded message ---------" then `From:/Date:/Subject:/To:`) and Apple Mail
 * ("Begin forwarded message:" then `From:/Subject:/Date:/To:`). mailparser leaves these as plain
 * text, so they are recognised here by their shape: a run of header-like lines holding a sender and
 * a date.
 */

export type ForwardClient = 'outlook' | 'gmail' | 'apple' | 'other';

export interface ForwardBlock {
  readonly client: ForwardClient;
  /** Index of the first line of the block (its marker line when there is one). */
  readonly startLine: number;
  /** Index of the first line after the block's header lines. */
  readonly contentLine: number;
  readonly from: string | null;
  /** The `Sent:` or `Date:` value as written. */
  readonly date: string | null;
  readonly subject: string | null;
  readonly to: string | null;
}

const HEADER_LINE =
  /^\s*(?:\*\s*)?(from|sent|date|to|cc|bcc|subject|importance|reply-to|attachments)\s*(?:\*\s*)?:\s*(?:\*\s*)?(.*)$/i;
const GMAIL_MARKER = /^\s*-{5,}\s*forwarded message\s*-{3,}\s*$/i;
const APPLE_MARKER = /^\s*begin forwarded message\s*:?\s*$/i;
const OUTLOOK_RULE = /^\s*_{10,}\s*$/;
const ORIGINAL_MESSAGE_MARKER = /^\s*-{3,}\s*original message\s*-{3,}\s*$/i;
const OTHER_MARKER = /^\s*-{3,}\s*forwarded message\s*-{3,}\s*$/i;

function markerClient(line: string): ForwardClient | null {
  if (GMAIL_MARKER.test(line)) return 'gmail';
  if (APPLE_MARKER.test(line)) return 'apple';
  if (OUTLOOK_RULE.test(line) || ORIGINAL_MESSAGE_MARKER.test(line)) return 'outlook';
  if (OTHER_MARKER.test(line)) return 'other';
  return null;
}

/** True when the line is a forward marker ("Begin forwarded message:", a Gmail or Outlook rule). */
export function isForwardMarker(line: string): boolean {
  return markerClient(line) !== null;
}

function cleanValue(value: string): string {
  return value.replace(/\*/g, '').replace(/\s+/g, ' ').trim();
}

/** Splits text into lines the way the block offsets count them. */
export function splitLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n');
}

/**
 * Every forwarded-message block in the text, in order of appearance. A block needs a `From:` and
 * a `Sent:` or `Date:` line among consecutive header lines; quoted (`>`) lines are not read.
 */
export function findForwardBlocks(text: string): ForwardBlock[] {
  const lines = splitLines(text);
  const blocks: ForwardBlock[] = [];
  let index = 0;
  while (index < lines.length) {
    const first = lines[index] ?? '';
    if (!HEADER_LINE.test(first)) {
      index += 1;
      continue;
    }
    const fields = new Map<string, string>();
    let lastKey: string | null = null;
    let end = index;
    while (end < lines.length) {
      const line = lines[end] ?? '';
      const match = HEADER_LINE.exec(line);
      if (match?.[1] !== undefined) {
        lastKey = match[1].toLowerCase();
        // The first occurrence wins: a later "To:" inside the same run is a continuation list.
        if (!fields.has(lastKey)) fields.set(lastKey, match[2] ?? '');
        end += 1;
      } else if (lastKey !== null && /^\s+\S/.test(line) && end > index) {
        // A wrapped header value (long To:/Cc: lists) continues on an indented line.
        fields.set(lastKey, `${fields.get(lastKey) ?? ''} ${line.trim()}`);
        end += 1;
      } else {
        break;
      }
    }
    const from = fields.get('from');
    const date = fields.get('sent') ?? fields.get('date');
    if (from === undefined || date === undefined || cleanValue(from) === '') {
      index = end;
      continue;
    }
    // Look back over blank lines for the marker that introduces the block.
    let startLine = index;
    let client: ForwardClient | null = null;
    for (let back = index - 1; back >= 0 && back >= index - 3; back -= 1) {
      const line = lines[back] ?? '';
      if (line.trim() === '') continue;
      client = markerClient(line);
      if (client !== null) startLine = back;
      break;
    }
    if (client === null || client === 'other') {
      client = fields.has('sent') ? 'outlook' : (client ?? 'other');
    }
    blocks.push({
      client,
      startLine,
      contentLine: end,
      from: cleanValue(from),
      date: cleanValue(date),
      subject: fields.has('subject') ? cleanValue(fields.get('subject') ?? '') : null,
      to: fields.has('to') ? cleanValue(fields.get('to') ?? '') : null,
    });
    index = end;
  }
  return blocks;
}

const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

/**
 * Splits a `From:` value as clients write it ("Name <a@b>", "\"Name\" <a@b>", "Name [mailto:a@b]",
 * "a@b", or just "Name") into a display name and a lower-cased address.
 */
export function parseAddressValue(value: string): { name: string | null; email: string | null } {
  const emailMatch = EMAIL.exec(value);
  const email = emailMatch === null ? null : emailMatch[0].toLowerCase();
  let name = value
    .replace(/<[^>]*>/g, ' ')
    .replace(/\[mailto:[^\]]*\]/gi, ' ')
    .replace(/\((?:[^)]*@[^)]*)\)/g, ' ');
  if (emailMatch !== null) name = name.replace(emailMatch[0], ' ');
  name = name
    .replace(/mailto:/gi, ' ')
    .replace(/["*]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'(.*)'$/, '$1')
    .trim();
  return { name: name === '' ? null : name, email };
}
