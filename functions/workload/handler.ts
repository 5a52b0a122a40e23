/**
 * workload: EventBridge Scheduler fires it every 5 minutes. A manager's day (docs/managers.md): the
 * work of caseworkers whose leave starts is handed over, idle claims go back to the team queue, and
 * each team's morning summary is sent once a working day: `shared/sweep/workload-sweep.ts`.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoAvailabilityStore } from '../../shared/adapters/availability-store';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { DynamoClaimTimerStore } from '../../shared/adapters/claim-timer-store';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { DynamoReportMarkers } from '../../shared/adapters/report-stores';
import { tableCaseworkerDirectory } from '../../shared/escalation/caseworker-directory';
import { runWorkloadSweep, type WorkloadSweepDeps } from '../../shared/sweep/workload-sweep';
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

export interface WorkloadHandlerDeps extends Omit<WorkloadSweepDeps, 'sweepId' | 'shouldStop'> {
  readonly logger: Logger;
}

/** A manager's day's stores on the table, its mailer and clock. */
export function workloadDeps(wiring: SweepWiring): Omit<WorkloadSweepDeps, 'sweepId' | 'shouldStop'> {
  const { config, documents, tableName } = wiring;
  const roster = new CaseworkerRepository(documents, tableName);
  return {
    config,
    workload: {
      timers: new DynamoClaimTimerStore(documents, tableName),
      availability: new DynamoAvailabilityStore(documents, tableName),
      enquiries: new EnquiryRepository(documents, tableName),
      roster,
      markers: new DynamoReportMarkers(documents, tableName),
    },
    caseworkers: tableCaseworkerDirectory(roster, config),
    mailer: sweepMailer('workload', wiring),
    clock: () => new Date(),
  };
}

/** Parses the event, runs one workload sweep, logs its counts. */
export function makeWorkloadHandler(deps: WorkloadHandlerDeps) {
  return async (event: unknown, context: SweepContext) => {
    const now = sweepInstant(event);
    const summary = await runWorkloadSweep({ ...deps, ...sweepRun(context) }, now);
    deps.logger.info('workload sweep done', logAttributes(summary));
    return summary;
  };
}

export const handler = defineLoggedHandler({
  name: 'workload',
  env: SweepEnvironment,
  build: (env, { logger }) => makeWorkloadHandler({ ...workloadDeps(sweepWiring(env)), logger }),
  handle: (event: unknown, run, context) => run(event, context),
});
