/**
 * Finding concepts in sentences: every pattern of a concept is matched against each sentence's
 * words, and each match is read in its scope (asserted, negated, conditional...). The words
 * matched are quoted back from the sentence for reasons.
 */
import { snippet } from '../cue-matching';
import type { Token } from './analyse';
import { findLemmaPattern, type LemmaPattern, PatternIndex } from './lemma-patterns';
import {
  type CompiledScope,
  type Reading,
  readingOf,
  type ScopedSentence,
  scopeMessage,
  scopeSentence,
} from './scope';

/** A sentence with its tokens, as prepared text gives it. */
export interface TokenisedSentence {
  readonly text: string;
  readonly tokens: readonly Token[];
}

/** Something a concept is made of: patterns, and patterns that veto it in the same sentence. */
export interface ConceptPatterns {
  readonly patterns: readonly LemmaPattern[];
  readonly unless: readonly LemmaPattern[];
}

/** One match of a concept. */
export interface ConceptMatch<C extends ConceptPatterns> {
  readonly concept: C;
  /** Index of the sentence in the list searched. */
  readonly sentence: number;
  readonly reading: Reading;
  /** The words matched, as written. */
  readonly words: string;
  /** A short quote around them. */
  readonly quote: string;
}

const scopedCache = new WeakMap<readonly Token[], ScopedSentence>();

/** A sentence's scope, read once per token list (all concepts of a message share it). */
export function scoped(tokens: readonly Token[], scope: CompiledScope): ScopedSentence {
  let found = scopedCache.get(tokens);
  if (found === undefined) {
    found = scopeSentence(tokens, scope);
    scopedCache.set(tokens, found);
  }
  return found;
}

interface Entry<C> {
  readonly concept: C;
  readonly pattern: LemmaPattern;
}

const indexes = new WeakMap<readonly ConceptPatterns[], PatternIndex<Entry<ConceptPatterns>>>();

/** The concepts' patterns by anchor word, built once per list of concepts. */
function indexOf<C extends ConceptPatterns>(concepts: readonly C[]): PatternIndex<Entry<C>> {
  let index = indexes.get(concepts);
  if (index === undefined) {
    index = new PatternIndex(
      concepts.flatMap((concept) =>
        concept.patterns.map((pattern) => ({ pattern, item: { concept, pattern } })),
      ),
    );
    indexes.set(concepts, index);
  }
  return index as PatternIndex<Entry<C>>;
}

/**
 * Every match of every concept in the sentences, each with its reading. A concept vetoed in a
 * sentence (by one of its `unless` patterns) has no match there.
 * @param keepGoing asked between sentences: false stops the search (the time budget).
 */
export function findConcepts<C extends ConceptPatterns>(
  sentences: readonly TokenisedSentence[],
  concepts: readonly C[],
  scope: CompiledScope,
  keepGoing: () => boolean = () => true,
): Array<ConceptMatch<C>> {
  const matches: Array<ConceptMatch<C>> = [];
  const index = indexOf(concepts);
  const reads = sentences.map((sentence) => scoped(sentence.tokens, scope));
  const message = scopeMessage(reads, scope);
  for (let at = 0; at < sentences.length; at += 1) {
    if (!keepGoing()) break;
    const sentence = sentences[at];
    const read = reads[at];
    if (sentence === undefined || read === undefined || read.words.length === 0) continue;
    const byConcept = new Map<C, LemmaPattern[]>();
    for (const { concept, pattern } of index.candidates(read.present)) {
      const list = byConcept.get(concept);
      if (list) list.push(pattern);
      else byConcept.set(concept, [pattern]);
    }
    // In the lexicon's order, so reasons come out in the order the council wrote the concepts.
    for (const concept of concepts) {
      const patterns = byConcept.get(concept);
      if (patterns === undefined) continue;
      const spans = patterns.flatMap((pattern) => findLemmaPattern(pattern, read.words, null, read.barriers));
      if (spans.length === 0) continue;
      if (concept.unless.some((veto) => findLemmaPattern(veto, read.words, read.present).length > 0))
        continue;
      for (const span of spans) {
        const first = read.words[span.start];
        const last = read.words[span.end - 1];
        if (first === undefined || last === undefined) continue;
        matches.push({
          concept,
          sentence: at,
          reading: readingOf(read, span, scope, message),
          words: sentence.text.slice(first.start, last.end),
          quote: snippet(sentence.text, first.start, last.end - first.start),
        });
      }
    }
  }
  return matches;
}
