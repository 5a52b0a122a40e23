/**
 * The small part of the Lambda runtime the local stack needs: a `Context` for each invocation and a
 * typed way to call a handler. Handlers are the production modules, imported unchanged.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Context } from 'aws-lambda';

export type LambdaHandler<TEvent, TResult> = (event: TEvent, context: Context) => Promise<TResult>;

/** A Lambda-like context whose remaining time counts down from `timeoutMs`. */
export function lambdaContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-2:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** One finished invocation, as told to {@link onInvocation} listeners (benchmarks, cost counting). */
export interface InvocationRecord {
  readonly functionName: string;
  /** The event the handler was given (e.g. the SQS batch) and what it returned, to tell which work it did. */
  readonly event: unknown;
  readonly result: unknown;
  /** `performance.now()` at the start and the end of the invocation. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly failed: boolean;
}

const invocationListeners = new Set<(record: InvocationRecord) => void>();
const running = new AsyncLocalStorage<string>();
/**
 * How many watchers asked for {@link currentFunctionName}. Running an AsyncLocalStorage turns on
 * Node's promise hooks for the whole process, a cost on every promise of every handler, client and
 * emulator here: paid only while someone needs the name (the cost meter), not by every watcher.
 */
let nameTrackers = 0;

/**
 * Tells `listener` about every invocation made through `invoke` until the returned function is
 * called. With no listener, `invoke` only calls the handler.
 */
export function onInvocation(listener: (record: InvocationRecord) => void): () => void {
  invocationListeners.add(listener);
  return () => {
    invocationListeners.delete(listener);
  };
}

/**
 * Makes {@link currentFunctionName} answer inside invocations made through `invoke` until the
 * returned function is called.
 */
export function trackFunctionNames(): () => void {
  nameTrackers += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    nameTrackers -= 1;
  };
}

/** Name of the function whose invocation is running here (only while {@link trackFunctionNames} is on). */
export function currentFunctionName(): string | undefined {
  return running.getStore();
}

/** Invokes a handler as Lambda would, with a per-invocation context. */
export async function invoke<TEvent, TResult>(
  name: string,
  handler: LambdaHandler<TEvent, TResult>,
  event: TEvent,
  timeoutMs = 30_000,
): Promise<TResult> {
  const context = lambdaContext(name, timeoutMs);
  if (invocationListeners.size === 0) return handler(event, context);
  const startedAt = performance.now();
  let failed = false;
  let result: TResult | undefined;
  try {
    result = await (nameTrackers > 0
      ? running.run(name, () => handler(event, context))
      : handler(event, context));
    return result;
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    const record: InvocationRecord = {
      functionName: name,
      event,
      result,
      startedAt,
      endedAt: performance.now(),
      failed,
    };
    for (const listener of invocationListeners) {
      try {
        listener(record);
      } catch {
        // A listener's fault never changes the invocation's outcome.
      }
    }
  }
}
