/**
 * Topic: every topic's cues are weighed over the enquirer's sentences; words in the subject and in
 * the sentences that ask something count more, asides ("Also, ...") and quoted lines less, and a
 * cue said again counts less each time. A question that names no topic of its own ("How can we ask
 * for this?", "Where is it up to?") is about the sentence just before it, which then counts as the
 * ask. Then the main ask (main-ask.ts): in the subject and in the sentences that ask, want or
 * challenge a decision, the lexicon's `asks` concepts name what is being asked for ("can they
 * refuse to name the school?" asks about a placement, whatever the story said most), and each adds
 * to its topic. The main ask wins; the runner-up is named as secondary, with its words.
 */
import type { Topic } from '../taxonomy';
import type { CompiledRules, Cue } from './compiled-rules';
import { matchCue, occursIn } from './cue-matching';
import { findConcepts } from './language/concepts';
import type { CompiledAskConcept } from './language/lexicon';
import { type AskRole, askRoles } from './main-ask';
import { joinSentences, readableSentences, type Sentence } from './prepared-text';

export interface TopicDecision {
  readonly topic: Topic;
  readonly reason: string;
  /** Score per topic, for tests and tuning. */
  readonly scores: Readonly<Partial<Record<Topic, number>>>;
  /** What the main ask named, per topic ("which school", "an appeal"), strongest first. */
  readonly asked: Readonly<Partial<Record<Topic, readonly string[]>>>;
  /**
   * The lexicon's ask concepts found, as `topic:concept` ("placement:a school place"): in the
   * subject or a sentence that asks (`asked`), and in the story only (`story`). The trained model
   * learns from these categories, not from the sentences that taught them.
   */
  readonly concepts: { readonly asked: readonly string[]; readonly story: readonly string[] };
}

const NO_CONCEPTS = { asked: [], story: [] } as const;

/**
 * A route to change a decision or a plan, and the topics it stays over when the main ask names both
 * (the samples' and issue 20's conventions): appealing a refusal to assess or to issue a plan is a
 * tribunal matter, however much of the message is about the assessment; changing the plan's health
 * provision or funded hours at a review is the review. A placement named in an appeal is not listed:
 * parents in the middle of an appeal mostly ask about the school itself (r1, r2).
 */
export const ROUTE_OVER: Readonly<Partial<Record<Topic, readonly Topic[]>>> = {
  tribunal: ['assessment'],
  'annual-review': ['health', 'funding'],
};

/**
 * Topics whose words fill the stories of other asks: the diagnosis, the therapy, CAMHS and the
 * medication are told in a long post whose ask is a school or an assessment (the sealed real
 * batches read health 9 times where it was asked about 8 times in all). When the rules read one
 * of these, a sure enough model reads the ask instead, even when the ask named it too
 * (`storyYield` in the model's topic combination).
 */
export const STORY_TOPICS: readonly Topic[] = ['health'];

/** A route (complaint, appeal) asked for, then what it is about: "complaint about the ...". */
const ROUTE_THEN_ABOUT =
  /\b(?:complain\w*|appeal\w*|tribunal|mediation)\b.{0,40}\b(?:about|regarding|concerning|over|against)\b/i;

/** How much an ask concept counts by the role of its sentence: the story names no ask. */
const ASK_ROLE_WEIGHT: Readonly<Record<AskRole, number>> = {
  subject: 1,
  question: 1,
  request: 1,
  decision: 0.7,
  story: 0,
};

interface Evidence {
  score: number;
  terms: Map<string, number>;
}

interface CueHit {
  readonly topic: Topic;
  readonly cue: Cue;
  /** Index of the sentence in the readable sentences. */
  readonly index: number;
  readonly text: string;
}

/** Words in a question short enough to be about the sentence before it. */
const SHORT_QUESTION_WORDS = 12;

/**
 * Which sentences ask: those marked as asks, plus the sentence just before an ask that names no
 * topic itself ("The school say maybe he need EHCP. How we can ask for this?"), since such a
 * short question points back at what was just said.
 */
function asksOf(readable: readonly Sentence[], hits: readonly CueHit[]): boolean[] {
  const named = new Set(hits.map((hit) => hit.index));
  const asks = readable.map((sentence) => sentence.ask);
  readable.forEach((sentence, index) => {
    const before = readable[index - 1];
    // Only a short question leans on what came before; a long sentence that happens to contain
    // "which is" or "where" stands on its own.
    const short = sentence.text.split(/\s+/).length <= SHORT_QUESTION_WORDS;
    if (!sentence.ask || !short || named.has(index) || before === undefined) return;
    // Only within a paragraph: a question opening a new paragraph starts the ask, it does not
    // point back into the story.
    if (before.source !== sentence.source || before.segment !== sentence.segment) return;
    if (before.paragraph !== sentence.paragraph) return;
    asks[index - 1] = true;
  });
  return asks;
}

