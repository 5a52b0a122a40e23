/**
 * A handler module for the function-thread tests: loaded by `local/function-thread.ts` in a worker
 * thread, as a production handler module would be.
 */
import { threadId } from 'node:worker_threads';
import type { Context } from 'aws-lambda';

export class FixtureRefusal extends Error {
  override readonly name = 'FixtureRefusal';
}

/** Module scope runs once per thread, as a container's does. */
const loadedAt = Date.now();
let invocations = 0;

export async function handler(
  event: { waitMs?: number; fail?: boolean },
  context: Context,
): Promise<{
  threadId: number;
  loadedAt: number;
  invocation: number;
  functionName: string;
  remainingMs: number;
}> {
  invocations += 1;
  const invocation = invocations;
  if (event.waitMs !== undefined) await new Promise((resolve) => setTimeout(resolve, event.waitMs));
  if (event.fail === true) throw new FixtureRefusal('refused as asked');
  return {
    threadId,
    loadedAt,
    invocation,
    functionName: context.functionName,
    remainingMs: context.getRemainingTimeInMillis(),
  };
}
