/**
 * Urgency said indirectly ("not allowed back in"), what only sounds urgent (an exclusion that is
 * over, "no exclusions"), who writes and where the child lives (towns in lower case, a school
 * named twice).
 */
import { describe, expect, it } from 'vitest';
import { defaultTriageRules, triage } from '../../shared/domain/triage';
import { CONTEXT, email } from '../support/triage-fixtures';

describe('urgent said indirectly, and what only sounds urgent', () => {
  const rules = defaultTriageRules();
  const priorityOf = (body: string, receivedAt = '2026-03-10T10:00:00Z'): string =>
    triage(email(body, { receivedAt }), rules, CONTEXT).priority;

  it('treats "not allowed back in" while the school investigates as a suspension', () => {
    const body =
      'The deputy head said he is not allowed back in for the rest of this week while they look into it. ' +
      'What should I ask the school for?';
    const result = triage(email(body), rules, CONTEXT);
    expect(result.priority).toBe('urgent');
    expect(result.topic).toBe('attendance');
  });

  it('does not treat an exclusion that is over as urgent', () => {
    expect(
      priorityOf(
        'He was excluded for two days back in March but things have been much calmer since. ' +
          'How would we ask for EOTAS for next year?',
      ),
    ).toBe('normal');
    expect(priorityOf('He was excluded yesterday for two days. What happens now?')).toBe('urgent');
  });

  it('counts a date by which the other side must file its response as a deadline', () => {
    // Received on Monday 9 March 2026: Wednesday 11 March is two working days later, 20 March is nine.
    const body = (when: string): string =>
      `The tribunal's directions say the local authority must send its response to our appeal by ${when}.`;
    expect(priorityOf(body('Wednesday 11 March'), '2026-03-09T09:00:00Z')).toBe('urgent');
    expect(priorityOf(body('Friday 20 March'), '2026-03-09T09:00:00Z')).toBe('normal');
  });

  it('does not read a driver refusing a journey as a school refusing a place', () => {
    expect(
      priorityOf(
        'On two days the driver refused to take her, so I drove her to school myself. Who do I call?',
      ),
    ).toBe('normal');
    expect(priorityOf('The school refused to take her and she has nowhere to go.')).toBe('urgent');
  });

  it('does not take "no exclusions" or a good attendance figure as an attendance enquiry', () => {
    const body =
      'Calling about the annual review held last week; did the paperwork arrive? ' +
      'Doing really well, no exclusions, attendance 98%.';
    expect(triage(email(body), rules, CONTEXT).topic).toBe('annual-review');
  });
});

describe('who writes and where the child lives', () => {
  const rules = defaultTriageRules();

  it('knows a grandmother whose grandson lives with her daughter is not the carer', () => {
    const intake = email(
      'My grandson Freddie lives with my daughter and her husband. Are there holiday clubs nearby?\n\n' +
        'Kind regards,\nPauline (grandmother)',
    );
    expect(triage(intake, rules, CONTEXT).role).toBe('other');
  });

  it('reads a town written in lower case after "i live in", but not the same word elsewhere', () => {
    expect(triage(email('im 18 and i live in deal. can i get a travel pass?'), rules, CONTEXT).district).toBe(
      'dover',
    );
    expect(
      triage(email('i need help to deal with the forms. can i get a travel pass?'), rules, CONTEXT).district,
    ).toBe('unknown');
  });

  it('does not let a preferred school named twice outweigh the school the child attends', () => {
    const intake = email(
      'Isla is in Year 6 at a primary school in Edenbridge. One of our preferences is a school with a ' +
        'resource base in Tunbridge Wells. She will need transport if it is the Tunbridge Wells school. ' +
        'Have the consultations gone out?',
    );
    expect(triage(intake, rules, CONTEXT).district).toBe('sevenoaks');
  });
});
