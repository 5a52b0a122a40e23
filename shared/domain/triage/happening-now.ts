/**
 * Whether an event a priority cue names (an exclusion, a suspension) is happening now to the
 * writer's child, read by the same language layer as the safeguarding flag. Real parents tell
 * stories: "his primary then permanently excluded him" (years before he found his current school),
 * "he is facing exclusion", "what happens if a child is excluded?". None of these is an exclusion
 * to act on today; "he has been suspended", "excluded yesterday", "suspended until Thursday" and a
 * subject line "Suspended" are.
 */
import { findDateMentions } from './date-mentions';
import { scoped } from './language/concepts';
import type { TokenSpan } from './language/lemma-patterns';
import {
  type CompiledScope,
  clauseOf,
  type MessageScope,
  readingOf,
  type ScopedSentence,
  toldInThePast,
} from './language/scope';
import type { Sentence } from './prepared-text';

/** Why an event is not happening now, as a caseworker reads it; null when it is. */
export type NotNow =
  | 'negated'
  | 'conditional'
  | 'only threatened or possible'
  | 'a subject of advice or study'
  | 'asked whether it is one'
  | 'said of children in general'
  | 'an idiom'
  | 'over'
  | 'a story told in the past'
  | null;

/** A date within this many days of receipt makes a past event recent ("suspended on 2 March"). */
export const RECENT_DAYS = 14;

/** Auxiliaries of the present perfect: "has been excluded", "they've suspended him" is news. */
const PERFECT = new Set(['has', 'have', "'ve", 've', 'hasn’t', "hasn't", "haven't"]);

/** The words of the scoped sentence that the characters `index`..`index + length` cover. */
function wordSpan(read: ScopedSentence, index: number, length: number): TokenSpan | null {
  let start = -1;
  let end = -1;
  read.words.forEach((word, at) => {
    if (word.end > index && word.start < index + length) {
      if (start < 0) start = at;
      end = at + 1;
    }
  });
  return start < 0 ? null : { start, end };
}

/** Whether the clause says the event is news: a present perfect ("has been", "'s been", "been given"). */
function perfect(read: ScopedSentence, clause: TokenSpan): boolean {
  for (let at = clause.start; at < clause.end; at += 1) {
    const word = read.words[at];
    if (word === undefined) continue;
    if (PERFECT.has(word.lower)) return true;
    // "been given a suspension" in a call note; "had been" is a story's past perfect.
    if (word.lower === 'been' && read.words[at - 1]?.lower !== 'had') return true;
  }
  return false;
}

/** Past auxiliaries of a passive or past perfect told as a story ("he was excluded", "had been"). */
const PAST_AUXILIARY = new Set(['was', 'were', 'had', 'got']);
/** Who an active past exclusion is done to ("they excluded him"). */
const DONE_TO = new Set(['him', 'her', 'them', 'me', 'us', 'my', 'our', 'his', 'their']);
/** Present tense just before the event: reported speech of now ("said he is not to return"). */
const PRESENT = new Set(['is', 'are', 'am', "'s", "'re", "'m", 'isn’t', "isn't", "aren't"]);

/**
 * Whether the event is told as an action of a past story: the match's own verb in the past tense,
 * passive after "was"/"were"/"had" or active with who it was done to ("then excluded him"). A
 * noun ("got letter - 5 day suspension") or a bare participle in a call note ("Y9 pupil
 * permanently excluded from...") is news, not a story.
 */
function toldAsPastAction(read: ScopedSentence, clause: TokenSpan, span: TokenSpan): boolean {
  for (let at = Math.max(clause.start, span.start - 3); at < span.start; at += 1) {
    if (PRESENT.has(read.words[at]?.lower ?? '')) return false;
  }
  for (let at = span.start; at < span.end; at += 1) {
    if (!read.pastWords.has(at) || PAST_AUXILIARY.has(read.words[at]?.lower ?? '')) continue;
    const before = read.words.slice(Math.max(clause.start, at - 3), at).map((word) => word.lower);
    if (before.some((word) => PAST_AUXILIARY.has(word))) return true;
    if (DONE_TO.has(read.words[at + 1]?.lower ?? '')) return true;
  }
  return false;
}

/** Words that join a consequence going on now: "...kicked me off my course and now I've got nothing". */
const THEN_NOW = new Set(['and', 'so', ',', 'but']);

/** Whether the sentence goes on to say what the event left now ("and now", "so now"). */
function goesOnNow(read: ScopedSentence): boolean {
  return read.words.some((word, at) => word.lower === 'now' && THEN_NOW.has(read.words[at - 1]?.lower ?? ''));
}

/** Verbs that open a question whether something counts ("Is this exclusion?", "Would that count as..."). */
const ASKING = new Set(['is', 'was', 'would', 'does', 'could', 'can', 'isn’t', "isn't", 'count', 'counts']);
const THIS = new Set(['this', 'that', 'it']);

