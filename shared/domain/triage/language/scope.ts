/**
 * How a cue is meant where it stands: said as fact, or negated ("he is not suicidal", "self-harm:
 * denies"), inside a condition or its consequence ("if his 1:1 is cut he will hurt himself"), only
 * feared or possible ("he might be excluded"), about children in general ("what training do staff
 * have for children who self-harm?", "you hear about gangs grooming kids"), part of an idiom ("this
 * paperwork is killing me"), over and done ("she self-harmed two years ago, doing well since"), or
 * a long-standing condition managed under a plan with nothing new. Every list of words is the
 * lexicon's `scope` section; this module only says where each one reaches.
 */
import type { Token } from './analyse';
import {
  findLemmaPattern,
  formsOf,
  isClauseMark,
  isJoiner,
  type LemmaPattern,
  type TokenSpan,
} from './lemma-patterns';

/** The scope words of the lexicon, compiled. */
export interface CompiledScope {
  /** Lemmas that start a new clause ("but", "and", "because", "which"...). */
  readonly clauseWords: ReadonlySet<string>;
  readonly negators: readonly LemmaPattern[];
  /** How many words before a cue a negation reaches. */
  readonly negationWindow: number;
  /** Lemmas a negation does not reach past ("I can't stop him hurting himself"). */
  readonly negationStops: ReadonlySet<string>;
  /** Lemmas that negate what comes just before them ("Self-harm: denies", "SI - none"). */
  readonly negatedAfter: ReadonlySet<string>;
  readonly conditionals: readonly LemmaPattern[];
  readonly modals: readonly LemmaPattern[];
  readonly past: readonly LemmaPattern[];
  /**
   * Times that are past only when the sentence is told in the past tense: "In Year 5 there was a
   * period of bullying" is over, "he is in Year 5 and being bullied" is not.
   */
  readonly pastPeriods: readonly LemmaPattern[];
  readonly ongoing: readonly LemmaPattern[];
  /**
   * A lack said to go on to now, anywhere in the sentence: "the council agreed EOTAS last spring and
   * nothing has been put in place since" is not over, whatever the first clause's past says.
   */
  readonly lackGoesOn: readonly LemmaPattern[];
  readonly generic: readonly LemmaPattern[];
  readonly personal: readonly LemmaPattern[];
  readonly policy: readonly LemmaPattern[];
  readonly hearsay: readonly LemmaPattern[];
  readonly idioms: readonly LemmaPattern[];
  /** Anywhere in a message: it is about no child in particular ("a hypothetical question"). */
  readonly notAboutAChild: readonly LemmaPattern[];
  /** Anywhere in a message: what happened is over ("none since", "doing well now"). */
  readonly resolved: readonly LemmaPattern[];
  /** Anywhere in a message: a condition is managed under a plan ("managed under a PBS plan"). */
  readonly managed: readonly LemmaPattern[];
  /** In the cue's clause: something is new or worse ("again", "getting worse"), so not managed. */
  readonly escalation: readonly LemmaPattern[];
  /** Before an event: it is only threatened or possible ("facing exclusion", "might exclude him"). */
  readonly threats: readonly LemmaPattern[];
  /** Just before an event: it is a subject of advice or study ("experts on exclusion"). */
  readonly aboutTheSubject: readonly LemmaPattern[];
  /** A past time close enough to be news ("three weeks ago"). */
  readonly recentPast: readonly LemmaPattern[];
}

/** How a cue is meant. Only `asserted` (and `modal`, where the concept says so) counts. */
export type Reading =
  | 'asserted'
  | 'negated'
  | 'conditional'
  | 'modal'
  | 'generic'
  | 'idiom'
  | 'over'
  | 'managed';

