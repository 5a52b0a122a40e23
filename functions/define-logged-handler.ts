/**
 * The one shape of every Lambda function of the hub:
 *
 *   export const handler = defineLoggedHandler({ name, env, build, handle });   // logs only
 *   export const handler = defineHandler({ name, env, build, handle });         // logs and metrics
 *
 * - `env`: a zod schema of the function's environment, parsed once per container with
 *   `parseEnvironment` (a missing or bad variable fails the cold start, naming the variable).
 * - `build`: makes the function's dependencies (configuration, SDK clients, stores) once per
 *   container, at its first invocation, from the parsed environment and the function's tools (its
 *   logger, and its metrics publisher for `defineHandler`). Tests and the local stack build
 *   dependencies of their own and call the use case.
 * - `handle`: parses the event, calls one use case, shapes the answer.
 *
 * The middleware order is the same everywhere: the logger's Lambda context first (every line,
 * including an error's, carries the request id), then metrics publishing (functions that publish),
 * then the function's own (such as HTTP error mapping), then `handle`.
 *
 * This module imports no Powertools Metrics: a function that emits no metric uses
 * `defineLoggedHandler` and bundles no metrics code (`functions/define-handler.ts` adds them).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { parseEnvironment } from '../shared/adapters/function-environment';
import type { FunctionName } from '../shared/adapters/resource-definitions';
import type * as z from '../shared/domain/zod';

/** What every function has besides its dependencies: one logger. */
export interface LoggerTools {
  readonly logger: Logger;
}

export interface HandlerDefinition<Schema extends z.core.$ZodType, Deps, Event, Result, Tools = LoggerTools> {
  /** The function (`functions/<name>/`): the logger's service and the subject of environment errors. */
  readonly name: FunctionName;
  /** The function's environment. */
  readonly env: Schema;
  /** Its dependencies, built once per container. */
  readonly build: (env: z.output<Schema>, tools: Tools) => Deps;
  /** One invocation: parse the event, call the use case, shape the answer. */
  readonly handle: (event: Event, deps: Deps, context: Context) => Promise<Result>;
  /** The function's own middlewares, after the logger's and the metrics' (e.g. HTTP error mapping). */
  readonly middleware?: (
    tools: Tools,
    environment: Record<string, string | undefined>,
  ) => readonly MiddlewareObj<Event, Result, Error, Context>[];
}

/** A Lambda entry point, with the container's tools for the function's own wiring and its tests. */
export type DefinedHandler<Event, Result, Tools = LoggerTools> = MiddyfiedHandler<
  Event,
  Result,
  Error,
  Context
> & {
  readonly tools: Tools;
};

/**
 * Builds an entry point from tools already made: the logger's middleware, then `before` (metrics
 * publishing), then the function's own. Shared by {@link defineLoggedHandler} and `defineHandler`.
 */
export function assembleHandler<
  Schema extends z.core.$ZodType,
  Deps,
  Event,
  Result,
  Tools extends LoggerTools,
>(
  tools: Tools,
  definition: HandlerDefinition<Schema, Deps, Event, Result, Tools>,
  environment: () => Record<string, string | undefined>,
  before: readonly MiddlewareObj<Event, Result, Error, Context>[] = [],
): DefinedHandler<Event, Result, Tools> {
  let deps: Deps | undefined;
  const container = (): Deps => {
    deps ??= definition.build(parseEnvironment(definition.env, environment(), definition.name), tools);
    return deps;
  };
  const handler = middy<Event, Result, Error, Context>().use(injectLambdaContext(tools.logger));
  for (const middleware of before) handler.use(middleware);
  for (const middleware of definition.middleware?.(tools, environment()) ?? []) handler.use(middleware);
  return Object.assign(
    handler.handler((event: Event, context: Context) => definition.handle(event, container(), context)),
    { tools },
  );
}

/**
 * Builds a Lambda entry point of the one house shape for a function that emits no metrics (see the
 * module comment).
 * @param environment where the environment is read from (tests pass their own; default `process.env`).
 */
export function defineLoggedHandler<Schema extends z.core.$ZodType, Deps, Event, Result>(
  definition: HandlerDefinition<Schema, Deps, Event, Result>,
  environment: () => Record<string, string | undefined> = () => process.env,
): DefinedHandler<Event, Result> {
  return assembleHandler({ logger: new Logger({ serviceName: definition.name }) }, definition, environment);
}
