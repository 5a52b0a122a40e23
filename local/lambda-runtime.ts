/**
 * The small part of the Lambda runtime the local stack needs: a `Context` for each invocation and a
 * typed way to call a handler. Handlers are the production modules, imported unchanged.
 */
import { randomUUID } from 'node:crypto';
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

/** Invokes a handler as Lambda would, with a per-invocation context. */
export async function invoke<TEvent, TResult>(
  name: string,
  handler: LambdaHandler<TEvent, TResult>,
  event: TEvent,
  timeoutMs = 30_000,
): Promise<TResult> {
  return handler(event, lambdaContext(name, timeoutMs));
}
