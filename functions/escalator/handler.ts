/**
 * escalator: EventBridge Scheduler fires it every 5 minutes with the scheduled event, whose `time`
 * is the sweep's `now` (so a sweep can be replayed). Records every due escalation step once and
 * sends one digest per recipient: `shared/sweep/run-sweep.ts`, design in docs/escalation.md.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { dynamoDocumentClient, sesClient } from '../../shared/adapters/aws-clients';
import { type CapacityMeter, meterCapacity } from '../../shared/adapters/capacity-meter';
import { RESOURCES } from '../../shared/adapters/resource-definitions';
import { loadHubConfig } from '../../shared/config/load-hub-config';
import { ValidationError } from '../../shared/domain/errors';
import * as z from '../../shared/domain/zod';
import { runEscalationSweep, type SweepDeps, type SweepSummary } from '../../shared/sweep/run-sweep';
import { defineHandler } from '../define-handler';
import { escalatorDeps } from './wiring';

/** The part of the EventBridge scheduled event the escalator reads. */
export const EscalatorEvent = z.object({ time: z.iso.datetime({ offset: true }) });

export const EscalatorEnvironment = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  SES_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  /** Emulator endpoints (the local stack); unset in AWS. */
  AWS_ENDPOINT_URL_DYNAMODB: z.optional(z.url()),
  AWS_ENDPOINT_URL_SESV2: z.optional(z.url()),
});

/** Stop starting new work with this much of the invocation left: what is not done is still due next time. */
const SAFETY_MARGIN_MS = 10_000;

export const METRIC_NAMES = {
  escalations: RESOURCES.metrics.names.escalations,
  breaches: RESOURCES.metrics.names.breaches,
  queueDepth: RESOURCES.metrics.names.queueDepth,
  digestFailures: 'DigestFailures',
} as const;

/** The part of Powertools `Metrics` the escalator uses (tests pass a recorder). */
export interface MetricsSink {
  addMetric(name: string, unit: typeof MetricUnit.Count, value: number): void;
}

export interface EscalatorHandlerDeps extends Omit<SweepDeps, 'sweepId' | 'shouldStop'> {
  readonly metrics: MetricsSink;
  readonly logger: Logger;
  readonly meter?: CapacityMeter;
}

/**
 * Counts only, never personal data, and few series (each is billed by the hour): escalations of
 * every step together, breaches and the queue depth every sweep; digest failures only when there
 * are some. Steps and digests sent are in the sweep's log line.
 */
export function publishSweepMetrics(metrics: MetricsSink, summary: SweepSummary): void {
  const escalations = Object.values(summary.steps).reduce((total, taken) => total + taken, 0);
  metrics.addMetric(METRIC_NAMES.escalations, MetricUnit.Count, escalations);
  metrics.addMetric(METRIC_NAMES.breaches, MetricUnit.Count, summary.breaches);
  metrics.addMetric(METRIC_NAMES.queueDepth, MetricUnit.Count, summary.due);
  if (summary.digests.failed > 0) {
    metrics.addMetric(METRIC_NAMES.digestFailures, MetricUnit.Count, summary.digests.failed);
  }
}

/** Parses the event, runs one sweep, reports it (the local stack and tests build it with their own deps). */
export function makeEscalatorHandler(deps: EscalatorHandlerDeps) {
  return async (event: unknown, context: Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>) => {
    const parsed = EscalatorEvent.safeParse(event);
    if (!parsed.success) {
      throw new ValidationError('scheduled event field "time" must be an ISO-8601 instant', {
        field: 'time',
        cause: parsed.error,
      });
    }
    deps.meter?.reset();
    const summary = await runEscalationSweep(
      {
        ...deps,
        sweepId: context.awsRequestId || randomUUID(),
        shouldStop: () => context.getRemainingTimeInMillis() < SAFETY_MARGIN_MS,
      },
      parsed.data.time,
    );
    publishSweepMetrics(deps.metrics, summary);
    deps.logger.info('escalation sweep done', {
      ...summary,
      steps: JSON.stringify(summary.steps),
      digests: JSON.stringify(summary.digests),
      ...(summary.dutyAlerts === undefined ? {} : { dutyAlerts: JSON.stringify(summary.dutyAlerts) }),
      statutory: JSON.stringify(summary.statutory),
      ...(summary.idleClaims === undefined ? {} : { idleClaims: JSON.stringify(summary.idleClaims) }),
      ...(summary.awayStarts === undefined ? {} : { awayStarts: JSON.stringify(summary.awayStarts) }),
      ...(summary.morningSummaries === undefined
        ? {}
        : { morningSummaries: JSON.stringify(summary.morningSummaries) }),
      ...(deps.meter === undefined ? {} : { capacity: JSON.stringify(deps.meter.total) }),
    });
    return summary;
  };
}

/** Lambda entry point: configuration and clients built once per container (functions/define-handler.ts). */
export const handler = defineHandler({
  name: 'escalator',
  env: EscalatorEnvironment,
  publishesMetrics: true,
  build: (env, { logger, metrics }) => {
    const documents = dynamoDocumentClient({ endpoint: env.AWS_ENDPOINT_URL_DYNAMODB });
    return makeEscalatorHandler({
      ...escalatorDeps({
        config: loadHubConfig(),
        documents,
        tableName: env.TABLE_NAME,
        ses: sesClient({ endpoint: env.AWS_ENDPOINT_URL_SESV2 }),
        configurationSet: env.SES_CONFIGURATION_SET,
      }),
      metrics,
      logger,
      meter: meterCapacity(documents),
    });
  },
  handle: (event: unknown, run, context) => run(event, context),
});
