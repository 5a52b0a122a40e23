/**
 * The phone-log contract of DESIGN.md (`POST /phone-logs` JSON, and the telephony CSV export with
 * the same field names flattened with dots) and its conversion to the PhoneIntake queue message.
 * Phone numbers become E.164 (default country GB), emails lower-case, instants UTC.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { fieldProblems, PayloadTooLargeError } from '../domain/errors';
import type { PhoneIntake } from '../domain/intake-message';
import { parseDateOfBirth } from '../domain/people';
import { toE164 } from '../domain/phone-numbers';
import { Role } from '../domain/taxonomy';
import * as z from '../domain/zod';
import { type FieldIssue, PhoneLogValidationError } from './errors';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO-8601 date-time that names its zone (`Z` or an offset) and exists on the calendar. */
function isInstantWithZone(value: string): boolean {
  if (!INSTANT.test(value)) return false;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return false;
  // Date.parse rolls 31 April into 1 May: compare the written date with the local date it denotes.
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const check = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1));
  return check.getUTCMonth() + 1 === month && check.getUTCDate() === day;
}

/** Blank strings and nulls mean "not given": CSV cells are never absent, only empty. */
function blankToUndefined(value: unknown): unknown {
  if (value === null) return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  return typeof value === 'string' ? value.trim() : value;
}

const optionalText = (max: number) =>
  z.pipe(
    z.transform(blankToUndefined),
    z.optional(z.string().check(z.maxLength(max, `must be at most ${max} characters`))),
  );

const requiredText = (max: number) =>
  z.pipe(
    z.transform(blankToUndefined),
    z
      .string({ error: 'is required' })
      .check(z.minLength(1, 'is required'))
      .check(z.maxLength(max, `must be at most ${max} characters`)),
  );

const CallerSchema = z
  .object(
    {
      name: optionalText(200),
      phone: z.pipe(
        z.transform(blankToUndefined),
        z.optional(
          z
            .string()
            .check(z.maxLength(40, 'must be at most 40 characters'))
            .check(z.refine((phone) => toE164(phone) !== null, 'is not a valid phone number')),
        ),
      ),
      email: z.pipe(
        z.transform(blankToUndefined),
        z.optional(
          z
            .email({ error: 'must be an email address' })
            .check(z.maxLength(254, 'must be at most 254 characters')),
        ),
      ),
      role: z.pipe(
        z.transform((value) => {
          const blank = blankToUndefined(value);
          return typeof blank === 'string' ? blank.toLowerCase() : blank;
        }),
        z.optional(Role),
      ),
    },
    { error: 'needs caller.phone or caller.email' },
  )
  .check(
    z.superRefine((caller, context) => {
      if (caller.phone === undefined && caller.email === undefined) {
        context.addIssue({ code: 'custom', path: [], message: 'needs caller.phone or caller.email' });
      }
    }),
  );

const ChildSchema = z.object({
  name: optionalText(200),
  // Staff type dates as they say them: 2015-04-02, 02/04/2015 (day first) and 2 April 2015 all mean one day.
  dateOfBirth: z.pipe(
    z.transform((value) => {
      const blank = blankToUndefined(value);
      return typeof blank === 'string' ? (parseDateOfBirth(blank) ?? blank) : blank;
    }),
    z.optional(z.iso.date({ error: 'must be a date such as 2015-04-02, 02/04/2015 or 2 April 2015' })),
  ),
  school: optionalText(200),
  postcode: optionalText(10),
});

/** One phone-log entry as posted (before normalisation). Unknown fields are ignored. */
export const PhoneLogEntry = z.object({
  callId: z.pipe(
    z.transform(blankToUndefined),
    z
      .string({ error: 'is required' })
      .check(z.minLength(1, 'is required'))
      .check(z.maxLength(100, 'must be at most 100 characters'))
      .check(z.regex(/^[\w.:/-]+$/, 'may hold only letters, digits and . _ : / -')),
  ),
  receivedAt: z.pipe(
    z.transform(blankToUndefined),
    z
      .string({ error: 'is required' })
      .check(
        z.refine(isInstantWithZone, 'must be an ISO-8601 instant with a zone, e.g. 2026-11-23T09:14:00Z'),
      ),
  ),
  handledBy: optionalText(100),
  caller: CallerSchema,
  child: z.pipe(z.transform(blankToUndefined), z.optional(ChildSchema)),
  summary: requiredText(10_000),
  callbackRequested: z.pipe(
    z.transform(blankToUndefined),
    z.optional(z.boolean({ error: 'must be true or false' })),
  ),
});
export type PhoneLogEntry = z.infer<typeof PhoneLogEntry>;

