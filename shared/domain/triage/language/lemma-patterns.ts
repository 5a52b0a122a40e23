/**
 * Lemma patterns: how the lexicon writes a cue once per meaning. A pattern is words separated by
 * spaces, read against the tokens of one sentence:
 *
 * - `kill @self` — a word written in its base form matches every form of it ("kill", "kills",
 *   "killing", "killed"), since words are compared by lemma; a word written in another form
 *   ("missing", "trafficking") matches only that form. `@self` is a word class of the lexicon
 *   (himself, herself, themselves...).
 * - `want|wish to die` — `|` gives alternatives for one word's place.
 * - `run (out of school|into the road)` — parentheses give alternatives of whole phrases; `(...)?`
 *   makes the phrase optional.
 * - `really? want to die` — `?` makes a place optional.
 * - `hurt ... @self` — `...` allows up to four words between (never across a comma or full stop);
 *   `_` is exactly one word of any kind.
 * - `suicid*` — a word ending in `*` matches every word that starts so ("suicide", "suicidal").
 * - `SH`, `CSE`, `A&E` — a word written in capitals matches only in capitals (call-note shorthand).
 * - `=left` — a word after `=` matches only that form, as written (not "leave").
 *
 * Hyphens, slashes and quotation marks between words are ignored, so `self harm` also matches
 * "self-harm". Matching is linear in the sentence's length for a given pattern.
 */
import { isPunctuation, lemmaOfWord, type Token, wordsOf } from './analyse';

type Atom =
  | { readonly kind: 'word'; readonly forms: ReadonlySet<string>; readonly surfaceOnly?: boolean }
  | { readonly kind: 'exact'; readonly text: string }
  | { readonly kind: 'surface'; readonly lower: string }
  | { readonly kind: 'prefix'; readonly prefix: string }
  | { readonly kind: 'any' };

/** One way to fill a place: a sequence of atoms ("no one" is two). */
type Alternative = readonly Atom[];

type Element =
  | { readonly kind: 'slot'; readonly alternatives: readonly Alternative[]; readonly optional: boolean }
  | { readonly kind: 'gap'; readonly max: number };

/** A compiled lemma pattern. */
export interface LemmaPattern {
  readonly source: string;
  readonly elements: readonly Element[];
  /** Lower-case forms or prefixes of which a sentence must contain one to match (null: no cheap test). */
  readonly anchors: { readonly forms: readonly string[]; readonly prefixes: readonly string[] } | null;
}

/** A pattern the lexicon cannot use; `message` says why. */
export class PatternSyntaxError extends Error {
  override readonly name = 'PatternSyntaxError';
}

/** Word classes by name (without `@`): each entry is a word or short phrase. */
export type WordClassSource = Readonly<Record<string, readonly string[]>>;

const GAP = '...';
const GAP_WORDS = 4;
const CAPITALS = /^(?=.*[A-Z])[A-Z0-9&]{2,}$/;
const WORD = /^['’]?[\p{L}\p{N}][\p{L}\p{N}'&.\-’]*$/u;

/** Marks that end a clause: a gap never crosses them. */
const CLAUSE_MARKS = new Set([',', ';', ':', '.', '!', '?', '(', ')', '...', '…']);

/** Punctuation that joins words and is skipped when matching ("self-harm", "DS/DD", quotes). */
export function isJoiner(token: Token): boolean {
  // A mark the lexicon reads as a word ("&" as "and") is that word, and may open a clause.
  return isPunctuation(token) && !CLAUSE_MARKS.has(token.text) && !/\p{L}/u.test(token.lemma);
}

/** True for a mark that ends a clause. */
export function isClauseMark(token: Token): boolean {
  return CLAUSE_MARKS.has(token.text);
}

const alternativeCache = new Map<string, Alternative>();

/** One word of a pattern as atoms (read once per distinct word: the model is asked only then). */
function wordAlternative(word: string): Alternative {
  let alternative = alternativeCache.get(word);
  if (alternative === undefined) {
    alternative = readWord(word);
    alternativeCache.set(word, alternative);
  }
  return alternative;
}

