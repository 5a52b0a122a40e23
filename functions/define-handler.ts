/**
 * `defineHandler`: the house shape of a Lambda function (`functions/define-logged-handler.ts`
 * explains it) for a function that emits metrics: its tools add a Powertools Metrics publisher in
 * the product's namespace, and `publishesMetrics` flushes what `handle` adds after each invocation.
 * A function that emits none uses `defineLoggedHandler`, so its bundle carries no metrics code.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { RESOURCES } from '../shared/adapters/resource-definitions';
import type * as z from '../shared/domain/zod';
import {
  assembleHandler,
  type DefinedHandler,
  type HandlerDefinition as LoggedDefinition,
  type LoggerTools,
} from './define-logged-handler';

/** What a function that emits metrics has besides its dependencies: one logger and one metrics publisher. */
export interface FunctionTools extends LoggerTools {
  /** The product's namespace; the service dimension comes from POWERTOOLS_SERVICE_NAME (one per stage). */
  readonly metrics: Metrics;
}

export interface HandlerDefinition<Schema extends z.core.$ZodType, Deps, Event, Result>
  extends LoggedDefinition<Schema, Deps, Event, Result, FunctionTools> {
  /** Publish the metrics `handle` and the use case add (Powertools `logMetrics`). */
  readonly publishesMetrics?: boolean;
}

/**
 * Builds a Lambda entry point of the one house shape, with metrics.
 * @param environment where the environment is read from (tests pass their own; default `process.env`).
 */
export function defineHandler<Schema extends z.core.$ZodType, Deps, Event, Result>(
  definition: HandlerDefinition<Schema, Deps, Event, Result>,
  environment: () => Record<string, string | undefined> = () => process.env,
): DefinedHandler<Event, Result, FunctionTools> {
  const tools: FunctionTools = {
    logger: new Logger({ serviceName: definition.name }),
    metrics: new Metrics({ namespace: RESOURCES.metrics.namespace }),
  };
  return assembleHandler(
    tools,
    definition,
    environment,
    definition.publishesMetrics === true ? [logMetrics(tools.metrics)] : [],
  );
}

/** A Lambda entry point with metrics, and its tools. */
export type DefinedMeteredHandler<Event, Result> = DefinedHandler<Event, Result, FunctionTools>;
