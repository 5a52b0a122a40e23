/**
 * Issue 20, item 1: the topic is what the writer asks for. Real parents tell the story first (the
 * diagnosis, the therapy, the appeal they fear) and ask last; the sentence roles of main-ask.ts
 * and the lexicon's `asks` concepts find what is asked. All text here is invented.
 */
import { describe, expect, it } from 'vitest';
import { defaultTriageRules, triage } from '../../shared/domain/triage';
import { compiledRules } from '../../shared/domain/triage/compiled-rules';
import { analyse } from '../../shared/domain/triage/language/analyse';
import { type AskRole, askRole } from '../../shared/domain/triage/main-ask';
import type { Sentence } from '../../shared/domain/triage/prepared-text';
import { decideTopic } from '../../shared/domain/triage/topic';
import { prepareIntakeText } from '../../shared/domain/triage/triage';
import { CONTEXT, email } from '../support/triage-fixtures';

function sentence(text: string, source: Sentence['source'] = 'body'): Sentence {
  const [first] = analyse(text);
  return {
    text,
    tokens: first?.tokens ?? [],
    source,
    segment: 0,
    quoted: false,
    signature: false,
    ask: false,
    aside: false,
    paragraph: 1,
  };
}

describe('the role of a sentence', () => {
  const cases: Array<[string, AskRole]> = [
    ['Can I challenge it?', 'question'],
    ['Is this legal', 'question'],
    ['How do we get the school named', 'question'],
    ['What are my options now.', 'question'],
    ['Please help, I am lost.', 'request'],
    ['I want her moved to a specialist setting.', 'request'],
    ["I'd like to know what happens next.", 'request'],
    ['Any advice would be appreciated.', 'request'],
    ['Could you look into this for us.', 'question'],
    ['We would be grateful if you could look into this.', 'request'],
    ['Tell me what to do.', 'request'],
    ['The council refused to assess him last month.', 'decision'],
    ['Our request was turned down by the panel.', 'decision'],
    ['He was diagnosed with autism when he was four.', 'story'],
    ['Nobody has told us which school he will go to.', 'story'],
    ['Which is what they said last time.', 'story'],
  ];
  it.each(cases)('reads "%s" as %s', (text, role) => {
    expect(askRole(sentence(text))).toBe(role);
  });

  it('reads the subject line as the subject, whatever its words', () => {
    expect(askRole(sentence('Can I appeal?', 'subject'))).toBe('subject');
  });
});

