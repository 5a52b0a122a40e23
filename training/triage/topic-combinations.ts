/**
 * `npx tsx training/triage/topic-combinations.ts LABELS.json FOLDER [LABELS.json FOLDER...]`: how
 * the shipped model's topic combines with the rules' on labelled messages kept outside the
 * repository (development data such as real parents' posts): topic accuracy of the rules alone,
 * the model alone, the rules standing whenever they found one, and the combination shipped in
 * `config/triage-model.json`; `--try minScore,margin,modelSure,askSure` adds
 * another combination to compare. `--misses` also prints each message the shipped combination gets
 * wrong (file, label, rules, model; no text). Nothing is tuned here: the combination is chosen by
 * cross-validation in `npm run train:triage`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultTriageRules } from '../../shared/domain/triage';
import { LabelsFile } from '../../shared/domain/triage/label-scoring';
import { combinedTopic, RULES_TOPIC_STANDS, topicAccuracy } from './cross-validation';
import { readMessage } from './examples';
import { type Prediction, predict } from './fit';
import { labelledMessage, RECEIVED_AT, readLabelledEmail, shippedTriageContext } from './training-corpus';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    misses: { type: 'boolean', default: false },
    /** Another combination to compare, `minScore,margin,modelSure,askSure` (repeatable). */
    try: { type: 'string', multiple: true, default: [] },
    /** Writes each message's topic reading as JSON lines (no text), as `train:triage --dump-topics`. */
    dump: { type: 'string' },
  },
});
if (positionals.length === 0 || positionals.length % 2 !== 0) {
  process.stderr.write(
    'usage: topic-combinations.ts LABELS.json FOLDER [LABELS.json FOLDER...] [--misses]\n',
  );
  process.exit(2);
}
const context = shippedTriageContext();
const shipped = defaultTriageRules();
const model = shipped.model;
if (model === null) throw new Error('no shipped model to combine');
const rules = { ...shipped, model: null };

const dumped: string[] = [];
for (let at = 0; at < positionals.length; at += 2) {
  const labelsFile = positionals[at] ?? '';
  const folder = positionals[at + 1] ?? '';
  const labels = LabelsFile.parse(JSON.parse(readFileSync(labelsFile, 'utf8')));
  const predictions: Prediction[] = [];
  for (const label of labels) {
    const raw = readFileSync(join(folder, label.file));
    const intake = await readLabelledEmail(
      raw,
      label.file,
      new Date(label.receivedAt ?? RECEIVED_AT),
      context,
    );
    const read = readMessage(
      labelledMessage(label, intake, { id: label.file, writer: folder, kind: 'measured' }),
      rules,
      context,
    );
    predictions.push(predict(read, model));
  }
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
    const [minScore = 0, margin = 1, modelSure = 0, askSure = 0] = tried.split(',').map(Number);
    const setting = { minScore, margin, modelSure, askSure };
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
