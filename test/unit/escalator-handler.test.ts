import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import {
  type EscalatorHandlerDeps,
  type MetricsSink,
  makeEscalatorHandler,
  publishSweepMetrics,
} from '../../functions/escalator/handler';
import { makeReporterHandler, type ReporterHandlerDeps } from '../../functions/reporter/handler';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import { ValidationError } from '../../shared/domain/errors';
import type { EscalationSweepSummary } from '../../shared/sweep/escalation-sweep';

const config = defaultHubConfig();
const silent = new Logger({ serviceName: 'handler-test', logLevel: 'SILENT' });
const context = { awsRequestId: 'request-1', getRemainingTimeInMillis: () => 60_000 };

/** Records what would be published, as `name: value` (the metrics have no dimension but the service). */
function recorder(): MetricsSink & { published: string[] } {
  const published: string[] = [];
  return {
    published,
    addMetric(name, _unit, value) {
      published.push(`${name}: ${value}`);
    },
  };
}

const nothingDue: EscalatorHandlerDeps['enquiries'] = {
  async *dueForEscalation() {},
  getEnquiry: async () => null,
};

function untouched(): never {
  throw new Error('must not be called for a bad event');
}

describe('escalator handler', () => {
  it('publishes escalations of all steps together and the sweep counts, numbers only', () => {
    const metrics = recorder();
    const summary: EscalationSweepSummary = {
      now: '2026-11-23T14:00:00.000Z',
      due: 7,
      escalated: 6,
      steps: { warning: 4, breach: 3 },
      breaches: 3,
      rescheduled: 0,
      skipped: 1,
      contended: 0,
      digests: { sent: 2, failed: 1, busy: 0, held: 0, notices: 5 },
      stoppedEarly: false,
    };
    publishSweepMetrics(metrics, summary);
    expect(metrics.published).toEqual([
      'Escalations: 7',
      'Breaches: 3',
      'QueueDepth: 7',
      'DigestFailures: 1',
    ]);
  });

  it('publishes no digest-failure series in a sweep without failures', () => {
    const metrics = recorder();
    publishSweepMetrics(metrics, {
      now: '2026-11-23T14:00:00.000Z',
      due: 0,
      escalated: 0,
      steps: {},
      breaches: 0,
      rescheduled: 0,
      skipped: 0,
      contended: 0,
      digests: { sent: 0, failed: 0, busy: 0, held: 0, notices: 0 },
      stoppedEarly: false,
    });
    expect(metrics.published).toEqual(['Escalations: 0', 'Breaches: 0', 'QueueDepth: 0']);
  });

  it('takes the sweep instant from the scheduled event and reports an empty sweep', async () => {
    const metrics = recorder();
    const handler = makeEscalatorHandler({
      config,
      enquiries: nothingDue,
      store: {
        recordEscalation: untouched,
        pendingRecipients: async () => [],
        pendingNotices: untouched,
        clearNotices: untouched,
        claimDigest: untouched,
        releaseDigest: untouched,
      },
      caseworkers: { find: async () => null },
      mailer: { send: untouched },
      clock: () => new Date('2026-11-23T14:00:07Z'),
      timeouts: FUNCTION_TIMEOUTS,
      metrics,
      logger: silent,
    });
    const summary = await handler(
      { 'detail-type': 'Scheduled Event', source: 'aws.scheduler', time: '2026-11-23T14:00:00Z' },
      context,
    );
    expect(summary.now).toBe('2026-11-23T14:00:00.000Z');
    expect(summary.due).toBe(0);
    expect(metrics.published).toContain('QueueDepth: 0');
  });

  it('refuses an event without a valid time, naming the field', async () => {
    const handler = makeEscalatorHandler({
      config,
      enquiries: nothingDue,
      store: {
        recordEscalation: untouched,
        pendingRecipients: untouched,
        pendingNotices: untouched,
        clearNotices: untouched,
        claimDigest: untouched,
        releaseDigest: untouched,
      },
      caseworkers: { find: untouched },
      mailer: { send: untouched },
      clock: () => new Date(),
      timeouts: FUNCTION_TIMEOUTS,
      metrics: recorder(),
      logger: silent,
    });
    const refused = handler({ time: 'yesterday' }, context);
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ field: 'time' });
  });
});

describe('reporter handler', () => {
  it('refuses an event without a valid time, naming the field', async () => {
    const deps: ReporterHandlerDeps = {
      config,
      timeouts: FUNCTION_TIMEOUTS,
      source: {
        enquiries: { reportedBetween: untouched, listTeamQueue: untouched, listCaseload: untouched },
        caseworkers: { listRoster: untouched },
        escalations: { escalationsBetween: untouched },
      },
      files: { put: untouched },
      markers: { claim: untouched, markSent: untouched, release: untouched },
      mailer: { send: untouched },
      clock: () => new Date(),
      logger: silent,
    };
    await expect(makeReporterHandler(deps)({}, context)).rejects.toMatchObject({ field: 'time' });
  });
});
