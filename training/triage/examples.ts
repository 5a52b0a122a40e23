/**
 * Each labelled message read once by triage's own language layer: its readable sentences, their
 * features, which sentences show the risk (from the writers' evidence), and what the rules alone
 * decide (for combining and for honest comparison).
 */

import type { Topic } from '../../shared/domain/taxonomy';
import { type TriageContext, type TriageRules, triage } from '../../shared/domain/triage';
import { compiledRules } from '../../shared/domain/triage/compiled-rules';
import { messageFeatures, type SentenceFeatures } from '../../shared/domain/triage/model/features';
import { normaliseText, readableSentences, type Sentence } from '../../shared/domain/triage/prepared-text';
import { cueKey, safeguardingCues } from '../../shared/domain/triage/safeguarding';
import { decideTopic, type TopicDecision } from '../../shared/domain/triage/topic';
import { prepareIntakeText } from '../../shared/domain/triage/triage';
import type { LabelledMessage } from './training-corpus';

/** A labelled message as triage reads it. */
export interface ReadMessage {
  readonly message: LabelledMessage;
  readonly sentences: readonly Sentence[];
  readonly features: readonly SentenceFeatures[];
  /** Per sentence: shows the risk (true), does not (false), or unknown (null: labels say no where). */
  readonly riskLabels: ReadonlyArray<boolean | null>;
  /** Evidence the sentences did not contain (in a signature, or removed as boilerplate). */
  readonly evidenceLost: number;
  /** The rules alone, without the model. */
  readonly rules: {
    readonly concern: boolean;
    /** The concepts that stood (`category: concept`), each once. */
    readonly cues: readonly string[];
    readonly categories: readonly string[];
    readonly topic: Topic;
    readonly topicScores: Readonly<Partial<Record<Topic, number>>>;
    readonly topicAsked: Readonly<Partial<Record<Topic, readonly string[]>>>;
    readonly topicConcepts: TopicDecision['concepts'];
    readonly priority: string;
  };
}

function folded(text: string): string {
  return normaliseText(text, 1_000_000).replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Whether a sentence and a piece of evidence share words: one inside the other, or overlapping ends. */
export function sharesEvidence(sentence: string, evidence: string): boolean {
  const s = folded(sentence);
  const e = folded(evidence);
  if (s.length === 0 || e.length === 0) return false;
  if (s.includes(e) || e.includes(s)) return true;
  const most = Math.min(s.length, e.length) - 1;
  for (let k = most; k >= 12; k -= 1) {
    if (s.endsWith(e.slice(0, k)) || s.startsWith(e.slice(e.length - k))) return true;
  }
  return false;
}

/** Reads one message with the rules given (the model, if any, is not used). */
export function readMessage(
  message: LabelledMessage,
  rules: TriageRules,
  context: TriageContext,
): ReadMessage {
  const compiled = compiledRules(rules);
  const prepared = prepareIntakeText(message.intake, compiled);
  const sentences = readableSentences(prepared.sentences);
  const features = messageFeatures(sentences, compiled.lexicon);
  const evidence = message.evidence;
  let evidenceLost = 0;
  let riskLabels: Array<boolean | null>;
  if (evidence === null) riskLabels = sentences.map(() => (message.concern ? null : false));
  else {
    riskLabels = sentences.map((sentence) => evidence.some((words) => sharesEvidence(sentence.text, words)));
    evidenceLost = evidence.filter((words) => !sentences.some((s) => sharesEvidence(s.text, words))).length;
  }
  const result = triage(message.intake, { ...rules, model: null }, context);
  const topic = decideTopic(prepared.sentences, compiled);
  return {
    message,
    sentences,
    features,
    riskLabels,
    evidenceLost,
    rules: {
      concern: result.safeguarding.concern,
      cues: [...new Set(safeguardingCues(prepared.sentences, compiled.lexicon).map(cueKey))],
      categories: result.safeguarding.categories,
      topic: result.topic,
      topicScores: topic.scores,
      topicAsked: topic.asked,
      topicConcepts: topic.concepts,
      priority: result.priority,
    },
  };
}