/**
 * Whether the event is asked about as a name for what happened ("Is this exclusion?", "Would
 * that count as an informal exclusion?"): the writer asks whether it counts, not says it did. The
 * phrase opens with the question's verb and "this", "that" or "it", and the sentence is a question.
 */
function asksWhetherItCounts(read: ScopedSentence, phrase: number, span: TokenSpan): boolean {
  if (!read.words.some((word) => word.text === '?')) return false;
  const first = read.words[phrase]?.lower ?? '';
  const second = read.words[phrase + 1]?.lower ?? '';
  return ASKING.has(first) && THIS.has(second) && phrase + 1 < span.start;
}

/**
 * How the event at `index` (`length` characters) of `sentence` is meant: null when it is
 * happening now (said as fact and news or recent), otherwise why not.
 * @param today the day of receipt (days since the epoch), for dates that make a past event recent.
 */
export function eventNotNow(
  sentence: Sentence,
  index: number,
  length: number,
  scope: CompiledScope,
  message: MessageScope,
  today: number | null,
): NotNow {
  const read = scoped(sentence.tokens, scope);
  const span = wordSpan(read, index, length);
  // Words the language layer could not place are read as happening: a person looks.
  if (span === null) return null;
  const clause = clauseOf(read, span);
  const phrase = read.phraseStart[span.start] ?? clause.start;
  const threatened = read.threats.some((threat) => threat.start >= phrase && threat.end <= span.start);
  if (threatened) return 'only threatened or possible';
  // "Experts on exclusion", "a webinar about exclusions": the subject, not the child's event.
  if (read.aboutTheSubject.some((about) => about.end === span.start)) return 'a subject of advice or study';
  if (asksWhetherItCounts(read, phrase, span)) return 'asked whether it is one';
  switch (readingOf(read, span, scope, message)) {
    case 'negated':
      return 'negated';
    case 'conditional':
      return 'conditional';
    case 'generic':
      // A policy word alone ("course", "panel") does not make a child's exclusion general; a
      // question ("Has Theo been excluded this year?"), hearsay or a message about no child does.
      // A subject line names what the message is about, asked or not ("Sending home?? An illegal exclusion").
      if (
        read.hearsay ||
        message.notAboutAChild ||
        (sentence.source !== 'subject' && read.words.some((word) => word.text === '?'))
      )
        return 'said of children in general';
      break;
    case 'idiom':
      return 'an idiom';
    case 'over':
    case 'managed':
      // "Permanently excluded three weeks ago": recent enough to be news, and still in force.
      if (!read.recentPast) return 'over';
      return null;
    default:
      break;
  }
  if (!toldInThePast(read, clause) || perfect(read, clause) || !toldAsPastAction(read, clause, span))
    return null;
  if (read.ongoing.length > 0 || read.lackGoesOn || read.recentPast || goesOnNow(read)) return null;
  const recent = (day: number): boolean => today !== null && Math.abs(day - today) <= RECENT_DAYS;
  const dates = today === null ? [] : findDateMentions(sentence.text, today);
  if (dates.some((date) => recent(date.day))) return null;
  // A bare report ("The school excluded him.") is news until a time long past or a story word
  // says it is part of a story.
  return dates.length > 0 || toldAsStory(read, clause, span, today) ? 'a story told in the past' : null;
}

const MONTHS = new Set([
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]);

/** Words that place a past event inside a story: what came before or after it, or whose it was. */
const STORY = new Set([
  'then',
  'who',
  'which',
  'after',
  'before',
  'when',
  'eventually',
  'finally',
  'later',
  'first',
  'until',
  'once',
]);

/**
 * Whether a past event is told as part of a story ("a primary who then excluded him", "she was
 * excluded from her first school", "after he was excluded we moved", "excluded in January"): a
 * story word in its clause before it or in the sentence after it, a past period, or an earlier month.
 */
function toldAsStory(
  read: ScopedSentence,
  clause: TokenSpan,
  span: TokenSpan,
  today: number | null,
): boolean {
  if (read.pastPeriods.length > 0) return true;
  // The month of receipt is news ("excluded in March", received in March).
  const thisMonth = today === null ? '' : [...MONTHS][new Date(today * 86_400_000).getUTCMonth()];
  return read.words.some(
    (word, at) =>
      ((at >= clause.start || at >= span.end) && STORY.has(word.lower)) ||
      // "excluded in January": a month named without a day is a time of the story, not news.
      (MONTHS.has(word.lower) &&
        word.lower !== thisMonth &&
        ['in', 'since', 'during', 'from', 'until'].includes(read.words[at - 1]?.lower ?? '')),
  );
}
