/**
 * Generalisation guard: the shipped rules on an independent hold-out set of invented enquiries
 * (`test/fixtures/triage-holdout/`), written and labelled by the README conventions of the shared
 * samples before the rules were read. Rule changes must be general language a caseworker would
 * agree with, never phrases from these files; this catches a change that makes triage worse on
 * enquiries it was not written against.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultTriageRules, triage } from '../../shared/domain/triage';
import type { ScoreReport } from '../../shared/domain/triage/label-scoring';
import { scoreFixtureSet, share } from '../support/triage-fixture-set';
import { CONTEXT, email } from '../support/triage-fixtures';

describe('shipped rules on the independent hold-out enquiries', () => {
  let report: ScoreReport;
  let labelled = 0;
  let explain = '';

  beforeAll(async () => {
    ({ report, labelled, explain } = await scoreFixtureSet('triage-holdout'));
  });

  it('triages every labelled file, and every file is labelled', () => {
    expect(labelled).toBeGreaterThanOrEqual(60);
    expect(report.compared, explain).toBe(labelled);
    expect(report.unlabelled, explain).toEqual([]);
  });

  it('finds every child marked urgent by a caseworker', () => {
    expect(report.urgentRecall.total).toBeGreaterThan(0);
    expect(report.urgentRecall.found, explain).toBe(report.urgentRecall.total);
  });

  it('gets topic, role and district right at least 95% of the time, and priority at least 90%', () => {
    for (const field of ['topic', 'role', 'district'] as const) {
      expect(share(report, field), `${field}\n${explain}`).toBeGreaterThanOrEqual(0.95);
    }
    expect(share(report, 'priority'), explain).toBeGreaterThanOrEqual(0.9);
  });

  it('answers the real enquirer, never the hub or a forwarding colleague, from when the hub first had it', () => {
    for (const field of ['requester.email', 'requester.phone', 'receivedAt'] as const) {
      expect(share(report, field), `${field}\n${explain}`).toBe(1);
    }
  });
});

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
