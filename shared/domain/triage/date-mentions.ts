/**
 * Dates written in enquiries ("14 May", "Wed 4 Nov", "20/4", "next Monday", "tomorrow", "the
 * 3rd"), resolved against the local date the hub received the message. Days are whole days since
 * 1970-01-01 (UTC arithmetic on local calendar dates, so no time zone can shift them); working
 * days are counted on the hub's business calendar (`business-calendar.ts`).
 */
import { dayOf, MONTH_NUMBERS as MONTHS, weekdayIndex } from '../local-time';

export interface DateMention {
  readonly index: number;
  readonly length: number;
  /** Days since 1970-01-01 of the local date meant. */
  readonly day: number;
}

const WEEKDAYS: Record<string, number> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY_FULL = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const WEEKDAY_ANY = `(?:${WEEKDAY_FULL}|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\\.?`;
const DAY_OF_MONTH = '([0-3]?\\d)(?:st|nd|rd|th)?';
const YEAR = '(?:,?\\s+(\\d{4}))?';

const DAY_MONTH = new RegExp(
  `\\b(?:${WEEKDAY_ANY},?\\s+)?(?:the\\s+)?${DAY_OF_MONTH}(?:\\s+of)?\\s+${MONTH}(?![a-z])${YEAR}`,
  'giu',
);
const MONTH_DAY = new RegExp(
  `\\b(?:${WEEKDAY_ANY},?\\s+)?${MONTH}\\s+(?:the\\s+)?${DAY_OF_MONTH}(?!\\d)\\b${YEAR}`,
  'giu',
);
const NUMERIC = new RegExp(
  `\\b(?:${WEEKDAY_ANY},?\\s+)?([0-3]?\\d)/([01]?\\d)(?:/(\\d{4}|\\d{2}))?(?![\\d/])`,
  'giu',
);
const ORDINAL = /\b(?:the\s+)([0-3]?\d)(?:st|nd|rd|th)\b/giu;
// Short weekday names are also words ("sat", "sun", "wed"): only when capitalised.
// "Wednesday next week" is in next week whatever today is; "Wednesday week" is a week after the next one.
const WEEKDAY_NAMED = new RegExp(
  `\\b(?:(this|next|coming|last|on|by|until|before)\\s+)?(${WEEKDAY_FULL})\\b(?:\\s+(next week|week)\\b)?`,
  'giu',
);
const WEEKDAY_SHORT =
  /\b(?:(this|next|coming|last|on|by|until|before|This|Next|Last|On|By)\s+)?(Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|MON|TUE|TUES|WED|THU|THUR|THURS|FRI|SAT|SUN)\b\.?(?:\s+(next week|week)\b)?/gu;
const RELATIVE =
  /\b(today|tonight|this (?:morning|afternoon|evening)|tomorrow|the day after tomorrow|yesterday|last night|next week|this week|(?:the )?end of (?:the|this) week|(?:the )?end of (?:the|this) month|(?:after|straight after|just after) (?:the )?half[ -]?term|in (\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten) (working |school )?(days?|weeks?)(?:'? time)?|(\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten) (working |school )?(days?|weeks?) away|in a fortnight|a fortnight away|this time next week|a week (?:from )?today|(?:in|over|within) (?:the next|the coming|a) (?:few|couple of) days(?:'? time)?)\b/giu;
const PAST_TENSE = /\b(?:was|were|had|did|went|passed|ago|last|came and went|expired|missed|been)\b/i;
const PRESENT_OR_FUTURE = /\b(?:is|are|am|will|shall|going to|due|booked|listed|scheduled)\b|'(?:s|ll|re)\b/i;
const CLAUSE_BREAK = /[,;:()]|\b(?:and|but|while|whereas|although)\b/gi;

/**
 * Whether the clause around a date is in the past tense: "The review was in March, and the hearing
 * is on Thursday" puts Thursday ahead. A clause with no tense word of its own takes the sentence's.
 */
function clauseIsPast(sentence: string, index: number, length: number, sentencePast: boolean): boolean {
  let start = 0;
  let end = sentence.length;
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(sentence); m !== null; m = CLAUSE_BREAK.exec(sentence)) {
    if (m.index + m[0].length <= index) start = m.index + m[0].length;
    else if (m.index >= index + length) {
      end = m.index;
      break;
    }
  }
  const clause = sentence.slice(start, end);
  if (PAST_TENSE.test(clause)) return true;
  if (PRESENT_OR_FUTURE.test(clause)) return false;
  return sentencePast;
}

