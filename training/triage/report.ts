/** The training report (`training/triage/REPORT.md`): what the model learnt from and how it measured. */
import type { TopicCombination } from '../../shared/domain/triage/model/triage-model';
import type { ConcernFigures, Weighing } from './cross-validation';

export interface TrainingReport {
  readonly writers: ReadonlyArray<{ writer: string; messages: number; atRisk: number }>;
  readonly sentences: number;
  readonly threshold: number;
  /** What ships: weak cues, their support and the threshold. */
  readonly weighing: Weighing;
  /** Every cue standing, as before weak cues (reported beside). */
  readonly everyCue: Weighing;
  readonly weakCues: ReadonlyArray<{ cue: string; precision: number }>;
  /** Concepts the lexicon says always stand (never judged weak). */
  readonly alwaysStand: readonly string[];
  readonly targetRecall: number;
  /** When the rules' topic stands over the model's: chosen by cross-validation, shipped. */
  readonly rulesConfident: TopicCombination;
  /** What cross-validation on the corpus alone would choose (reported, not shipped). */
  readonly corpusAlone: TopicCombination;
  readonly groups: ReadonlyArray<{
    name: string;
    messages: number;
    rules: ConcernFigures;
    model: ConcernFigures;
    both: ConcernFigures;
    weighed: ConcernFigures;
    /** `rulesStand`: the rules' topic whenever they found one (the combination before issue 20's). */
    topic: { rules: number; model: number; both: number; rulesStand: number; corpusAlone: number };
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
    `at least ${report.targetRecall} of the children at risk in the training corpus, whose text the rules never saw,`,
    `when a weak rule cue (one that stood in messages of which under ${report.weighing.weakBelow} were at risk, among`,
    `the other writers of that corpus) stands only with the model's support: a risk of at least ${report.weighing.support}.`,
    'Of the settings tried, these give the best precision at that recall. Weak cues (share at risk where they stood,',
    `every writer of the corpus): ${report.weakCues.map((weak) => `${weak.cue} ${weak.precision.toFixed(2)}`).join('; ') || 'none'}.`,
    `Concepts the lexicon says always stand (never weak): ${report.alwaysStand.join('; ') || 'none'}.`,
    `With every cue standing, the threshold would be ${report.everyCue.threshold.toFixed(4)} (column "every cue or model").`,
    describeCombination(report.rulesConfident),
    '',
    '## Safeguarding concern: recall | precision',
    '',
    '| writers | messages | rules alone: recall | precision | model alone: recall | precision | every cue or model: recall | precision | strong cue, weak cue with support, or model (triage): recall | precision |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...report.groups.map(
      (group) =>
        `| ${group.name} | ${group.messages} | ${concern(group.rules)} | ${concern(group.model)} | ${concern(group.both)} | ${concern(group.weighed)} |`,
    ),
    '',
    'Per writer (triage): ' +
      report.perWriter
        .map((writer) => `${writer.writer} ${share(writer.both.recall)}/${share(writer.both.precision)}`)
        .join(', '),
    '',
    '## Topic accuracy',
    '',
    `| writers | rules alone | model alone | triage (as shipped) | the rules' topic whenever they found one (before) | chosen on the corpus alone, not shipped (${settingWords(report.corpusAlone)}) | model's category named |`,
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...report.groups.map(
      (group) =>
        `| ${group.name} | ${percent(group.topic.rules)} | ${percent(group.topic.model)} | ${percent(group.topic.both)} | ${percent(group.topic.rulesStand)} | ${percent(group.topic.corpusAlone)} | ${group.categoryNamed.named}/${group.categoryNamed.concerns} |`,
    ),
    '',
    `## Size`,
    '',
    `${report.sizes.weights} weights, ${Math.round(report.sizes.bytes / 1024)} KB (config/triage-model.json).`,
    '',
  ];
  return lines.join('\n');
}

/** The shipped combination of the rules' topic and the model's, in words. */
function describeCombination(setting: TopicCombination): string {
  if (setting.minScore === 0 && setting.margin === 1)
    return "The rules' topic stands whenever they found one; the model names the topic only when they found none.";
  const stands: string[] = [];
  if (setting.minScore < 1000)
    stands.push(`it scored at least ${setting.minScore} and ${setting.margin} times any other topic`);
  if (setting.modelSure > 0) stands.push(`the model is under ${setting.modelSure} sure of its own`);
  if (setting.askSure > setting.modelSure)
    stands.push(`the main ask named it and the model is under ${setting.askSure} sure`);
  const among =
    setting.amongAsked < 1
      ? ` When the main ask named the model's topic too, the model chooses between them at ${setting.amongAsked} (an appeal stays over the assessment it challenges, a review over the health provision or funding it would change).`
      : '';
  const story =
    setting.storyYield < 1
      ? ` When the rules read health (words that fill the stories of other asks), the model names its own topic when at least ${setting.storyYield} sure, even when the main ask named health, unless the rules are sure by their score.`
      : '';
  return stands.length === 0
    ? "Topic: the model names it whenever it reads another topic than the rules' (chosen by cross-validation by writer)."
    : `Topic: the rules' stands when ${stands.join(', or ')}; otherwise the model names it (chosen by cross-validation by writer, over every writer).${among}${story}`;
}

/** A combination in brief: `rules sure at 8 and 6x, model at 0.3, over the main ask at 0.8`. */
function settingWords(setting: TopicCombination): string {
  const ask = setting.askSure > setting.modelSure ? `, over the main ask at ${setting.askSure}` : '';
  const among = setting.amongAsked < 1 ? `, between asked topics at ${setting.amongAsked}` : '';
  const story = setting.storyYield < 1 ? `, past the rules' health at ${setting.storyYield}` : '';
  return `rules sure at ${setting.minScore} and ${setting.margin}x, model at ${setting.modelSure}${ask}${among}${story}`;
}
