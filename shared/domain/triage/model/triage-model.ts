/**
 * The trained second opinion, shipped as data (`config/triage-model.json`, written by
 * `npm run train:triage`): a risk weight per sentence feature with the threshold chosen by
 * cross-validation, a category guess for a risk sentence, and a topic guess for the whole message.
 * Validated with zod when triage loads it; a model trained on other features than this code
 * extracts is refused, naming the field.
 */
import * as z from 'zod';
import { toDotPath } from 'zod/v4/core';
import { ValidationError } from '../../errors';
import { SafeguardingCategory, Topic } from '../../taxonomy';
import { FEATURE_VERSION } from './feature-version';

/** The model file cannot be used; `field` is the dot path of the first bad field. */
export class TriageModelError extends ValidationError {}

const Weight = z.number().finite();

/** Checks a head's weights have one weight per label. */
function checkHead(
  head: { labels: readonly string[]; bias: readonly number[]; weights: Record<string, readonly number[]> },
  context: z.RefinementCtx,
): void {
  const k = head.labels.length;
  if (new Set(head.labels).size !== k)
    context.addIssue({ code: 'custom', path: ['labels'], message: 'labels must be distinct' });
  if (head.bias.length !== k)
    context.addIssue({ code: 'custom', path: ['bias'], message: `must have ${k} weights, one per label` });
  for (const [feature, weights] of Object.entries(head.weights)) {
    if (weights.length === k) continue;
    context.addIssue({
      code: 'custom',
      path: ['weights', feature],
      message: `must have ${k} weights, one per label`,
    });
    return;
  }
}

/**
 * Feature -> weight (or one weight per label), checked by a plain loop: zod's record schemas took
 * about 300 ms of CPU on the shipped file's half a million weights, at every cold start.
 */
function weightTable<W extends number | readonly number[]>(perLabel: boolean) {
  const isWeight = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);
  return z.unknown().transform((value, context): Record<string, W> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      context.addIssue({ code: 'custom', message: 'must be an object of feature -> weight' });
      return z.NEVER;
    }
    for (const [feature, weight] of Object.entries(value)) {
      const fine = perLabel ? Array.isArray(weight) && weight.every(isWeight) : isWeight(weight);
      if (feature.length > 0 && fine) continue;
      context.addIssue({
        code: 'custom',
        path: [feature],
        message: perLabel ? 'must be an array of finite numbers' : 'must be a finite number',
      });
      return z.NEVER;
    }
    return value as Record<string, W>;
  });
}

const Binary = z.strictObject({ bias: Weight, weights: weightTable<number>(false) });

/** Feature -> one weight per label, in `labels` order. */
const HeadWeights = weightTable<number[]>(true);

/** `config/triage-model.json`. */
export const TriageModelFile = z.strictObject({
  $comment: z.string().optional(),
  version: z.literal(1),
  featureVersion: z.literal(FEATURE_VERSION, {
    error: `the model was trained on other features: retrain it (npm run train:triage)`,
  }),
  /** What it was trained on and how it measured in cross-validation (for people; not read). */
  trainedOn: z.looseObject({}),
  /**
   * Weights are written as whole numbers of 1/weightScale (`-123` for -0.123 at 1000): a third
   * smaller than decimals, the same numbers once read. Biases and thresholds are plain numbers.
   */
  weightScale: z.number().int().positive().default(1),
  risk: z.strictObject({
    /** A message whose risk (the mean of its strongest sentence's and its own) reaches this raises a concern. */
    threshold: z.number().gt(0).lt(1),
    /**
     * Rule cues (`category: concept`) that were often false alarms in cross-validation: such a cue
     * raises a concern only when the model's risk reaches `support`. Every other cue always stands.
     */
    weakCues: z.array(z.string().min(1)).default([]),
    /** The model's risk at which a weak cue stands (at most the threshold). */
    support: z.number().min(0).lt(1).default(0),
    /** Read sentence by sentence: a risk buried in a long email is found. */
    sentence: Binary,
    /** Read as a whole: what the message says around the risk. */
    message: Binary,
  }),
  categories: z
    .strictObject({
      labels: z.array(SafeguardingCategory).min(2),
      bias: z.array(Weight),
      weights: HeadWeights,
    })
    .superRefine(checkHead),
  topic: z
    .strictObject({
      labels: z.array(Topic).min(2),
      bias: z.array(Weight),
      weights: HeadWeights,
      /**
       * When the rules' topic stands (second-opinion.ts `modelNamesTopic`): it scores at least
       * `minScore` and `margin` times the runner-up, or the model is not sure of its own (under
       * `modelSure`, or under `askSure` when the main ask named the rules' topic). When the main
       * ask named the model's topic too, the model chooses between them at `amongAsked` (1: never).
       * When the rules read a topic whose words fill other asks' stories (topic.ts `STORY_TOPICS`),
       * the model names its own at `storyYield`, whatever the ask named (1: never).
       */
      rulesConfident: z.strictObject({
        minScore: z.number().nonnegative(),
        margin: z.number().min(1),
        modelSure: z.number().min(0).max(1).default(0),
        askSure: z.number().min(0).max(1).default(0),
        amongAsked: z.number().min(0).max(1).default(1),
        storyYield: z.number().min(0).max(1).default(1),
      }),
    })
    .superRefine(checkHead),
});
export type TriageModelFile = z.output<typeof TriageModelFile>;

