/**
 * An exclusion or suspension is urgent when it is happening now to the writer's child: decided,
 * under way or just told to the parent. Real parents also mention exclusions that are threatened,
 * over, about other children, or part of the story of how they got here; those are not urgent.
 * Read by the language layer (`happening-now.ts`), each behaviour beside the near miss that must
 * still be urgent. Every sentence is invented; none is copied from a post or a writer's set.
 */
import { describe, expect, it } from 'vitest';
import { defaultTriageRules, triage } from '../../shared/domain/triage';
import { CONTEXT, email } from '../support/triage-fixtures';

const rules = defaultTriageRules();
/** The rules alone: the trained model plays no part in priority cues. */
const rulesAlone = { ...rules, model: null };
const triaged = (body: string, subject = 'My son') => triage(email(body, { subject }), rulesAlone, CONTEXT);
const priorityOf = (body: string, subject?: string): string => triaged(body, subject).priority;

describe('a threatened or possible exclusion is not one happening now', () => {
  it.each([
    'The head has told me Leo is at risk of permanent exclusion after another incident. What support can the council offer?',
    'Help please, my 5 year old is facing exclusion and I do not know where to start with an EHCP request.',
    'School have threatened him with a suspension if it happens again.',
  ])('is not urgent, and says why: %j', (body) => {
    const result = triaged(body);
    expect(result.priority).not.toBe('urgent');
    expect(result.reasons.some((reason) => reason.startsWith('not urgent: exclusion or suspension'))).toBe(
      true,
    );
  });

  it.each([
    'The head rang this morning: Leo has been permanently excluded after another incident.',
    'He was threatened with a knife at school and has been suspended for defending himself.',
    'Suspended for 3 days from today. Can they do this when his 1:1 was off sick?',
  ])('is urgent when it is decided: %j', (body) => {
    expect(priorityOf(body)).toBe('urgent');
  });
});

describe('an exclusion told as part of the story of the past is not happening now', () => {
  it.each([
    'He went to a small village primary who then permanently excluded him. He has been at the PRU for two years and is doing well there. We would like to talk about secondary options.',
    'She was excluded from her first school and we moved her to a special school where she is settled. I want to ask about transport.',
    'Background: our son was excluded in 2023 and has been at his new school since. The annual review is in June.',
    'The other boy was permanently excluded and his family moved away. Our daughter is fine now; we want her plan updated.',
  ])('is not urgent: %j', (body) => {
    expect(priorityOf(body)).not.toBe('urgent');
  });

  it.each([
    // Said with a time that makes it news.
    'He was excluded for two days on Monday for throwing a chair.',
    'She was suspended yesterday after a meltdown in the corridor.',
    'He was excluded on 6 March and the school has not sent any work.',
    // Told as news: a present perfect, a call note's participle, a letter received.
    'My son has been excluded again, the fourth time this term.',
    'Mum called: Y9 pupil permanently excluded from a Swale academy, letter attached.',
    'Dad rang, got letter - 5 day suspension for throwing a chair in class.',
    // Recent enough to be news, and a permanent exclusion is still in force.
    'He was permanently excluded two weeks ago and is at home with me.',
    // What the exclusion left goes on now.
    'My college kicked me off my course in November and now I have got nothing, I am at home all day.',
  ])('is urgent: %j', (body) => {
    expect(priorityOf(body)).toBe('urgent');
  });
});

describe('a question about exclusions of no child in particular is not one happening now', () => {
  it('is not urgent when the question is asked of children in general', () => {
    expect(
      priorityOf(
        'Out of interest, you hear of children being excluded for their autism. Is that lawful?',
        'A question',
      ),
    ).not.toBe('urgent');
  });

  it('is urgent when the subject line names it, asked or not', () => {
    expect(
      priorityOf(
        'The school keep phoning me to collect him at 11 and say it is not an exclusion.',
        'Sending home?? An illegal exclusion',
      ),
    ).toBe('urgent');
  });
});

describe("a governors' meeting about an exclusion is a date to meet", () => {
  it('is urgent within 5 working days of receipt, even when the exclusion is weeks old', () => {
    const result = triaged(
      'My son was permanently excluded in January. The governors meeting to consider it is this Thursday. Can someone from the LA come?',
    );
    expect(result.priority).toBe('urgent');
    expect(
      result.reasons.some((reason) => reason.startsWith('urgent: governors meeting on Thu 12 Mar')),
    ).toBe(true);
  });

  it('is not urgent when the meeting is weeks away', () => {
    expect(
      priorityOf(
        'My son was permanently excluded in January and is now settled at a new school. The governors meeting was on 12 February; I want a copy of the minutes.',
      ),
    ).not.toBe('urgent');
  });
});
