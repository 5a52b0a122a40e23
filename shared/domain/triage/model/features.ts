/**
 * What the trained second opinion reads in a sentence: the same language layer as the rules
 * (lemmas, the lexicon's spellings and word classes, scope), turned into features.
 *
 * Risk features: the lemma of each word and of each pair of neighbouring words ("give away",
 * "kill @self"), with the lexicon's word classes beside the lemma (`@child` for "son", "DD"...). A
 * word the rules would read as negated, conditional, general, idiomatic, over or managed carries
 * its reading (`hurt~n`: "he has never been hurt"), so a model that learnt "hurt" learns nothing
 * from "not hurt" unless the corpus taught it.
 *
 * Topic features: the same words without readings, plus a copy of each word marked by where it is
 * said: in the subject (`S:`), in a sentence that asks (`Q:`: a question or request, as main-ask.ts
 * reads its role), in a decision the writer challenges (`D:`), in the closing paragraph (`L:`), or
 * after "I want / would like / please can you" (`W:`). The main ask is where it is said. Beside
 * them the rules' reading, including which topics the main ask named (`Ra:`).
 */

import { scoped } from '../language/concepts';
import { isClauseMark, isJoiner } from '../language/lemma-patterns';
import type { CompiledLexicon } from '../language/lexicon';
import { type Reading, readingOf, scopeMessage } from '../language/scope';
import { askRoles } from '../main-ask';
import type { Sentence } from '../prepared-text';

/** The features of one sentence. */
export interface SentenceFeatures {
  /** Index of the sentence in the list given. */
  readonly index: number;
  readonly risk: readonly string[];
  readonly topic: readonly string[];
}

const READING_MARK: Readonly<Record<Reading, string>> = {
  asserted: '',
  modal: '',
  negated: '~n',
  conditional: '~c',
  generic: '~g',
  idiom: '~i',
  over: '~o',
  managed: '~m',
};

/** The lexicon's word classes that say who or what: single words only. */
const FEATURE_CLASSES = ['self', 'child', 'pupil', 'sibling', 'parent', 'adult', 'body', 'hit', 'insult'];

/** Words too common to say anything on their own (determiners and punctuation are dropped too). */
const STOP = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'but',
  'be',
  'of',
  'to',
  'that',
  'this',
  'these',
  'those',
  "'s",
  's',
  'do',
  'have',
  'will',
  'would',
  'can',
  'could',
  'so',
  'as',
  'just',
  'also',
  'very',
  'really',
  'which',
  'who',
  'there',
  'it',
  'its',
  'i',
  'we',
  'you',
]);

const DROPPED_POS = new Set(['PUNCT', 'DET', 'SYM', 'X', 'SPACE']);

const classCache = new WeakMap<CompiledLexicon, ReadonlyMap<string, string>>();

