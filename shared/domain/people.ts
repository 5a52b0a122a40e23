/**
 * People and children as the hub recognises them: the normal forms of what staff and enquirers
 * type (emails lower case, postcodes without spaces, dates of birth as ISO dates, names as
 * tokens) and the child an email or call is about. Pure: no clock, no I/O. Phone numbers are in
 * `phone-numbers.ts`, so that modules which only need these do not bundle the numbering plans.
 */
import { addressKey } from './email-address';
import { dateKeyOfDay, dayOf, MONTH_NUMBERS } from './local-time';

/** An email address as stored and compared: trimmed, lower case; `null` if it is not one. */
export function normaliseEmail(value: string): string | null {
  const email = addressKey(value);
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
}

const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$/;
const OUTWARD_CODE = /^[A-Z]{1,2}\d[A-Z\d]?$/;

/** A UK postcode without spaces, upper case (`ct9 2ab` → `CT92AB`); `null` if it is not one. */
export function normalisePostcode(value: string): string | null {
  const match = POSTCODE.exec(value.trim().toUpperCase());
  return match === null ? null : `${match[1]}${match[2]}`;
}

/** The outward code of a postcode (`CT9 2AB` → `CT9`), or of an outward code alone; else `null`. */
export function outwardCode(value: string): string | null {
  const upper = value.trim().toUpperCase();
  const full = POSTCODE.exec(upper);
  if (full !== null) return full[1] ?? null;
  return OUTWARD_CODE.test(upper) ? upper : null;
}

/**
 * The words of a name, folded for matching: lower case, accents removed, apostrophes and hyphens
 * kept inside words (`O'Brien-Smith` → `o'brien-smith`), titles dropped.
 */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .split(/[^\p{L}'-]+/u)
    .map((token) => token.replace(/^['-]+|['-]+$/g, ''))
    .filter((token) => token.length > 0 && !TITLES.has(token));
}

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof']);

/** A name as one key (`Sam  Bloggs` → `sam bloggs`): tokens joined by one space; `null` if empty. */
export function nameKey(name: string): string | null {
  const tokens = nameTokens(name);
  return tokens.length === 0 ? null : tokens.join(' ');
}

function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1900 || year > 2100) return null;
  const number = dayOf(year, month, day);
  return number === null ? null : dateKeyOfDay(number);
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
// UK order: day first (02/04/2015 is the 2nd of April).
const NUMERIC_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const WORDED_DATE = /^(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+([a-z]+)\.?,?\s+(\d{4})$/i;
const MONTH_FIRST_DATE = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i;

function monthNumber(name: string): number | null {
  if (name.length < 3) return null;
  return MONTH_NUMBERS[name.slice(0, 3).toLowerCase()] ?? null;
}

/**
 * A date as staff type a date of birth: `2015-04-02`, `02/04/2015` (day first, as in the UK),
 * `2.4.2015`, `2 April 2015`, `2nd of April 2015`, `April 2, 2015`. Returns `YYYY-MM-DD` or `null`.
 */
export function parseDateOfBirth(value: string): string | null {
  const text = value.trim().replace(/\s+/g, ' ');
  const iso = ISO_DATE.exec(text);
  if (iso !== null) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const numeric = NUMERIC_DATE.exec(text);
  if (numeric !== null) return isoDate(Number(numeric[3]), Number(numeric[2]), Number(numeric[1]));
  const worded = WORDED_DATE.exec(text);
  if (worded !== null) {
    const month = monthNumber(worded[2] ?? '');
    return month === null ? null : isoDate(Number(worded[3]), month, Number(worded[1]));
  }
  const monthFirst = MONTH_FIRST_DATE.exec(text);
  if (monthFirst !== null) {
    const month = monthNumber(monthFirst[1] ?? '');
    return month === null ? null : isoDate(Number(monthFirst[3]), month, Number(monthFirst[2]));
  }
  return null;
}

/** The most phone numbers kept for one person (a signature rarely has more than three). */
export const MAX_KNOWN_NUMBERS = 5;

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Whether a stored number is in E.164 form, as every number the hub stores is (intake and staff
 * input go through `toE164`; `send-hub search-keys backfill` rewrote older ones). A check of the
 * form only, so that modules keying stored numbers need no numbering plans.
 */
export function isE164(phone: string): boolean {
  return E164.test(phone);
}

/**
 * The enquirer's own words: quoted earlier messages (`> ...`, everything from an `On ... wrote:`
 * line or an Outlook `From:` block on) are someone else's and are left out.
 */
export function ownText(body: string): string {
  const lines: string[] = [];
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*On .{4,200} wrote:\s*$/i.test(line)) break;
    if (/^\s*-{2,}\s*(Original|Forwarded) Message\s*-{2,}/i.test(line)) break;
    if (/^\s*From:\s.+/i.test(line) && lines.length > 0) break;
    if (/^\s*>/.test(line)) continue;
    lines.push(line);
  }
  return lines.join('\n');
}

/** What is known about the child an enquiry is about. */
export interface ChildFacts {
  name: string | null;
  /** `YYYY-MM-DD`. */
  dateOfBirth: string | null;
  school: string | null;
  /** Normalised (`CT92AB`). */
  postcode: string | null;
}