/** "Wed 4 Nov 2026". */
export function describeDay(day: number): string {
  const names = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const date = new Date(day * 86_400_000);
  return `${names[weekdayIndex(day)]} ${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

function yearOf(day: number): number {
  return new Date(day * 86_400_000).getUTCFullYear();
}

/** Of the candidate days, the one nearest `today` (earlier wins a tie). */
function nearest(candidates: ReadonlyArray<number | null>, today: number): number | null {
  let best: number | null = null;
  for (const candidate of candidates) {
    if (candidate === null) continue;
    if (best === null || Math.abs(candidate - today) < Math.abs(best - today)) best = candidate;
  }
  return best;
}

function monthNumber(name: string): number {
  return MONTHS[name.slice(0, 3).toLowerCase()] ?? 0;
}

function fullYear(text: string | undefined, today: number): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  if (text.length === 2) return 2000 + value;
  // A year far from the enquiry is a date of birth or history, not a deadline.
  return Math.abs(value - yearOf(today)) <= 5 ? value : null;
}

function dayMonthYear(
  dayText: string,
  month: number,
  yearText: string | undefined,
  today: number,
): number | null {
  const dayNumber = Number(dayText);
  const year = fullYear(yearText, today);
  if (yearText !== undefined) return year === null ? null : dayOf(year, month, dayNumber);
  const base = yearOf(today);
  return nearest(
    [dayOf(base - 1, month, dayNumber), dayOf(base, month, dayNumber), dayOf(base + 1, month, dayNumber)],
    today,
  );
}

function resolveWeekday(
  target: number,
  qualifier: string | undefined,
  today: number,
  pastTense: boolean,
): number {
  const now = weekdayIndex(today);
  const ahead = (target - now + 7) % 7 || 7;
  const behind = (now - target + 7) % 7 || 7;
  switch ((qualifier ?? '').toLowerCase()) {
    case 'last':
      return today - behind;
    case 'this':
      return target >= now ? today + (target - now) : today + ahead;
    case 'next':
    case 'coming':
    case 'by':
    case 'until':
    case 'before':
      // The earliest reading of "next Monday": a deadline must never look later than it may be.
      return today + ahead;
    default:
      return pastTense ? today - behind : today + ahead;
  }
}

/** The last day of the month of `day`. */
function endOfMonth(day: number): number {
  const date = new Date(day * 86_400_000);
  return Math.floor(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0) / 86_400_000);
}

/** The Monday of the week holding the `nth` Monday (1 first, -1 last) of a month, as a day number. */
function mondayOf(year: number, month: number, nth: number): number {
  const first = Math.floor(Date.UTC(year, month - 1, 1) / 86_400_000);
  const firstMonday = first + ((7 - weekdayIndex(first)) % 7);
  if (nth > 0) return firstMonday + 7 * (nth - 1);
  const last = endOfMonth(first);
  return last - weekdayIndex(last);
}

/**
 * The first school day after the next half-term week. English schools' half terms differ by
 * council, so this is the usual pattern: the last week of October, the third week of February and
 * the last week of May. Near enough to tell "after half term" next week from one months away.
 */
function afterHalfTerm(today: number): number {
  const year = new Date(today * 86_400_000).getUTCFullYear();
  const starts = [year - 1, year, year + 1].flatMap((y) => [
    mondayOf(y, 2, 3),
    mondayOf(y, 5, -1),
    mondayOf(y, 10, -1),
  ]);
  const next = starts.filter((start) => start + 4 >= today).sort((a, b) => a - b)[0];
  return next === undefined ? today : next + 7;
}

function resolveRelative(match: RegExpExecArray, today: number): number | null {
  const phrase = (match[1] ?? '').toLowerCase();
  if (phrase === 'this time next week' || phrase.startsWith('a week')) return today + 7;
  if (phrase === 'today' || phrase === 'tonight' || phrase.startsWith('this ')) {
    if (phrase === 'this week') return today + Math.max(0, 4 - weekdayIndex(today));
    return today;
  }
  if (phrase === 'tomorrow') return today + 1;
  if (phrase === 'the day after tomorrow') return today + 2;
  if (phrase === 'yesterday' || phrase === 'last night') return today - 1;
  if (phrase === 'next week') return today + ((7 - weekdayIndex(today)) % 7 || 7);
  if (phrase.endsWith('month')) return endOfMonth(today);
  if (phrase.endsWith('week')) return today + Math.max(0, 4 - weekdayIndex(today));
  if (phrase.includes('half')) return afterHalfTerm(today);
  if (phrase.includes('fortnight')) return today + 14;
  // "In the next few days": a few is read as three, the nearest a writer means by it.
  if (phrase.includes('few') || phrase.includes('couple')) return today + 3;
  if (phrase === 'this time next week' || phrase.startsWith('a week')) return today + 7;
  const countText = (match[2] ?? match[5] ?? '').toLowerCase();
  const count = NUMBER_WORDS[countText] ?? Number(countText);
  if (!Number.isFinite(count)) return null;
  const unit = (match[4] ?? match[7] ?? '').toLowerCase();
  if (unit.startsWith('week')) return today + count * 7;
  return today + count;
}

/**
 * Every date written in a sentence, resolved against `today` (the local date of receipt). Dates
 * without a year take the year that puts them nearest receipt; a bare weekday is the next one
 * (or the last one when the sentence is in the past tense).
 */
export function findDateMentions(sentence: string, today: number): DateMention[] {
  const mentions: DateMention[] = [];
  const taken: Array<[number, number]> = [];
  const free = (start: number, end: number): boolean =>
    taken.every(([from, to]) => end <= from || start >= to);
  const add = (index: number, length: number, day: number | null): void => {
    if (!free(index, index + length)) return;
    taken.push([index, index + length]);
    if (day !== null) mentions.push({ index, length, day });
  };
  const pastTense = PAST_TENSE.test(sentence);
  for (const pattern of [DAY_MONTH, MONTH_DAY, NUMERIC, ORDINAL, WEEKDAY_NAMED, WEEKDAY_SHORT, RELATIVE]) {
    pattern.lastIndex = 0;
  }
  for (let m = DAY_MONTH.exec(sentence); m !== null; m = DAY_MONTH.exec(sentence)) {
    add(m.index, m[0].length, dayMonthYear(m[1] ?? '', monthNumber(m[2] ?? ''), m[3], today));
  }
  for (let m = MONTH_DAY.exec(sentence); m !== null; m = MONTH_DAY.exec(sentence)) {
    add(m.index, m[0].length, dayMonthYear(m[2] ?? '', monthNumber(m[1] ?? ''), m[3], today));
  }
  for (let m = NUMERIC.exec(sentence); m !== null; m = NUMERIC.exec(sentence)) {
    add(m.index, m[0].length, dayMonthYear(m[1] ?? '', Number(m[2]), m[3], today));
  }
  for (let m = ORDINAL.exec(sentence); m !== null; m = ORDINAL.exec(sentence)) {
    const dayNumber = Number(m[1]);
    const date = new Date(today * 86_400_000);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const candidates = [
      dayOf(month === 1 ? year - 1 : year, month === 1 ? 12 : month - 1, dayNumber),
      dayOf(year, month, dayNumber),
      dayOf(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, dayNumber),
    ].filter((candidate): candidate is number => candidate !== null);
    // "The hearing is on the 20th" is the next 20th; "the 17th came and went" the last one; "by
    // the 14th" is always a date ahead, whatever tense the sentence started in.
    const deadline = /\b(?:by|before|until|till)\s+$/i.test(
      sentence.slice(Math.max(0, m.index - 8), m.index),
    );
    const chosen =
      !deadline && clauseIsPast(sentence, m.index, m[0].length, pastTense)
        ? candidates.filter((candidate) => candidate <= today).pop()
        : candidates.find((candidate) => candidate >= today);
    add(m.index, m[0].length, chosen ?? null);
  }
  for (const pattern of [WEEKDAY_NAMED, WEEKDAY_SHORT]) {
    for (let m = pattern.exec(sentence); m !== null; m = pattern.exec(sentence)) {
      const target = WEEKDAYS[(m[2] ?? '').slice(0, 3).toLowerCase()];
      if (target === undefined) continue;
      const week = m[3]?.toLowerCase();
      const nextMonday = today + ((7 - weekdayIndex(today)) % 7 || 7);
      add(
        m.index,
        m[0].length,
        week === 'next week'
          ? nextMonday + target
          : week === 'week'
            ? today + ((target - weekdayIndex(today) + 7) % 7 || 7) + 7
            : resolveWeekday(target, m[1], today, clauseIsPast(sentence, m.index, m[0].length, pastTense)),
      );
    }
  }
  for (let m = RELATIVE.exec(sentence); m !== null; m = RELATIVE.exec(sentence)) {
    add(m.index, m[0].length, resolveRelative(m, today));
  }
  return mentions.sort((a, b) => a.index - b.index);
}