/** Word -> `@class`, from the lexicon's classes (first class wins). */
function wordClasses(lexicon: CompiledLexicon): ReadonlyMap<string, string> {
  let found = classCache.get(lexicon);
  if (found === undefined) {
    const map = new Map<string, string>();
    for (const name of FEATURE_CLASSES) {
      for (const entry of lexicon.file.classes[name] ?? []) {
        const word = entry.toLowerCase();
        if (/^[\p{L}\p{N}'-]+$/u.test(word) && !map.has(word)) map.set(word, `@${name}`);
      }
    }
    found = map;
    classCache.set(lexicon, found);
  }
  return found;
}

/** A word as a feature: its lemma, digits folded to `#`. */
function lemmaFeature(lemma: string): string {
  return /\d/.test(lemma) ? lemma.replace(/\d+/g, '#') : lemma;
}

/** Lemmas that open what the writer wants done ("I would like", "please can you", "I need to know"). */
const WANT_OPENERS = new Set(['want', 'like', 'please', 'request', 'wonder', 'ask', 'need', 'help']);
const ASKING_VERBS = new Set(['can', 'could', 'would', 'will']);

/** Index of the first word after a want opener, or -1. */
function wantStart(lemmas: readonly string[]): number {
  for (let index = 0; index < lemmas.length; index += 1) {
    const lemma = lemmas[index] ?? '';
    if (WANT_OPENERS.has(lemma)) return index + 1;
    if (ASKING_VERBS.has(lemma) && lemmas[index + 1] === 'you') return index + 2;
  }
  return -1;
}

/** Sentences of the closing paragraph of the enquirer's own words (the last two of a single paragraph). */
function closingSentences(sentences: readonly Sentence[]): Set<number> {
  const own = sentences
    .map((sentence, index) => ({ sentence, index }))
    .filter(({ sentence }) => sentence.source !== 'subject' && sentence.segment === 0 && !sentence.quoted);
  const last = own[own.length - 1];
  if (last === undefined) return new Set();
  const paragraphs = new Set(own.map(({ sentence }) => sentence.paragraph));
  if (paragraphs.size === 1) return new Set(own.slice(-2).map(({ index }) => index));
  return new Set(
    own.filter(({ sentence }) => sentence.paragraph === last.sentence.paragraph).map(({ index }) => index),
  );
}

/**
 * The features of each sentence of a message, as the trained model reads them.
 * @param sentences the readable sentences (no signature or school line), in order.
 */
export function messageFeatures(
  sentences: readonly Sentence[],
  lexicon: CompiledLexicon,
): SentenceFeatures[] {
  const scope = lexicon.scope;
  const classes = wordClasses(lexicon);
  const reads = sentences.map((sentence) => scoped(sentence.tokens, scope));
  const message = scopeMessage(reads, scope);
  const closing = closingSentences(sentences);
  const roles = askRoles(sentences);
  return sentences.map((sentence, index) => {
    const read = reads[index];
    const risk = new Set<string>();
    const topic = new Set<string>();
    if (read === undefined) return { index, risk: [], topic: [] };
    const kept: Array<{ lemma: string; klass: string | undefined; mark: string; chunk: number }> = [];
    let chunk = 0;
    read.words.forEach((word, at) => {
      if (isClauseMark(word)) chunk += 1;
      if (isJoiner(word) || DROPPED_POS.has(word.pos) || !/[\p{L}\p{N}]/u.test(word.text)) return;
      const lemma = lemmaFeature(word.lemma);
      if (STOP.has(lemma) && !classes.has(word.lower)) return;
      const reading = readingOf(read, { start: at, end: at + 1 }, scope, message);
      const klass = classes.get(word.lower) ?? classes.get(word.lemma);
      kept.push({ lemma, klass, mark: READING_MARK[reading], chunk });
    });
    const lemmas = kept.map((word) => word.lemma);
    const wantsFrom = wantStart(lemmas);
    const places: string[] = [];
    if (sentence.source === 'subject') places.push('S:');
    const role = roles[index];
    if (sentence.ask || role === 'question' || role === 'request') places.push('Q:');
    if (role === 'decision') places.push('D:');
    if (closing.has(index)) places.push('L:');
    kept.forEach((word, position) => {
      const names = word.klass === undefined ? [word.lemma] : [word.lemma, word.klass];
      for (const name of names) {
        risk.add(name + word.mark);
        topic.add(name);
        for (const place of places) topic.add(place + name);
        if (wantsFrom >= 0 && position >= wantsFrom) topic.add(`W:${name}`);
      }
      const next = kept[position + 1];
      // Neighbours only: a pair across a clause mark is two thoughts, not one.
      if (next === undefined || next.chunk !== word.chunk) return;
      const first = word.klass ?? word.lemma;
      const second = next.klass ?? next.lemma;
      const pair = `${first}_${second}`;
      risk.add(pair + (next.mark || word.mark));
      topic.add(pair);
    });
    return { index, risk: [...risk], topic: [...topic] };
  });
}

/** A feature as a caseworker reads it: `kill_@self~n` -> "kill [self] (negated)". */
export function describeFeature(feature: string): string {
  const mark = /~([a-z])$/.exec(feature)?.[1];
  const words = feature
    .replace(/~[a-z]$/, '')
    .replace(/^[SQLWD]:/, '')
    .split('_')
    .map((word) => (word.startsWith('@') ? `[${word.slice(1)}]` : word))
    .join(' ');
  const said: Record<string, string> = {
    n: 'negated',
    c: 'if',
    g: 'in general',
    i: 'idiom',
    o: 'over',
    m: 'managed',
  };
  return mark === undefined ? words : `${words} (${said[mark] ?? mark})`;
}

/** Score steps of the rules' topic reading the model sees (a topic scoring at least each). */
const RULES_SCORE_STEPS = [2, 5, 10, 20];

/**
 * The rules' topic reading as features, so the model learns how far to trust it: the topic they
 * chose (`R:placement`), the topics near the best (`Rn:`), how strongly each scored
 * (`Rs:placement:10`), the topics the main ask named (`Ra:assessment`), and the lexicon's ask
 * concepts found in an ask (`Ac:placement:a-school-place`) or only in the story (`Bc:...`): what
 * is asked for as a category ("a school place" however it is said), so the model learns the
 * concept from every writer's words, not the words of one.
 */
export function rulesTopicFeatures(
  topic: string,
  scores: Readonly<Partial<Record<string, number>>>,
  asked: Readonly<Partial<Record<string, readonly string[]>>> = {},
  concepts: { readonly asked: readonly string[]; readonly story: readonly string[] } = {
    asked: [],
    story: [],
  },
): string[] {
  const features = [`R:${topic}`];
  for (const name of Object.keys(asked)) features.push(`Ra:${name}`);
  const slug = (concept: string): string => concept.toLowerCase().replace(/\s+/g, '-');
  for (const concept of concepts.asked) features.push(`Ac:${slug(concept)}`);
  for (const concept of concepts.story) features.push(`Bc:${slug(concept)}`);
  const ranked = Object.entries(scores)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .sort((a, b) => b[1] - a[1]);
  const top = ranked[0]?.[1] ?? 0;
  for (const [name, score] of ranked) {
    if (score >= 0.5 * top) features.push(`Rn:${name}`);
    for (const step of RULES_SCORE_STEPS) if (score >= step) features.push(`Rs:${name}:${step}`);
  }
  return features;
}
