/**
 * Issue 20: dates said in words ("three days away", "this afternoon", "next Tuesday", "by the
 * 14th", "this time next week", "end of the month", "after half term") resolved against receipt on
 * the hub calendar, and out of education however it is said: each found with a reason that quotes
 * the words. (Invented enquiries like these are scored in `test/fixtures/triage/dates/said-in-words`
 * and `urgent/out-of-education-in-words`.)
 */
import { describe, expect, it } from 'vitest';
import { defaultTriageRules, triage } from '../../shared/domain/triage';
import { CONTEXT, email } from '../support/triage-fixtures';

const rules = defaultTriageRules();
// Monday 9 March 2026, 08:15 in London.
const MONDAY = '2026-03-09T08:15:00Z';
const run = (body: string, receivedAt = MONDAY) => triage(email(body, { receivedAt }), rules, CONTEXT);

describe('dates said in words', () => {
  it.each<[string, RegExp]>([
    [
      'Our tribunal hearing is three days away.',
      /hearing on Thu 12 Mar 2026, 3 working days after receipt \("Our tribunal hearing is three days away/,
    ],
    [
      "It is the morning of my son's annual review meeting, which is this afternoon.",
      /on Mon 9 Mar 2026, 0 working days/,
    ],
    ['The placement panel meets next Tuesday.', /placement panel on Tue 10 Mar 2026/],
    ['We have been told we must send our comments back by the 14th.', /on Sat 14 Mar 2026, 4 working days/],
    ['I need to have sent off the appeal form by this time next week.', /on Mon 16 Mar 2026, 5 working days/],
    ['Our appeal hearing is in three days.', /hearing on Thu 12 Mar 2026/],
    [
      'The review meeting is tomorrow and I have not seen the reports.',
      /on Tue 10 Mar 2026, 1 working day after receipt/,
    ],
  ])('makes "%s" urgent, quoting it', (body, reason) => {
    const result = run(body);
    expect(result.priority).toBe('urgent');
    expect(result.reasons.join('\n')).toMatch(reason);
  });

  it.each([
    'The deadline to register our appeal is the end of the month.',
    "My son's annual review is after half term.",
    'We held the annual review today and it went well; when will the paperwork come?',
  ])('keeps "%s" normal: the date is weeks away or the meeting is over', (body) => {
    expect(run(body).priority).toBe('normal');
  });
});

describe('out of education, however it is said', () => {
  it.each([
    'My son is in Year 11 and has been out of school on medical grounds since January. He gets four or five hours of home tuition a week.',
    'Her absences are now unauthorised and the school has threatened us with fines.',
    "He hasn't been since October and nobody has offered anything else.",
    "The school said don't bring him in until they have found more staff.",
    'His reduced timetable has become none at all: he does no hours.',
    'He was signed off with a medical note in September and no provision has been put in place.',
  ])('raises "%s" as urgent out of education, quoting the words', (body) => {
    const result = run(body);
    expect(result.priority).toBe('urgent');
    expect(result.safeguarding.categories).toContain('out-of-education');
    expect(result.safeguarding.reasons.join('\n')).toMatch(
      /no school place or out of education: .+ \("[^"]+"\)/,
    );
    expect(result.topic).not.toBe('general');
  });

  it('keeps a part-time timetable the child attends every day, and school refusal on one day, normal', () => {
    expect(
      run('He is on a reduced timetable, goes in every morning and I collect him at lunch.').priority,
    ).toBe('normal');
    expect(run('She refused to go to school on Monday but went in on Tuesday.').safeguarding.concern).toBe(
      false,
    );
  });

  it('makes a child with no school named for September urgent without a safeguarding concern', () => {
    const result = run(
      'My son still does not have a school named for September and the council has not replied.',
    );
    expect(result.priority).toBe('urgent');
    expect(result.safeguarding.concern).toBe(false);
    expect(result.reasons.join('\n')).toMatch(/urgent: no school place for the coming term \("/);
  });
});
