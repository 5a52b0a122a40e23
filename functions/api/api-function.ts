/**
 * The handler shape of every staff API function, apart from the wiring (`wiring.ts`) so that the
 * catch-all, which builds nothing, bundles none of the repositories.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ApiFunctionName } from '../../shared/adapters/api-routes';
import { frontDoorCheck } from '../../shared/adapters/origin-secret';
import type * as z from '../../shared/domain/zod';
import { defineLoggedHandler, type HandlerDefinition, type LoggerTools } from '../define-logged-handler';
import type { HttpHandler } from './route-group';

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
