import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FunctionThreads, startFunctionThreads } from '../../local/function-threads';
import { invoke } from '../../local/lambda-runtime';

type FixtureEvent = { waitMs?: number; fail?: boolean };
type FixtureResult = {
  threadId: number;
  loadedAt: number;
  invocation: number;
  functionName: string;
  remainingMs: number;
};

let threads: FunctionThreads<FixtureEvent, FixtureResult>;

beforeAll(async () => {
  threads = await startFunctionThreads<FixtureEvent, FixtureResult>({
    functionName: 'router',
    modulePath: path.join(import.meta.dirname, '../support/thread-fixture-handler.ts'),
    threads: 2,
  });
}, 60_000);

afterAll(async () => {
  await threads?.stop();
});

describe('local function threads (one sandbox per concurrent invocation)', () => {
  it('runs invocations on worker threads, each with its own module scope, at most one at a time per thread', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => invoke('router', threads.handler, { waitMs: 30 }, 5_000)),
    );
    const byThread = new Map<number, FixtureResult[]>();
    for (const result of results)
      byThread.set(result.threadId, [...(byThread.get(result.threadId) ?? []), result]);
    // Two sandboxes, neither of them this thread.
    expect(byThread.size).toBe(2);
    expect([...byThread.keys()]).not.toContain(0);
    for (const runs of byThread.values()) {
      // Each sandbox loaded the module once and counted its own invocations one after another.
      expect(new Set(runs.map((run) => run.loadedAt)).size).toBe(1);
      expect(runs.map((run) => run.invocation).sort()).toEqual(runs.map((_, index) => index + 1));
    }
    expect(results.every((result) => result.functionName === 'router')).toBe(true);
    // The invocation's remaining time crossed with it.
    expect(results.every((result) => result.remainingMs > 0 && result.remainingMs <= 5_000)).toBe(true);
  });

  it("fails the invocation with the thread's error class name and keeps the sandbox for the next", async () => {
    await expect(invoke('router', threads.handler, { fail: true })).rejects.toMatchObject({
      name: 'FixtureRefusal',
      message: 'refused as asked',
    });
    await expect(invoke('router', threads.handler, {})).resolves.toMatchObject({ functionName: 'router' });
  });
});
