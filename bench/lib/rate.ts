/**
 * Runs an operation over and over with a fixed number of workers, bounded by a count and a time
 * limit (whichever comes first), and reports the rate and the per-call latency.
 */
import { performance } from 'node:perf_hooks';
import { quantile } from './stats';

export interface RateOptions {
  readonly concurrency: number;
  /** Most operations to run (after warm-up). */
  readonly maxOps: number;
  /** Stop starting new operations after this long. */
  readonly maxMs: number;
  /** Untimed operations first (JIT, connection pools). */
  readonly warmUp?: number;
  /** How many units of work one operation does (e.g. 10 messages per batch). */
  readonly unitsPerOp?: number;
}

export interface RateResult {
  readonly ops: number;
  readonly units: number;
  readonly elapsedMs: number;
  /** Units per second. */
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** `op(i)` gets a number unique in the run, to build unique keys. */
export async function measureRate(
  options: RateOptions,
  op: (index: number) => Promise<unknown>,
): Promise<RateResult> {
  let next = 0;
  const warmUp = options.warmUp ?? Math.min(50, options.maxOps);
  await runWorkers(options.concurrency, async () => {
    while (next < warmUp) await op(next++);
  });
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + options.maxMs;
  let done = 0;
  await runWorkers(options.concurrency, async () => {
    while (next - warmUp < options.maxOps && performance.now() < deadline) {
      const index = next++;
      const before = performance.now();
      await op(index);
      latencies.push(performance.now() - before);
      done += 1;
    }
  });
  const elapsedMs = performance.now() - started;
  const units = done * (options.unitsPerOp ?? 1);
  return {
    ops: done,
    units,
    elapsedMs,
    perSecond: units / (elapsedMs / 1000),
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
  };
}

/** Runs `count` copies of `worker` at once and waits for all (the first failure is rethrown). */
export async function runWorkers(count: number, worker: (id: number) => Promise<void>): Promise<void> {
  await Promise.all(Array.from({ length: count }, (_, id) => worker(id)));
}

/** Maps items with at most `concurrency` calls in flight, keeping order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await runWorkers(Math.min(concurrency, items.length), async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  });
  return results;
}
