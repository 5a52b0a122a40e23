/**
 * The trained second opinion (`shared/domain/triage/model/`): the trainer it is fitted with, the
 * model file's validation, how its risk opinion combines with the rules' flag (either can raise,
 * neither can lower), how the topic is chosen between the rules and the model, and what a
 * caseworker reads when the model flags an enquiry.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NO_SAFEGUARDING_CONCERN, type Safeguarding } from '../../shared/domain/taxonomy';
import { defaultTriageRules, triage } from '../../shared/domain/triage';
import { FEATURE_VERSION } from '../../shared/domain/triage/model/feature-version';
import { describeFeature } from '../../shared/domain/triage/model/features';
import { trainBinary, trainMulticlass } from '../../shared/domain/triage/model/linear-trainer';
import {
  type RiskOpinion,
  topicWithOpinion,
  withRiskOpinion,
} from '../../shared/domain/triage/model/second-opinion';
import { parseTriageModel, TriageModelError } from '../../shared/domain/triage/model/triage-model';
import { readWriterCorpus } from '../../training/triage/training-corpus';
import { CONTEXT, email, phone } from '../support/triage-fixtures';

const shippedFile = JSON.parse(
  readFileSync(new URL('../../config/triage-model.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('the linear trainer', () => {
  const risky = ['hurt', 'bruise', 'lock', 'hit'];
  const calm = ['form', 'meeting', 'review', 'letter'];
  const examples = [...risky.map((word) => ({ features: [word, 'child'], label: true }))].concat(
    calm.map((word) => ({ features: [word, 'child'], label: false })),
  );
  const doubled = [...examples, ...examples];

  it('learns which features say yes and which say no', () => {
    const model = trainBinary(doubled);
    for (const word of risky) expect(model.weights.get(word) ?? 0, word).toBeGreaterThan(0);
    for (const word of calm) expect(model.weights.get(word) ?? 0, word).toBeLessThan(0);
  });

  it('gives the same weights to the last digit from the same examples and seed', () => {
    const first = trainBinary(doubled);
    const second = trainBinary(doubled);
    expect([...second.weights]).toEqual([...first.weights]);
    expect(second.bias).toBe(first.bias);
  });

  it('learns a label per feature in a multiclass head, ignoring features seen only once', () => {
    const topics = ['transport', 'tribunal'] as const;
    const model = trainMulticlass(
      [
        { features: ['taxi', 'once-only'], label: 'transport' },
        { features: ['taxi'], label: 'transport' },
        { features: ['appeal'], label: 'tribunal' },
        { features: ['appeal'], label: 'tribunal' },
      ],
      topics,
    );
    const taxi = model.weights.get('taxi') ?? [0, 0];
    const appeal = model.weights.get('appeal') ?? [0, 0];
    expect(taxi[0] ?? 0).toBeGreaterThan(taxi[1] ?? 0);
    expect(appeal[1] ?? 0).toBeGreaterThan(appeal[0] ?? 0);
    expect(model.weights.has('once-only')).toBe(false);
  });
});

describe('the model file', () => {
  it('ships valid, trained on the committed corpus, with a threshold chosen by cross-validation', () => {
    const model = parseTriageModel(shippedFile, 'config/triage-model.json');
    expect(model.risk.threshold).toBeGreaterThan(0);
    expect(model.risk.threshold).toBeLessThan(1);
    const trainedOn = shippedFile.trainedOn as { writers: string[]; crossValidated: { recall: number } };
    // Every writer of the committed corpus is in the shipped model: it is not stale.
    const committed = new Set(
      readWriterCorpus(new URL('../../training/triage/corpus', import.meta.url).pathname).map(
        (message) => message.writer,
      ),
    );
    expect(committed.size).toBeGreaterThanOrEqual(10);
    for (const writer of committed) expect(trainedOn.writers).toContain(writer);
    expect(trainedOn.crossValidated.recall).toBeGreaterThanOrEqual(0.98);
  });

  it('reads weights written as whole numbers of 1/weightScale as the numbers they stand for', () => {
    const scaled = {
      ...shippedFile,
      weightScale: 1000,
      risk: {
        ...(shippedFile.risk as Record<string, unknown>),
        sentence: { bias: -1.5, weights: { hurt: 1234, bruise: -5 } },
      },
    };
    const decimals = {
      ...scaled,
      weightScale: undefined,
      risk: { ...scaled.risk, sentence: { bias: -1.5, weights: { hurt: 1.234, bruise: -0.005 } } },
    };
    const fromScaled = parseTriageModel(scaled, 'scaled.json').risk.sentence;
    const fromDecimals = parseTriageModel(decimals, 'decimals.json').risk.sentence;
    expect([...fromScaled.weights]).toEqual([
      ['hurt', 1.234],
      ['bruise', -0.005],
    ]);
    expect(fromScaled).toEqual(fromDecimals);
    expect(shippedFile.weightScale).toBe(1000);
  });

  it('is refused, naming the field, when it was trained on other features', () => {
    const attempt = () => parseTriageModel({ ...shippedFile, featureVersion: FEATURE_VERSION + 1 }, 'm.json');
    expect(attempt).toThrow(TriageModelError);
    expect(attempt).toThrow(/featureVersion: the model was trained on other features/);
  });

  it('is refused, naming the feature, when a weight is not a finite number', () => {
    const risk = shippedFile.risk as { sentence: Record<string, unknown> };
    const broken = {
      ...shippedFile,
      risk: { ...risk, sentence: { ...risk.sentence, weights: { hurt: 1.5, bruise: 'heavy' } } },
    };
    try {
      parseTriageModel(broken, 'm.json');
      expect.unreachable('a weight that is not a number must be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(TriageModelError);
      expect((error as TriageModelError).field).toBe('risk.sentence.weights.bruise');
    }
  });

  it('is refused, naming the feature, when a head has the wrong number of weights', () => {
    const topic = shippedFile.topic as Record<string, unknown>;
    const broken = { ...shippedFile, topic: { ...topic, weights: { taxi: [1, 2] } } };
    try {
      parseTriageModel(broken, 'm.json');
      expect.unreachable('a head with two weights for ten topics must be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(TriageModelError);
      expect((error as TriageModelError).field).toBe('topic.weights.taxi');
    }
  });
});

describe('rules and model together', () => {
  const opinion = (raised: boolean): RiskOpinion => ({
    probability: raised ? 0.9 : 0.1,
    sentenceProbability: raised ? 0.9 : 0.1,
    messageProbability: raised ? 0.9 : 0.1,
    raised,
    sentence: 0,
    quote: 'He keeps giving his things away.',
    because: ['give away', 'thing'],
    category: 'self-harm',
    categoryProbability: 0.7,
  });
  const rulesConcern: Safeguarding = {
    concern: true,
    categories: ['neglect'],
    reasons: ['neglect: neglect ("…not fed")'],
  };
  const labels = { 'self-harm': 'self-harm or suicidal talk' };

  it('raises a concern the rules did not, with a reason quoting the sentence and the words that weighed', () => {
    const flag = withRiskOpinion(NO_SAFEGUARDING_CONCERN, opinion(true), labels);
    expect(flag).toEqual({
      concern: true,
      categories: ['self-harm'],
      reasons: [
        'self-harm or suicidal talk: second opinion 0.90: "He keeps giving his things away." (give away, thing)',
      ],
    });
  });

  it('never lowers what the rules raised, and adds nothing below its threshold', () => {
    expect(withRiskOpinion(rulesConcern, opinion(false), labels)).toEqual(rulesConcern);
    expect(withRiskOpinion(rulesConcern, null, labels)).toEqual(rulesConcern);
    expect(withRiskOpinion(NO_SAFEGUARDING_CONCERN, opinion(false), labels).concern).toBe(false);
  });

  it('adds its category and reason to a concern the rules raised', () => {
    const flag = withRiskOpinion(rulesConcern, opinion(true), labels);
    expect(flag.categories).toEqual(['neglect', 'self-harm']);
    expect(flag.reasons[0]).toBe(rulesConcern.reasons[0]);
    expect(flag.reasons).toHaveLength(2);
  });

  const setting = { minScore: 8, margin: 4, modelSure: 0, askSure: 0, amongAsked: 1, storyYield: 1 };
  const model = [
    { label: 'tribunal' as const, probability: 0.6 },
    { label: 'assessment' as const, probability: 0.3 },
  ];

  it("keeps the rules' topic when they are confident, noting whether the model agrees", () => {
    const rules = {
      topic: 'assessment' as const,
      scores: { assessment: 12, tribunal: 2 },
      reason: 'topic: assessment (needs assessment)',
    };
    expect(topicWithOpinion(rules, model, setting)).toEqual({
      topic: 'assessment',
      reason: 'topic: assessment (needs assessment)',
    });
  });

  it("takes the model's topic when the rules are unsure, saying what the rules read", () => {
    const rules = {
      topic: 'assessment' as const,
      scores: { assessment: 6, tribunal: 5 },
      reason: 'topic: assessment (refused to assess)',
    };
    expect(topicWithOpinion(rules, model, setting)).toEqual({
      topic: 'tribunal',
      reason: 'topic: tribunal (second opinion 0.60); the rules read assessment (refused to assess)',
    });
  });

  it("keeps unsure rules' topic when the model is not sure enough of its own", () => {
    const rules = {
      topic: 'assessment' as const,
      scores: { assessment: 6, tribunal: 5 },
      reason: 'topic: assessment (refused to assess)',
    };
    expect(topicWithOpinion(rules, model, { ...setting, modelSure: 0.7 }).topic).toBe('assessment');
    expect(topicWithOpinion(rules, model, { ...setting, modelSure: 0.5 }).topic).toBe('tribunal');
  });

  it('needs a surer model to overrule the topic the main ask named', () => {
    const rules = {
      topic: 'assessment' as const,
      scores: { assessment: 6, tribunal: 5 },
      asked: { assessment: ['refused to assess'] },
      reason: 'topic: assessment (refused to assess; asks about "refused to assess")',
    };
    expect(topicWithOpinion(rules, model, { ...setting, askSure: 0.8 }).topic).toBe('assessment');
    expect(topicWithOpinion(rules, model, { ...setting, askSure: 0.5 }).topic).toBe('tribunal');
    // The main ask named another topic than the rules chose: the model's usual certainty will do.
    const askedOther = { ...rules, asked: { tribunal: ['appeal'] } };
    expect(topicWithOpinion(askedOther, model, { ...setting, askSure: 0.8 }).topic).toBe('tribunal');
    // askSure 1: what the main ask named stands, even against a model that rounds to certain.
    const certain = [{ label: 'tribunal' as const, probability: 1 }];
    expect(topicWithOpinion(rules, certain, { ...setting, askSure: 1 }).topic).toBe('assessment');
  });

  it('lets a sure model choose between two topics the main ask named, whatever the story said most', () => {
    // A parent asks which school and mentions the review: the rules count the review's words.
    const rules = {
      topic: 'annual-review' as const,
      scores: { 'annual-review': 17, placement: 12 },
      asked: { 'annual-review': ['annual review'], placement: ['which school'] },
      reason: 'topic: annual-review (annual review; asks about "annual review")',
    };
    const placement = [
      { label: 'placement' as const, probability: 0.8 },
      { label: 'annual-review' as const, probability: 0.15 },
    ];
    const asked = { ...setting, askSure: 1 };
    // amongAsked 1 (as before): what the main ask named stands.
    expect(topicWithOpinion(rules, placement, asked).topic).toBe('annual-review');
    expect(topicWithOpinion(rules, placement, { ...asked, amongAsked: 0.7 })).toEqual({
      topic: 'placement',
      reason:
        'topic: placement (second opinion 0.80); the rules read annual-review (annual review; asks about "annual review")',
    });
    expect(topicWithOpinion(rules, placement, { ...asked, amongAsked: 0.9 }).topic).toBe('annual-review');
    // A topic the main ask did not name still cannot overrule it.
    const funding = [{ label: 'funding' as const, probability: 0.95 }];
    expect(topicWithOpinion(rules, funding, { ...asked, amongAsked: 0.7 }).topic).toBe('annual-review');
  });

  it('keeps an appeal the main ask named over the assessment it challenges', () => {
    const rules = {
      topic: 'tribunal' as const,
      scores: { tribunal: 20, assessment: 18 },
      asked: { tribunal: ['appeal'], assessment: ['refused to assess'] },
      reason: 'topic: tribunal (appeal; asks about "appeal")',
    };
    const assessment = [{ label: 'assessment' as const, probability: 0.91 }];
    const among = { ...setting, askSure: 1, amongAsked: 0.5 };
    expect(topicWithOpinion(rules, assessment, among).topic).toBe('tribunal');
    // The other way round the model may move an assessment the rules read to the appeal asked for.
    const readAssessment = {
      ...rules,
      topic: 'assessment' as const,
      scores: { tribunal: 18, assessment: 20 },
    };
    const tribunal = [{ label: 'tribunal' as const, probability: 0.92 }];
    expect(topicWithOpinion(readAssessment, tribunal, among).topic).toBe('tribunal');
  });

  it('keeps a review the main ask named over the health provision it would change', () => {
    const rules = {
      topic: 'annual-review' as const,
      scores: { 'annual-review': 12, health: 9 },
      asked: { 'annual-review': ['at the review'], health: ['camhs'] },
      reason: 'topic: annual-review (review; asks about "at the review")',
    };
    const health = [{ label: 'health' as const, probability: 0.75 }];
    const among = { ...setting, askSure: 1, amongAsked: 0.4 };
    expect(topicWithOpinion(rules, health, among).topic).toBe('annual-review');
    // A placement asked at the review is the model's to weigh.
    const placementAsked = {
      ...rules,
      asked: { 'annual-review': ['at the review'], placement: ['which school'] },
    };
    const placement = [{ label: 'placement' as const, probability: 0.75 }];
    expect(topicWithOpinion(placementAsked, placement, among).topic).toBe('placement');
  });

  it("lets a sure model read past the rules' health, even asked, where the words fill another ask's story", () => {
    // "CAMHS discharged him and the paediatrician says ADHD... can they refuse to assess?": the
    // health words are in the question too, and the rules count them; the ask is the assessment.
    const rules = {
      topic: 'health' as const,
      scores: { health: 7, assessment: 6 },
      asked: { health: ['camhs'] },
      reason: 'topic: health (camhs, paediatrician; asks about "camhs")',
    };
    const assessment = [
      { label: 'assessment' as const, probability: 0.6 },
      { label: 'health' as const, probability: 0.3 },
    ];
    const asked = { ...setting, askSure: 1 };
    // storyYield 1 (as before): health the main ask named stands.
    expect(topicWithOpinion(rules, assessment, asked).topic).toBe('health');
    expect(topicWithOpinion(rules, assessment, { ...asked, storyYield: 0.5 })).toEqual({
      topic: 'assessment',
      reason:
        'topic: assessment (second opinion 0.60); the rules read health (camhs, paediatrician; asks about "camhs")',
    });
    // A model less sure than storyYield leaves the rules' health standing.
    expect(topicWithOpinion(rules, assessment, { ...asked, storyYield: 0.7 }).topic).toBe('health');
    // Health the rules are sure of by their score stands, and no other topic yields this way.
    const sure = { ...rules, scores: { health: 40, assessment: 3 } };
    expect(topicWithOpinion(sure, assessment, { ...asked, storyYield: 0.5 }).topic).toBe('health');
    const readPlacement = {
      ...rules,
      topic: 'placement' as const,
      scores: { placement: 7, assessment: 6 },
      asked: { placement: ['which school'] },
    };
    expect(topicWithOpinion(readPlacement, assessment, { ...asked, storyYield: 0.5 }).topic).toBe(
      'placement',
    );
  });

  it('names features in words a caseworker reads', () => {
    expect(describeFeature('kill_@self~n')).toBe('kill [self] (negated)');
    expect(describeFeature('Q:appeal')).toBe('appeal');
  });
});

describe('triage with the shipped model', () => {
  const rules = defaultTriageRules();
  const rulesAlone = { ...rules, model: null };

  it('loads the model with the shipped rules', () => {
    expect(rules.model).not.toBeNull();
  });

  // Invented in the training writers' manner, after the model was trained: signs of risk said
  // without any of the lexicon's words for them.
  it.each([
    'He has been going out late at night and coming back with a new phone and cash, and a man in his twenties keeps messaging him.',
    'She has stopped wearing short sleeves even in the heat and locks herself in the bathroom for ages.',
  ])('flags what the rules alone leave normal, and says why: "%s"', (body) => {
    const alone = triage(phone(body), rulesAlone, CONTEXT);
    const both = triage(phone(body), rules, CONTEXT);
    expect(alone.safeguarding.concern).toBe(false);
    expect(both.safeguarding.concern).toBe(true);
    expect(both.priority).toBe('urgent');
    const reason = both.safeguarding.reasons.find((line) => line.includes('second opinion'));
    // The reason quotes the sentence and names the words that weighed (in brackets).
    expect(reason).toMatch(/second opinion 0\.\d\d: ".+" \(.+\)$/);
    // Nothing in the reasons says the opposite of the flag.
    expect(both.reasons.some((line) => line.startsWith('priority: normal'))).toBe(false);
  });

  describe("a weak rule cue needs the model's support; a strong cue always stands", () => {
    const model = rules.model;
    if (model === null) throw new Error('the shipped rules have a model');
    /** The shipped model with its weak cues and support set as the test says. */
    const weighing = (weakCues: string[], support: number) => ({
      ...rules,
      model: { ...model, risk: { ...model.risk, weakCues: new Set(weakCues), support } },
    });
    const bullied = 'My son is being bullied by a boy in his class.';

    it('holds back a weak cue the model does not support, and says so in the reasons', () => {
      const result = triage(email(bullied), weighing(['child-on-child: bullying'], 0.99), CONTEXT);
      expect(result.safeguarding.concern).toBe(false);
      expect(result.priority).not.toBe('urgent');
      expect(result.reasons).toContainEqual(
        expect.stringMatching(
          /^safeguarding: not raised by "[^"]*bullied[^"]*" alone \(bullying: a cue often said of no risk, and second opinion 0\.\d\d, below 0\.99\)$/,
        ),
      );
    });

    it('lets the weak cue stand when the model reads some risk', () => {
      const result = triage(email(bullied), weighing(['child-on-child: bullying'], 0.01), CONTEXT);
      expect(result.safeguarding.concern).toBe(true);
      expect(result.safeguarding.categories).toContain('child-on-child');
      expect(result.priority).toBe('urgent');
    });

    it('lets a cue not listed as weak stand whatever the model says', () => {
      const result = triage(email(bullied), weighing(['neglect: neglect'], 0.99), CONTEXT);
      expect(result.safeguarding.concern).toBe(true);
      expect(result.safeguarding.categories).toContain('child-on-child');
    });

    it('never holds back a concept the lexicon says always stands (suicidal talk), even if listed as weak', () => {
      const note = 'Mum v upset, DS (13) said wants to end it. GP aware.';
      const result = triage(phone(note), weighing(['self-harm: suicidal talk'], 0.99), CONTEXT);
      expect(result.safeguarding.concern).toBe(true);
      expect(result.safeguarding.categories).toContain('self-harm');
    });

    it('lets every cue stand with the rules alone (no model to support or hold back)', () => {
      const result = triage(email(bullied), rulesAlone, CONTEXT);
      expect(result.safeguarding.concern).toBe(true);
    });
  });

  it('keeps a message about paperwork calm', () => {
    const result = triage(
      email('Could you tell me when the annual review paperwork is due back? The form asks for his views.'),
      rules,
      CONTEXT,
    );
    expect(result.safeguarding.concern).toBe(false);
    expect(result.priority).toBe('normal');
  });
});
