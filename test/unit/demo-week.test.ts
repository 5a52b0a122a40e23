import { describe, expect, it } from 'vitest';
import { lastWeekMonday } from '../../cli/commands/demo';
import { generateWeek } from '../../cli/demo/week-generator';

const options = {
  weekStart: new Date('2026-11-16T00:00:00Z'),
  perDay: 10,
  hubMailbox: 'hub@example.org',
  seed: 3,
};

describe('demo week generator', () => {
  it('is the same week for the same seed, in time order, emails and calls mixed', () => {
    const a = generateWeek(options);
    const b = generateWeek(options);
    expect(a.map((item) => [item.kind, item.at.toISOString(), item.label])).toEqual(
      b.map((item) => [item.kind, item.at.toISOString(), item.label]),
    );
    const times = a.map((item) => item.at.getTime());
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(a.some((item) => item.kind === 'phone')).toBe(true);
    expect(a.filter((item) => item.label.startsWith('email: Still waiting')).length).toBeGreaterThan(0);
  });

  it('produces phone logs that carry the required fields and invented numbers only', () => {
    const calls = generateWeek(options).flatMap((item) => (item.kind === 'phone' ? [item.entry] : []));
    for (const call of calls) {
      expect(call).toMatchObject({
        callId: expect.any(String),
        receivedAt: expect.any(String),
        summary: expect.any(String),
      });
      expect(String((call.caller as { phone: string }).phone)).toMatch(/^07700 900\d{3}$/);
    }
  });

  it('starts the default demo week on the Monday before last', () => {
    expect(lastWeekMonday(new Date('2026-11-23T15:00:00Z')).toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(lastWeekMonday(new Date('2026-11-29T23:00:00Z')).toISOString()).toBe('2026-11-16T00:00:00.000Z');
  });
});
