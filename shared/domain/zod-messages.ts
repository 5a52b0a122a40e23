/**
 * The hub's own messages for the zod issues its schemas raise, installed by `shared/domain/zod.ts`
 * in place of zod's English locale (`zod/locales`, ~2.8 KB in every bundle with dozens of formats
 * the hub never checks). The wording is the one staff and operators already read in 400s and
 * configuration errors (`teams[2].managerEmail: Invalid email address`); `message` on a check
 * still wins, and a code not named here reads "Invalid input", as zod says without a locale.
 */
import type { core } from 'zod/mini';

/** What a size check counts, by the kind of value checked. */
const UNITS: Readonly<Record<string, string>> = {
  string: 'characters',
  array: 'items',
  set: 'items',
  map: 'entries',
  file: 'bytes',
};

/** How a string format is named in "Invalid …" (formats the hub's schemas check). */
const FORMATS: Readonly<Record<string, string>> = {
  regex: 'input',
  email: 'email address',
  url: 'URL',
  datetime: 'ISO datetime',
  date: 'ISO date',
  time: 'ISO time',
  duration: 'ISO duration',
  e164: 'E.164 number',
  uuid: 'UUID',
};

/** The kind of a value as the messages name it ("array", "null", "NaN"... besides `typeof`). */
export function kindOf(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (input instanceof Date) return 'date';
  if (typeof input === 'number' && !Number.isFinite(input)) return String(input);
  return typeof input;
}

function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  return String(value);
}

/** "Too big: expected string to have <=3 characters", "Too small: expected number to be >0". */
function sizeMessage(issue: core.$ZodRawIssue<core.$ZodIssueTooBig | core.$ZodIssueTooSmall>): string {
  const big = issue.code === 'too_big';
  const relation = issue.exact ? 'exactly ' : `${big ? '<' : '>'}${issue.inclusive ? '=' : ''}`;
  const bound = `${relation}${String(big ? issue.maximum : issue.minimum)}`;
  const unit = UNITS[issue.origin];
  const prefix = big ? 'Too big' : 'Too small';
  return unit === undefined
    ? `${prefix}: expected ${issue.origin} to be ${bound}`
    : `${prefix}: expected ${issue.origin} to have ${bound} ${unit}`;
}

/** The message of one issue, or undefined for zod's own "Invalid input". */
export function issueMessage(issue: core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `Invalid input: expected ${issue.expected}, received ${kindOf(issue.input)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `Invalid input: expected ${shown(issue.values[0])}`
        : `Invalid option: expected one of ${issue.values.map(shown).join('|')}`;
    case 'too_big':
    case 'too_small':
      return sizeMessage(issue);
    case 'invalid_format':
      if (issue.format === 'regex' && issue.pattern !== undefined) {
        return `Invalid string: must match pattern ${issue.pattern}`;
      }
      return `Invalid ${FORMATS[issue.format] ?? issue.format}`;
    case 'unrecognized_keys':
      return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map(shown).join(', ')}`;
    case 'invalid_union': {
      // A discriminated union names the discriminator's values it knows.
      const options: unknown = 'options' in issue ? issue.options : undefined;
      return Array.isArray(options) && options.length > 0
        ? `Invalid discriminator value. Expected ${options.map((option) => `'${String(option)}'`).join(' | ')}`
        : undefined;
    }
    case 'invalid_key':
      return `Invalid key in ${issue.origin}`;
    case 'invalid_element':
      return `Invalid value in ${issue.origin}`;
    default:
      return undefined;
  }
}
