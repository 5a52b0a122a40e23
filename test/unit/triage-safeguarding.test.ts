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
