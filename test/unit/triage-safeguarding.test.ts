import { describe, expect, it } from 'vitest';
import type { IntakeMessage } from '../../shared/domain/intake-message';
import { TriageResult } from '../../shared/domain/taxonomy';
import { defaultTriageRules, triage } from '../../shared/domain/triage';
import { CONTEXT, email, phone } from '../support/triage-fixtures';

const rules = defaultTriageRules();
const run = (intake: IntakeMessage) => triage(intake, rules, CONTEXT);

describe('triage: the safeguarding flag', () => {
  it.each([
    'My daughter told her teacher she wants to die and has been scratching her arms until they bleed.',
    'This is not urgent, but last night he threatened to stab his brother with a kitchen knife.',
  ])('raises a concern for risk of harm, quoting the words: "%s"', (body) => {
    const result = run(email(body));
    expect(TriageResult.parse(result)).toEqual(result);
    expect(result.safeguarding.concern).toBe(true);
    expect(result.safeguarding.categories.length).toBeGreaterThan(0);
    expect(result.safeguarding.reasons.some((reason) => reason.includes('"'))).toBe(true);
    expect(result.priority).toBe('urgent');
  });

  it('raises a child out of education as a concern of that category', () => {
    const result = run(
      email(
        'We moved here six weeks ago and my son still has no school place, he is at home with me all day.',
      ),
    );
    expect(result.safeguarding.concern).toBe(true);
    expect(result.safeguarding.categories).toContain('out-of-education');
    expect(result.priority).toBe('urgent');
  });

  it('keeps an exclusion urgent without calling it a safeguarding concern', () => {
    const result = run(
      email(
        'Jake was given a two-day suspension yesterday for swearing at a teacher. What should I do about his EHCP?',
      ),
    );
    expect(result.priority).toBe('urgent');
    expect(result.safeguarding).toEqual({ concern: false, categories: [], reasons: [] });
  });

  it('has no concern for an ordinary question, by email or phone', () => {
    expect(
      run(email('Please could you send me the form for the parental views? Thanks')).safeguarding.concern,
    ).toBe(false);
    expect(
      run(phone('Caller asked when the annual review paperwork will arrive.')).safeguarding.concern,
    ).toBe(false);
  });
});

describe('triage: how people say a child is at risk (issue 13)', () => {
  it.each<[string, string]>([
    ['Mum says DS is talking about killing himself since the EHCP was refused.', 'self-harm'],
    ['Dad called. Daughter no longer wants to live, she has told her teacher.', 'self-harm'],
    [
      'Mum reports the taxi escort touched her daughter inappropriately. Daughter is non-verbal.',
      'sexual-abuse',
    ],
    ['Caller is a SENCO. Pupil disclosed that stepdad hurts him when he gets home.', 'physical-abuse'],
    [
      "Grandmother calling. Says the boy has been locked in his room by mum for days and isn't being fed properly.",
      'neglect',
    ],
    ['Mum says son ran out of school and was found by the dual carriageway.', 'missing'],
    ['my son have no school since term started ... he is at home with me', 'out-of-education'],
  ])('flags "%s" as %s, quoting the words', (summary, category) => {
    const result = run(phone(summary));
    expect(result.safeguarding.concern).toBe(true);
    expect(result.safeguarding.categories).toContain(category);
    expect(result.priority).toBe('urgent');
    expect(result.safeguarding.reasons.some((reason) => /\("[^"]+"\)$/.test(reason))).toBe(true);
  });

  it.each([
    'This paperwork is killing me, honestly.',
    'He is not suicidal and has never self-harmed.',
    'She self-harmed two years ago but is doing really well now and CAMHS discharged her.',
    'What training do staff have for children who self-harm?',
    'If his one to one is cut he will hurt himself, so please keep it in his plan.',
    'He kills himself laughing at that programme.',
    'There are no safeguarding concerns and he has never been known to social care.',
    'He is learning to use a knife and fork at lunch.',
  ])('raises no concern for "%s"', (body) => {
    expect(run(email(body)).safeguarding).toEqual({ concern: false, categories: [], reasons: [] });
  });

  it('flags a possible sign it cannot place as unclear-risk rather than staying silent', () => {
    const result = run(email('The police came round again last night and I am frightened.'));
    expect(result.safeguarding.concern).toBe(true);
    expect(result.safeguarding.categories).toEqual(['unclear-risk']);
    expect(result.priority).toBe('urgent');
  });
});
