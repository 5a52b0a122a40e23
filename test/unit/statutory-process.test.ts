/** A stored statutory process: starting, recording, and taking escalation alerts once each. */
import { describe, expect, it } from 'vitest';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import { ValidationError } from '../../shared/domain/errors';
import { recordMilestone, startProcess, takeDueAlerts } from '../../shared/statutory/statutory-process';

const config = defaultHubConfig();
const base = { enquiryId: 'SEND-AAAAAA', team: 'south', actor: 'cw-south-1' };

describe('statutory process record', () => {
  it('starts a complaint given a date at the start of that day in the hub time zone', () => {
    const record = startProcess(config, {
      ...base,
      process: 'complaint',
      start: '2026-07-01',
      now: '2026-07-02T09:00:00Z',
    });
    expect(record.start).toBe('2026-06-30T23:00:00.000Z');
    expect(record.id).toBe('complaint-20260701');
  });

  it('refuses a clock that starts in the future', () => {
    expect(() =>
      startProcess(config, {
        ...base,
        process: 'ehc-assessment',
        start: '2026-08-01',
        now: '2026-07-02T09:00:00Z',
      }),
    ).toThrow(ValidationError);
  });

  it('takes a late sweep\'s "due soon" and "missed" together as one miss, and each only once', () => {
    const record = startProcess(config, {
      ...base,
      process: 'ehc-assessment',
      start: '2026-03-02',
      now: '2026-03-02T12:00:00Z',
    });
    expect(record.nextAlertAt).toBe('2026-04-05T23:00:00.000Z');
    const taken = takeDueAlerts(config, record, '2026-04-20T09:00:00Z');
    expect(taken?.alerts).toEqual([
      { milestone: 'decision-to-assess', step: 'missed', at: '2026-04-13T23:00:00.000Z', due: '2026-04-13' },
    ]);
    expect(taken?.record.alertsTaken).toHaveLength(2);
    expect(taken?.record.nextAlertAt).toBe('2026-06-14T23:00:00.000Z');
    if (taken === null || taken === undefined) throw new Error('nothing taken');
    expect(takeDueAlerts(config, taken.record, '2026-04-20T09:05:00Z')).toBeNull();
  });

  it('asks for the outcome a milestone has, and refuses one it does not', () => {
    const record = startProcess(config, {
      ...base,
      process: 'ehc-assessment',
      start: '2026-03-02',
      now: '2026-03-02T12:00:00Z',
    });
    const input = { actor: 'cw', now: '2026-04-01T09:00:00Z', on: '2026-04-01' };
    expect(() =>
      recordMilestone(config, record, { ...input, milestone: 'decision-to-assess', outcome: null }),
    ).toThrow('outcome must be one of assess, not-assess');
    const decided = recordMilestone(config, record, {
      ...input,
      milestone: 'decision-to-assess',
      outcome: 'not-assess',
    });
    expect(decided.complete).toBe(true);
    expect(decided.nextAlertAt).toBeNull();
    expect(() =>
      recordMilestone(config, decided, { ...input, milestone: 'final-plan', outcome: null }),
    ).toThrow(/not needed/);
  });
});