export interface Head<L extends string> {
  readonly labels: readonly L[];
  readonly bias: readonly number[];
  readonly weights: ReadonlyMap<string, readonly number[]>;
}

/** A binary logistic regression's weights. */
export interface BinaryHead {
  readonly bias: number;
  readonly weights: ReadonlyMap<string, number>;
}

/** When the rules' topic stands over the model's (see `rulesConfident` in the file schema). */
export interface TopicCombination {
  readonly minScore: number;
  readonly margin: number;
  readonly modelSure: number;
  readonly askSure: number;
  /**
   * How sure the model must be to choose between topics the main ask named both of (the rules'
   * and its own): the rules rank them by how many of their words the message says, which is the
   * story's vocabulary; 1 leaves the rules' choice standing.
   */
  readonly amongAsked: number;
  /**
   * How sure the model must be to name its topic over the rules' when the rules read a topic whose
   * words fill the stories of other asks (topic.ts `STORY_TOPICS`: health), even one the main ask
   * named; 1 leaves the other settings to decide.
   */
  readonly storyYield: number;
}

/** The model, ready to score. */
export interface TriageModel {
  readonly risk: {
    readonly threshold: number;
    readonly weakCues: ReadonlySet<string>;
    readonly support: number;
    readonly sentence: BinaryHead;
    readonly message: BinaryHead;
  };
  readonly categories: Head<SafeguardingCategory>;
  readonly topic: Head<Topic> & {
    readonly rulesConfident: TopicCombination;
  };
}

/**
 * Validates a model file (parsed JSON).
 * @throws TriageModelError naming the first bad field.
 */
export function parseTriageModel(json: unknown, source = 'triage model'): TriageModel {
  const result = TriageModelFile.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${toDotPath(issue.path) || '(top level)'}: ${issue.message}`,
    );
    const first = result.error.issues[0];
    throw new TriageModelError(`${source}: ${problems.slice(0, 5).join('; ')}`, {
      field: first ? toDotPath(first.path) : null,
      cause: result.error,
    });
  }
  const file = result.data;
  const scale = file.weightScale;
  const binary = (weights: Record<string, number>): Map<string, number> =>
    new Map(Object.entries(weights).map(([feature, weight]) => [feature, weight / scale]));
  const perLabel = (weights: Record<string, readonly number[]>): Map<string, number[]> =>
    new Map(Object.entries(weights).map(([feature, row]) => [feature, row.map((weight) => weight / scale)]));
  return {
    risk: {
      threshold: file.risk.threshold,
      weakCues: new Set(file.risk.weakCues),
      support: file.risk.support,
      sentence: {
        bias: file.risk.sentence.bias,
        weights: binary(file.risk.sentence.weights),
      },
      message: { bias: file.risk.message.bias, weights: binary(file.risk.message.weights) },
    },
    categories: {
      labels: file.categories.labels,
      bias: file.categories.bias,
      weights: perLabel(file.categories.weights),
    },
    topic: {
      labels: file.topic.labels,
      bias: file.topic.bias,
      weights: perLabel(file.topic.weights),
      rulesConfident: file.topic.rulesConfident,
    },
  };
}

/** The logistic function, without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Softmax of scores (a new array). */
export function softmax(scores: readonly number[]): number[] {
  const top = Math.max(...scores);
  const exps = scores.map((score) => Math.exp(score - top));
  const sum = exps.reduce((total, value) => total + value, 0);
  return exps.map((value) => value / sum);
}

/** How much one feature pushed a score. */
export interface Contribution {
  readonly feature: string;
  readonly weight: number;
}

/** The probability a binary head gives a bag of features, with what pushed it up most first. */
export function binaryProbability(
  features: Iterable<string>,
  head: BinaryHead,
): { probability: number; contributions: Contribution[] } {
  let z = head.bias;
  const contributions: Contribution[] = [];
  for (const feature of features) {
    const weight = head.weights.get(feature);
    if (weight === undefined) continue;
    z += weight;
    contributions.push({ feature, weight });
  }
  contributions.sort((a, b) => b.weight - a.weight || (a.feature < b.feature ? -1 : 1));
  return { probability: sigmoid(z), contributions };
}

/** Probabilities of each label of a head for a bag of features, most likely first. */
export function headProbabilities<L extends string>(
  features: Iterable<string>,
  head: Head<L>,
): Array<{ label: L; probability: number }> {
  const scores = [...head.bias];
  for (const feature of features) {
    const weights = head.weights.get(feature);
    if (weights === undefined) continue;
    weights.forEach((weight, index) => {
      scores[index] = (scores[index] ?? 0) + weight;
    });
  }
  const probabilities = softmax(scores);
  return head.labels
    .map((label, index) => ({ label, probability: probabilities[index] ?? 0 }))
    .sort((a, b) => b.probability - a.probability);
}
