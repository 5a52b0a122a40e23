/**
 * duty-alerts: EventBridge Scheduler fires it every 5 minutes (its own schedule, so nothing else a
 * sweep does can hold a safeguarding alert up). Tells the next duty contact about alerts nobody
 * picked up and sends any alert a crashed router left: `shared/sweep/duty-alert-sweep.ts`, design in
 * docs/safeguarding.md.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoAvailabilityStore } from '../../shared/adapters/availability-store';
import { DynamoDutyAlertStore } from '../../shared/adapters/duty-alert-store';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import { type DutyAlertJobDeps, runDutyAlertJob } from '../../shared/sweep/duty-alert-sweep';
import { defineLoggedHandler } from '../define-logged-handler';
import {
  logAttributes,
  type SweepContext,
  SweepEnvironment,
  type SweepWiring,
  sweepInstant,
  sweepMailer,
  sweepRun,
  sweepWiring,
} from '../scheduled-sweep';

export interface DutyAlertHandlerDeps extends Omit<DutyAlertJobDeps, 'sweepId'> {
  readonly logger: Logger;
}

/** The duty-alert sweep's stores on the table, its mailer and clock. */
export function dutyAlertDeps(wiring: SweepWiring): Omit<DutyAlertJobDeps, 'sweepId'> {
  const { config, documents, tableName } = wiring;
  return {
    config,
    dutyAlerts: {
      store: new DynamoDutyAlertStore(documents, tableName),
      enquiries: new EnquiryRepository(documents, tableName),
    },
    availability: new DynamoAvailabilityStore(documents, tableName),
    mailer: sweepMailer('duty-alerts', wiring),
    clock: () => new Date(),
    timeouts: FUNCTION_TIMEOUTS,
  };
}

/** Parses the event, runs one duty-alert sweep, logs its counts. */
export function makeDutyAlertHandler(deps: DutyAlertHandlerDeps) {
  return async (event: unknown, context: SweepContext) => {
    const now = sweepInstant(event);
    const summary = await runDutyAlertJob({ ...deps, sweepId: sweepRun(context).sweepId }, now);
    deps.logger.info('duty alert sweep done', { now, ...logAttributes(summary) });
    return summary;
  };
}

export const handler = defineLoggedHandler({
  name: 'duty-alerts',
  env: SweepEnvironment,
  build: (env, { logger }) => makeDutyAlertHandler({ ...dutyAlertDeps(sweepWiring(env)), logger }),
  handle: (event: unknown, run, context) => run(event, context),
});
