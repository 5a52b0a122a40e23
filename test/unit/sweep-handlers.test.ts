/**
 * The 5-minute sweep functions besides the escalator (duty-alerts, workload, statutory-alerts):
 * each takes its `now` from the scheduled event, refuses an event without one before touching
 * anything, and runs only its own chore.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { makeDutyAlertHandler } from '../../functions/duty-alerts/handler';
import { makeStatutoryAlertsHandler } from '../../functions/statutory-alerts/handler';
import { makeWorkloadHandler } from '../../functions/workload/handler';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import { ValidationError } from '../../shared/domain/errors';
import type { DutyAlertStore } from '../../shared/safeguarding/ports';
import type { StatutoryStore } from '../../shared/statutory/ports';

const config = defaultHubConfig();
const logger = new Logger({ serviceName: 'sweep-handler-test', logLevel: 'SILENT' });
const context = { awsRequestId: 'request-7', getRemainingTimeInMillis: () => 60_000 };
const event = { 'detail-type': 'Scheduled Event', source: 'aws.scheduler', time: '2026-11-23T14:05:00Z' };

function untouched(): never {
  throw new Error('must not be called');
}

/** A duty-alert store with nothing due, recording the instants it was asked about. */
function quietAlerts(asked: string[]): DutyAlertStore {
  return {
    pendingAlerts: async () => [],
    getAlert: untouched,
    claimSend: untouched,
    releaseSend: untouched,
    clearAlert: untouched,
    dueEntries: (now) => {
      asked.push(now);
      return (async function* () {})();
    },
    clearDue: async () => undefined,
  };
}

describe('duty-alerts handler', () => {
  it("asks for the alerts due at the scheduled event's time and reports the counts", async () => {
    const asked: string[] = [];
    const handler = makeDutyAlertHandler({
      config,
      dutyAlerts: { store: quietAlerts(asked), enquiries: { getEnquiry: untouched, update: untouched } },
      mailer: { send: untouched },
      clock: () => new Date('2026-11-23T14:05:03Z'),
      timeouts: FUNCTION_TIMEOUTS,
      logger,
    });
    expect(await handler(event, context)).toEqual({ due: 0, escalated: 0, sent: 0, failed: 0, busy: 0 });
    expect(asked).toEqual(['2026-11-23T14:05:00.000Z']);
  });

  it('refuses an event without a valid time, naming the field, before reading anything', async () => {
    const handler = makeDutyAlertHandler({
      config,
      dutyAlerts: {
        store: { ...quietAlerts([]), dueEntries: untouched, pendingAlerts: untouched },
        enquiries: { getEnquiry: untouched, update: untouched },
      },
      mailer: { send: untouched },
      clock: () => new Date(),
      timeouts: FUNCTION_TIMEOUTS,
      logger,
    });
    const refused = handler({ time: 'at five past' }, context);
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ field: 'time' });
  });
});

describe('statutory-alerts handler', () => {
  const store = (asked: string[]): StatutoryStore => ({
    create: untouched,
    get: untouched,
    listForEnquiry: untouched,
    update: untouched,
    dueForAlerts: (now) => {
      asked.push(now);
      return (async function* () {})();
    },
    listRunningForTeam: untouched,
    startedBetween: untouched,
  });

  it("reads the processes due at the event's time and sends nothing itself", async () => {
    const asked: string[] = [];
    const handler = makeStatutoryAlertsHandler({
      config,
      statutory: store(asked),
      enquiries: { getEnquiry: untouched },
      caseworkers: { find: untouched },
      logger,
    });
    expect(await handler(event, context)).toEqual({
      now: '2026-11-23T14:05:00.000Z',
      due: 0,
      missed: 0,
      dueSoon: 0,
      contended: 0,
    });
    expect(asked).toEqual(['2026-11-23T14:05:00.000Z']);
  });

  it('refuses an event without a time, naming the field', async () => {
    const handler = makeStatutoryAlertsHandler({
      config,
      statutory: { ...store([]), dueForAlerts: untouched },
      enquiries: { getEnquiry: untouched },
      caseworkers: { find: untouched },
      logger,
    });
    await expect(handler({}, context)).rejects.toMatchObject({ field: 'time' });
  });
});

describe('workload handler', () => {
  it('refuses an event without a valid time, naming the field, before reading anything', async () => {
    const handler = makeWorkloadHandler({
      config,
      workload: {
        timers: { dueTimers: untouched } as never,
        availability: { all: untouched } as never,
        enquiries: {} as never,
        roster: {} as never,
        markers: {} as never,
      },
      caseworkers: { find: untouched },
      mailer: { send: untouched },
      clock: () => new Date(),
      logger,
    });
    const refused = handler({ time: '2026-13-40' }, context);
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ field: 'time' });
  });
});
