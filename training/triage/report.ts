/** The training report (`training/triage/REPORT.md`): what the model learnt from and how it measured. */
import type { ConcernFigures } from './cross-validation';

export interface TrainingReport {
  readonly writers: ReadonlyArray<{ writer: string; messages: number; atRisk: number }>;
  readonly sentences: number;
  readonly threshold: number;
  readonly targetRecall: number;
  readonly rulesConfident: { minScore: number; margin: number };
  /** The setting this corpus alone would choose (reported, not shipped). */
  readonly tunedOnCorpus: { minScore: number; margin: number };
  readonly groups: ReadonlyArray<{
    name: string;
    messages: number;
    rules: ConcernFigures;
    model: ConcernFigures;
    both: ConcernFigures;
    topic: { rules: number; model: number; both: number; tuned: number };
    categoryNamed: { named: number; concerns: number };
  }>;
  readonly perWriter: ReadonlyArray<{ writer: string; both: ConcernFigures; model: ConcernFigures }>;
  sizes: { weights: number; bytes: number };
}

const share = (value: number): string => value.toFixed(3);
const concern = (figures: ConcernFigures): string =>
  `${figures.found}/${figures.atRisk} = ${share(figures.recall)} | ${figures.found}/${figures.raised} = ${share(figures.precision)}`;
const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

/** The report as Markdown. */
export function formatReport(report: TrainingReport): string {
  const lines = [
    '# Triage model: training report',
    '',
    'Written by `npm run train:triage`; do not edit by hand. Every figure is cross-validated by',
    "writer: each writer's messages are scored by a model trained on every other writer's.",
    '',
    `Trained on ${report.writers.reduce((sum, writer) => sum + writer.messages, 0)} messages (${report.sentences} sentences) from ${report.writers.length} writers:`,
    report.writers
      .map((writer) => `${writer.writer} ${writer.messages} (${writer.atRisk} at risk)`)
      .join(', '),
    '',
    `Risk threshold ${report.threshold.toFixed(4)}: the highest at which the rules and the model together find`,
    `at least ${report.targetRecall} of the children at risk in the training corpus, whose text the rules never saw.`,
    report.rulesConfident.minScore === 0 && report.rulesConfident.margin === 1
      ? "The rules' topic stands whenever they found one; the model names the topic only when they found none."
      : `The rules' topic stands when it scores at least ${report.rulesConfident.minScore} and ${report.rulesConfident.margin} times any other.`,
    '',
    '## Safeguarding concern: recall | precision',
    '',
    '| writers | messages | rules alone: recall | precision | model alone: recall | precision | rules or model (triage): recall | precision |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...report.groups.map(
      (group) =>
        `| ${group.name} | ${group.messages} | ${concern(group.rules)} | ${concern(group.model)} | ${concern(group.both)} |`,
    ),
    '',
    'Per writer (rules or model): ' +
      report.perWriter
        .map((writer) => `${writer.writer} ${share(writer.both.recall)}/${share(writer.both.precision)}`)
        .join(', '),
    '',
    '## Topic accuracy',
    '',
    `| writers | rules alone | model alone | triage (as shipped) | model over rules scoring under ${report.tunedOnCorpus.minScore} or ${report.tunedOnCorpus.margin}x (chosen on this corpus, not shipped) | model's category named |`,
    '| --- | --- | --- | --- | --- | --- |',
    ...report.groups.map(
      (group) =>
        `| ${group.name} | ${percent(group.topic.rules)} | ${percent(group.topic.model)} | ${percent(group.topic.both)} | ${percent(group.topic.tuned)} | ${group.categoryNamed.named}/${group.categoryNamed.concerns} |`,
    ),
    '',
    `## Size`,
    '',
    `${report.sizes.weights} weights, ${Math.round(report.sizes.bytes / 1024)} KB (config/triage-model.json).`,
    '',
  ];
  return lines.join('\n');
}
