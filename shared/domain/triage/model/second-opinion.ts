/**
 * The trained model's reading of one message: how much it reads like a child at risk (the mean of
 * its strongest sentence's risk and the whole message's), of what kind, and which topic the
 * message is about. Its reasons quote the sentence and name the features that pushed it most, so
 * a caseworker sees why: `second opinion 0.91: "she keeps giving her things away" (give away, thing)`.
 */
import {
  SAFEGUARDING_CATEGORIES,
  type Safeguarding,
  type SafeguardingCategory,
  type Topic,
} from '../../taxonomy';
import { snippet } from '../cue-matching';
import { scoped } from '../language/concepts';
import { findLemmaPattern } from '../language/lemma-patterns';
import type { CompiledLexicon, EvidenceWords } from '../language/lexicon';
import type { Sentence } from '../prepared-text';
import { cueKey, type SafeguardingCue } from '../safeguarding';
import { ROUTE_OVER, STORY_TOPICS } from '../topic';
import { describeFeature, rulesTopicFeatures, type SentenceFeatures } from './features';
import {
  binaryProbability,
  type Contribution,
  headProbabilities,
  type TopicCombination,
  type TriageModel,
} from './triage-model';

/** What the model reads in a message about risk. */
export interface RiskOpinion {
  /** The mean of the strongest sentence's probability and the message's. */
  readonly probability: number;
  readonly sentenceProbability: number;
  readonly messageProbability: number;
  /** Whether it reaches the model's threshold (a concern). */
  readonly raised: boolean;
  /** Index of the strongest sentence in the sentences given (-1 when none has features). */
  readonly sentence: number;
  readonly quote: string;
  /** The features that pushed it most, as a caseworker reads them. */
  readonly because: readonly string[];
  /** Its guess of the kind of risk ('unclear-risk' when the guess is weak). */
  readonly category: SafeguardingCategory;
  readonly categoryProbability: number;
}

/** Below this the category guess is not trusted and the concern is 'unclear-risk'. */
const CATEGORY_CONFIDENCE = 0.35;
/** Features named in a reason. */
const FEATURES_NAMED = 3;
const QUOTE_LENGTH = 160;

/**
 * Words that carry no meaning to a caseworker on their own ("she", "since"): a feature made only of
 * them still counts in the score but is not named as a reason, so the reason names what was said.
 */
const UNSAID = new Set([
  'he',
  'she',
  'they',
  'him',
  'her',
  'them',
  'his',
  'hers',
  'their',
  'me',
  'my',
  'our',
  'us',
  'your',
  'since',
  'with',
  'for',
  'in',
  'on',
  'at',
  'by',
  'from',
  'up',
  'out',
  'about',
  'into',
  'over',
  'again',
  'not',
  'no',
  'now',
  'then',
  'when',
  'what',
  'all',
  'some',
  'any',
  'get',
  'go',
  'say',
  'tell',
  'know',
]);

