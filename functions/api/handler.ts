/**
 * api: the caseworker and manager HTTP API (API Gateway HTTP API, payload v2, JWT-authorised by
 * Cognito except `GET /openapi.json`). Routes: `routes.ts`; the contract: `openapi.ts`.
 *
 * Settings and configuration are read and SDK clients built once per container, on the first
 * invocation; endpoints come from the SDK's own `AWS_ENDPOINT_URL_*` variables (the local stack
 * sets them), never from code.
 */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { DynamoAccessLog } from '../../shared/adapters/access-log';
import { DynamoAvailabilityStore } from '../../shared/adapters/availability-store';
import { cognitoClient, dynamoDocumentClient, sesClient } from '../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { CognitoStaffDirectory } from '../../shared/adapters/cognito-staff-directory';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { DynamoEscalationStore } from '../../shared/adapters/escalation-store';
import { pacedSesMailer } from '../../shared/adapters/mailer';
import { frontDoorCheck } from '../../shared/adapters/origin-secret';
import { DynamoRateLimits } from '../../shared/adapters/rate-limits';
import { StaffRepository } from '../../shared/adapters/staff-repository';
import { DynamoStatutoryStore } from '../../shared/adapters/statutory-store';
import { retentionRepositoryOptions } from '../../shared/config/hub-config';
import { loadHubConfig } from '../../shared/config/load-hub-config';
import { hubServiceLevels } from '../../shared/domain/service-level';
import { defineHandler } from '../define-handler';
import { type ApiDeps, createApiHandler, type HttpHandler } from './api-handler';

export { createApiHandler } from './api-handler';

export const ApiEnvironment = z.object({
  TABLE_NAME: z.string().min(3).max(255),
  /** SES configuration set for replies (bounce and complaint events); optional locally. */
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** The staff user pool, where administrators add and remove members of staff. */
  USER_POOL_ID: z.string().min(1),
});

/**
 * A first response is counted at once, with no dimension but the service: a series per team and
 * priority would cost more than the requests ($0.30 a month each); the weekly report gives
 * response times per team and priority from the table.
 */
function recordFirstResponse(metrics: Metrics): void {
  metrics.singleMetric().addMetric('FirstResponses', MetricUnit.Count, 1);
}

/** Lambda entry point: configuration and clients built once per container (functions/define-handler.ts). */
export const handler = defineHandler({
  name: 'api',
  env: ApiEnvironment,
  middleware: ({ logger }, environment) => [frontDoorCheck(environment, 'api', logger)],
  build: (env, { logger, metrics }): HttpHandler => {
    const config = loadHubConfig();
    const documentClient = dynamoDocumentClient();
    const deps: ApiDeps = {
      enquiries: new EnquiryRepository(documentClient, env.TABLE_NAME, retentionRepositoryOptions(config)),
      caseworkers: new CaseworkerRepository(documentClient, env.TABLE_NAME),
      statutory: new DynamoStatutoryStore(documentClient, env.TABLE_NAME),
      availability: new DynamoAvailabilityStore(documentClient, env.TABLE_NAME),
      accessLog: new DynamoAccessLog(documentClient, env.TABLE_NAME),
      rateLimits: new DynamoRateLimits(documentClient, env.TABLE_NAME),
      escalationLog: new DynamoEscalationStore(documentClient, env.TABLE_NAME),
      staff: new StaffRepository(documentClient, env.TABLE_NAME),
      directory: new CognitoStaffDirectory(cognitoClient(), env.USER_POOL_ID),
      mailer: pacedSesMailer('api', sesClient(), config.sending, env.SES_CONFIGURATION_SET),
      config,
      policy: hubServiceLevels(config),
      logger,
      metrics: { firstResponse: () => recordFirstResponse(metrics) },
      clock: () => new Date(),
    };
    return createApiHandler(deps);
  },
  handle: (event: APIGatewayProxyEventV2, api, context): Promise<APIGatewayProxyStructuredResultV2> =>
    api(event, context),
});