export { toE164 } from '../domain/phone-numbers';

/** zod issues as `{ path: 'caller.phone', message }`, with an optional prefix such as `[3]`. */
export function fieldIssues(error: z.core.$ZodError, prefix = ''): FieldIssue[] {
  return fieldProblems(error.issues, prefix);
}

function toIsoInstant(value: string): string {
  return new Date(value).toISOString().replace('.000Z', 'Z');
}

function fromEntry(entry: PhoneLogEntry): PhoneIntake {
  return {
    version: 1,
    channel: 'phone',
    intakeId: `phone:${entry.callId}`,
    callId: entry.callId,
    receivedAt: toIsoInstant(entry.receivedAt),
    handledBy: entry.handledBy ?? null,
    requester: {
      name: entry.caller.name ?? null,
      email: entry.caller.email?.toLowerCase() ?? null,
      phone: entry.caller.phone === undefined ? null : toE164(entry.caller.phone),
    },
    callerRole: entry.caller.role ?? null,
    child: {
      name: entry.child?.name ?? null,
      dateOfBirth: entry.child?.dateOfBirth ?? null,
      school: entry.child?.school ?? null,
      postcode: entry.child?.postcode?.toUpperCase() ?? null,
    },
    summary: entry.summary,
    callbackRequested: entry.callbackRequested ?? false,
  };
}

/** Validates one entry: the intake message, or every bad field by path. */
export function validatePhoneLog(
  input: unknown,
  pathPrefix = '',
): { ok: true; intake: PhoneIntake } | { ok: false; callId: string | null; fields: FieldIssue[] } {
  const result = PhoneLogEntry.safeParse(input);
  if (result.success) return { ok: true, intake: fromEntry(result.data) };
  return { ok: false, callId: callIdOf(input), fields: fieldIssues(result.error, pathPrefix) };
}

/** The callId of raw input when it has a usable one, for error reports. */
export function callIdOf(input: unknown): string | null {
  if (typeof input !== 'object' || input === null || !('callId' in input)) return null;
  const callId = input.callId;
  return typeof callId === 'string' && callId.trim() !== '' ? callId.trim().slice(0, 100) : null;
}

/**
 * Converts one phone-log entry (parsed JSON) into the PhoneIntake queue message.
 * @throws PhoneLogValidationError naming every bad field (`caller.phone`, `summary`, ...).
 */
export function phoneLogToIntake(entry: unknown): PhoneIntake {
  const result = validatePhoneLog(entry);
  if (result.ok) return result.intake;
  const list = result.fields.map((field) => `${field.path} ${field.message}`).join('; ');
  throw new PhoneLogValidationError(`invalid phone log: ${list}`, result.fields);
}

export interface PhoneLogCsvRow {
  /** 0-based index of the data row (the header line is not counted). */
  readonly index: number;
  /** 1-based line of the file where the row starts. */
  readonly line: number;
  readonly intake: PhoneIntake;
}

export interface PhoneLogCsvError {
  readonly index: number;
  readonly line: number;
  readonly callId: string | null;
  readonly fields: readonly FieldIssue[];
}

const BOOLEAN_FIELDS = new Set(['callbackRequested']);
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);

/**
 * Every column a phone-log CSV may have: the fields of `PhoneLogEntry`, nested ones with dots. A
 * header naming anything else is refused, so no column name can reach an object key it should not
 * (`__proto__.summary` once wrote onto `Object.prototype` of the warm container).
 */
export const PHONE_LOG_COLUMNS = [
  'callId',
  'receivedAt',
  'handledBy',
  'caller.name',
  'caller.phone',
  'caller.email',
  'caller.role',
  'child.name',
  'child.dateOfBirth',
  'child.school',
  'child.postcode',
  'summary',
  'callbackRequested',
] as const;
type PhoneLogColumn = (typeof PHONE_LOG_COLUMNS)[number];
const KNOWN_COLUMNS: ReadonlySet<string> = new Set(PHONE_LOG_COLUMNS);