/** Whether a feature names at least one word that means something to a reader. */
function telling(feature: string): boolean {
  const words = feature
    .replace(/~[a-z]$/, '')
    .split('_')
    .filter((word) => !word.startsWith('@') || word === '@self');
  return words.some((word) => word.length > 1 && !UNSAID.has(word) && !/^#+$/.test(word));
}

/** The features that pushed a score up most, as a caseworker reads them. */
function namedFeatures(contributions: readonly Contribution[]): string[] {
  return contributions
    .filter((contribution) => contribution.weight > 0 && telling(contribution.feature))
    .slice(0, FEATURES_NAMED)
    .map((contribution) => describeFeature(contribution.feature));
}

/** Every risk feature of a message, once. */
export function pooledRiskFeatures(features: readonly SentenceFeatures[]): Set<string> {
  const pooled = new Set<string>();
  for (const entry of features) for (const feature of entry.risk) pooled.add(feature);
  return pooled;
}

/** Reads a message's sentences for risk (null when no sentence has a feature). */
export function riskOpinion(
  sentences: readonly Sentence[],
  features: readonly SentenceFeatures[],
  model: TriageModel,
): RiskOpinion | null {
  let best: { index: number; probability: number; because: string[] } | null = null;
  for (const entry of features) {
    if (entry.risk.length === 0) continue;
    const { probability, contributions } = binaryProbability(entry.risk, model.risk.sentence);
    if (best !== null && probability <= best.probability) continue;
    best = {
      index: entry.index,
      probability,
      because: namedFeatures(contributions),
    };
  }
  if (best === null) return null;
  const chosen = best;
  const pooled = pooledRiskFeatures(features);
  const whole = binaryProbability(pooled, model.risk.message);
  const probability = (chosen.probability + whole.probability) / 2;
  const because = chosen.because.length > 0 ? chosen.because : namedFeatures(whole.contributions);
  const text = sentences[chosen.index]?.text ?? '';
  const guess = headProbabilities(pooled, model.categories)[0];
  const confident = guess !== undefined && guess.probability >= CATEGORY_CONFIDENCE;
  return {
    probability,
    sentenceProbability: chosen.probability,
    messageProbability: whole.probability,
    raised: probability >= model.risk.threshold,
    sentence: chosen.index,
    quote: snippet(text, 0, Math.min(text.length, QUOTE_LENGTH), QUOTE_LENGTH),
    because,
    category: confident ? guess.label : 'unclear-risk',
    categoryProbability: guess?.probability ?? 0,
  };
}

/** How far from the model's strongest sentence its evidence may be said (the sentence before and after). */
const EVIDENCE_NEIGHBOURS = 1;

/**
 * The words that back the model's concern: a word of its category's evidence (or, for a possible
 * risk of no clear kind, of any category's) in its strongest sentence or a neighbour, as written;
 * null when none is said. What the lexicon says always stands (suicidal talk, self-harm) backs it
 * whatever its kind: a miss there is the gravest. A concept's words vetoed in the sentence (its
 * `unless`) say nothing. A model that reads "insulin" or "a college course" as FGM has read the
 * register, not the child, and a caseworker would not act on it.
 */
export function opinionEvidence(
  opinion: RiskOpinion,
  sentences: readonly Sentence[],
  lexicon: CompiledLexicon,
): string | null {
  const categories = opinion.category === 'unclear-risk' ? SAFEGUARDING_CATEGORIES : [opinion.category];
  const groups: EvidenceWords[] = [
    ...categories.flatMap((category) => lexicon.evidence[category] ?? []),
    // What always stands as a rule cue ("wants to die") backs a concern of any kind.
    ...lexicon.safeguarding.filter((concept) => concept.alwaysStands),
  ];
  const from = Math.max(0, opinion.sentence - EVIDENCE_NEIGHBOURS);
  const to = Math.min(sentences.length - 1, opinion.sentence + EVIDENCE_NEIGHBOURS);
  for (let at = from; at <= to; at += 1) {
    const sentence = sentences[at];
    if (sentence === undefined) continue;
    const read = scoped(sentence.tokens, lexicon.scope);
    for (const group of groups) {
      if (group.unless.some((veto) => findLemmaPattern(veto, read.words, read.present).length > 0)) continue;
      for (const pattern of group.patterns) {
        const span = findLemmaPattern(pattern, read.words, read.present, read.barriers)[0];
        const first = span === undefined ? undefined : read.words[span.start];
        const last = span === undefined ? undefined : read.words[span.end - 1];
        if (first !== undefined && last !== undefined) return sentence.text.slice(first.start, last.end);
      }
    }
  }
  return null;
}

/** What a caseworker reads of a concern the model alone read with nothing of its kind said. */
export function unbackedOpinionReason(opinion: RiskOpinion): string {
  const kind = opinion.category === 'unclear-risk' ? 'any risk' : opinion.category;
  return `safeguarding: not raised by the second opinion alone (${opinion.probability.toFixed(2)}, ${kind}: no words of ${kind} in "${opinion.quote}" or beside it)`;
}

/** What a caseworker reads: `second opinion 0.91: "…" (give away, thing)`. */
export function riskReason(opinion: RiskOpinion): string {
  const because = opinion.because.length > 0 ? ` (${opinion.because.join(', ')})` : '';
  return `second opinion ${opinion.probability.toFixed(2)}: "${opinion.quote}"${because}`;
}

/** The rules' topic reading, as the topic model reads it beside the words. */
export interface RulesTopic {
  readonly topic: Topic;
  readonly scores: Readonly<Partial<Record<Topic, number>>>;
  /** What the main ask named, per topic (topic.ts). */
  readonly asked?: Readonly<Partial<Record<Topic, readonly string[]>>>;
  /** The lexicon's ask concepts found in an ask and in the story only (topic.ts). */
  readonly concepts?: { readonly asked: readonly string[]; readonly story: readonly string[] };
}

/** The topics of a message, most likely first: every sentence's topic features and the rules' reading. */
export function topicOpinion(
  features: readonly SentenceFeatures[],
  rules: RulesTopic,
  model: TriageModel,
): Array<{ label: Topic; probability: number }> {
  const pooled = new Set<string>(rulesTopicFeatures(rules.topic, rules.scores, rules.asked, rules.concepts));
  for (const entry of features) for (const feature of entry.topic) pooled.add(feature);
  return headProbabilities(pooled, model.topic);
}

/**
 * Whether the rules' topic is sure enough to stand over the model's: it scored at least
 * `minScore` and at least `margin` times any other topic.
 */
export function rulesTopicConfident(rules: RulesTopic, setting: TopicCombination): boolean {
  const own = rules.scores[rules.topic] ?? 0;
  // A topic no cue scored was decided by meaning (a child out of education is an attendance
  // matter): it stands. 'general' with no score is the rules finding nothing: the model says.
  if (own <= 0) return rules.topic !== 'general';
  if (own < setting.minScore) return false;
  let runnerUp = 0;
  for (const [other, score] of Object.entries(rules.scores) as Array<[Topic, number]>) {
    if (other !== rules.topic && score > runnerUp) runnerUp = score;
  }
  return own >= setting.margin * runnerUp;
}

/**
 * Whether the model names the topic instead of the rules: it reads another topic, is at least
 * `modelSure` of it (at least `askSure` when the main ask named the rules' topic: the topic is the
 * thing the writer wants done, so overruling what they asked for takes a surer model; `amongAsked`
 * when the main ask named the model's topic too), and the rules are not confident by their own
 * evidence (`rulesTopicConfident`).
 */
export function modelNamesTopic(
  rules: RulesTopic,
  topics: ReadonlyArray<{ label: Topic; probability: number }>,
  setting: TopicCombination,
): boolean {
  const best = topics[0];
  if (best === undefined || best.label === rules.topic) return false;
  const asked = rules.asked?.[rules.topic] !== undefined;
  // The main ask named both topics: which of them the writer wants done is the model's to say,
  // since the rules' scores count the story's words as well as the ask's; but an appeal or a review
  // the writer asks about stays the topic over what it would change (`ROUTE_OVER`).
  const bothAsked = asked && rules.asked?.[best.label] !== undefined;
  if (bothAsked && ROUTE_OVER[rules.topic]?.includes(best.label)) return false;
  // Health words tell the story of a post whose ask is often elsewhere: the rules' reading of them,
  // even in the ask ("CAMHS said... can they assess him?"), yields to a sure enough model.
  if (setting.storyYield < 1 && STORY_TOPICS.includes(rules.topic) && best.probability >= setting.storyYield)
    return !rulesTopicConfident(rules, setting);
  if (bothAsked && setting.amongAsked < 1) {
    return best.probability >= setting.amongAsked && !rulesTopicConfident(rules, setting);
  }
  // askSure 1: a topic the main ask named always stands (a probability can round to 1).
  if (asked && setting.askSure >= 1) return false;
  const needed = asked ? Math.max(setting.modelSure, setting.askSure) : setting.modelSure;
  if (best.probability < needed) return false;
  return !rulesTopicConfident(rules, setting);
}

/** The rule cues that stand, and the weak ones held back for want of the model's support. */
export interface WeighedCues {
  readonly standing: readonly SafeguardingCue[];
  readonly held: readonly SafeguardingCue[];
}

/**
 * Weighs the rules' cues with the model's opinion. A cue the model file lists as weak (one that was
 * more often a false alarm than not in cross-validation: "bullying", "no provision") stands only
 * when the model also reads some risk (its `support`); every other cue stands, and so does a
 * concept the lexicon says always stands ("suicidal talk"). With no model, or when the model could
 * not read the message, every cue stands: when unsure, flag.
 */
export function weighCues(
  cues: readonly SafeguardingCue[],
  opinion: RiskOpinion | null,
  model: TriageModel | null,
): WeighedCues {
  if (model === null || model.risk.weakCues.size === 0) return { standing: cues, held: [] };
  const supported = opinion !== null && opinion.probability >= model.risk.support;
  if (supported) return { standing: cues, held: [] };
  const standing: SafeguardingCue[] = [];
  const held: SafeguardingCue[] = [];
  for (const cue of cues) {
    const weak = model.risk.weakCues.has(cueKey(cue)) && !cue.concept.alwaysStands;
    (weak ? held : standing).push(cue);
  }
  return { standing, held };
}

/** What a caseworker reads of a weak cue held back: `safeguarding: not raised: "…" (bully: ...)`. */
export function heldCueReason(cue: SafeguardingCue, opinion: RiskOpinion | null, support: number): string {
  const risk = opinion === null ? 'no risk read' : `second opinion ${opinion.probability.toFixed(2)}`;
  return `safeguarding: not raised by "${cue.quote}" alone (${cue.concept.name}: a cue often said of no risk, and ${risk}, below ${support.toFixed(2)})`;
}

/**
 * The safeguarding flag with the model's opinion: the model raises a concern the rules did not,
 * and adds its category and reason to one they did; it never lowers what the rules raised.
 * @param labels the lexicon's category labels, for the reason.
 */
export function withRiskOpinion(
  flag: Safeguarding,
  opinion: RiskOpinion | null,
  labels: Readonly<Partial<Record<SafeguardingCategory, string>>>,
): Safeguarding {
  if (opinion === null || !opinion.raised) return flag;
  const named = new Set<SafeguardingCategory>([...flag.categories, opinion.category]);
  // A definite category says more than a possible sign.
  if (named.size > 1) named.delete('unclear-risk');
  const label =
    opinion.category === 'unclear-risk'
      ? 'possible risk, for a person to judge'
      : (labels[opinion.category] ?? opinion.category);
  return {
    concern: true,
    categories: SAFEGUARDING_CATEGORIES.filter((category) => named.has(category)),
    reasons: [...flag.reasons, `${label}: ${riskReason(opinion)}`],
  };
}

/** Below this a topic is not named as a secondary topic of the model. */
const SECONDARY_TOPIC = 0.2;

/**
 * The topic: the rules' unless the model names it (`modelNamesTopic`); the other reading is kept
 * as a secondary topic with its reason.
 */
export function topicWithOpinion(
  rules: RulesTopic & { readonly reason: string },
  topics: ReadonlyArray<{ label: Topic; probability: number }>,
  setting: TopicCombination,
): { topic: Topic; reason: string } {
  const best = topics[0];
  if (best === undefined || !modelNamesTopic(rules, topics, setting)) {
    const agrees = best !== undefined && best.label === rules.topic;
    const note = agrees ? `; second opinion agrees ${best.probability.toFixed(2)}` : '';
    return { topic: rules.topic, reason: `${rules.reason}${note}` };
  }
  const secondary = topics
    .slice(1)
    .filter((entry) => entry.probability >= SECONDARY_TOPIC && entry.label !== rules.topic)
    .map((entry) => `; also ${entry.label} ${entry.probability.toFixed(2)}`)
    .join('');
  const rulesRead = rules.reason.replace(/^topic: /, '');
  return {
    topic: best.label,
    reason: `topic: ${best.label} (second opinion ${best.probability.toFixed(2)}${secondary}); the rules read ${rulesRead}`,
  };
}