describe('the topic is what is asked, not the words said most', () => {
  const rules = defaultTriageRules();
  const compiled = compiledRules(rules);
  const decide = (body: string, subject: string) =>
    decideTopic(prepareIntakeText(email(body, { subject }), compiled).sentences, compiled);
  const topicOf = (body: string, subject: string): string =>
    triage(email(body, { subject }), rules, CONTEXT).topic;

  const therapyStory =
    'My son is six and was diagnosed with autism and ADHD last year. He sees the speech and language ' +
    'therapist once a month and the occupational therapist has given him a sensory diet. The ' +
    'paediatrician says his anxiety is much worse since Christmas and CAMHS have a long waiting list.';

  it('reads a long therapy story that asks for a needs assessment as assessment', () => {
    const body = `${therapyStory}\n\nThe school say they cannot meet his needs. How do I apply for an EHCP myself, and what evidence should I send with the request?`;
    expect(topicOf(body, 'Where do I start')).toBe('assessment');
    // Without the ask, the same story is about his health.
    expect(topicOf(`${therapyStory}\n\nThank you for reading.`, 'My son')).toBe('health');
  });

  it('reads a refused EHCP request in the subject line as assessment', () => {
    const body = `${therapyStory}\n\nWhat should I do now? Any advice welcome.`;
    expect(topicOf(body, 'EHCP request turned down by the council')).toBe('assessment');
  });

  it('reads which school will be named as placement, even with a review coming', () => {
    const body =
      'Her annual review is in March and the review paperwork has gone in. The school have been ' +
      'lovely and the review itself should be fine.\n\nWhat I need to know is which secondary ' +
      'school the council will name, and can we ask for a specialist school place instead?';
    expect(topicOf(body, 'Secondary transfer')).toBe('placement');
  });

  it('names what the ask is about in the reason, and keeps the runner-up as secondary', () => {
    const body = `${therapyStory}\n\nHow do I apply for an EHCP?`;
    const decision = decide(body, 'Question');
    expect(decision.topic).toBe('assessment');
    expect(decision.asked.assessment).toContain('apply for an ehcp');
    expect(decision.reason).toMatch(/^topic: assessment \(.*asks about "apply for an ehcp"/);
    expect(decision.reason).toMatch(/; also health \(/);
  });

  it('keeps a complaint about a service a complaint', () => {
    expect(
      topicOf(
        'I want to make a formal complaint about the transport provider. The minibus was an hour late again.',
        'Complaint about school transport',
      ),
    ).toBe('complaint');
  });
});

describe('a school place, however it is asked for', () => {
  const rules = defaultTriageRules();
  const compiled = compiledRules(rules);
  const decide = (body: string, subject = 'Question') =>
    decideTopic(prepareIntakeText(email(body, { subject }), compiled).sentences, compiled);
  const healthStory =
    'My son is eight and has autism. He sees the speech and language therapist every fortnight and ' +
    'CAMHS discharged him in May. ';

  it('hears another school asked for after a health story', () => {
    const decision = decide(`${healthStory}Is there another school that could meet his needs better?`);
    expect(decision.topic).toBe('placement');
    expect(decision.concepts.asked).toContain('placement:another school');
    expect(decision.concepts.story).toContain('health:health provision');
  });

  it('hears consultations that all said no, and schools that cannot meet needs', () => {
    const decision = decide(
      'He has been on a reduced timetable since October. All the consultations came back saying no. ' +
        'Who decides where he goes now?',
    );
    expect(decision.topic).toBe('placement');
    expect(decision.concepts.asked).toContain('placement:a school consulted or named');
  });

  it('hears a college place and a move up to secondary as moving on', () => {
    const college = decide(
      'Her attendance has been poor this year because of anxiety. How do we get the college to take her with her plan?',
    );
    expect(college.topic).toBe('placement');
    expect(college.concepts.asked).toContain('placement:moving on: transfer or college');
    expect(
      decide('What happens with the transfer to secondary for children with a plan?').concepts.asked,
    ).toContain('placement:moving on: transfer or college');
  });

  it('hears a place that fell through', () => {
    const decision = decide(`${healthStory}His place at Oak Hill fell through last week. What happens now?`);
    expect(decision.topic).toBe('placement');
    expect(decision.concepts.asked).toContain('placement:a place that fell through');
  });

  it('keeps a place named only in the story as background, not the ask', () => {
    const decision = decide(
      'He moved to a special school in September and is settled. Can we get help with the cost of his uniform?',
    );
    expect(decision.concepts.story).toContain('placement:a school place');
    expect(decision.concepts.asked).not.toContain('placement:a school place');
  });
});

describe('a general question: how things work, who to ask, what a school must do', () => {
  const rules = defaultTriageRules();
  const compiled = compiledRules(rules);
  const decide = (body: string, subject = 'Question') =>
    decideTopic(prepareIntakeText(email(body, { subject }), compiled).sentences, compiled);

  it('hears what a word means, who to ask and exam arrangements as general asks', () => {
    expect(
      decide('Someone at the school gate said "section 19". What does it mean?').concepts.asked,
    ).toContain('general:what a word or a process means');
    expect(decide('Our caseworker has left. Who do we contact about his plan now?').concepts.asked).toContain(
      'general:who to ask',
    );
    expect(
      decide(
        'He has a reader in class. Does the school have to give him exam access arrangements for his GCSEs?',
      ).concepts.asked,
    ).toContain('general:what a school must do: exams and adjustments');
  });

  it('answers general when the only ask is a general one, naming it in the reason', () => {
    const decision = decide('What is the difference between SEN support and an EHCP?');
    expect(decision.topic).toBe('general');
    expect(decision.asked.general).toContain('difference between');
    expect(decision.reason).toMatch(/^topic: general \(.*asks about "difference between"/);
  });

  it('answers general when the only ask is a general one, however many services the story names', () => {
    // The readers' convention: general is a question that maps to no service. The school, the taxi
    // and the review are background here; what is asked is what a school must do.
    const decision = decide(
      'My son is 15 and goes to a special school by taxi. His annual review went well and the school are lovely.\n\nDoes the school have to give him extra time in his GCSE exams?',
    );
    expect(decision.topic).toBe('general');
    expect(decision.reason).toMatch(/^topic: general \(.*asks about "extra time"/);
    expect(decision.concepts.story).toContain('annual-review:a review');
  });

  it('leaves a service topic asked beside a general ask to the service topic and the model', () => {
    // "Who decides" asks how a placement is decided: the rules keep the placement, and the general
    // ask is named for the trained model to weigh, adding no score of its own.
    const decision = decide('All the consultations came back saying no. Who decides where he goes now?');
    expect(decision.topic).toBe('placement');
    expect(decision.asked.general).toBeDefined();
    expect(decision.scores.general ?? 0).toBe(0);
  });

  it('does not hear a general ask in the story', () => {
    const decision = decide('He has extra time in his exams and it helps. Can he get transport to college?');
    expect(decision.concepts.story).toContain('general:what a school must do: exams and adjustments');
    expect(decision.asked.general).toBeUndefined();
  });
});
