/**
 * Turns one raw MIME message, as the hub's SES inbound address stored it, into the normalised
 * EmailIntake: who the enquirer really is (through redirects, inline and attached forwards by the
 * hub mailbox or council colleagues), when the council first had it, the enquirer's own text, and
 * the threading data the router needs. Never throws anything but IntakeFailureError.
 */
import { type AddressObject, type Attachment, type ParsedMail, simpleParser } from 'mailparser';
import { addressKey } from '../domain/email-address';
import { EmailIntake, type IntakeNote, type Requester } from '../domain/intake-message';
import { DEFAULT_TIME_ZONE } from '../domain/local-time';
import {
  DEFAULT_RECEIVED_TIME_POLICY,
  decideReceivedAt,
  distrustNote,
  type ReceivedTimePolicy,
} from '../domain/received-time';
import { IntakeFailureError } from './errors';
import { type ForwardBlock, findForwardBlocks, parseAddressValue, splitLines } from './forward-blocks';
import { parseForwardedDate } from './forwarded-date';
import { isAutomatedMail, isAutomatedSubject } from './mail-headers';
import { type ReceiptVerdicts, readReceiptVerdicts, senderAuthenticated } from './receipt-verdicts';

export interface ParseEmailOptions {
  /** The hub mailbox's own addresses: never the requester, peeled off forwards. */
  readonly hubAddresses: readonly string[];
  /** Council mail domains: a sender here forwarding a message passes on someone else's enquiry. */
  readonly councilDomains: readonly string[];
  /** Where the raw message is stored (kept on the intake so nothing is lost). */
  readonly raw: { readonly bucket: string; readonly key: string };
  /**
   * When this copy reached the inbound address (SES's receipt): `receivedAt` is never later. Without
   * it (offline triage of files), the redirect's `Resent-Date` or the outer `Date` stands in,
   * never later than `now`.
   */
  readonly arrivedAt?: Date;
  /** The present, for the offline stand-in above. */
  readonly now?: Date;
  /** How far a council forward may date an enquiry before its arrival (default 30 days). */
  readonly receivedTime?: ReceivedTimePolicy;
  /** Refuse larger messages with `too-large` (bytes). */
  readonly maxBytes?: number;
  /** Zone of `Sent:` lines written without one. Default `Europe/London`. */
  readonly timeZone?: string;
}

/** The intake plus the SES receipt verdicts found in the stored message's headers. */
export interface ParsedEmail {
  readonly intake: EmailIntake;
  readonly verdicts: ReceiptVerdicts;
}

type AttachmentInfo = EmailIntake['attachments'][number];

interface Analysis {
  requester: Requester;
  shape: string;
  receivedAt: Date | null;
  /** `receivedAt` comes from a forward or redirect the council made (and SES authenticated). */
  vouched: boolean;
  subject: string;
  body: string;
  forwardNote: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  attachments: AttachmentInfo[];
  automated: boolean;
  /** Subjects to search for an enquiry reference, outermost first. */
  subjects: string[];
}

interface Context {
  readonly hubs: ReadonlySet<string>;
  readonly councilDomains: readonly string[];
  readonly timeZone: string;
  /** SES found the outer sender authentic (SPF, DKIM and DMARC all PASS). */
  readonly authenticated: boolean;
  /** Said about the message on the enquiry's timeline. */
  readonly notes: IntakeNote[];
}

