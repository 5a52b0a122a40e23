/**
 * Runs a function's invocations on worker threads, one sandbox per concurrent invocation, as
 * Lambda runs each concurrent invocation in its own execution environment: each thread imports the
 * production handler module itself (its own configuration and module-scope SDK clients), and takes
 * one invocation at a time; invocations beyond the thread count wait for a free one. The result
 * is a handler for `invoke`, so invocation hooks and partial batch responses work as in-process;
 * AWS calls made in the threads reach this thread's `onAwsCall` watchers while any watch.
 *
 * Used where the local stack must use the machine's cores (the benchmark's end-to-end run): on one
 * thread the router's triage and SDK work would queue behind the doors and emulators.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import {
  type AwsCall,
  type AwsCallWatch,
  awsCallWatch,
  onAwsCallWatching,
  tellAwsCall,
} from '../shared/adapters/aws-clients';
import type { LambdaHandler } from './lambda-runtime';

/** What each thread is told at start. */
export interface ThreadData {
  readonly functionName: string;
  /** Absolute path of the handler module (`functions/<name>/handler.ts`). */
  readonly modulePath: string;
  readonly exportName: string;
}

export type FromParent =
  | { readonly kind: 'invoke'; readonly id: number; readonly event: unknown; readonly timeoutMs: number }
  | { readonly kind: 'watch-aws-calls'; readonly watch: AwsCallWatch | null };

export type ToParent =
  | { readonly kind: 'ready' }
  | {
      readonly kind: 'result';
      readonly id: number;
      readonly result?: unknown;
      readonly error?: { name: string; message: string };
    }
  | { readonly kind: 'aws-call'; readonly call: AwsCall };

export class FunctionThreadError extends Error {
  override readonly name = 'FunctionThreadError';
}

/** An error thrown in a thread, rebuilt here with its class name (the poller and logs read it). */
class RemoteError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export interface FunctionThreads<TEvent, TResult> {
  /** Pass to `invoke` (the context's remaining time crosses; the thread builds its own context). */
  readonly handler: LambdaHandler<TEvent, TResult>;
  stop(): Promise<void>;
}

interface Pending {
  readonly message: Extract<FromParent, { kind: 'invoke' }>;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
}

export async function startFunctionThreads<TEvent, TResult>(options: {
  readonly functionName: string;
  readonly modulePath: string;
  readonly exportName?: string;
  readonly threads: number;
}): Promise<FunctionThreads<TEvent, TResult>> {
  const data: ThreadData = {
    functionName: options.functionName,
    modulePath: options.modulePath,
    exportName: options.exportName ?? 'handler',
  };
  const idle: Worker[] = [];
  const busy = new Map<Worker, Pending>();
  const queue: Pending[] = [];
  let next = 0;
  let stopping = false;

  const dispatch = () => {
    while (queue.length > 0 && idle.length > 0) {
      const worker = idle.pop();
      const pending = queue.shift();
      if (worker === undefined || pending === undefined) return;
      busy.set(worker, pending);
      worker.postMessage(pending.message);
    }
  };

  const startOne = () =>
    new Promise<Worker>((resolve, reject) => {
      // The handler modules are TypeScript: each thread loads them through tsx, whoever started us.
      const worker = new Worker(new URL('./function-thread.ts', import.meta.url), {
        workerData: data,
        execArgv: ['--import', 'tsx'],
        env: process.env,
      });
      worker.on('message', (message: ToParent) => {
        if (message.kind === 'ready') {
          resolve(worker);
          return;
        }
        if (message.kind === 'aws-call') {
          const { call } = message;
          const here = (time: number) => time - performance.timeOrigin;
          tellAwsCall({ ...call, startedAt: here(call.startedAt), endedAt: here(call.endedAt) });
          return;
        }
        const pending = busy.get(worker);
        if (pending === undefined || pending.message.id !== message.id) return;
        busy.delete(worker);
        idle.push(worker);
        if (message.error === undefined) pending.resolve(message.result);
        else pending.reject(new RemoteError(message.error.name, message.error.message));
        dispatch();
      });
      worker.once('error', (error) => {
        reject(error);
        const pending = busy.get(worker);
        busy.delete(worker);
        pending?.reject(error);
      });
      worker.once('exit', (code) => {
        const index = idle.indexOf(worker);
        if (index >= 0) idle.splice(index, 1);
        const pending = busy.get(worker);
        busy.delete(worker);
        pending?.reject(new FunctionThreadError(`${options.functionName} thread ended (exit ${code})`));
        if (!stopping)
          reject(new FunctionThreadError(`${options.functionName} thread ended at start (exit ${code})`));
      });
    });

  const workers = await Promise.all(Array.from({ length: options.threads }, startOne));
  idle.push(...workers);
  const tellWatching = (watch: AwsCallWatch | null) => {
    for (const worker of workers) worker.postMessage({ kind: 'watch-aws-calls', watch } satisfies FromParent);
  };
  const watching = awsCallWatch();
  if (watching !== null) tellWatching(watching);
  const stopWatching = onAwsCallWatching(tellWatching);

  const handler: LambdaHandler<TEvent, TResult> = (event, context) =>
    new Promise<TResult>((resolve, reject) => {
      if (stopping) {
        reject(new FunctionThreadError(`${options.functionName} threads are stopping`));
        return;
      }
      next += 1;
      queue.push({
        message: { kind: 'invoke', id: next, event, timeoutMs: context.getRemainingTimeInMillis() },
        resolve: (result) => resolve(result as TResult),
        reject,
      });
      dispatch();
    });

  return {
    handler,
    async stop() {
      stopping = true;
      stopWatching();
      for (const pending of queue.splice(0)) {
        pending.reject(new FunctionThreadError(`${options.functionName} threads stopped`));
      }
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
