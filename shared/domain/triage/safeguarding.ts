/**
 * The safeguarding flag: the lexicon's concepts of each category of the statutory guidance,
 * found in the enquirer's sentences (every email segment, quoted or forwarded included: the
 * original enquirer's words may sit below a colleague's forward) and read in scope. A concept said
 * as fact counts; negated, conditional, general (policy questions), idiomatic or over-and-done
 * mentions do not. A concept that is only a possible sign raises 'unclear-risk': when unsure, a
 * person looks. Each reason names the category and concept and quotes the words matched.
 */
import {
  NO_SAFEGUARDING_CONCERN,
  SAFEGUARDING_CATEGORIES,
  type Safeguarding,
  type SafeguardingCategory,
} from '../taxonomy';
import { type ConceptMatch, findConcepts } from './language/concepts';
import type { CompiledConcept, CompiledLexicon } from './language/lexicon';
import type { Reading } from './language/scope';
import { readableSentences, type Sentence } from './prepared-text';

/** Readings that count: what is said as fact, and for most concepts what is feared. */
function counts(match: ConceptMatch<CompiledConcept>): boolean {
  const reading: Reading = match.reading;
  if (reading === 'asserted') return true;
  return reading === 'modal' && !match.concept.silencedByModals;
}

/** A concept said as fact (or feared) in a message: a cue of the safeguarding flag. */
export type SafeguardingCue = ConceptMatch<CompiledConcept>;

/**
 * The cue's name as the trained model's list of weak cues writes it: the category and the
 * concept (`child-on-child: bullying`).
 */
export function cueKey(cue: SafeguardingCue): string {
  return `${cue.concept.category}: ${cue.concept.name}`;
}

/** At most this many reasons per category, so a long message stays readable. */
const REASONS_PER_CATEGORY = 2;

/**
 * The cues that count in a message's sentences (signatures and the child's school are not read).
 * @param keepGoing asked between sentences; false stops the search (the caller's time budget).
 */
export function safeguardingCues(
  sentences: readonly Sentence[],
  lexicon: CompiledLexicon,
  keepGoing: () => boolean = () => true,
): SafeguardingCue[] {
  const readable = readableSentences(sentences);
  return findConcepts(readable, lexicon.safeguarding, lexicon.scope, keepGoing).filter(counts);
}

/** The safeguarding flag the cues raise: a category and a reason quoting the words for each. */
export function flagOfCues(cues: readonly SafeguardingCue[], lexicon: CompiledLexicon): Safeguarding {
  if (cues.length === 0) return NO_SAFEGUARDING_CONCERN;
  const byCategory = new Map<SafeguardingCategory, string[]>();
  const seen = new Set<string>();
  for (const match of cues) {
    const category: SafeguardingCategory = match.concept.unclear ? 'unclear-risk' : match.concept.category;
    const label =
      category === 'unclear-risk'
        ? `possible risk, for a person to judge (${lexicon.labels[match.concept.category] ?? match.concept.category})`
        : (lexicon.labels[category] ?? category);
    const reason = `${label}: ${match.concept.name} ("${match.quote}")`;
    const key = `${category}:${match.concept.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const reasons = byCategory.get(category) ?? [];
    if (reasons.length < REASONS_PER_CATEGORY) reasons.push(reason);
    byCategory.set(category, reasons);
  }
  // A definite category says more than a possible sign; the possible sign stays only on its own.
  if (byCategory.size > 1) byCategory.delete('unclear-risk');
  const categories = SAFEGUARDING_CATEGORIES.filter((category) => byCategory.has(category));
  return {
    concern: true,
    categories,
    reasons: categories.flatMap((category) => byCategory.get(category) ?? []),
  };
}

/**
 * Reasons the lexicon's urgent (not safeguarding) concepts give for a message's sentences, e.g.
 * `urgent: no school place for the coming term ("…still does not have a school for September")`.
 */
export function urgentConceptReasons(
  sentences: readonly Sentence[],
  lexicon: CompiledLexicon,
  keepGoing: () => boolean = () => true,
): string[] {
  const readable = readableSentences(sentences);
  const seen = new Set<string>();
  const reasons: string[] = [];
  for (const match of findConcepts(readable, lexicon.urgent, lexicon.scope, keepGoing)) {
    const counted =
      match.reading === 'asserted' || (match.reading === 'modal' && !match.concept.silencedByModals);
    if (!counted || seen.has(match.concept.id)) continue;
    seen.add(match.concept.id);
    reasons.push(`urgent: ${match.concept.label} ("${match.quote}")`);
  }
  return reasons;
}
