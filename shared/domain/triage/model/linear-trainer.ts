/**
 * Plain logistic regression, written for the triage model: binary (is this sentence a risk?) and
 * multinomial (which category, which topic?), over sparse binary features, trained by stochastic
 * gradient descent with a per-feature step size (AdaGrad) and L2 shrinkage. Deterministic: the
 * order examples are visited in comes from a seeded generator, so the same corpus and seed give
 * the same weights to the last digit.
 *
 * Only the training script and the tests use this module; triage itself only reads the weights.
 */

import { seededRandom } from '../../seeded-random';
import { sigmoid, softmax } from './triage-model';

/** One training example: its features, its label, and how much it counts. */
export interface Example<L> {
  readonly features: readonly string[];
  readonly label: L;
  readonly weight?: number;
}

export interface TrainingOptions {
  readonly epochs: number;
  /** Base step size of AdaGrad. */
  readonly learningRate: number;
  /** L2 shrinkage per update of a feature present in the example. */
  readonly l2: number;
  /** Features seen in fewer examples than this are not learnt (their weight stays 0). */
  readonly minCount: number;
  readonly seed: number;
}

export const DEFAULT_TRAINING: TrainingOptions = {
  epochs: 30,
  learningRate: 0.3,
  l2: 1e-4,
  minCount: 2,
  seed: 20261207,
};

export interface BinaryWeights {
  readonly bias: number;
  readonly weights: ReadonlyMap<string, number>;
}

export interface MulticlassWeights<L extends string> {
  readonly labels: readonly L[];
  readonly bias: readonly number[];
  /** Per feature, one weight per label (in `labels` order). */
  readonly weights: ReadonlyMap<string, readonly number[]>;
}

/** A copy of `items` in an order decided by `random` (Fisher-Yates). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let index = out.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    const a = out[index] as T;
    out[index] = out[other] as T;
    out[other] = a;
  }
  return out;
}

interface Indexed {
  readonly ids: Int32Array;
  readonly weight: number;
}

/** Numbers every feature seen in at least `minCount` examples; the others are dropped. */
function indexFeatures(examples: ReadonlyArray<Example<unknown>>, minCount: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const example of examples) {
    for (const feature of new Set(example.features)) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  }
  const ids = new Map<string, number>();
  for (const [feature, count] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (count >= minCount) ids.set(feature, ids.size);
  }
  return ids;
}

function indexed(example: Example<unknown>, ids: ReadonlyMap<string, number>): Indexed {
  const found = new Set<number>();
  for (const feature of example.features) {
    const id = ids.get(feature);
    if (id !== undefined) found.add(id);
  }
  return { ids: Int32Array.from(found), weight: example.weight ?? 1 };
}

const EPSILON = 1e-8;

/** Trains a binary logistic regression (label true = the positive class). */
export function trainBinary(
  examples: ReadonlyArray<Example<boolean>>,
  options: TrainingOptions = DEFAULT_TRAINING,
): BinaryWeights {
  const ids = indexFeatures(examples, options.minCount);
  const rows = examples.map((example) => ({ ...indexed(example, ids), y: example.label ? 1 : 0 }));
  const w = new Float64Array(ids.size);
  const squares = new Float64Array(ids.size);
  let bias = 0;
  let biasSquares = 0;
  const random = seededRandom(options.seed);
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    for (const row of shuffled(rows, random)) {
      let z = bias;
      for (const id of row.ids) z += w[id] ?? 0;
      const gradient = (sigmoid(z) - row.y) * row.weight;
      for (const id of row.ids) {
        const current = w[id] ?? 0;
        const step = gradient + options.l2 * current;
        squares[id] = (squares[id] ?? 0) + step * step;
        w[id] = current - (options.learningRate * step) / Math.sqrt((squares[id] ?? 0) + EPSILON);
      }
      biasSquares += gradient * gradient;
      bias -= (options.learningRate * gradient) / Math.sqrt(biasSquares + EPSILON);
    }
  }
  const weights = new Map<string, number>();
  for (const [feature, id] of ids) {
    const value = w[id] ?? 0;
    if (value !== 0) weights.set(feature, value);
  }
  return { bias, weights };
}

/** Trains a multinomial logistic regression over `labels`. */
export function trainMulticlass<L extends string>(
  examples: ReadonlyArray<Example<L>>,
  labels: readonly L[],
  options: TrainingOptions = DEFAULT_TRAINING,
): MulticlassWeights<L> {
  const ids = indexFeatures(examples, options.minCount);
  const k = labels.length;
  const rows = examples.map((example) => ({ ...indexed(example, ids), y: labels.indexOf(example.label) }));
  if (rows.some((row) => row.y < 0)) throw new Error('an example has a label outside the labels given');
  const w = new Float64Array(ids.size * k);
  const squares = new Float64Array(ids.size * k);
  const bias = new Float64Array(k);
  const biasSquares = new Float64Array(k);
  const random = seededRandom(options.seed);
  const scores = new Array<number>(k).fill(0);
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    for (const row of shuffled(rows, random)) {
      for (let c = 0; c < k; c += 1) {
        let z = bias[c] ?? 0;
        for (const id of row.ids) z += w[id * k + c] ?? 0;
        scores[c] = z;
      }
      const p = softmax(scores);
      for (let c = 0; c < k; c += 1) {
        const gradient = ((p[c] ?? 0) - (c === row.y ? 1 : 0)) * row.weight;
        for (const id of row.ids) {
          const at = id * k + c;
          const current = w[at] ?? 0;
          const step = gradient + options.l2 * current;
          squares[at] = (squares[at] ?? 0) + step * step;
          w[at] = current - (options.learningRate * step) / Math.sqrt((squares[at] ?? 0) + EPSILON);
        }
        biasSquares[c] = (biasSquares[c] ?? 0) + gradient * gradient;
        bias[c] =
          (bias[c] ?? 0) - (options.learningRate * gradient) / Math.sqrt((biasSquares[c] ?? 0) + EPSILON);
      }
    }
  }
  const weights = new Map<string, number[]>();
  for (const [feature, id] of ids) {
    const row = Array.from(w.subarray(id * k, id * k + k));
    if (row.some((value) => value !== 0)) weights.set(feature, row);
  }
  return { labels, bias: Array.from(bias), weights };
}