/** An object without a prototype: keys that happen to be `__proto__` or `constructor` are plain keys. */
function bareObject(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/** The column names of a header row, trimmed; refuses unknown and repeated names, naming each. */
function checkHeader(header: readonly string[]): (PhoneLogColumn | null)[] {
  const problems: FieldIssue[] = [];
  const seen = new Set<string>();
  const columns = header.map((raw, position) => {
    const name = raw.trim();
    // A trailing comma in an export makes a nameless column: it carries nothing and is skipped.
    if (name === '') return null;
    const shown = JSON.stringify(name.length > 60 ? `${name.slice(0, 59)}…` : name);
    if (!KNOWN_COLUMNS.has(name)) {
      problems.push({
        path: `header[${position}]`,
        message: `${shown} is not a phone-log column (known columns: ${PHONE_LOG_COLUMNS.join(', ')})`,
      });
      return null;
    }
    if (seen.has(name)) {
      problems.push({ path: `header[${position}]`, message: `${shown} appears more than once` });
      return null;
    }
    seen.add(name);
    return name as PhoneLogColumn;
  });
  if (problems.length > 0) {
    const first = problems[0];
    throw new PhoneLogValidationError(
      `the CSV header names ${problems.length === 1 ? 'a column' : 'columns'} the phone log does not have: ${first?.message ?? ''}`,
      problems,
    );
  }
  return columns;
}

/** One data row as the nested entry `PhoneLogEntry` reads, built on prototype-free objects. */
function rowEntry(
  columns: readonly (PhoneLogColumn | null)[],
  cells: readonly string[],
): Record<string, unknown> {
  const entry = bareObject();
  columns.forEach((column, position) => {
    const raw = cells[position] ?? '';
    if (column === null || raw.trim() === '') return;
    let value: unknown = raw;
    if (BOOLEAN_FIELDS.has(column)) {
      const word = raw.trim().toLowerCase();
      value = TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : raw;
    }
    const [outer, inner] = column.split('.') as [string, string | undefined];
    if (inner === undefined) {
      entry[outer] = value;
      return;
    }
    const existing = entry[outer];
    const nested =
      typeof existing === 'object' && existing !== null
        ? (existing as Record<string, unknown>)
        : bareObject();
    nested[inner] = value;
    entry[outer] = nested;
  });
  return entry;
}

/**
 * Parses a telephony CSV export (header row of field names, nested ones as `caller.phone`;
 * booleans true/false/yes/no). Good rows and bad rows come back separately. Parsing stops at the
 * row after `maxRows`: a file of a million one-character rows costs what `maxRows` rows cost.
 * @throws PhoneLogValidationError when the file is not well-formed CSV (unbalanced quotes...) or
 *   its header names a column that is not a phone-log field (or names one twice).
 * @throws PayloadTooLargeError (413) when the file has more than `maxRows` data rows.
 */
export function parsePhoneLogCsv(
  text: string,
  options: { readonly maxRows?: number } = {},
): { rows: PhoneLogCsvRow[]; errors: PhoneLogCsvError[] } {
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      bom: true,
      skip_empty_lines: true,
      info: true,
      // The header, the allowed rows and one more to know the file is over the limit; no further.
      ...(Number.isFinite(maxRows) ? { to: maxRows + 2 } : {}),
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = typeof error === 'object' && error !== null && 'lines' in error ? Number(error.lines) : null;
    const where = line === null || Number.isNaN(line) ? 'file' : `line ${line}`;
    throw new PhoneLogValidationError(
      `the CSV is malformed at ${where}`,
      [{ path: where, message: error instanceof Error ? error.message : 'malformed CSV' }],
      { cause: error },
    );
  }
  const [header, ...data] = records;
  if (header === undefined) return { rows: [], errors: [] };
  if (data.length > maxRows) {
    throw new PayloadTooLargeError(`at most ${maxRows} rows per request; split the file`);
  }
  const columns = checkHeader(header.record);
  const rows: PhoneLogCsvRow[] = [];
  const errors: PhoneLogCsvError[] = [];
  data.forEach(({ record, info }, index) => {
    const entry = rowEntry(columns, record);
    const result = validatePhoneLog(entry);
    // info.lines is the line where the record ends; rows of the export never span lines in practice.
    const line = info.lines;
    if (result.ok) rows.push({ index, line, intake: result.intake });
    else errors.push({ index, line, callId: result.callId, fields: result.fields });
  });
  return { rows, errors };
}