function sentenceMultiplier(sentence: Sentence, rules: CompiledRules, asks: boolean): number {
  const multipliers = rules.file.topics.multipliers;
  let multiplier = 1;
  if (sentence.source === 'subject') multiplier *= multipliers.subject;
  if (asks) multiplier *= multipliers.ask;
  if (sentence.aside) multiplier *= multipliers.aside;
  if (sentence.quoted) multiplier *= multipliers.quoted;
  return multiplier;
}

/**
 * Decides the topic from the enquirer's sentences (signatures and the child's school are not read).
 * `found`: the needles the message contains (see `NeedleIndex`), to skip cues quickly; null checks every cue.
 */
export function decideTopic(
  sentences: readonly Sentence[],
  rules: CompiledRules,
  needles: ReadonlySet<string> | null = null,
): TopicDecision {
  const topics = rules.file.topics;
  const evidence = new Map<Topic, Evidence>();
  const readable = readableSentences(sentences);
  const joined = joinSentences(readable);
  const found: CueHit[] = [];
  for (const { topic, cue } of rules.topicCues) {
    if (!occursIn(cue, joined, needles)) continue;
    // Only some topics read negations and what-ifs: "no transport" is still about transport, but
    // "I'm not making a complaint" or "I'll complain if I have to" is not a complaint.
    const guarded = topics.negatable.includes(topic);
    readable.forEach((sentence, index) => {
      for (const match of matchCue(cue, sentence.text, rules.language, {
        negationWindow: guarded ? 5 : 0,
        hypotheticalSilences: guarded,
      })) {
        found.push({ topic, cue, index, text: match.text });
      }
    });
  }
  const asks = asksOf(readable, found);
  // The story's words count less only when there is a main ask to outweigh them.
  const askNamesTopic = asks.some((ask) => ask);
  const byCue = new Map<Cue, CueHit[]>();
  for (const hit of found) {
    const list = byCue.get(hit.cue);
    if (list) list.push(hit);
    else byCue.set(hit.cue, [hit]);
  }
  for (const [cue, hits] of byCue) {
    const weights: number[] = [];
    const terms: string[] = [];
    for (const hit of hits) {
      const sentence = readable[hit.index];
      if (sentence === undefined) continue;
      const multiplier = sentenceMultiplier(sentence, rules, asks[hit.index] ?? false);
      if (multiplier === 0) continue;
      const story = !(asks[hit.index] ?? false) && sentence.source !== 'subject';
      weights.push(
        cue.weight * multiplier * (story && askNamesTopic ? (topics.storyWeights[hit.topic] ?? 1) : 1),
      );
      terms.push(hit.text.toLowerCase().replace(/\s+/g, ' '));
    }
    const topic = hits[0]?.topic;
    if (weights.length === 0 || topic === undefined) continue;
    // Strongest mentions first, each repeat worth less, so one word said ten times cannot win alone.
    weights.sort((a, b) => b - a);
    const score = weights
      .slice(0, topics.multipliers.maxRepeats)
      .reduce((sum, weight, index) => sum + weight * topics.multipliers.repeatDecay ** index, 0);
    const entry = evidence.get(topic) ?? { score: 0, terms: new Map<string, number>() };
    entry.score += score;
    for (const term of terms) entry.terms.set(term, (entry.terms.get(term) ?? 0) + cue.weight);
    evidence.set(topic, entry);
  }
  const { asked, concepts } = addMainAsk(readable, asks, rules, evidence);
  const scores: Partial<Record<Topic, number>> = {};
  for (const [topic, entry] of evidence) scores[topic] = Math.round(entry.score * 10) / 10;
  const ranked = [...evidence.entries()].sort(
    (a, b) => b[1].score - a[1].score || topics.precedence.indexOf(a[0]) - topics.precedence.indexOf(b[0]),
  );
  const best = ranked.find(([topic]) => topic !== topics.fallback);
  const fallbackEvidence = evidence.get(topics.fallback);
  const describe = (entry: Evidence): string =>
    [...entry.terms.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([term]) => term)
      .join(', ');
  const askedOf = (topic: Topic): string => {
    const words = asked[topic];
    return words === undefined
      ? ''
      : `; asks about ${words
          .slice(0, 2)
          .map((word) => `"${word}"`)
          .join(', ')}`;
  };
  const winner = ranked[0];
  if (best === undefined || best[1].score < topics.minScore || (winner && winner[0] === topics.fallback)) {
    // General can be what is asked ("what does section 19 mean?", "who do I contact?"), or nothing scored.
    const cues = fallbackEvidence ? describe(fallbackEvidence) : '';
    const generalAsk = asked[topics.fallback] !== undefined;
    const why =
      (fallbackEvidence && fallbackEvidence.score > 0) || generalAsk
        ? `(${cues === '' ? 'the main ask' : cues}${askedOf(topics.fallback)})`
        : `(no topic scored ${topics.minScore} or more)`;
    return { topic: topics.fallback, reason: `topic: ${topics.fallback} ${why}`, scores, asked, concepts };
  }
  const runnerUp = ranked.find(([topic]) => topic !== best[0]);
  const also =
    runnerUp && runnerUp[1].score >= topics.minScore
      ? `; also ${runnerUp[0]} (${describe(runnerUp[1]) || 'asked'}${askedOf(runnerUp[0])})`
      : '';
  const main = describe(best[1]);
  return {
    topic: best[0],
    reason: `topic: ${best[0]} (${main === '' ? 'the main ask' : main}${askedOf(best[0])})${also}`,
    scores,
    asked,
    concepts,
  };
}