/** Attached messages inside attached messages: deeper than this is not a real forward chain. */
const MAX_DEPTH = 5;
const REFERENCE = /\bSEND-([23456789ABCDEFGHJKMNPQRSTVWXYZ]{6})\b/i;
const SUBJECT_PREFIX = /^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|tr|rv|antw)\s*(?:\[\d+\])?\s*[:：]\s*)+/i;
const FORWARD_PREFIX = /^\s*(?:re\s*:\s*)*(?:fw|fwd|wg|tr|rv)\s*(?:\[\d+\])?\s*:/i;
const REPLY_PREFIX = /^\s*(?:re|aw|sv|antw)\s*(?:\[\d+\])?\s*:/i;
/** How a county councillor is named in the council directory ("Chalk, Margaret (Member)", "(Cllr)"). */
const ELECTED_MEMBER_NAME = /\b(?:cllr|councillor)\b|\(member\)/i;
/** A signature line that is just a councillor's title and name ("Cllr Jo Bloggs"). */
const ELECTED_MEMBER_NAME_LINE =
  /^(?:Cllr\.?|CLLR|Councillor|County Councillor)\s+(?:[A-Z][\w'’.-]*\s*){1,4}$/;
/** A signature line giving the role ("County Councillor for Tenterden", "Member for Faversham"). */
const ELECTED_MEMBER_ROLE_LINE =
  /^(?:(?:Kent|County|Borough|District|Town)\s+)*Councillor(?:\s+for\s.*|\s*[,(].*)?$|^(?:County\s+)?Member for\s/i;

/** Subject without its RE:/FW:/Fwd: prefixes. */
export function stripSubjectPrefixes(subject: string): string {
  return subject.replace(SUBJECT_PREFIX, '').trim();
}

/** The enquiry reference (`SEND-7K3M9Q`) in a subject, upper-cased, or null. */
export function findEnquiryReference(subject: string): string | null {
  const match = REFERENCE.exec(subject);
  return match?.[1] === undefined ? null : `SEND-${match[1].toUpperCase()}`;
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

function isHub(email: string | null, context: Context): boolean {
  return email !== null && context.hubs.has(email.toLowerCase());
}

function isInternal(email: string | null, context: Context): boolean {
  if (email === null) return false;
  if (isHub(email, context)) return true;
  const domain = domainOf(email);
  return context.councilDomains.some((council) => domain === council || domain.endsWith(`.${council}`));
}

function firstAddress(
  value: AddressObject | AddressObject[] | undefined,
): { name: string | null; email: string | null } | null {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  for (const object of objects) {
    for (const entry of object.value) {
      const candidates = entry.group === undefined ? [entry] : entry.group;
      for (const candidate of candidates) {
        const email = addressKey(candidate.address ?? '');
        const name = candidate.name?.trim() ?? '';
        if (email !== '' || name !== '')
          return { name: name === '' ? null : name, email: email === '' ? null : email };
      }
    }
  }
  return null;
}

function validDate(date: Date | undefined): Date | null {
  return date === undefined || Number.isNaN(date.getTime()) ? null : date;
}

function normaliseText(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function trimBlankLines(lines: readonly string[]): string {
  return lines
    .join('\n')
    .replace(/^\s*\n/, '')
    .replace(/\s+$/, '');
}

function joinNotes(...notes: (string | null)[]): string | null {
  const kept = notes.map((note) => note?.trim() ?? '').filter((note) => note !== '');
  return kept.length === 0 ? null : kept.join('\n\n');
}

function isRfc822(attachment: Attachment): boolean {
  return attachment.contentType.toLowerCase() === 'message/rfc822';
}

function attachmentInfo(mail: ParsedMail): AttachmentInfo[] {
  return mail.attachments
    .filter((attachment) => !isRfc822(attachment))
    .map((attachment) => ({
      filename: attachment.filename ?? null,
      contentType: attachment.contentType,
      size: attachment.size ?? attachment.content.length,
    }));
}

function toArray(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value])
    .flatMap((item) => item.split(/\s+/))
    .filter((item) => item !== '');
}

function hasResentHeaders(mail: ParsedMail): boolean {
  for (const key of mail.headers.keys()) if (key.startsWith('resent-')) return true;
  return false;
}

/** The `Resent-From` (or `Resent-Sender`) of a redirect is the hub or a council address. */
function redirectedByCouncil(mail: ParsedMail, context: Context): boolean {
  for (const name of ['resent-from', 'resent-sender']) {
    const value = mail.headers.get(name);
    const text =
      typeof value === 'string'
        ? value
        : value !== undefined && value !== null && typeof value === 'object' && 'text' in value
          ? String(value.text)
          : '';
    const email = parseAddressValue(text).email;
    if (email !== null && isInternal(email, context)) return true;
  }
  return false;
}

/** The redirect's `Resent-Date`, when it has a valid one. */
function resentDate(mail: ParsedMail): Date | null {
  const value = mail.headers.get('resent-date');
  if (value instanceof Date) return validDate(value);
  if (typeof value === 'string') return validDate(new Date(value));
  return null;
}

function looksLikeElectedMember(name: string | null, ownText: string): boolean {
  if (name !== null && ELECTED_MEMBER_NAME.test(name)) return true;
  // Only the signature at the foot of their own text counts: a hub officer's note may mention a Cllr.
  const lines = splitLines(ownText)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines
    .slice(-8)
    .some(
      (line) =>
        line.length <= 80 && (ELECTED_MEMBER_NAME_LINE.test(line) || ELECTED_MEMBER_ROLE_LINE.test(line)),
    );
}

const NOBODY: Requester = { name: null, email: null, phone: null };

/** Header fields kept when a message has to be read again as plain text. */
const PLAIN_FIELDS =
  /^(from|sender|reply-to|to|date|subject|message-id|in-reply-to|references|resent-[a-z-]+|auto-submitted|precedence)$/i;

/**
 * The message parsed as MIME; when the MIME structure defeats the parser (nesting or header floods
 * past any real mail, broken encodings), it is read again as one plain-text part: its main header
 * fields and its body as bytes, undecodable bytes becoming U+FFFD. Says so on the enquiry.
 */
async function parseMimeOrPlain(raw: Buffer, context: Context): Promise<ParsedMail> {
  try {
    return await parseMime(raw);
  } catch {
    const text = raw.toString('latin1');
    const end = text.search(/\r?\n\r?\n/);
    const head = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
    const kept = head
      .filter((line) => PLAIN_FIELDS.test(line.slice(0, Math.max(0, line.indexOf(':')))))
      .slice(0, 50)
      .map((line) => line.slice(0, 2000));
    const body = end === -1 ? Buffer.alloc(0) : raw.subarray(end);
    const plain = Buffer.concat([
      Buffer.from(
        [
          ...kept,
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: 8bit',
          '',
          '',
        ].join('\r\n'),
        'latin1',
      ),
      Buffer.from(new TextDecoder('utf-8').decode(body.subarray(0, 2 * 1024 * 1024)).trim()),
    ]);
    context.notes.push({
      kind: 'decoding',
      text: 'The structure of this message could not be read (its MIME parts are broken or nested beyond any real mail), so its text is shown as it came, attachments unopened. The original is kept with the raw mail.',
    });
    return parseMime(plain);
  }
}

/** The message taken at face value: its sender, date, subject and text, nothing unwrapped. */
function plainAnalysis(mail: ParsedMail): Analysis {
  const sender = firstAddress(mail.from);
  const subject = mail.subject ?? '';
  return {
    requester: sender === null ? NOBODY : { name: sender.name, email: sender.email, phone: null },
    shape: 'direct',
    receivedAt: validDate(mail.date),
    vouched: false,
    subject: stripSubjectPrefixes(subject),
    body: normaliseText(mail.text ?? '').trim(),
    forwardNote: null,
    messageId: mail.messageId ?? null,
    inReplyTo: toArray(mail.inReplyTo)[0] ?? null,
    references: toArray(mail.references),
    attachments: [],
    automated: false,
    subjects: [subject],
  };
}

async function parseMime(raw: Buffer): Promise<ParsedMail> {
  try {
    // ignoreEmbedded: an attached message (inline or not) stays an attachment we parse ourselves, so
    // its Message-ID, Date and sender are kept instead of being flattened into the outer text.
    return await simpleParser(raw, {
      ignoreEmbedded: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
    });
  } catch (error) {
    throw new IntakeFailureError('unparseable', 'the message is not readable MIME', { cause: error });
  }
}

function peelInlineForward(
  mail: ParsedMail,
  text: string,
  blocks: readonly ForwardBlock[],
  base: Analysis,
  context: Context,
): Analysis {
  const lines = splitLines(text);
  const senders = blocks.map((block) => parseAddressValue(block.from ?? ''));
  // Peel hub/council layers from the outside in; the first outsider is the enquirer.
  let chosen = senders.findIndex((sender) => !isInternal(sender.email, context));
  if (chosen === -1) {
    // Everyone in the chain is council: the innermost colleague who is not the hub wrote it.
    chosen = senders.findLastIndex((sender) => !isHub(sender.email, context));
  }
  const original = chosen === -1 ? undefined : blocks[chosen];
  const originalSender = chosen === -1 ? undefined : senders[chosen];
  const innermost = original ?? blocks[blocks.length - 1];
  if (innermost === undefined) return base;
  const layerNotes = [trimBlankLines(lines.slice(0, blocks[0]?.startLine ?? 0))];
  const chosenIndex = chosen === -1 ? blocks.length - 1 : chosen;
  for (let layer = 0; layer < chosenIndex; layer += 1) {
    const current = blocks[layer];
    const next = blocks[layer + 1];
    if (current !== undefined && next !== undefined) {
      layerNotes.push(trimBlankLines(lines.slice(current.contentLine, next.startLine)));
    }
  }
  const subject = innermost.subject ?? '';
  return {
    ...base,
    requester:
      originalSender === undefined
        ? NOBODY
        : { name: originalSender.name, email: originalSender.email, phone: null },
    shape: `${innermost.client === 'other' ? 'gmail' : innermost.client}-inline`,
    receivedAt: parseForwardedDate(innermost.date ?? '', context.timeZone) ?? base.receivedAt,
    vouched: true,
    subject: stripSubjectPrefixes(subject === '' ? (mail.subject ?? '') : subject),
    body: trimBlankLines(lines.slice(innermost.contentLine)),
    forwardNote: joinNotes(...layerNotes),
    automated: base.automated || isAutomatedSubject(subject),
    subjects: [...base.subjects, subject],
  };
}

function renderAttachedMessage(inner: Analysis, innerMail: ParsedMail): string {
  const from = innerMail.from?.text ?? '';
  const date = validDate(innerMail.date)?.toISOString() ?? '';
  return [
    '---------- Attached message ----------',
    `From: ${from}`,
    `Date: ${date}`,
    `Subject: ${innerMail.subject ?? ''}`,
    '',
    inner.forwardNote === null ? inner.body : `${inner.forwardNote}\n\n${inner.body}`,
  ].join('\n');
}

async function analyse(mail: ParsedMail, context: Context, depth: number): Promise<Analysis> {
  const sender = firstAddress(mail.from);
  const senderEmail = sender?.email ?? null;
  const subject = mail.subject ?? '';
  const text = normaliseText(mail.text ?? '');
  const inReplyTo = toArray(mail.inReplyTo)[0] ?? null;
  const base: Analysis = {
    requester: sender === null ? NOBODY : { name: sender.name, email: senderEmail, phone: null },
    shape: 'direct',
    receivedAt: validDate(mail.date),
    vouched: false,
    subject: stripSubjectPrefixes(subject),
    body: text.trim(),
    forwardNote: null,
    messageId: mail.messageId ?? null,
    inReplyTo,
    references: toArray(mail.references),
    attachments: attachmentInfo(mail),
    automated: isAutomatedMail({ headers: mail.headers, subject, senderEmail }),
    subjects: [subject],
  };
  const replyish = REPLY_PREFIX.test(subject) || inReplyTo !== null || findEnquiryReference(subject) !== null;
  const attached = depth < MAX_DEPTH ? mail.attachments.find(isRfc822) : undefined;
  let innerMail: ParsedMail | null = null;
  let inner: Analysis | null = null;
  if (attached !== undefined) {
    try {
      innerMail = await parseMime(attached.content);
      inner = await analyse(innerMail, context, depth + 1);
    } catch (error) {
      // An unreadable attachment does not lose the outer message: it is still listed and kept raw.
      if (!(error instanceof IntakeFailureError)) throw error;
      inner = null;
    }
  }
  const blocks = findForwardBlocks(text);
  const ownText = blocks[0] === undefined ? text : splitLines(text).slice(0, blocks[0].startLine).join('\n');

  // A council address counts only when SES vouches for it: anyone can write a council From line.
  const councilSender = isInternal(senderEmail, context) && (depth > 0 || context.authenticated);
  if (depth === 0 && isInternal(senderEmail, context) && !context.authenticated) {
    context.notes.push({
      kind: 'sender-not-verified',
      text: 'The sender address is a council address, but the mail did not pass SPF, DKIM and DMARC: it was treated as written by that address, and no forward in it was unwrapped.',
    });
  }
  if (councilSender && !looksLikeElectedMember(sender?.name ?? null, ownText)) {
    if (
      inner !== null &&
      innerMail !== null &&
      (inner.requester.email !== null || inner.requester.name !== null)
    ) {
      return {
        ...inner,
        shape: 'rfc822-attachment',
        receivedAt: inner.receivedAt ?? base.receivedAt,
        vouched: true,
        forwardNote: joinNotes(text, inner.forwardNote),
        attachments: [...base.attachments, ...inner.attachments],
        automated: inner.automated,
        subjects: [...base.subjects, ...inner.subjects],
      };
    }
    if (blocks.length > 0) return peelInlineForward(mail, text, blocks, base, context);
    const shape = hasResentHeaders(mail) ? 'redirect' : replyish ? 'reply' : 'direct';
    // A colleague's own message: its Date is the council's own clock.
    if (!isHub(senderEmail, context)) return { ...base, shape, vouched: true };
    // The hub mailbox itself is never the enquirer: fall back to a Reply-To that is someone else.
    const replyTo = firstAddress(mail.replyTo);
    const requester =
      replyTo !== null && !isHub(replyTo.email, context)
        ? { name: replyTo.name, email: replyTo.email, phone: null }
        : NOBODY;
    return { ...base, shape, requester };
  }

  // An outsider (or an elected member) is the enquirer, even when passing on someone else's message.
  // Mail claiming to come from the hub mailbox that SES could not verify is not the hub's: the
  // mailbox is still never the enquirer (a Reply-To that is someone else may be).
  if (isHub(senderEmail, context)) {
    const replyTo = firstAddress(mail.replyTo);
    base.requester =
      replyTo !== null && !isHub(replyTo.email, context)
        ? { name: replyTo.name, email: replyTo.email, phone: null }
        : NOBODY;
  }
  const forwarded = FORWARD_PREFIX.test(subject) && (blocks.length > 0 || inner !== null);
  const markedForward = blocks.some((block) => block.client === 'gmail' || block.client === 'apple');
  const shape = forwarded
    ? 'external-forward'
    : replyish
      ? 'reply'
      : markedForward || (inner !== null && FORWARD_PREFIX.test(subject))
        ? 'external-forward'
        : hasResentHeaders(mail)
          ? 'redirect'
          : 'direct';
  const body =
    inner !== null && innerMail !== null
      ? `${base.body}\n\n${renderAttachedMessage(inner, innerMail)}`.trim()
      : base.body;
  return {
    ...base,
    shape,
    // The hub mailbox's redirect keeps the enquirer's Date; the council vouches for it when SES did.
    vouched:
      shape === 'redirect' && depth === 0 && context.authenticated && redirectedByCouncil(mail, context),
    body,
    attachments: inner === null ? base.attachments : [...base.attachments, ...inner.attachments],
    subjects: inner === null ? base.subjects : [...base.subjects, ...inner.subjects],
  };
}

/**
 * Bounds on what headers (and forwarded header lines) put in an intake. A hostile message can carry
 * a header of nearly a megabyte that the parser accepts; unbounded, it made an enquiry item over
 * DynamoDB's 400 KB limit or a key over its 2,048 bytes, so the message failed at the router on
 * every delivery until the DLQ took it. Real mail is far inside these limits.
 */
const MAX_SUBJECT_CHARS = 1_000;
const MAX_NAME_CHARS = 200;
/** RFC 5321: a longer address cannot be delivered to, so it is no address. */
const MAX_EMAIL_CHARS = 254;
/** A longer Message-ID cannot be a table key (`MSGID#`, `INTAKE#email:`): it is treated as absent. */
const MAX_MESSAGE_ID_BYTES = 900;
/** References are read newest first; older ones beyond this add nothing to threading. */
const MAX_REFERENCES = 50;
const MAX_ATTACHMENT_TEXT_CHARS = 255;

/** `text` cut to `max` characters with an ellipsis, never inside a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 2);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
}

function usableMessageId(messageId: string | null): string | null {
  if (messageId === null) return null;
  return Buffer.byteLength(stripAngles(messageId), 'utf8') > MAX_MESSAGE_ID_BYTES ? null : messageId;
}

function boundedRequester(requester: Requester): Requester {
  return {
    name: requester.name === null ? null : cut(requester.name, MAX_NAME_CHARS),
    email: requester.email !== null && requester.email.length > MAX_EMAIL_CHARS ? null : requester.email,
    phone: requester.phone,
  };
}

function boundedAttachment(attachment: AttachmentInfo): AttachmentInfo {
  return {
    filename: attachment.filename === null ? null : cut(attachment.filename, MAX_ATTACHMENT_TEXT_CHARS),
    contentType: cut(attachment.contentType, MAX_ATTACHMENT_TEXT_CHARS),
    size: attachment.size,
  };
}

function isoInstant(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

function stripAngles(messageId: string): string {
  return messageId.trim().replace(/^<+/, '').replace(/>+$/, '');
}

const CHARSET = /charset\s*=\s*"?([^";\s]+)"?/gi;

/** Character sets the message declares that no decoder here knows (`x-unheard-of-9`). */
function unknownCharsets(raw: Buffer): string[] {
  const head = raw.subarray(0, Math.min(raw.length, 1024 * 1024)).toString('latin1');
  const unknown = new Set<string>();
  for (const match of head.matchAll(CHARSET)) {
    const label = match[1]?.toLowerCase() ?? '';
    if (label === '' || label === 'utf-7' || label === 'unicode-1-1-utf-7') continue;
    try {
      new TextDecoder(label);
    } catch {
      unknown.add(label.slice(0, 40));
    }
  }
  return [...unknown];
}

/**
 * Said on the enquiry when some of the text could not be decoded (shown as U+FFFD), naming the
 * character sets nobody here can read; null when everything was read.
 */
function undecodedNote(text: string, raw: Buffer): string | null {
  const replaced = text.length - text.replaceAll('\uFFFD', '').length;
  const unknown = unknownCharsets(raw);
  if (replaced === 0 && unknown.length === 0) return null;
  const sets =
    unknown.length === 0
      ? ''
      : ` It declares a character set that could not be read (${unknown.join(', ')}).`;
  return `Some of this message could not be decoded: ${replaced} character(s) show as \uFFFD.${sets} The original is kept with the raw mail.`;
}

/** A header field line: a name of printable characters other than the colon, then a colon. */
const HEADER_FIELD = /^[\x21-\x39\x3B-\x7E]{1,76}:/;
/** Fields the receiving side adds (SES's block, trace fields): they do not make the content mail. */
const RECEIPT_FIELDS = /^(received|return-path|received-spf|authentication-results|x-ses-[a-z-]+)$/;
const CORE_FIELDS = new Set([
  'from',
  'sender',
  'to',
  'cc',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'reply-to',
  'content-type',
]);

/**
 * Whether the bytes are an email message at all: a header section (the fields SES or a relay put
 * on top do not count) naming at least one field every mail program writes. A photo, a PDF or a
 * page of text is not mail, even with SES's verdicts on top; a message with broken headers, no
 * From, or a body no charset can read still is.
 */
export function looksLikeMail(raw: Buffer): boolean {
  const head = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1');
  for (const line of head.split(/\r?\n/)) {
    if (line === '') return false;
    if (/^[ \t]/.test(line)) continue;
    if (!HEADER_FIELD.test(line)) return false;
    const name = line.slice(0, line.indexOf(':')).trim().toLowerCase();
    if (RECEIPT_FIELDS.test(name)) continue;
    if (CORE_FIELDS.has(name)) return true;
  }
  return false;
}

/** Offline, the message's own date stands in for its arrival, but never later than now. */
function standInArrival(written: Date | null, now: Date | undefined): Date | null {
  if (written === null) return now ?? null;
  return now !== undefined && written.getTime() > now.getTime() ? now : written;
}

async function parse(raw: Buffer, options: ParseEmailOptions): Promise<ParsedEmail> {
  if (options.maxBytes !== undefined && raw.length > options.maxBytes) {
    throw new IntakeFailureError(
      'too-large',
      `message is ${raw.length} bytes, over the ${options.maxBytes}-byte limit`,
    );
  }
  const verdicts = readReceiptVerdicts(raw);
  const context: Context = {
    hubs: new Set(options.hubAddresses.map(addressKey)),
    councilDomains: options.councilDomains.map((domain) => domain.trim().toLowerCase().replace(/^@/, '')),
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    authenticated: senderAuthenticated(verdicts),
    notes: [],
  };
  if (!looksLikeMail(raw)) {
    throw new IntakeFailureError(
      'not-mail',
      'the file is not an email message: it starts with no header fields',
    );
  }
  const mail = await parseMimeOrPlain(raw, context);
  let analysis: Analysis;
  try {
    analysis = await analyse(mail, context, 0);
  } catch (error) {
    // Hostile structure our own reading trips on: keep the message as written, unwrapped.
    if (error instanceof IntakeFailureError) throw error;
    analysis = plainAnalysis(mail);
    context.notes.push({
      kind: 'decoding',
      text: 'The layout of this message could not be read, so it is shown as it came, with no forward unwrapped. The original is kept with the raw mail.',
    });
  }
  if (
    firstAddress(mail.from) === null &&
    analysis.requester.email === null &&
    analysis.requester.name === null
  ) {
    context.notes.push({
      kind: 'decoding',
      text: 'The message names no sender (no From address, no forwarded sender): nobody could be acknowledged. Look for a name or number in the text.',
    });
  }
  const undecoded = undecodedNote(
    `${analysis.requester.name ?? ''}${analysis.subject}${analysis.body}${analysis.forwardNote ?? ''}`,
    raw,
  );
  if (undecoded !== null) context.notes.push({ kind: 'decoding', text: undecoded });
  const outerDate = validDate(mail.date);
  // An undated message read offline arrived, as far as anyone can tell, now.
  const arrivedAt =
    options.arrivedAt ??
    standInArrival(resentDate(mail) ?? outerDate, options.now) ??
    options.now ??
    new Date();
  if (arrivedAt === null || Number.isNaN(arrivedAt.getTime())) {
    throw new IntakeFailureError('unparseable', 'the message has no Date and no arrival time was given');
  }
  const policy = options.receivedTime ?? DEFAULT_RECEIVED_TIME_POLICY;
  const decision = decideReceivedAt(
    {
      claimed: (analysis.receivedAt ?? outerDate)?.toISOString() ?? null,
      arrivedAt: arrivedAt.toISOString(),
      vouched: analysis.vouched,
    },
    policy,
  );
  const dateNote = distrustNote(decision, policy);
  if (dateNote !== null) context.notes.push({ kind: 'received-time', text: dateNote });
  const receivedAt = new Date(decision.receivedAt);
  const messageId = usableMessageId(analysis.messageId);
  const originalId = messageId ?? usableMessageId(mail.messageId ?? null);
  const intakeId =
    originalId !== null && stripAngles(originalId) !== ''
      ? `email:${stripAngles(originalId)}`
      : `email:s3:${options.raw.bucket}/${options.raw.key}`;
  const enquiryReference =
    analysis.subjects.map(findEnquiryReference).find((reference) => reference !== null) ?? null;
  const candidate: EmailIntake = {
    version: 1,
    channel: 'email',
    intakeId,
    receivedAt: isoInstant(receivedAt),
    arrivedAt: isoInstant(arrivedAt),
    requester: boundedRequester(analysis.requester),
    shape: analysis.shape,
    subject: cut(analysis.subject, MAX_SUBJECT_CHARS),
    body: analysis.body,
    forwardNote: analysis.forwardNote,
    messageId,
    inReplyTo: usableMessageId(analysis.inReplyTo),
    references: analysis.references
      .filter((reference) => usableMessageId(reference) !== null)
      .slice(-MAX_REFERENCES),
    enquiryReference,
    attachments: analysis.attachments.map(boundedAttachment),
    automated: analysis.automated,
    spam: verdicts.spam === 'FAIL',
    raw: { bucket: options.raw.bucket, key: options.raw.key },
    notes: context.notes,
  };
  const checked = EmailIntake.safeParse(candidate);
  if (!checked.success) {
    throw new IntakeFailureError('unparseable', 'the message did not yield a valid intake message', {
      cause: checked.error,
    });
  }
  return { intake: checked.data, verdicts };
}

/**
 * Parses a raw message and also returns the SES spam/virus verdicts from its headers.
 * @throws IntakeFailureError (only) when the message cannot become an intake message.
 */
export async function parseEmailWithVerdicts(raw: Buffer, options: ParseEmailOptions): Promise<ParsedEmail> {
  try {
    return await parse(raw, options);
  } catch (error) {
    if (error instanceof IntakeFailureError) throw error;
    // Anything else is a parser fault on hostile input: record it as unparseable, keep the cause.
    throw new IntakeFailureError('unparseable', 'the message could not be parsed', { cause: error });
  }
}

/**
 * Parses one raw MIME message into the normalised EmailIntake (see module doc).
 * @throws IntakeFailureError (only) with reason too-large, unparseable, unknown-charset or no-sender.
 */
export async function parseEmail(raw: Buffer, options: ParseEmailOptions): Promise<EmailIntake> {
  return (await parseEmailWithVerdicts(raw, options)).intake;
}
