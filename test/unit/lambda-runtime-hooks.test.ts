import { describe, expect, it } from 'vitest';
import { currentFunctionName, invoke, onInvocation, trackFunctionNames } from '../../local/lambda-runtime';

describe('local Lambda runtime invocation hook (used by the benchmark)', () => {
  it('reports each invocation with its function, outcome and timing, and stops when unsubscribed', async () => {
    const seen: { functionName: string; failed: boolean; took: number; inside?: string }[] = [];
    let inside: string | undefined;
    const stopTracking = trackFunctionNames();
    const stop = onInvocation((record) =>
      seen.push({
        functionName: record.functionName,
        failed: record.failed,
        took: record.endedAt - record.startedAt,
        inside,
      }),
    );
    await invoke(
      'router',
      async () => {
        inside = currentFunctionName();
        return 'ok';
      },
      {},
    );
    await expect(invoke('api', async () => Promise.reject(new Error('boom')), {})).rejects.toThrow('boom');
    stop();
    stopTracking();
    await invoke('router', async () => 'unseen', {});

    expect(seen.map(({ functionName, failed }) => ({ functionName, failed }))).toEqual([
      { functionName: 'router', failed: false },
      { functionName: 'api', failed: true },
    ]);
    expect(inside).toBe('router');
    expect(seen.every((record) => record.took >= 0)).toBe(true);
  });

  it('names the running function only while someone tracks names (its AsyncLocalStorage costs every promise)', async () => {
    const names: (string | undefined)[] = [];
    const handler = async () => {
      await Promise.resolve();
      names.push(currentFunctionName());
    };
    const stopWatching = onInvocation(() => undefined);
    await invoke('router', handler, {});
    const stopTracking = trackFunctionNames();
    await invoke('ingest-email', handler, {});
    stopTracking();
    await invoke('api', handler, {});
    stopWatching();
    expect(names).toEqual([undefined, 'ingest-email', undefined]);
  });

  it('never lets a failing listener change the handler result', async () => {
    const stop = onInvocation(() => {
      throw new Error('listener bug');
    });
    await expect(invoke('router', async () => 42, {})).resolves.toBe(42);
    stop();
  });
});
