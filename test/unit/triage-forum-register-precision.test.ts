/**
 * Kinds of priority error found on real parents' forum posts (the sealed batches, counted by kind
 * only), fixed where they live in the language layer and the lexicon: who a cue's verb is about,
 * "out of school" as a place or a time, an exclusion that is a subject, a fear or a question, and
 * out of education said in parents' words. Each kind sits beside the near miss that must still be
 * urgent. Every sentence is invented in the manner of the kind; none is copied from a post.
 */
import { describe, expect, it } from 'vitest';
import { defaultTriageRules, triage } from '../../shared/domain/triage';
import { CONTEXT, email } from '../support/triage-fixtures';

const rules = defaultTriageRules();
/** The rules alone: what the lexicon and its scope words understand, whatever the model says. */
const rulesAlone = { ...rules, model: null };
const triaged = (body: string) => triage(email(body), rulesAlone, CONTEXT);
const priorityOf = (body: string): string => triaged(body).priority;

describe('who does it, and to what: the parent running, a service cut, a parent pushed', () => {
  it.each([
    'Three days a week I have to rush out of work at two because the school phones me. Can transport start earlier?',
    'Twice this term I was having to dash out of school meetings to move the car. Can the review be online?',
    'The agency is cutting his hours from fifteen to nine a week. Who pays for the rest?',
    'They cut her respite sessions again without warning. Who can I complain to?',
    'The forms alone push me to the limit. When will we hear about the draft?',
  ])('is not urgent: %j', (body) => {
    expect(priorityOf(body)).not.toBe('urgent');
  });

  it.each([
    'He ran out of school at lunchtime and was found by the main road. Can he have an adult with him?',
    'She has started cutting her arms again and hides it under long sleeves.',
    'He pushes me down the stairs when he is angry and I cannot keep his sister safe.',
  ])('is still urgent: %j', (body) => {
    expect(priorityOf(body)).toBe('urgent');
  });
});

describe("a parent's own fear of a decision, a transport reason, a denial that lists", () => {
  it.each([
    'I am terrified that the panel will turn us down again. When does it sit?',
    'He is not safe on the bus on his own, so we are asking for a passenger assistant.',
    'For the referral: she is not a flight risk or at risk of harm to herself.',
    'Our journey is fifty minutes each way on the motorway. Is there a nearer school?',
    'Putting her in a minibus with three strangers is not safe and frankly unacceptable. Who do I write to?',
  ])('is not urgent: %j', (body) => {
    expect(priorityOf(body)).not.toBe('urgent');
  });

  it.each([
    'I am terrified for his safety when he climbs out of his bedroom window at night.',
    'She is not safe at home with her stepdad any more.',
    'Police found him walking along the motorway at midnight.',
  ])('is still urgent: %j', (body) => {
    expect(priorityOf(body)).toBe('urgent');
  });
});

describe('"out of school" as a place or a time, not a state of the child', () => {
  it.each([
    'His behaviour in and out of school has become much harder since Christmas. Can we ask for an early review?',
    'She came out of school crying because she was left out of the trip. Can the plan cover trips?',
    'During the pandemic children were not allowed in school, so she missed most of Year 1. Is that why she is behind?',
    'I had to race out of school at pickup because the office rang me about the car. Can we talk about his timetable?',
  ])('is not urgent: %j', (body) => {
    expect(priorityOf(body)).not.toBe('urgent');
  });

  it.each([
    'He has been out of school since October and nobody has sent any work.',
    'She is out of school now and at home with me every day.',
  ])('is still urgent: %j', (body) => {
    expect(priorityOf(body)).toBe('urgent');
  });
});

describe('an exclusion as a subject of study, a fear or a question, against one that happened', () => {
  it.each([
    'We went to a webinar about exclusions last week. Where can I find the slides?',
    'He is frightened of getting excluded like his cousin was. Can the review look at lunchtimes?',
    'They make her spend every afternoon in the library now. Is this exclusion?',
  ])('is not urgent: %j', (body) => {
    expect(priorityOf(body)).not.toBe('urgent');
  });

  it.each([
    'The academy excluded him. What do I do now?',
    'She was suspended on Friday and the school has not said when she can go back.',
    'He was excluded in March and is at home.',
  ])('is urgent, a report with nothing to say it is over: %j', (body) => {
    expect(priorityOf(body)).toBe('urgent');
  });

  it.each([
    'He was excluded in January and is settled at a new school now. Can I have the minutes of the governors meeting?',
    'His first primary, who then excluded him, never applied for a plan. He is at a special school now.',
  ])('is still a story told in the past: %j', (body) => {
    expect(priorityOf(body)).not.toBe('urgent');
  });
});

describe("out of education said in parents' words, now or about to start", () => {
  it.each([
    'The council has withdrawn his place at the special school and will not say where he will be taught from September.',
    'He has been off since a fortnight ago and we are waiting for the appeal.',
    'The college will not enrol him until the support in his plan is in place, which could be months.',
    'Since the tribunal went against us my daughter refuses to go to school at all.',
    'The head will not let her onto the site until a new risk assessment is done.',
    'His absences are now marked as unauthorised and the school has talked about fines.',
  ])('is urgent: %j', (body) => {
    const result = triaged(body);
    expect(result.priority).toBe('urgent');
    expect(result.safeguarding.categories).toContain('out-of-education');
  });

  it.each([
    'She refused to go into the hall for assembly this morning. Can the plan say she can skip it?',
    'He has started refusing to go in some mornings but goes most days. Is there a support group?',
    'The plan has no school named in section I yet, although he is at his primary until July.',
    'There is no place available near us at the special school, so he stays at his mainstream for now.',
  ])('is not out of education: %j', (body) => {
    expect(triaged(body).safeguarding.categories).not.toContain('out-of-education');
  });
});

describe('a hearing "in the next few days" is a date within 5 working days', () => {
  it('is urgent, and says the day it reads', () => {
    const result = triaged(
      'Our tribunal hearing is in the next few days and we still have no working document.',
    );
    expect(result.priority).toBe('urgent');
    expect(result.reasons.join('\n')).toMatch(/urgent: hearing on Fri 13 Mar 2026/);
  });

  it('is not urgent when the hearing is months away', () => {
    expect(priorityOf('Our tribunal hearing is in June. Can someone explain the working document?')).not.toBe(
      'urgent',
    );
  });
});