/** A sentence's words (joiners removed) with where each scope word was found. */
export interface ScopedSentence {
  readonly words: readonly Token[];
  /** Lower-case forms and lemmas present, for skipping patterns quickly. */
  readonly present: ReadonlySet<string>;
  /** For each word, the index of the first word of its clause. */
  readonly clauseStart: readonly number[];
  /** The same, where "and"/"or" do not start a clause ("she'll panic and run off" is one wish). */
  readonly phraseStart: readonly number[];
  /** Indexes of words that open a clause after the first: a pattern's gap does not skip them. */
  readonly barriers: ReadonlySet<number>;
  readonly negators: readonly TokenSpan[];
  readonly conditionals: readonly TokenSpan[];
  readonly modals: readonly TokenSpan[];
  readonly personal: readonly TokenSpan[];
  readonly idioms: readonly TokenSpan[];
  readonly past: readonly TokenSpan[];
  readonly pastPeriods: readonly TokenSpan[];
  readonly ongoing: readonly TokenSpan[];
  /** A lack goes on to now somewhere in the sentence (`scope.lackGoesOn`). */
  readonly lackGoesOn: boolean;
  readonly escalation: readonly TokenSpan[];
  /** Words making an event only threatened or possible (`scope.threats`). */
  readonly threats: readonly TokenSpan[];
  /** Words making the event after them a subject of advice or study (`scope.aboutTheSubject`). */
  readonly aboutTheSubject: readonly TokenSpan[];
  /** A past time close enough to be news (`scope.recentPast`). */
  readonly recentPast: boolean;
  /** Asks in general (a question or about policy, procedure, training) and names no child of theirs. */
  readonly general: boolean;
  /** Hearsay about children in general ("you hear about..."). */
  readonly hearsay: boolean;
  /** Some verb of the sentence is in the past tense. */
  readonly pastTense: boolean;
  /** Indexes of the words in the past tense. */
  readonly pastWords: ReadonlySet<number>;
}

/** What the whole message says about every cue in it. */
export interface MessageScope {
  readonly notAboutAChild: boolean;
  readonly resolved: boolean;
  readonly managed: boolean;
}

const QUESTION_OPENERS = new Set([
  'what',
  'how',
  'can',
  'could',
  'should',
  'would',
  'do',
  'does',
  'is',
  'are',
  'will',
  'when',
  'where',
  'who',
  'why',
  'which',
]);

/** "and"/"or" join two clauses only before a verb or a pronoun; before a noun they join two things. */
const COORDINATORS = new Set(['and', 'or', 'nor']);
const JOINS_THINGS = new Set(['NOUN', 'PROPN', 'ADJ', 'DET', 'NUM']);
const PAST_AUXILIARIES = new Set(['was', 'were', 'had', 'did', "'d"]);

function spans(
  patterns: readonly LemmaPattern[],
  words: readonly Token[],
  present: ReadonlySet<string>,
): TokenSpan[] {
  return patterns.flatMap((pattern) => findLemmaPattern(pattern, words, present));
}

/** Word indexes where a new clause opens with a word ("that", "when"), not at the sentence's start. */
function barriersOf(clauseStart: readonly number[]): Set<number> {
  const barriers = new Set<number>();
  clauseStart.forEach((start, index) => {
    if (start === index && index > 0) barriers.add(index);
  });
  return barriers;
}

function isPastTense(word: Token): boolean {
  if (PAST_AUXILIARIES.has(word.lower)) return true;
  // "aged 12" gives an age, not a past event.
  if (word.pos !== 'VERB' || word.lower === word.lemma || word.lower === 'aged') return false;
  return !word.lower.endsWith('ing') && !word.lower.endsWith('s');
}

/** Words just before a time that say it is now ("is in Year 9", "now in reception"). */
const SAID_OF_NOW = new Set(['is', 'are', 'am', "'s", "'re", "'m", 'now', 'currently']);

/** Reads the scope words of one sentence's tokens. */
export function scopeSentence(tokens: readonly Token[], scope: CompiledScope): ScopedSentence {
  const words = tokens.filter((token) => !isJoiner(token));
  const present = formsOf(words);
  const clauseStart: number[] = [];
  const phraseStart: number[] = [];
  let start = 0;
  let phrase = 0;
  words.forEach((word, index) => {
    if (isClauseMark(word)) {
      start = index + 1;
      phrase = index + 1;
    } else if (scope.clauseWords.has(word.lemma) || scope.clauseWords.has(word.lower)) {
      const coordinator = COORDINATORS.has(word.lower);
      const next = words[index + 1];
      // "no neglect or abuse": one negation over both; "isn't eating and says...": two clauses.
      if (!coordinator || next === undefined || !JOINS_THINGS.has(next.pos)) start = index;
      if (!coordinator) phrase = index;
    }
    clauseStart.push(start);
    phraseStart.push(phrase);
  });
  const first = words.find((word) => !isClauseMark(word));
  const question =
    words.some((word) => word.text === '?') || (first !== undefined && QUESTION_OPENERS.has(first.lower));
  const personal = spans(scope.personal, words, present);
  const asking = question || spans(scope.policy, words, present).length > 0;
  return {
    words,
    present,
    clauseStart,
    phraseStart,
    barriers: barriersOf(clauseStart),
    negators: spans(scope.negators, words, present),
    conditionals: spans(scope.conditionals, words, present),
    modals: spans(scope.modals, words, present),
    personal,
    idioms: spans(scope.idioms, words, present),
    past: spans(scope.past, words, present),
    // "He is in Year 9 and was hit": a time said of now is no past period.
    pastPeriods: spans(scope.pastPeriods, words, present).filter(
      (span) => !SAID_OF_NOW.has(words[span.start - 1]?.lower ?? ''),
    ),
    ongoing: spans(scope.ongoing, words, present),
    lackGoesOn: spans(scope.lackGoesOn, words, present).length > 0,
    escalation: spans(scope.escalation, words, present),
    threats: spans(scope.threats, words, present),
    aboutTheSubject: spans(scope.aboutTheSubject, words, present),
    recentPast: spans(scope.recentPast, words, present).length > 0,
    general: asking && personal.length === 0,
    hearsay: spans(scope.hearsay, words, present).length > 0,
    pastTense: words.some(isPastTense),
    pastWords: new Set(words.flatMap((word, index) => (isPastTense(word) ? [index] : []))),
  };
}

