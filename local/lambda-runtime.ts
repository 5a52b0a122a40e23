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
 * Tells `listener` about every invocation made through `invoke` until the returned function is
 * called. With no listener, `invoke` only calls the handler.
 */
export function onInvocation(listener: (record: InvocationRecord) => void): () => void {
  invocationListeners.add(listener);
  return () => {
    invocationListeners.delete(listener);
  };
}

/** Name of the function whose invocation is running here (only while an `onInvocation` listener is registered). */
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
    result = await running.run(name, () => handler(event, context));
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
