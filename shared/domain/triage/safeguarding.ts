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

/** At most this many reasons per category, so a long message stays readable. */
const REASONS_PER_CATEGORY = 2;

/**
 * Decides the safeguarding flag of a message's sentences (signatures and the child's school are not read).
 * @param keepGoing asked between sentences; false stops the search (the caller's time budget).
 */
export function decideSafeguarding(
  sentences: readonly Sentence[],
  lexicon: CompiledLexicon,
  keepGoing: () => boolean = () => true,
): Safeguarding {
  const readable = readableSentences(sentences);
  const matches = findConcepts(readable, lexicon.safeguarding, lexicon.scope, keepGoing).filter(counts);
  if (matches.length === 0) return NO_SAFEGUARDING_CONCERN;
  const byCategory = new Map<SafeguardingCategory, string[]>();
  const seen = new Set<string>();
  for (const match of matches) {
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