function readWord(word: string): Alternative {
  if (CAPITALS.test(word)) return [{ kind: 'exact', text: word }];
  if (word.startsWith('=')) {
    const lower = word.slice(1).toLowerCase();
    if (!WORD.test(lower)) throw new PatternSyntaxError(`"${word}" is not a word`);
    return [{ kind: 'surface', lower }];
  }
  if (word.endsWith('*')) {
    const prefix = word.slice(0, -1).toLowerCase();
    if (prefix.length < 3 || !WORD.test(prefix))
      throw new PatternSyntaxError(`"${word}": a prefix needs at least three letters`);
    return [{ kind: 'prefix', prefix }];
  }
  if (!WORD.test(word)) throw new PatternSyntaxError(`"${word}" is not a word`);
  const pieces = wordsOf(word).filter((piece) => /[\p{L}\p{N}]/u.test(piece.lower));
  if (pieces.length === 0) throw new PatternSyntaxError(`"${word}" is not a word`);
  return pieces.map((piece): Atom => {
    const lemma = lemmaOfWord(piece.lower);
    // A word written in its base form ("kill") matches every form of it; a word written in another
    // form ("trafficking", "missing") only that form, since the model folds derived words into their
    // base ("trafficking" -> traffic). Contractions ("n't", "'s") are read by their lemma.
    const contraction = /^(?:['’]|n['’]t$|ca$|wo$)/.test(piece.lower);
    if (lemma === piece.lower || contraction)
      return { kind: 'word', forms: new Set([piece.lower, piece.lemma, lemma]) };
    return { kind: 'surface', lower: piece.lower };
  });
}

function compileSlot(text: string, classes: ReadonlyMap<string, readonly Alternative[]>): Element {
  if (text === GAP) return { kind: 'gap', max: GAP_WORDS };
  const optional = text.endsWith('?') && text.length > 1;
  const body = optional ? text.slice(0, -1) : text;
  const alternatives: Alternative[] = [];
  for (const part of body.split('|')) {
    if (part === '') throw new PatternSyntaxError(`empty alternative in "${text}"`);
    if (part === '_') alternatives.push([{ kind: 'any' }]);
    else if (part.includes(PHRASE_JOINER)) {
      alternatives.push(part.split(PHRASE_JOINER).flatMap((word) => wordAlternative(word)));
    } else if (part.startsWith('@')) {
      const members = classes.get(part.slice(1));
      if (members === undefined) throw new PatternSyntaxError(`unknown word class ${part}`);
      alternatives.push(...members);
    } else alternatives.push(wordAlternative(part));
  }
  return { kind: 'slot', alternatives, optional };
}

/** Words in nearly every sentence: a place whose forms include one is a poor anchor. */
const COMMON = new Set(
  'a an the and or but to of in on at for with by from as is be am are was were been being have has had do does did not no he she it they we i you him her them me us my his their our your this that there here what who will would can could'.split(
    ' ',
  ),
);

interface Anchors {
  readonly forms: readonly string[];
  readonly prefixes: readonly string[];
}

/** The forms (and prefixes) one place needs, or null when it can be any word. */
function placeAnchors(element: Element): Anchors | null {
  if (element.kind !== 'slot' || element.optional) return null;
  const forms: string[] = [];
  const prefixes: string[] = [];
  for (const alternative of element.alternatives) {
    const first = alternative[0];
    if (first?.kind === 'word') forms.push(...first.forms);
    else if (first?.kind === 'exact') forms.push(first.text.toLowerCase());
    else if (first?.kind === 'surface') forms.push(first.lower);
    else if (first?.kind === 'prefix') prefixes.push(first.prefix);
    else return null;
  }
  return { forms: [...new Set(forms)], prefixes };
}

/** The place whose words are rarest: a sentence without one of them cannot match. */
function anchorsOf(elements: readonly Element[]): Anchors | null {
  let best: Anchors | null = null;
  let bestCost = Number.POSITIVE_INFINITY;
  for (const element of elements) {
    const anchors = placeAnchors(element);
    if (anchors === null) continue;
    const common = anchors.forms.some((form) => COMMON.has(form));
    const cost = (common ? 1000 : 0) + anchors.forms.length + 5 * anchors.prefixes.length;
    if (cost < bestCost) {
      best = anchors;
      bestCost = cost;
    }
  }
  return best;
}

/** True when the sentence has a word the pattern's anchor place needs (or the pattern has no anchor). */
function anchored(pattern: LemmaPattern, present: ReadonlySet<string>): boolean {
  const anchors = pattern.anchors;
  if (anchors === null) return true;
  if (anchors.forms.some((form) => present.has(form))) return true;
  if (anchors.prefixes.length === 0) return false;
  for (const form of present) if (anchors.prefixes.some((prefix) => form.startsWith(prefix))) return true;
  return false;
}

