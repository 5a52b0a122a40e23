/**
 * Triage is total and bounded: whatever text arrives it answers with a valid result (never throws),
 * a concern is always urgent, and a message still being read when its time budget runs out (the
 * clock is injected, so the domain stays pure) is routed urgent with a reason for a person to read.
 * Speed itself is measured by `npm run bench`, not here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TriageResult } from '../../shared/domain/taxonomy';
import { defaultTriageRules, type TriageContext, triage } from '../../shared/domain/triage';
import { CONTEXT, email, phone } from '../support/triage-fixtures';

const rules = defaultTriageRules();

function checkTotal(result: TriageResult): void {
  expect(TriageResult.parse(result)).toEqual(result);
  if (result.safeguarding.concern) expect(result.priority).toBe('urgent');
}

describe('triage is total', () => {
  it('answers any email or call text with a valid result', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.string({ maxLength: 80 }),
        (body, subject) => {
          checkTotal(triage(email(body, { subject }), rules, CONTEXT));
          checkTotal(triage(phone(body), rules, CONTEXT));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers sentences built from risk words, negations and conditions', () => {
    const word = fc.constantFrom(
      'not',
      'never',
      'if',
      'he',
      'she',
      'kill',
      'himself',
      'hurt',
      'no',
      'school',
      'since',
      'again',
      'ago',
      'police',
      'safe',
      'self-harm',
      'SH',
      '...',
      ',',
      'and',
      'or',
      'what',
      '?',
      'my',
      'son',
      'killing',
      'me',
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), (words) => {
        checkTotal(triage(email(words.join(' ')), rules, CONTEXT));
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['dots', '.'.repeat(40_000)],
    ['one long word', 'a'.repeat(40_000)],
    ['quoted lines', '> '.repeat(20_000)],
    ['short lines', 'x\n'.repeat(20_000)],
    ['risk said 600 times', 'He says he wants to die and I cannot keep him safe. '.repeat(600)],
  ])('answers a 40,000-character message of %s', (_name, body) => {
    checkTotal(triage(email(body), rules, CONTEXT));
  });
});

describe('triage is bounded by its time budget', () => {
  /** A clock that moves on `step` ms each time it is read. */
  const ticking = (step: number): (() => number) => {
    let now = 0;
    return () => {
      now += step;
      return now;
    };
  };

  it('routes a message still unread when the budget runs out as urgent, saying why', () => {
    const context: TriageContext = { ...CONTEXT, budget: { clock: ticking(100), budgetMs: 250 } };
    const result = triage(email('Please could you send me the form for the parental views?'), rules, context);
    checkTotal(result);
    expect(result.priority).toBe('urgent');
    expect(result.reasons[0]).toMatch(/^urgent: triage stopped after \d+ ms \(budget 250 ms\)/);
  });

  it('keeps a concern found before the budget ran out', () => {
    let reads = 0;
    // Plenty of time for the text and the safeguarding reading, none for the rest.
    const clock = (): number => {
      reads += 1;
      return reads > 40 ? 10_000 : 0;
    };
    const body = 'He told me last night he wants to kill himself. Also, what is the transport policy?';
    const result = triage(email(body), rules, { ...CONTEXT, budget: { clock, budgetMs: 1000 } });
    expect(result.priority).toBe('urgent');
    expect(result.safeguarding.categories).toContain('self-harm');
  });

  it('changes nothing while the budget lasts', () => {
    const body = 'Please could you send me the form for the parental views?';
    const timed = triage(email(body), rules, { ...CONTEXT, budget: { clock: () => 0, budgetMs: 1 } });
    expect(timed).toEqual(triage(email(body), rules, CONTEXT));
    expect(timed.priority).toBe('normal');
  });
});
