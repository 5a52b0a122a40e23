/**
 * statutory-alerts: EventBridge Scheduler fires it every 5 minutes. Records an outbox notice for
 * each statutory milestone (EHC assessment, annual review, complaint) missed or due soon, once;
 * the escalator's next digest carries them (docs/statutory.md). It sends no email itself.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { dynamoDocumentClient } from '../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { EnquiryReader } from '../../shared/adapters/enquiry-reader';
import { DynamoStatutoryStore } from '../../shared/adapters/statutory-store';
import { loadHubConfig } from '../../shared/config/load-hub-config';
import { toInstant } from '../../shared/domain/instant';
import * as z from '../../shared/domain/zod';
import { memoisedDirectory, tableCaseworkerDirectory } from '../../shared/escalation/caseworker-directory';
import { recordStatutoryAlerts, type StatutorySweepDeps } from '../../shared/statutory/statutory-sweep';
import { defineLoggedHandler } from '../define-logged-handler';
import { logAttributes, type SweepContext, sweepInstant, sweepRun } from '../scheduled-sweep';

/** No mail: only the table. */
export const StatutoryAlertsEnvironment = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  AWS_ENDPOINT_URL_DYNAMODB: z.optional(z.url()),
});

export interface StatutoryAlertsHandlerDeps extends Omit<StatutorySweepDeps, 'sweepId' | 'shouldStop'> {
  readonly logger: Logger;
}

/** Parses the event, records the statutory alerts due, logs their counts. */
export function makeStatutoryAlertsHandler(deps: StatutoryAlertsHandlerDeps) {
  return async (event: unknown, context: SweepContext) => {
    const now = toInstant(sweepInstant(event));
    const summary = await recordStatutoryAlerts({ ...deps, ...sweepRun(context) }, now);
    deps.logger.info('statutory alert sweep done', { now, ...logAttributes(summary) });
    return { now, ...summary };
  };
}

export const handler = defineLoggedHandler({
  name: 'statutory-alerts',
  env: StatutoryAlertsEnvironment,
  build: (env, { logger }) => {
    const config = loadHubConfig();
    const documents = dynamoDocumentClient({ endpoint: env.AWS_ENDPOINT_URL_DYNAMODB });
    return makeStatutoryAlertsHandler({
      config,
      statutory: new DynamoStatutoryStore(documents, env.TABLE_NAME),
      enquiries: new EnquiryReader(documents, env.TABLE_NAME),
      caseworkers: memoisedDirectory(
        tableCaseworkerDirectory(new CaseworkerRepository(documents, env.TABLE_NAME), config),
      ),
      logger,
    });
  },
  handle: (event: unknown, run, context) => run(event, context),
});
