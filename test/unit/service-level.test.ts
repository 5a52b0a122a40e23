import { describe, expect, it } from 'vitest';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import { clockFor, dueSteps, escalationSchedule, hubServiceLevels } from '../../shared/domain/service-level';

const config = defaultHubConfig();

describe('service levels on the hub calendar', () => {
  it('gives a normal enquiry received Monday 09:00 five working days, warned at 75% of the window', () => {
    const clock = clockFor(config, 'normal', '2026-11-23T09:00:00.000Z');
    expect(clock.responseDueAt).toBe('2026-11-27T17:00:00.000Z');
    expect(clock.warningAt).toBe('2026-11-26T15:00:00.000Z');
    expect(clock.nextEscalationAt).toBe(clock.warningAt);
  });

  it('starts the clock at the next opening when an email arrives at night', () => {
    const clock = clockFor(config, 'urgent', '2026-11-23T22:30:00.000Z');
    expect(clock.responseDueAt).toBe('2026-11-24T13:00:00.000Z');
  });

  it('escalates to the head of service one working day after the breach, skipping the weekend', () => {
    const schedule = escalationSchedule(config, {
      priority: 'normal',
      responseDueAt: '2026-11-27T17:00:00.000Z',
    });
    expect(schedule.map((s) => [s.step.id, s.at])).toEqual([
      ['warning', '2026-11-26T15:00:00.000Z'],
      ['breach', '2026-11-27T17:00:00.000Z'],
      ['head-of-service', '2026-11-30T17:00:00.000Z'],
    ]);
  });

  it('lists every overdue step not yet taken, so a late sweep skips none', () => {
    const enquiry = {
      priority: 'normal' as const,
      responseDueAt: '2026-11-27T17:00:00.000Z',
      escalationSteps: ['warning'],
    };
    expect(dueSteps(config, enquiry, new Date('2026-11-26T16:00:00Z'))).toEqual([]);
    expect(dueSteps(config, enquiry, new Date('2026-12-01T09:00:00Z')).map((s) => s.step.id)).toEqual([
      'breach',
      'head-of-service',
    ]);
  });

  it('skips steps already taken when a window restarts', () => {
    const policy = hubServiceLevels(config);
    expect(policy.workingMinutesBetween('2026-11-27T16:00:00Z', '2026-11-30T10:00:00Z')).toBe(120);
    const clock = clockFor(config, 'high', '2026-11-23T09:00:00.000Z', [
      'warning',
      'breach',
      'head-of-service',
    ]);
    expect(clock.nextEscalationAt).toBeNull();
  });
});