export const NO_CHILD: ChildFacts = { name: null, dateOfBirth: null, school: null, postcode: null };

const NAME_WORD = "\\p{Lu}[\\p{L}'’-]+";
// Words of a name sit on one line: `Sam Bloggs` then a new line `Date of birth` is not one name.
const CHILD_NAME = `(${NAME_WORD}(?:[ \\t]+${NAME_WORD}){0,2})`;
const DATE_TEXT =
  '(\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{4}|\\d{1,2}(?:st|nd|rd|th)?(?:\\s+of)?\\s+[A-Za-z]{3,9}\\.?,?\\s+\\d{4}|[A-Za-z]{3,9}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4})';

/** Labelled facts (`Child: Sam Bloggs`, `Name of child - Sam Bloggs`, `DOB: 02/04/2015`). */
const LABELLED_NAME = new RegExp(
  `(?:child(?:'s)?\\s*(?:full\\s+)?name|name\\s+of\\s+(?:the\\s+)?child|pupil(?:'s)?\\s*name|child|pupil|young\\s+person)\\s*[:\\-–]\\s*${CHILD_NAME}`,
  'iu',
);
/** `my son Sam Bloggs`, `our daughter, Amy Smith`, `about Sam Bloggs (DOB ...)`. */
const RELATION_NAME = new RegExp(
  `\\b(?:[Mm]y|[Oo]ur|[Hh]er|[Hh]is|[Tt]heir|[Tt]he)\\s+(?:son|daughter|child|grandson|granddaughter|stepson|stepdaughter|foster\\s+child|pupil|student)\\s*,?\\s+${CHILD_NAME}`,
  'u',
);
const NAME_BEFORE_DOB = new RegExp(
  `${CHILD_NAME}\\s*[,(]\\s*(?:DOB|D\\.O\\.B\\.?|born|date\\s+of\\s+birth)\\s*:?\\s*${DATE_TEXT}`,
  'u',
);
const LABELLED_DOB = new RegExp(
  `(?:\\bDOB\\b|\\bD\\.O\\.B\\.?|date\\s+of\\s+birth|\\bborn(?:\\s+on)?)\\s*[:\\-–]?\\s*${DATE_TEXT}`,
  'i',
);
const LABELLED_SCHOOL = /\b(?:school|setting)\s*[:\-–]\s*([^\n,;]{3,80})/i;
const POSTCODE_IN_TEXT = /\b([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b/;

/** Words that start a sentence rather than a name (`My son Sam. He ...` must not take `He`). */
const NOT_NAMES = new Set(['he', 'she', 'they', 'who', 'is', 'has', 'was', 'and', 'the', 'i', 'we']);

function cleanName(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const words = raw.trim().split(/\s+/);
  while (words.length > 0 && NOT_NAMES.has((words[words.length - 1] ?? '').toLowerCase())) words.pop();
  const name = words.join(' ');
  return name === '' || NOT_NAMES.has(name.toLowerCase()) ? null : name;
}

/**
 * The child an email is about, from the enquirer's own text: a labelled name or date of birth, a
 * "my son/daughter NAME", a "NAME (DOB ...)". Conservative: only what is written plainly; facts
 * not found are `null` (a caseworker can link the enquiry to the child by hand).
 */
export function childFromText(body: string): ChildFacts {
  const text = ownText(body);
  const withDob = NAME_BEFORE_DOB.exec(text);
  const name =
    cleanName(LABELLED_NAME.exec(text)?.[1]) ??
    cleanName(RELATION_NAME.exec(text)?.[1]) ??
    cleanName(withDob?.[1]);
  const dobText = withDob?.[2] ?? LABELLED_DOB.exec(text)?.[1];
  const school = LABELLED_SCHOOL.exec(text)?.[1]?.trim() ?? null;
  const postcodeText = POSTCODE_IN_TEXT.exec(text)?.[1];
  return {
    name,
    dateOfBirth: dobText === undefined ? null : parseDateOfBirth(dobText),
    school,
    postcode: postcodeText === undefined ? null : normalisePostcode(postcodeText),
  };
}

/** `later` fills what `earlier` does not know (a correction comes through `correctChild`, not here). */
export function mergeChildFacts(earlier: ChildFacts, later: ChildFacts): ChildFacts {
  return {
    name: earlier.name ?? later.name,
    dateOfBirth: earlier.dateOfBirth ?? later.dateOfBirth,
    school: earlier.school ?? later.school,
    postcode: earlier.postcode ?? later.postcode,
  };
}

/**
 * The key of a confident child match: the child's name and date of birth, both known
 * (`sam bloggs|2015-04-02`); `null` when either is missing.
 */
export function childMatchKey(child: ChildFacts): string | null {
  const name = child.name === null ? null : nameKey(child.name);
  return name === null || child.dateOfBirth === null ? null : `${name}|${child.dateOfBirth}`;
}

/** Adds values to a list of known ones (no duplicates, the first ones kept, at most `max`). */
export function addKnown(
  known: readonly string[],
  values: readonly (string | null)[],
  max: number,
): string[] {
  const result = [...known];
  for (const value of values) {
    if (value === null || value === '' || result.includes(value)) continue;
    if (result.length >= max) break;
    result.push(value);
  }
  return result;
}
