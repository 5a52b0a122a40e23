/**
 * `npx tsx training/triage/topic-combinations.ts LABELS.json FOLDER [LABELS.json FOLDER...]`: how
 * the shipped model's topic combines with the rules' on labelled messages kept outside the
 * repository (development data such as real parents' posts): topic accuracy of the rules alone,
 * the model alone, the rules standing whenever they found one, and the combination shipped in
 * `config/triage-model.json`; `--try minScore,margin,modelSure,askSure[,amongAsked[,storyYield]]` adds
 * another combination to compare. `--misses` also prints each message the shipped combination gets
 * wrong (file, label, rules, model; no text). Nothing is tuned here: the combination is chosen by
 * cross-validation in `npm run train:triage`.
 *
 * `--writers ROOT` reads writer folders (`ROOT/<writer>/items.jsonl`, the corpus's own format) in
 * place of, or beside, labels files: a first measure of a new writer before it is copied into the
 * corpus (scored with the shipped model, which never saw it).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultTriageRules } from '../../shared/domain/triage';
import { combinedTopic, RULES_TOPIC_STANDS, topicAccuracy } from './cross-validation';
import { readMessage } from './examples';
import { type Prediction, predict } from './fit';
import {
  type LabelledMessage,
  readLabelledFolder,
  readWriterCorpus,
  shippedTriageContext,
} from './training-corpus';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    misses: { type: 'boolean', default: false },
    /** Another combination to compare, `minScore,margin,modelSure,askSure[,amongAsked[,storyYield]]` (repeatable). */
    try: { type: 'string', multiple: true, default: [] },
    /** Writes each message's topic reading as JSON lines (no text), as `train:triage --dump-topics`. */
    dump: { type: 'string' },
    /** A folder of writer folders, each with `items.jsonl` (repeatable). */
    writers: { type: 'string', multiple: true, default: [] },
  },
});
if ((positionals.length === 0 && values.writers.length === 0) || positionals.length % 2 !== 0) {
  process.stderr.write(
    'usage: topic-combinations.ts [LABELS.json FOLDER...] [--writers ROOT...] [--misses] [--try minScore,margin,modelSure,askSure[,amongAsked[,storyYield]]] [--dump FILE]\n',
  );
  process.exit(2);
}
const context = shippedTriageContext();
const shipped = defaultTriageRules();
const model = shipped.model;
if (model === null) throw new Error('no shipped model to combine');
const rules = { ...shipped, model: null };

const dumped: string[] = [];

/** Each group of labelled messages to measure: a labels file's folder, or one writer's items. */
async function measuredGroups(): Promise<Array<{ name: string; messages: LabelledMessage[] }>> {
  const groups: Array<{ name: string; messages: LabelledMessage[] }> = [];
  for (let at = 0; at < positionals.length; at += 2) {
    const labelsFile = positionals[at] ?? '';
    const folder = positionals[at + 1] ?? '';
    const messages = await readLabelledFolder(labelsFile, folder, context);
    groups.push({ name: folder, messages });
  }
  for (const root of values.writers) {
    const corpus = readWriterCorpus(root);
    for (const writer of [...new Set(corpus.map((message) => message.writer))]) {
      groups.push({
        name: join(root, writer),
        messages: corpus.filter((message) => message.writer === writer),
      });
    }
  }
  return groups;
}

for (const { name: folder, messages } of await measuredGroups()) {
  const predictions: Prediction[] = messages.map((message) =>
    predict(readMessage(message, rules, context), model),
  );
  const count = (choose: (prediction: Prediction) => string): string => {
    const right = Math.round(topicAccuracy(predictions, (p) => choose(p) as never) * predictions.length);
    return `${right}/${predictions.length}`;
  };
  process.stdout.write(
    `${folder}: rules alone ${count((p) => p.message.rules.topic)}, model alone ${count(
      (p) => p.topics[0]?.label ?? 'general',
    )}, rules standing whenever they found one ${count((p) => combinedTopic(p, RULES_TOPIC_STANDS))}, shipped ${JSON.stringify(
      model.topic.rulesConfident,
    )} ${count((p) => combinedTopic(p, model.topic.rulesConfident))}\n`,
  );
  for (const prediction of predictions) {
    dumped.push(
      JSON.stringify({
        writer: folder,
        label: prediction.message.message.topic,
        rules: prediction.message.rules.topic,
        scores: prediction.message.rules.topicScores,
        asked: Object.keys(prediction.message.rules.topicAsked),
        model: prediction.topics.slice(0, 3),
      }),
    );
  }
  for (const tried of values.try) {
    const [minScore = 0, margin = 1, modelSure = 0, askSure = 0, amongAsked = 1, storyYield = 1] = tried
      .split(',')
      .map(Number);
    const setting = { minScore, margin, modelSure, askSure, amongAsked, storyYield };
    process.stdout.write(`  tried ${JSON.stringify(setting)} ${count((p) => combinedTopic(p, setting))}\n`);
  }
  if (!values.misses) continue;
  for (const prediction of predictions) {
    const chosen = combinedTopic(prediction, model.topic.rulesConfident);
    if (chosen === prediction.message.message.topic) continue;
    const top = prediction.topics
      .slice(0, 2)
      .map((entry) => `${entry.label} ${entry.probability.toFixed(2)}`)
      .join(', ');
    process.stdout.write(
      `  ${prediction.message.message.id}: label ${prediction.message.message.topic}, got ${chosen}; rules ${prediction.message.rules.topic} ${JSON.stringify(prediction.message.rules.topicScores)} asked ${Object.keys(prediction.message.rules.topicAsked).join('/')}; model ${top}\n`,
    );
  }
}
if (values.dump !== undefined) writeFileSync(values.dump, `${dumped.join('\n')}\n`);
