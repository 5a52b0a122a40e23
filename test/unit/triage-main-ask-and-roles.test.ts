/**
 * The main ask decides the topic, and the enquirer's own words decide who they are (solicitors,
 * grandparents who are not carers, neighbours on the phone).
 */
import { describe, expect, it } from 'vitest';
import { defaultTriageRules, triage } from '../../shared/domain/triage';
import { CONTEXT, email, phone } from '../support/triage-fixtures';

describe('the main ask beats the background', () => {
  const rules = defaultTriageRules();
  const topicOf = (body: string, subject = 'Question'): string =>
    triage(email(body, { subject }), rules, CONTEXT).topic;

  it('reads a short question as being about the sentence just before it', () => {
    const background =
      'He is 9. The school nurse sees him for his asthma and he has a care plan for his medication.';
    expect(topicOf(`${background} The school think he may need an EHCP. How do we ask for this?`)).toBe(
      'assessment',
    );
    expect(topicOf(`${background} The school think he may need an EHCP. He likes football.`)).toBe('health');
  });

  it('logs a formal complaint as a complaint whatever it is about', () => {
    const body =
      'I want to make a formal complaint about the school transport. The taxi has been late every ' +
      'week and the driver does not wait. I expect a written reply.';
    expect(topicOf(body, 'School transport')).toBe('complaint');
    expect(topicOf('The taxi has been late every week and the driver does not wait. Can you help?')).toBe(
      'transport',
    );
  });

  it('treats a child at home all day with no school as out of education, not a placement ask', () => {
    expect(topicOf('The boy next door has not been at school since half term and is at home all day.')).toBe(
      'attendance',
    );
    expect(
      topicOf('She has no school place since we moved. Please can you consult the schools near us?'),
    ).toBe('placement');
  });

  it('hears a young person asking for a college to go in their plan', () => {
    expect(
      topicOf('I want to go to the college in town next year. How do I get the college put in my plan?'),
    ).toBe('placement');
  });

  it('counts changing a section of the plan at a review as the review, not health', () => {
    const body =
      'Her CAMHS sessions ended last year and she is well. Will the health section be updated at the ' +
      'review, and do I need a letter from CAMHS for that?';
    expect(topicOf(body, 'Updating the health section at review')).toBe('annual-review');
  });
});

describe('who is writing', () => {
  const rules = defaultTriageRules();

  it('knows a solicitor acting for a family is a professional', () => {
    const intake = email(
      'We act for Mrs Jones in her appeal concerning her son. Please send the working document.\n\n' +
        'Yours faithfully,\nA Shah\nShah & Co Solicitors',
      { from: 'a.shah@shahsolicitors.example.co.uk', name: 'A Shah' },
    );
    expect(triage(intake, rules, CONTEXT).role).toBe('professional');
  });

  it('knows a grandparent who does not live with the child is not the carer', () => {
    const intake = email(
      "My grandson lives with his mum and has an EHC plan. I don't live with them but I help with " +
        "school runs. I don't want to step on my daughter's toes. Is there a leaflet about plans?",
    );
    expect(triage(intake, rules, CONTEXT).role).toBe('other');
    const carer = email(
      'My grandson lives with me, I have a special guardianship order. Is there a leaflet?',
    );
    expect(triage(carer, rules, CONTEXT).role).toBe('parent');
  });

  it('keeps a neighbour on the phone as other and the missing schooling urgent', () => {
    const result = triage(
      phone('Neighbour says the boy next door has not been at school since half term, at home all day.', {
        callerRole: 'other',
      }),
      rules,
      CONTEXT,
    );
    expect(result.role).toBe('other');
    expect(result.priority).toBe('urgent');
  });
});
