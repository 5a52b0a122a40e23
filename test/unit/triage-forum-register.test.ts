/**
 * Priority errors of the kinds found on f7 (a writer's forum-register set, read after its first
 * measure), r1 and r2, fixed where they live: a date in words, a form's field answered "N/A", an
 * idiom of paperwork, a parent's fear about the future, something heard of another child, and
 * out of education said as "at home with me since" or minutes a week. Each kind beside the near
 * miss that must still be raised. Every sentence is invented; none is copied from a set or a post.
 */
import { describe, expect, it } from 'vitest';
import { defaultTriageRules, triage } from '../../shared/domain/triage';
import { CONTEXT, email } from '../support/triage-fixtures';

const rules = defaultTriageRules();
/** The rules alone: what the lexicon, the scope words and the dates understand. */
const rulesAlone = { ...rules, model: null };
/** Received on Tuesday 10 March 2026, as the writers' corpus is. */
const read = (body: string) => triage(email(body, { subject: 'Question' }), rulesAlone, CONTEXT);
const priorityOf = (body: string): string => read(body).priority;
const concernOf = (body: string): boolean => read(body).safeguarding.concern;

describe('"Wednesday next week" is in next week, "Wednesday week" the week after', () => {
  it.each([
    'The panel will decide on the assessment on Wednesday next week. What else should I send?',
    'Our tribunal hearing is Thursday week and the LA has not sent its evidence.',
  ])('is more than 5 working days away: %j', (body) => {
    expect(priorityOf(body)).toBe('normal');
  });

  it.each([
    'The panel will decide on the assessment on Wednesday. What else should I send?',
    'Our tribunal hearing is next Monday and the LA has not sent its evidence.',
  ])('is within 5 working days: %j', (body) => {
    expect(priorityOf(body)).toBe('urgent');
  });
});

describe('a statutory advice that "should be in by" a near day is a deadline', () => {
  it('is urgent within 5 working days', () => {
    expect(
      priorityOf('The assessment was agreed a month ago, so the health advice should be in by Friday.'),
    ).toBe('urgent');
  });

  it('is not urgent weeks away', () => {
    expect(priorityOf('The health advice should be in by 30 April, the caseworker said.')).toBe('normal');
  });
});

describe("a form laid out one field a line: 'N/A' answers the field before it", () => {
  it.each([
    'Query: change of address\nSafeguarding concerns: N/A\nCurrently attending school: yes\nNew postcode CT9 1AA.',
    'Request: parent views form\nHas the child been excluded: N/A\nIs the child at risk: N/A\nSocial worker: N/A',
  ])('raises nothing: %j', (body) => {
    const result = read(body);
    expect(result.safeguarding.concern).toBe(false);
    expect(result.priority).toBe('normal');
  });

  it('still hears a field that answers yes', () => {
    expect(
      concernOf('Query: transport\nSafeguarding concerns: yes, he was hit by his stepfather last night\n'),
    ).toBe(true);
  });
});

describe('idioms of paperwork are no risk', () => {
  it.each([
    "I'm drowning in forms for this assessment. It's like an overdose of paperwork.",
    'I honestly feel like setting fire to the whole pile of paperwork and starting again.',
  ])('raises nothing: %j', (body) => {
    expect(concernOf(body)).toBe(false);
  });

  it.each([
    'She took an overdose of paracetamol last night and is in hospital.',
    'He set fire to the curtains in his bedroom last night.',
  ])('still raises the risk: %j', (body) => {
    expect(concernOf(body)).toBe(true);
  });
});

describe("a parent's fear of the future, and what is heard of another child, are no risk to theirs", () => {
  it.each([
    "He is settled at his school now. I'm terrified of going back to the bad times when we move to secondary.",
    'At a coffee morning someone said her son has EOTAS and does not go to school. What is EOTAS?',
    'I want to complain about how the review was handled. This is not about my son, he is happy in school.',
  ])('raises nothing: %j', (body) => {
    expect(concernOf(body)).toBe(false);
  });

  it.each([
    "I'm terrified of him, he punched me last night and broke the door.",
    'My son has EOTAS on paper but nothing has been put in place since January.',
  ])('still raises the risk: %j', (body) => {
    expect(concernOf(body)).toBe(true);
  });
});

describe('out of education said as "at home with me since" or a few minutes a week', () => {
  it.each([
    "She's been at home with me since we moved in January, doing worksheets at the kitchen table.",
    'Now they say he should come in on Fridays for 30 minutes to see his keyworker and that is it.',
  ])('is out of education: %j', (body) => {
    expect(read(body).safeguarding.categories).toContain('out-of-education');
  });

  it.each([
    'His plan specifies speech and language therapy for 30 minutes a week.',
    'She is in school full time and sees the OT on Fridays for an hour.',
  ])('is not: %j', (body) => {
    expect(concernOf(body)).toBe(false);
  });
});

describe('out of class is not out of school', () => {
  it.each([
    'They keep sending her out of class for defiance and she spends the afternoon in the library.',
    'He is in the SEN base most of the day, not in class, and I want to know if that is in his plan.',
  ])('is no concern: %j', (body) => {
    expect(concernOf(body)).toBe(false);
  });

  it.each([
    'She has been out of school since October and nobody has sent any work.',
    'He is not in school at all now, the school say they cannot meet his needs.',
  ])('is still out of education: %j', (body) => {
    expect(read(body).safeguarding.categories).toContain('out-of-education');
  });
});

describe('urgent matters said in other words (kinds from f8, read after its measure)', () => {
  it.each([
    // A decision falling due, said as "due".
    'We asked for an assessment at the end of January, so the six-week decision is due this Friday.',
    // Out of education on a sick note, with nothing provided.
    'DS has been on a GP sick note since January for anxiety and the school have sent nothing.',
    // A suspension beside a bus: the bus is where it happened, not what was suspended.
    'Mum called re DD (Y7), suspended yesterday afternoon until Monday after an incident on the bus.',
  ])('is urgent: %j', (body) => {
    expect(priorityOf(body)).toBe('urgent');
  });

  it.each([
    'The decision is due on 30 April, the caseworker said.',
    'His bus pass has been suspended while they review his transport.',
    'The taxi driver was suspended last week, so we have a new one from Monday.',
    'She had a sick note for a week in January for flu and is back in school full time.',
  ])('is not: %j', (body) => {
    expect(priorityOf(body)).toBe('normal');
  });
});