/** Reads what a whole message says about every cue in it (its sentences already scoped). */
export function scopeMessage(sentences: readonly ScopedSentence[], scope: CompiledScope): MessageScope {
  const anywhere = (patterns: readonly LemmaPattern[]): boolean =>
    sentences.some((sentence) => spans(patterns, sentence.words, sentence.present).length > 0);
  return {
    notAboutAChild: anywhere(scope.notAboutAChild),
    resolved: anywhere(scope.resolved),
    managed: anywhere(scope.managed),
  };
}

function overlaps(a: TokenSpan, b: TokenSpan): boolean {
  return a.start < b.end && b.start < a.end;
}

/** A span from `from` up to the start of `match`. */
function before(spansFound: readonly TokenSpan[], match: TokenSpan, from: number): TokenSpan | undefined {
  return spansFound.find((span) => span.start >= from && span.end <= match.start);
}

/** Little words that do not count toward how far a negation reaches ("not subject to a CIN or CP plan"). */
const FUNCTION_WORDS = new Set(['DET', 'ADP', 'CCONJ', 'PART', 'AUX', 'PRON']);

/** The earliest word a negation may stand on: `window` content words back, within the clause. */
function negationReach(
  sentence: ScopedSentence,
  match: TokenSpan,
  window: number,
  clauseStart: number,
): number {
  let counted = 0;
  let index = match.start - 1;
  while (index >= clauseStart) {
    const word = sentence.words[index];
    if (word !== undefined && !FUNCTION_WORDS.has(word.pos)) counted += 1;
    if (counted > window) return index + 1;
    index -= 1;
  }
  return clauseStart;
}

function negatedBefore(
  sentence: ScopedSentence,
  match: TokenSpan,
  scope: CompiledScope,
  clauseStart: number,
): boolean {
  const reach = negationReach(sentence, match, scope.negationWindow, clauseStart);
  for (const negator of sentence.negators) {
    if (negator.start < reach || negator.end > match.start) continue;
    // "I can't stop him hurting himself": the negation is of stopping, not of the hurt.
    const between = sentence.words.slice(negator.end, match.start);
    if (between.some((word) => scope.negationStops.has(word.lemma))) continue;
    return true;
  }
  return false;
}

/** The word of a form's question after what it asks about ("FGM risk: N/A", "Self-harm concerns: none"). */
const FORM_LABELS = new Set([
  'risk',
  'risks',
  'concern',
  'concerns',
  'issue',
  'issues',
  'history',
  'indicator',
  'indicators',
]);

/**
 * Where a form's answer "N/A" / "n/a" / "not applicable" starts at `index`, the index after it;
 * otherwise -1. The model reads "N/A" as the letters n and a ("A." when a full stop follows).
 */
function notApplicableEnd(words: readonly Token[], index: number): number {
  const first = words[index]?.lower;
  const second = words[index + 1]?.lower;
  if (first === 'n' && (second === 'a' || second === 'a.')) return index + 2;
  if (first === 'n/a' || first === 'n/a.' || first === 'na') return index + 1;
  if (first === 'not' && (second === 'applicable' || second === 'relevant')) return index + 2;
  return -1;
}

