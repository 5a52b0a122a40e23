/**
 * Language about deadlines and risk that must be read right: the date nearest a hearing, a window
 * running out, a child saying everyone would be better off without them, lost paperwork that is
 * not a missing child, and the hub's own acknowledgement quoted back. (The labelled enquiries that
 * taught these live under `test/fixtures/triage/`, scored by `triage-fixture-sets.test.ts`.)
 */
import { describe, expect, it } from 'vitest';
import { defaultTriageRules, triage } from '../../shared/domain/triage';
import { CONTEXT, email } from '../support/triage-fixtures';

describe('language the hold-out set taught the rules', () => {
  const rules = defaultTriageRules();
  const priorityOf = (body: string, receivedAt = '2026-05-19T09:30:00Z'): string =>
    triage(email(body, { receivedAt }), rules, CONTEXT).priority;

  it('dates a hearing by the date nearest to it, not by another meeting in the same sentence', () => {
    // Tuesday 19 May 2026: mediation on Thursday, the hearing in September.
    expect(
      priorityOf(
        'Mediation is on Thursday, and if that fails our appeal hearing is booked for 15 September.',
      ),
    ).toBe('normal');
    expect(priorityOf('Mediation was on 2 March, and the appeal hearing is now on Thursday.')).toBe('urgent');
  });

  it('reads an appeal window running out within days as a deadline, not one already missed', () => {
    expect(priorityOf('I have just realised the two months to appeal runs out on Monday.')).toBe('urgent');
  });

  it('hears a child saying everyone would be better off without them', () => {
    expect(priorityOf('Sometimes she says everyone would be better off if she was not here.')).toBe('urgent');
  });

  it('does not take lost paperwork or a parent collecting on an agreed timetable for a child at risk', () => {
    expect(priorityOf('Every year the paperwork goes missing and I have to chase.')).not.toBe('urgent');
    expect(
      priorityOf('He is on a reduced timetable and goes in every morning, and I pick him up at lunchtime.'),
    ).toBe('normal');
  });

  it('ignores the hub acknowledgement quoted in a reply, however it is worded', () => {
    const reply = [
      'Thanks, just adding the school name for the transport form.',
      '',
      '> If you think a child is at immediate risk of harm, or is out of school and has no education,',
      '> please call us straight away.',
    ].join('\n');
    expect(priorityOf(reply)).toBe('normal');
  });
});
