/**
 * Cross-validation grouped by writer: each writer's messages are scored by a model trained on
 * every other writer's, so no figure comes from text the model learnt from, nor from a writer's
 * habits it saw. The risk threshold and when the rules' topic stands are chosen on these scores.
 */
import type { Topic } from '../../shared/domain/taxonomy';
import { rulesTopicConfident } from '../../shared/domain/triage/model/second-opinion';
import type { TriageModel } from '../../shared/domain/triage/model/triage-model';
import type { ReadMessage } from './examples';
import { type FitOptions, fitModel, type Prediction, predict } from './fit';

/** Scores every message by a model trained without its writer. */
export function crossValidate(
  messages: readonly ReadMessage[],
  options: FitOptions,
  progress: (writer: string) => void = () => {},
): Prediction[] {
  const writers = [...new Set(messages.map((message) => message.message.writer))].sort();
  const scored: Prediction[] = [];
  for (const writer of writers) {
    progress(writer);
    const model = fitModel(
      messages.filter((message) => message.message.writer !== writer),
      0.5,
      undefined,
      options,
    );
    for (const message of messages.filter((m) => m.message.writer === writer)) {
      scored.push(predict(message, model));
    }
  }
  return scored;
}

export interface ConcernFigures {
  readonly recall: number;
  readonly precision: number;
  readonly found: number;
  readonly atRisk: number;
  readonly raised: number;
}

/** Concern recall and precision when a message is raised by the model at `threshold` (and the rules, if `withRules`). */
export function concernFigures(
  predictions: readonly Prediction[],
  threshold: number,
  withRules: boolean,
): ConcernFigures {
  let found = 0;
  let atRisk = 0;
  let raised = 0;
  for (const prediction of predictions) {
    const up = prediction.risk >= threshold || (withRules && prediction.message.rules.concern);
    const truth = prediction.message.message.concern;
    if (truth) atRisk += 1;
    if (up) raised += 1;
    if (up && truth) found += 1;
  }
  return {
    recall: atRisk === 0 ? 1 : found / atRisk,
    precision: raised === 0 ? 1 : found / raised,
    found,
    atRisk,
    raised,
  };
}

/** The highest threshold at which recall reaches `target` (the best precision at that recall). */
export function chooseThreshold(
  predictions: readonly Prediction[],
  target: number,
  withRules: boolean,
): number {
  const candidates = [...new Set(predictions.map((prediction) => prediction.risk))].sort((a, b) => b - a);
  for (const threshold of candidates) {
    if (concernFigures(predictions, threshold, withRules).recall >= target) return threshold;
  }
  return candidates[candidates.length - 1] ?? 0.5;
}

/** The topic triage gives: the rules' when they are confident, else the model's. */
export function combinedTopic(
  prediction: Prediction,
  setting: TriageModel['topic']['rulesConfident'],
): Topic {
  const rules = { topic: prediction.message.rules.topic, scores: prediction.message.rules.topicScores };
  if (rulesTopicConfident(rules, setting)) return rules.topic;
  return prediction.topics[0]?.label ?? rules.topic;
}

export function topicAccuracy(
  predictions: readonly Prediction[],
  choose: (prediction: Prediction) => Topic,
): number {
  if (predictions.length === 0) return 0;
  const right = predictions.filter((prediction) => choose(prediction) === prediction.message.message.topic);
  return right.length / predictions.length;
}

const MIN_SCORES = [2, 4, 6, 8, 10, 15, 20, 30, 40, 60];
const MARGINS = [1.5, 2, 3, 4, 6, 10];

/** When the rules' topic stands: the setting that gets most topics right (ties: the rules stand less). */
export function chooseRulesConfidence(
  predictions: readonly Prediction[],
): TriageModel['topic']['rulesConfident'] {
  let best = { minScore: 1000, margin: 1000 };
  let bestAccuracy = topicAccuracy(predictions, (prediction) => combinedTopic(prediction, best));
  for (const minScore of MIN_SCORES) {
    for (const margin of MARGINS) {
      const accuracy = topicAccuracy(predictions, (prediction) =>
        combinedTopic(prediction, { minScore, margin }),
      );
      if (accuracy > bestAccuracy) {
        best = { minScore, margin };
        bestAccuracy = accuracy;
      }
    }
  }
  return best;
}
