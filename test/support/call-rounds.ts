/**
 * Records the AWS requests made while a test runs (through the `onAwsCall` hook every client of
 * `aws-clients.ts` reports to) and measures how many had to wait for one another: the longest
 * chain of calls each started after the one before it ended. Calls in parallel count once.
 */
import { type AwsCall, onAwsCall } from '../../shared/adapters/aws-clients';

export interface CallRecorder {
  readonly calls: AwsCall[];
  stop(): void;
}

/** Starts recording; `services` limits it (e.g. leave out an SQS poller's own polling). */
export function recordAwsCalls(services: readonly AwsCall['service'][]): CallRecorder {
  const calls: AwsCall[] = [];
  const stop = onAwsCall((call) => {
    if (services.includes(call.service)) calls.push(call);
  });
  return { calls, stop };
}

/** The longest chain of calls that ran one after another (the round trips a user waits for). */
export function sequentialDepth(calls: readonly AwsCall[]): number {
  const sorted = [...calls].sort((a, b) => a.startedAt - b.startedAt);
  const depth: number[] = [];
  sorted.forEach((call, index) => {
    let before = 0;
    for (let j = 0; j < index; j += 1) {
      const earlier = sorted[j];
      if (earlier !== undefined && earlier.endedAt <= call.startedAt)
        before = Math.max(before, depth[j] ?? 0);
    }
    depth.push(before + 1);
  });
  return Math.max(0, ...depth);
}

/** `service Command` of each call, in the order they started. */
export function callNames(calls: readonly AwsCall[]): string[] {
  return [...calls]
    .sort((a, b) => a.startedAt - b.startedAt)
    .map((call) => `${call.service} ${call.command.replace(/Command$/, '')}`);
}