/** Compiles the word classes (a class may use classes defined before it in the list). */
export function compileWordClasses(source: WordClassSource): Map<string, readonly Alternative[]> {
  const classes = new Map<string, readonly Alternative[]>();
  for (const [name, entries] of Object.entries(source)) {
    const alternatives: Alternative[] = [];
    for (const entry of entries) {
      if (entry.startsWith('@')) {
        const members = classes.get(entry.slice(1));
        if (members === undefined)
          throw new PatternSyntaxError(`@${name}: unknown word class ${entry} (define it earlier)`);
        alternatives.push(...members);
        continue;
      }
      const words = entry.trim().split(/\s+/);
      alternatives.push(words.flatMap((word) => wordAlternative(word)));
    }
    classes.set(name, alternatives);
  }
  return classes;
}

/** Index of the `)` closing the `(` at `open`, or -1. */
function closingParenthesis(source: string, open: number): number {
  let depth = 0;
  for (let index = open; index < source.length; index += 1) {
    if (source[index] === '(') depth += 1;
    else if (source[index] === ')') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

/** Splits at `|` outside parentheses. */
function topLevelAlternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index];
    if (char === '(') depth += 1;
    else if (char === ')') depth -= 1;
    else if (char === '|' && depth === 0) {
      parts.push(source.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

/** Joins the words of a phrase that fills one place ("(no place|no school)"). */
const PHRASE_JOINER = '\u0001';

/** Most plain patterns one pattern with phrase groups may stand for. */
const MAX_EXPANSIONS = 256;

/** A pattern with `(a b|c d)` groups as the plain patterns it stands for. */
export function expandGroups(source: string): string[] {
  const open = source.indexOf('(');
  if (open < 0) {
    if (source.includes(')')) throw new PatternSyntaxError('")" without "("');
    return [source];
  }
  const close = closingParenthesis(source, open);
  if (close < 0) throw new PatternSyntaxError('"(" without ")"');
  const optional = source[close + 1] === '?';
  const head = source.slice(0, open);
  const tail = source.slice(close + (optional ? 2 : 1));
  const choices = topLevelAlternatives(source.slice(open + 1, close)).map((choice) => choice.trim());
  if (choices.some((choice) => choice === '')) throw new PatternSyntaxError('empty phrase in "(...)"');
  // Alternatives of single words, or of phrases of plain words, are one place: "(a|b c)" is a place
  // filled by "a" or by "b c" (the words of a phrase joined by PHRASE_JOINER), nothing to expand.
  const onePlace = (choice: string): boolean =>
    !/[\s()]/.test(choice) || /^[^\s()?*@_.=]+(?:\s+[^\s()?*@_.=]+)+$/.test(choice);
  if (choices.every(onePlace)) {
    const place = choices.map((choice) => choice.split(/\s+/).join(PHRASE_JOINER)).join('|');
    return expandGroups(`${head} ${place}${optional ? '?' : ''} ${tail}`.replace(/\s+/g, ' ').trim());
  }
  if (optional) choices.push('');
  const expanded = choices.flatMap((choice) =>
    expandGroups(`${head} ${choice} ${tail}`.replace(/\s+/g, ' ').trim()),
  );
  if (expanded.length > MAX_EXPANSIONS)
    throw new PatternSyntaxError(
      `stands for more than ${MAX_EXPANSIONS} phrases: split it into several patterns`,
    );
  return expanded;
}

/**
 * Compiles one pattern (with its phrase groups, the plain patterns it stands for).
 * @throws PatternSyntaxError naming what is wrong.
 */
export function compileLemmaPattern(
  source: string,
  classes: ReadonlyMap<string, readonly Alternative[]>,
): LemmaPattern[] {
  return expandGroups(source.trim()).map((plain) => compilePlainPattern(plain, source, classes));
}

function compilePlainPattern(
  plain: string,
  source: string,
  classes: ReadonlyMap<string, readonly Alternative[]>,
): LemmaPattern {
  const parts = plain.split(/\s+/).filter((part) => part !== '');
  if (parts.length === 0) throw new PatternSyntaxError('empty pattern');
  const elements = parts.map((part) => compileSlot(part, classes));
  if (elements.every((element) => element.kind === 'gap' || element.optional))
    throw new PatternSyntaxError('a pattern needs at least one word that is not optional');
  if (elements[0]?.kind === 'gap' || elements[elements.length - 1]?.kind === 'gap')
    throw new PatternSyntaxError('"..." must stand between two words');
  return { source, elements, anchors: anchorsOf(elements) };
}

function atomMatches(atom: Atom, token: Token): boolean {
  switch (atom.kind) {
    case 'word':
      return atom.forms.has(token.lower) || (atom.surfaceOnly !== true && atom.forms.has(token.lemma));
    case 'exact':
      return token.text === atom.text;
    case 'surface':
      return token.lower === atom.lower;
    case 'prefix':
      return token.lower.startsWith(atom.prefix) && !isPunctuation(token);
    case 'any':
      return !isPunctuation(token);
  }
}

function alternativeEnd(alternative: Alternative, tokens: readonly Token[], at: number): number {
  let index = at;
  for (const atom of alternative) {
    const token = tokens[index];
    if (token === undefined || !atomMatches(atom, token)) return -1;
    index += 1;
  }
  return index;
}

/** Where a gap may not reach: word indexes that start a new clause. */
type Barriers = ReadonlySet<number>;

function matchFrom(
  elements: readonly Element[],
  position: number,
  tokens: readonly Token[],
  at: number,
  barriers: Barriers,
): number {
  const element = elements[position];
  if (element === undefined) return at;
  if (element.kind === 'gap') {
    for (let skip = 0; skip <= element.max; skip += 1) {
      const skipped = at + skip - 1;
      const token = tokens[skipped];
      if (skip > 0 && (token === undefined || isClauseMark(token) || barriers.has(skipped))) break;
      const end = matchFrom(elements, position + 1, tokens, at + skip, barriers);
      if (end >= 0) return end;
    }
    return -1;
  }
  for (const alternative of element.alternatives) {
    const next = alternativeEnd(alternative, tokens, at);
    if (next < 0) continue;
    const end = matchFrom(elements, position + 1, tokens, next, barriers);
    if (end >= 0) return end;
  }
  return element.optional ? matchFrom(elements, position + 1, tokens, at, barriers) : -1;
}

const NO_BARRIERS: Barriers = new Set();

/** A match: token indexes `[start, end)` in the words the pattern was matched against. */
export interface TokenSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * Every match of a pattern in `tokens` (words of one sentence with joiners removed), left to
 * right, not overlapping. `present`: the lower-case forms and lemmas in the sentence, to skip a
 * pattern whose anchor words are absent. `barriers`: indexes of words that open a new clause
 * ("that", "when"): a `...` gap does not skip them.
 */
export function findLemmaPattern(
  pattern: LemmaPattern,
  tokens: readonly Token[],
  present: ReadonlySet<string> | null = null,
  barriers: Barriers = NO_BARRIERS,
): TokenSpan[] {
  if (present !== null && !anchored(pattern, present)) return [];
  const spans: TokenSpan[] = [];
  for (let start = 0; start < tokens.length; start += 1) {
    const end = matchFrom(pattern.elements, 0, tokens, start, barriers);
    if (end > start) {
      spans.push({ start, end });
      start = end - 1;
    }
  }
  return spans;
}

/** The forms `findLemmaPattern` checks anchors against: every lower-case form and lemma. */
export function formsOf(tokens: readonly Token[]): Set<string> {
  const forms = new Set<string>();
  for (const token of tokens) {
    forms.add(token.lower);
    forms.add(token.lemma);
  }
  return forms;
}

/**
 * Patterns indexed by their anchor words, so a sentence finds the few patterns that can match it
 * from its own words instead of trying every pattern: the cost per sentence grows with its length,
 * not with the size of the lexicon.
 */
export class PatternIndex<T> {
  private readonly byForm = new Map<string, T[]>();
  private readonly byPrefix: Array<{ readonly prefix: string; readonly item: T }> = [];
  private readonly always: T[] = [];

  constructor(entries: Iterable<{ readonly pattern: LemmaPattern; readonly item: T }>) {
    for (const { pattern, item } of entries) {
      const anchors = pattern.anchors;
      if (anchors === null) {
        this.always.push(item);
        continue;
      }
      for (const form of anchors.forms) {
        const list = this.byForm.get(form);
        if (list) list.push(item);
        else this.byForm.set(form, [item]);
      }
      for (const prefix of anchors.prefixes) this.byPrefix.push({ prefix, item });
    }
  }

  /** The items whose pattern may match a sentence with these forms (each once). */
  candidates(present: ReadonlySet<string>): Set<T> {
    const found = new Set<T>(this.always);
    for (const form of present) {
      const list = this.byForm.get(form);
      if (list) for (const item of list) found.add(item);
    }
    for (const { prefix, item } of this.byPrefix) {
      if (found.has(item)) continue;
      for (const form of present) {
        if (form.startsWith(prefix)) {
          found.add(item);
          break;
        }
      }
    }
    return found;
  }
}
