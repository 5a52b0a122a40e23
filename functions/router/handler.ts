/**
 * router: the intake queue's consumer (SQS event source with ReportBatchItemFailures). Everything
 * it needs is built once per container, at its first invocation: environment and configuration are
 * parsed with zod (a bad value fails the cold start, naming it), SDK clients are created once
 * (no endpoint: locally the SDK reads `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_SESV2`).
 * The handler itself is `makeRouterHandler` in `router-handler.ts`.
 */

import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import gazetteerJson from '../../config/kent-gazetteer.json' with { type: 'json' };
import lexiconJson from '../../config/triage-lexicon.json' with { type: 'json' };
import modelJson from '../../config/triage-model.json' with { type: 'json' };
import rulesJson from '../../config/triage-rules.json' with { type: 'json' };
import { DynamoAvailabilityStore } from '../../shared/adapters/availability-store';
import { dynamoDocumentClient, sesClient, sqsClient } from '../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { DynamoDutyAlertStore } from '../../shared/adapters/duty-alert-store';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { pacedSesMailer } from '../../shared/adapters/mailer';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import { SqsIntakeQueue } from '../../shared/adapters/sqs-intake-queue';
import { retentionRepositoryOptions } from '../../shared/config/hub-config';
import { loadHubConfig } from '../../shared/config/load-hub-config';
import { parseTriageRules } from '../../shared/domain/triage/rules-schema';
import { bindTriage } from '../../shared/routing/route-intake';
import { defineHandler } from '../define-handler';
import { makeRouterHandler } from './router-handler';

export const RouterEnvironment = z.object({
  TABLE_NAME: z.string().min(1),
  /** The intake queue, where an intake whose email SES kept throttling goes back, delayed. */
  INTAKE_QUEUE_URL: z.string().min(1),
  /** SES configuration set for bounce/complaint feedback; absent locally. */
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Another hub configuration than the shipped `config/hub.json`. */
  HUB_CONFIG_FILE: z.string().min(1).optional(),
  /**
   * Longest time triage may read one message (ms): a batch of 10 at this budget stays well inside
   * the router's timeout; a message still unread by then is routed urgent for a person to read.
   */
  TRIAGE_BUDGET_MS: z.coerce.number().int().min(50).max(5000).default(1000),
});

// The rules and the trained model ship inside the bundle, like the hub configuration: no file
// access at run time, and the model's weights are validated and indexed once per container.
const TRIAGE_FILES = {
  rules: 'config/triage-rules.json',
  gazetteer: 'config/kent-gazetteer.json',
  lexicon: 'config/triage-lexicon.json',
  model: 'config/triage-model.json',
};

/**
 * Lambda entry point: configuration, triage rules and clients built once per container
 * (functions/define-handler.ts). `makeRouterHandler` publishes the router's metrics itself, per
 * batch, as the local stack and the tests that build it with their own dependencies need.
 */
export const handler = defineHandler({
  name: 'router',
  env: RouterEnvironment,
  build: (env, { logger, metrics }) => {
    const config = loadHubConfig(env.HUB_CONFIG_FILE);
    const rules = parseTriageRules(rulesJson, gazetteerJson, lexiconJson, TRIAGE_FILES, modelJson);
    const documentClient = dynamoDocumentClient();
    return makeRouterHandler({
      enquiries: new EnquiryRepository(documentClient, env.TABLE_NAME, retentionRepositoryOptions(config)),
      caseworkers: new CaseworkerRepository(documentClient, env.TABLE_NAME),
      mailer: pacedSesMailer('router', sesClient(), config.sending, env.SES_CONFIGURATION_SET),
      requeue: new SqsIntakeQueue(sqsClient(), env.INTAKE_QUEUE_URL),
      dutyAlerts: new DynamoDutyAlertStore(documentClient, env.TABLE_NAME),
      availability: new DynamoAvailabilityStore(documentClient, env.TABLE_NAME),
      config,
      timeouts: FUNCTION_TIMEOUTS,
      triage: bindTriage(rules, config, { clock: () => performance.now(), budgetMs: env.TRIAGE_BUDGET_MS }),
      logger,
      metrics,
    });
  },
  handle: (event: SQSEvent, run, context): Promise<SQSBatchResponse> => run(event, context),
});