/**
 * Adds the main ask's evidence: the lexicon's `asks` concepts found in the subject and in the
 * sentences that ask, want or challenge (and in a sentence a short bare question points back to).
 * @returns what each topic's ask named, for reasons, and which concepts were found where.
 */
function addMainAsk(
  readable: readonly Sentence[],
  asks: readonly boolean[],
  rules: CompiledRules,
  evidence: Map<Topic, Evidence>,
): { asked: Partial<Record<Topic, string[]>>; concepts: TopicDecision['concepts'] } {
  const concepts = rules.lexicon.asks;
  if (concepts.length === 0) return { asked: {}, concepts: NO_CONCEPTS };
  const roles = askRoles(readable);
  const weights = new Map<CompiledAskConcept, number[]>();
  const words: Partial<Record<Topic, string[]>> = {};
  const inAsk = new Set<string>();
  const inStory = new Set<string>();
  for (const match of findConcepts(readable, concepts, rules.lexicon.scope)) {
    if (match.reading === 'idiom') continue;
    const own = roles[match.sentence] ?? 'story';
    // A sentence a short bare question points back to ("...a place at Oak Hill. Is this legal?").
    const role = own === 'story' && asks[match.sentence] ? 'question' : own;
    // "a complaint about the transport", "appeal over the school named": the route asked for is
    // the main ask, the matter after "about" is what it is about (counted, but less).
    const sentence = readable[match.sentence];
    const at = sentence === undefined ? -1 : sentence.text.toLowerCase().indexOf(match.words.toLowerCase());
    const matter = at > 0 && sentence !== undefined && ROUTE_THEN_ABOUT.test(sentence.text.slice(0, at));
    const weight = ASK_ROLE_WEIGHT[role] * match.concept.weight * (matter ? 0.5 : 1);
    const key = `${match.concept.topic}:${match.concept.name}`;
    if (weight === 0) {
      // Negated or hypothetical story words say little of what is wanted: only the asserted ones.
      if (match.reading === 'asserted') inStory.add(key);
      continue;
    }
    inAsk.add(key);
    const list = weights.get(match.concept) ?? [];
    list.push(weight);
    weights.set(match.concept, list);
    const named = words[match.concept.topic] ?? [];
    const word = match.words.toLowerCase();
    if (!named.includes(word)) named.push(word);
    words[match.concept.topic] = named;
  }
  const { askObject, repeatDecay, maxRepeats } = rules.file.topics.multipliers;
  const fallback = rules.file.topics.fallback;
  const serviceAsked = [...weights.keys()].some((concept) => concept.topic !== fallback);
  for (const [concept, list] of weights) {
    // A general ask ("what does section 19 mean?", "who do I contact?") beside a service topic's ask
    // is named and becomes the trained model's evidence, but adds no score: the same words ask how
    // that service works ("who decides on the therapy?"), and the writers' text showed the rules
    // cannot tell which. When it is the only ask, it is what the writer wants (the readers'
    // convention: general is a question that maps to no service): it scores as any asked topic
    // does, over services the story names in passing (not always over a story told at length).
    if (concept.topic === fallback && serviceAsked) continue;
    list.sort((a, b) => b - a);
    const score = list
      .slice(0, maxRepeats)
      .reduce((sum, weight, index) => sum + askObject * weight * repeatDecay ** index, 0);
    const entry = evidence.get(concept.topic) ?? { score: 0, terms: new Map<string, number>() };
    entry.score += score;
    evidence.set(concept.topic, entry);
  }
  return {
    asked: words,
    concepts: { asked: [...inAsk].sort(), story: [...inStory].filter((key) => !inAsk.has(key)).sort() },
  };
}
