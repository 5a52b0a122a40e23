/**
 * escalator: EventBridge Scheduler fires it every 5 minutes with the scheduled event, whose `time`
 * is the sweep's `now` (so a sweep can be replayed). Records every due escalation step once and
 * sends one digest per recipient: `shared/sweep/escalation-sweep.ts`, design in docs/escalation.md.
 * Duty alerts, statutory alerts and a manager's day are functions of their own on the same schedule.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type CapacityMeter, meterCapacity } from '../../shared/adapters/capacity-meter';
import { RESOURCES } from '../../shared/adapters/resource-definitions';
import {
  type EscalationSweepDeps,
  type EscalationSweepSummary,
  runEscalationLadder,
} from '../../shared/sweep/escalation-sweep';
import { defineHandler } from '../define-handler';
import {
  logAttributes,
  type SweepContext,
  SweepEnvironment,
  sweepInstant,
  sweepRun,
  sweepWiring,
} from '../scheduled-sweep';
import { escalatorDeps } from './wiring';

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

export interface EscalatorHandlerDeps extends Omit<EscalationSweepDeps, 'sweepId' | 'shouldStop'> {
  readonly metrics: MetricsSink;
  readonly logger: Logger;
  readonly meter?: CapacityMeter;
}

/**
 * Counts only, never personal data, and few series (each is billed by the hour): escalations of
 * every step together, breaches and the queue depth every sweep; digest failures only when there
 * are some. Steps and digests sent are in the sweep's log line.
 */
export function publishSweepMetrics(metrics: MetricsSink, summary: EscalationSweepSummary): void {
  const escalations = Object.values(summary.steps).reduce((total, taken) => total + taken, 0);
  metrics.addMetric(METRIC_NAMES.escalations, MetricUnit.Count, escalations);
  metrics.addMetric(METRIC_NAMES.breaches, MetricUnit.Count, summary.breaches);
  metrics.addMetric(METRIC_NAMES.queueDepth, MetricUnit.Count, summary.due);
  if (summary.digests.failed > 0) {
    metrics.addMetric(METRIC_NAMES.digestFailures, MetricUnit.Count, summary.digests.failed);
  }
}

/** Parses the event, runs one sweep of the ladder, reports it (the local stack and tests build it with their own deps). */
export function makeEscalatorHandler(deps: EscalatorHandlerDeps) {
  return async (event: unknown, context: SweepContext) => {
    const now = sweepInstant(event);
    deps.meter?.reset();
    const summary = await runEscalationLadder({ ...deps, ...sweepRun(context) }, now);
    publishSweepMetrics(deps.metrics, summary);
    deps.logger.info('escalation sweep done', {
      ...logAttributes(summary),
      ...(deps.meter === undefined ? {} : { capacity: JSON.stringify(deps.meter.total) }),
    });
    return summary;
  };
}

/** Lambda entry point: configuration and clients built once per container (functions/define-handler.ts). */
export const handler = defineHandler({
  name: 'escalator',
  env: SweepEnvironment,
  publishesMetrics: true,
  build: (env, { logger, metrics }) => {
    const wiring = sweepWiring(env);
    return makeEscalatorHandler({
      ...escalatorDeps(wiring),
      metrics,
      logger,
      meter: meterCapacity(wiring.documents),
    });
  },
  handle: (event: unknown, run, context) => run(event, context),
});
