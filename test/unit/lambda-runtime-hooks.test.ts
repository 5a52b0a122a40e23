import { describe, expect, it } from 'vitest';
import { currentFunctionName, invoke, onInvocation } from '../../local/lambda-runtime';

describe('local Lambda runtime invocation hook (used by the benchmark)', () => {
  it('reports each invocation with its function, outcome and timing, and stops when unsubscribed', async () => {
    const seen: { functionName: string; failed: boolean; took: number; inside?: string }[] = [];
    let inside: string | undefined;
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
    await invoke('router', async () => 'unseen', {});

    expect(seen.map(({ functionName, failed }) => ({ functionName, failed }))).toEqual([
      { functionName: 'router', failed: false },
      { functionName: 'api', failed: true },
    ]);
    expect(inside).toBe('router');
    expect(seen.every((record) => record.took >= 0)).toBe(true);
  });

  it('never lets a failing listener change the handler result', async () => {
    const stop = onInvocation(() => {
      throw new Error('listener bug');
    });
    await expect(invoke('router', async () => 42, {})).resolves.toBe(42);
    stop();
  });
});