function negatedAfter(sentence: ScopedSentence, match: TokenSpan, scope: CompiledScope): boolean {
  let index = match.end;
  if (
    FORM_LABELS.has(sentence.words[index]?.lower ?? '') &&
    isClauseMark(sentence.words[index + 1] ?? NO_WORD)
  )
    index += 1;
  while (sentence.words[index]?.text === ':' || sentence.words[index]?.text === '-') index += 1;
  const answered = notApplicableEnd(sentence.words, index);
  if (answered >= 0) {
    const after = sentence.words[answered];
    // "N/A." ends the answer with its full stop when the model keeps it on the "A".
    const closed = sentence.words[answered - 1]?.lower.endsWith('.') === true;
    // A form laid out one field a line: the next field's label starts with a capital
    // ("Safeguarding concerns: N/A\nCurrently attending school: yes").
    const nextField = after !== undefined && after.text !== 'I' && /^\p{Lu}/u.test(after.text);
    return after === undefined || closed || nextField || isClauseMark(after);
  }
  const word = sentence.words[index];
  if (word === undefined || !scope.negatedAfter.has(word.lemma)) return false;
  let next = sentence.words[index + 1];
  // A form's answer may name what it denies: "Prevent / radicalisation: No concerns".
  if (next !== undefined && (DENIED_THINGS.has(next.lemma) || DENIED_THINGS.has(next.lower)))
    next = sentence.words[index + 2];
  return next === undefined || isClauseMark(next);
}

/** No word: stands for the end of a sentence. */
const NO_WORD: Token = { text: '', lower: '', lemma: '', pos: 'X', start: 0, end: 0 };

/** What a form's denial may name after its "no" or "none" ("No concerns", "None identified"). */
const DENIED_THINGS = new Set(['concern', 'concerns', 'issue', 'issues', 'identified', 'identify', 'known']);

/** The words of the clause around `match`: from its clause's start to the next clause's. */
export function clauseOf(sentence: ScopedSentence, match: TokenSpan): TokenSpan {
  const start = sentence.clauseStart[match.start] ?? 0;
  let end = match.end;
  while (end < sentence.words.length && (sentence.clauseStart[end] ?? 0) <= start) end += 1;
  return { start, end };
}

/** Whether a verb of the clause is in the past tense. */
export function toldInThePast(sentence: ScopedSentence, clause: TokenSpan): boolean {
  for (let index = clause.start; index < clause.end; index += 1)
    if (sentence.pastWords.has(index)) return true;
  return false;
}

const NOT_ABOUT_A_CHILD: MessageScope = { notAboutAChild: false, resolved: false, managed: false };

/** How the words `match` of a scoped sentence are meant. */
export function readingOf(
  sentence: ScopedSentence,
  match: TokenSpan,
  scope: CompiledScope,
  message: MessageScope = NOT_ABOUT_A_CHILD,
): Reading {
  if (sentence.idioms.some((idiom) => overlaps(idiom, match))) return 'idiom';
  const clause = clauseOf(sentence, match);
  if (negatedBefore(sentence, match, scope, clause.start) || negatedAfter(sentence, match, scope))
    return 'negated';
  // "He has not attended school since January": the "since" clause says it goes on.
  const goesOn =
    sentence.ongoing.some((span) => overlaps(span, clause)) ||
    sentence.words[clause.end]?.lemma === 'since' ||
    sentence.lackGoesOn;
  const feared = before(sentence.modals, match, sentence.phraseStart[match.start] ?? 0) !== undefined;
  // "If he hurts himself again" is no what-if: it has happened. "If his 1:1 is cut he will hurt
  // himself" is: the consequence of a condition is as hypothetical as the condition.
  // Conditions that are part of the cue itself ("easier for everyone if he wasn't here") do not count.
  const conditions = sentence.conditionals.filter((span) => !overlaps(span, match));
  // A condition opening the sentence ("If X, ...", "Without it, ...") governs all of it.
  const opening = conditions.some((span) => span.start <= 1);
  if (!goesOn && (opening || before(conditions, match, clause.start))) return 'conditional';
  if (feared && conditions.length > 0) return 'conditional';
  if (message.notAboutAChild || sentence.general || sentence.hearsay) return 'generic';
  if (sentence.past.length > 0 && !goesOn) return 'over';
  // A past period is weaker than a past marker: anything in the sentence saying it goes on wins.
  // The past tense must be the cue's clause's own: "my son aged 12 who refuses to go ..., has
  // anybody found themselves..." tells nothing of the son in the past.
  if (
    sentence.pastPeriods.length > 0 &&
    toldInThePast(sentence, clause) &&
    !goesOn &&
    sentence.ongoing.length === 0
  )
    return 'over';
  if (message.resolved && sentence.pastTense && !goesOn) return 'over';
  const escalates = sentence.escalation.some((span) => overlaps(span, clause));
  if (message.managed && !escalates && !goesOn) return 'managed';
  if (feared) return 'modal';
  return 'asserted';
}
