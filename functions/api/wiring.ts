/**
 * What every staff API function builds alike, once per container: its environment's shape, the
 * hub configuration, the table's repositories every route group reads (who is calling, their
 * caseworker record, the enquiries) and the front door check. Each `functions/api-<group>/handler.ts`
 * adds only the adapters its own groups use.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ApiFunctionName } from '../../shared/adapters/api-routes';
import { dynamoDocumentClient } from '../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { frontDoorCheck } from '../../shared/adapters/origin-secret';
import { StaffRepository } from '../../shared/adapters/staff-repository';
import { retentionRepositoryOptions } from '../../shared/config/hub-config';
import { loadHubConfig } from '../../shared/config/load-hub-config';
import { hubServiceLevels } from '../../shared/domain/service-level';
import * as z from '../../shared/domain/zod';
import { defineLoggedHandler, type HandlerDefinition, type LoggerTools } from '../define-logged-handler';
import type { ApiDeps, HttpHandler } from './route-group';

/** The table every API function with route groups reads and writes. */
export const TableEnvironment = z.object({
  TABLE_NAME: z.string().check(z.minLength(3), z.maxLength(255)),
});

/** Dependencies every route group has (the rest are each function's own). */
export function commonApiDeps(
  tableName: string,
  logger: Logger,
): Pick<ApiDeps, 'enquiries' | 'caseworkers' | 'staff' | 'config' | 'policy' | 'logger' | 'clock'> & {
  readonly documentClient: ReturnType<typeof dynamoDocumentClient>;
} {
  const config = loadHubConfig();
  const documentClient = dynamoDocumentClient();
  return {
    documentClient,
    enquiries: new EnquiryRepository(documentClient, tableName, retentionRepositoryOptions(config)),
    caseworkers: new CaseworkerRepository(documentClient, tableName),
    staff: new StaffRepository(documentClient, tableName),
    config,
    policy: hubServiceLevels(config),
    logger,
    clock: () => new Date(),
  };
}

/**
 * The handler definition of a staff API function: the front door check, its environment parsed and
 * `build` run once per container, then every request dispatched. For the house handler shapes:
 * `defineApiFunction` below (a logger only), or `defineHandler` for one that emits metrics.
 */
export function apiFunction<Schema extends z.core.$ZodType, Tools extends LoggerTools>(
  name: ApiFunctionName,
  env: Schema,
  build: (env: z.output<Schema>, tools: Tools) => HttpHandler,
): HandlerDefinition<Schema, HttpHandler, APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Tools> {
  return {
    name,
    env,
    middleware: ({ logger }, environment) => [frontDoorCheck(environment, name, logger)],
    build,
    handle: (event, api, context) => api(event, context),
  };
}

/** A staff API function that emits no metric, so its bundle carries no metrics code. */
export function defineApiFunction<Schema extends z.core.$ZodType>(
  name: ApiFunctionName,
  env: Schema,
  build: (env: z.output<Schema>, tools: LoggerTools) => HttpHandler,
) {
  return defineLoggedHandler(apiFunction(name, env, build));
}
