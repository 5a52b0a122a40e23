/**
 * A concern the trained second opinion alone reads stands only when its sentence, or the one
 * before or after, says something of its kind (the lexicon's `evidence` for the category and its
 * concepts' own words; what always stands, such as suicidal talk, backs any kind). On real
 * parents' posts the model raised risks on ordinary sentences in forum register (a reading group,
 * a course, a school's week) that a caseworker would not act on. Every sentence here is invented.
 */
import { describe, expect, it } from 'vitest';
import { defaultTriageRules, triage } from '../../shared/domain/triage';
import { compiledRules } from '../../shared/domain/triage/compiled-rules';
import { opinionEvidence, type RiskOpinion } from '../../shared/domain/triage/model/second-opinion';
import { prepareEmail, readableSentences } from '../../shared/domain/triage/prepared-text';
import { CONTEXT, email } from '../support/triage-fixtures';

const rules = defaultTriageRules();
const compiled = compiledRules(rules);

function sentencesOf(body: string) {
  const fixes = compiled.lexicon.fixes;
  return readableSentences(
    prepareEmail('', body, compiled.language, fixes, compiled.maxTextLength).sentences,
  );
}

/** The model's opinion as if it had read the given sentence as a risk of the given kind. */
function opinion(sentence: number, category: RiskOpinion['category']): RiskOpinion {
  return {
    probability: 0.9,
    sentenceProbability: 0.9,
    messageProbability: 0.9,
    raised: true,
    sentence,
    quote: '',
    because: [],
    category,
    categoryProbability: 0.9,
  };
}

describe('the words that back a concern the model alone reads', () => {
  it.each([
    ['fgm', 'She starts a hairdressing course at college next month. She will need her inhaler with her.'],
    ['child-on-child', 'He is not allowed into the maths group because he came last in the test.'],
    ['out-of-education', 'The school has a short day on Fridays and a long one on Mondays.'],
    ['emotional-abuse', 'She cried and clung to the gate at the start of the day and would not let go.'],
    ['self-harm', 'The class went to the aquarium on the coach and she sat with her TA.'],
    ['unclear-risk', 'What if we look round the school in June and decide it is not for us?'],
  ] as const)('finds none of %s in an ordinary sentence: %j', (category, body) => {
    expect(opinionEvidence(opinion(0, category), sentencesOf(body), compiled.lexicon)).toBeNull();
  });

  it.each([
    ['physical-abuse', 'He came back from his dad with a swollen lip and will not say how.', 'swollen'],
    ['out-of-education', 'He has been at home since the autumn and nobody sends work.', 'at home'],
    ['neglect', 'Her mum has gone abroad and left the two of them on their own for the week.', 'left'],
    ['fgm', 'Her aunties say she will have the same thing done as her sisters this summer.', 'aunties'],
  ] as const)('finds words of %s in the sentence itself: %j', (category, body, words) => {
    expect(opinionEvidence(opinion(0, category), sentencesOf(body), compiled.lexicon)).toContain(words);
  });

  it('reads the sentence before and after, and no further', () => {
    const body =
      'Our son is eleven. He has bruises on his back again. He starts swimming lessons on Tuesday. We moved house in May. He likes the new park.';
    const sentences = sentencesOf(body);
    expect(opinionEvidence(opinion(2, 'physical-abuse'), sentences, compiled.lexicon)).toContain('bruises');
    expect(opinionEvidence(opinion(4, 'physical-abuse'), sentences, compiled.lexicon)).toBeNull();
  });

  it('lets suicidal talk back a concern of any kind', () => {
    const sentences = sentencesOf('He told his teacher he wants to die. The bus is always late.');
    expect(opinionEvidence(opinion(1, 'neglect'), sentences, compiled.lexicon)).toContain('wants to die');
  });

  it("reads a concept's words with its vetoes: a place not available nearby says nothing", () => {
    const sentences = sentencesOf(
      'There is no place free near us at the unit, so she stays at her primary for now.',
    );
    expect(opinionEvidence(opinion(0, 'unclear-risk'), sentences, compiled.lexicon)).toBeNull();
    const without = sentencesOf(
      'There is no school place for her anywhere and she has been at home since May.',
    );
    expect(opinionEvidence(opinion(0, 'unclear-risk'), without, compiled.lexicon)).not.toBeNull();
  });

  it('reads any category for a possible risk of no clear kind', () => {
    const sentences = sentencesOf('The older boys keep picking on him at the bus stop.');
    expect(opinionEvidence(opinion(0, 'unclear-risk'), sentences, compiled.lexicon)).not.toBeNull();
  });
});

describe('triage with the shipped model', () => {
  it('does not raise a concern the model alone reads in a sentence that says nothing of a risk', () => {
    const result = triage(
      email(
        'He was told he is not eligible for the reading group because he is at the bottom of the set. Is that allowed?',
      ),
      rules,
      CONTEXT,
    );
    expect(result.safeguarding.concern).toBe(false);
    expect(result.priority).toBe('normal');
    expect(result.reasons.join('\n')).toMatch(/not raised by the second opinion alone \(0\.\d\d/);
  });

  it('still raises what the model alone reads when the sentence says something of a risk', () => {
    const result = triage(
      email(
        "He keeps coming home from respite with his lip swollen and won't say how it happened. Can the review look at it?",
      ),
      rules,
      CONTEXT,
    );
    expect(result.safeguarding.concern).toBe(true);
    expect(result.priority).toBe('urgent');
    expect(result.reasons.join('\n')).toMatch(/second opinion 0\.\d\d: "He keeps coming home/);
  });

  it('still raises a rule cue beside the same ordinary sentence', () => {
    const result = triage(
      email(
        'He was told he is not eligible for the reading group because he is at the bottom of the set. He says he wants to die.',
      ),
      rules,
      CONTEXT,
    );
    expect(result.safeguarding.categories).toContain('self-harm');
  });
});
