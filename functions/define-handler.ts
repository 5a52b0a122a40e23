/**
 * The one shape of every Lambda function of the hub:
 *
 *   export const handler = defineHandler({ name, env, build, handle });
 *
 * - `env`: a zod schema of the function's environment, parsed once per container with
 *   `parseEnvironment` (a missing or bad variable fails the cold start, naming the variable).
 * - `build`: makes the function's dependencies (configuration, SDK clients, stores) once per
 *   container, at its first invocation, from the parsed environment and the function's logger and
 *   metrics. Tests and the local stack build dependencies of their own and call the use case.
 * - `handle`: parses the event, calls one use case, shapes the answer.
 *
 * The middleware order is the same everywhere: the logger's Lambda context first (every line,
 * including an error's, carries the request id), then metrics publishing (functions that publish),
 * then the function's own (such as HTTP error mapping), then `handle`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { parseEnvironment } from '../shared/adapters/function-environment';
import { type FunctionName, RESOURCES } from '../shared/adapters/resource-definitions';
import type * as z from '../shared/domain/zod';

/** What every function has besides its dependencies: one logger and one metrics publisher. */
export interface FunctionTools {
  readonly logger: Logger;
  /** The product's namespace; the service dimension comes from POWERTOOLS_SERVICE_NAME (one per stage). */
  readonly metrics: Metrics;
}

export interface HandlerDefinition<Schema extends z.core.$ZodType, Deps, Event, Result> {
  /** The function (`functions/<name>/`): the logger's service and the subject of environment errors. */
  readonly name: FunctionName;
  /** The function's environment. */
  readonly env: Schema;
  /** Its dependencies, built once per container. */
  readonly build: (env: z.output<Schema>, tools: FunctionTools) => Deps;
  /** One invocation: parse the event, call the use case, shape the answer. */
  readonly handle: (event: Event, deps: Deps, context: Context) => Promise<Result>;
  /** Publish the metrics `handle` and the use case add (Powertools `logMetrics`). */
  readonly publishesMetrics?: boolean;
  /** The function's own middlewares, after the logger's and the metrics' (e.g. HTTP error mapping). */
  readonly middleware?: (
    tools: FunctionTools,
    environment: Record<string, string | undefined>,
  ) => readonly MiddlewareObj<Event, Result, Error, Context>[];
}

/** A Lambda entry point, with the container's tools for the function's own wiring and its tests. */
export type DefinedHandler<Event, Result> = MiddyfiedHandler<Event, Result, Error, Context> & {
  readonly tools: FunctionTools;
};

/**
 * Builds a Lambda entry point of the one house shape (see the module comment).
 * @param environment where the environment is read from (tests pass their own; default `process.env`).
 */
export function defineHandler<Schema extends z.core.$ZodType, Deps, Event, Result>(
  definition: HandlerDefinition<Schema, Deps, Event, Result>,
  environment: () => Record<string, string | undefined> = () => process.env,
): DefinedHandler<Event, Result> {
  const tools: FunctionTools = {
    logger: new Logger({ serviceName: definition.name }),
    metrics: new Metrics({ namespace: RESOURCES.metrics.namespace }),
  };
  let deps: Deps | undefined;
  const container = (): Deps => {
    deps ??= definition.build(parseEnvironment(definition.env, environment(), definition.name), tools);
    return deps;
  };
  const handler = middy<Event, Result, Error, Context>().use(injectLambdaContext(tools.logger));
  if (definition.publishesMetrics === true) handler.use(logMetrics(tools.metrics));
  for (const middleware of definition.middleware?.(tools, environment()) ?? []) handler.use(middleware);
  return Object.assign(
    handler.handler((event: Event, context: Context) => definition.handle(event, container(), context)),
    { tools },
  );
}
