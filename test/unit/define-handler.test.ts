import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineHandler } from '../../functions/define-handler';
import { defineLoggedHandler } from '../../functions/define-logged-handler';
import { lambdaContext } from '../../local/lambda-runtime';
import { EnvironmentError } from '../../shared/adapters/function-environment';

const Env = z.object({ TABLE_NAME: z.string().min(1), BATCH: z.coerce.number().int().positive() });

function context(): Context {
  return lambdaContext('test-function', 30_000);
}

describe('defineHandler', () => {
  it('parses the environment and builds the dependencies once per container, at the first invocation', async () => {
    let builds = 0;
    let reads = 0;
    const handler = defineHandler(
      {
        name: 'retention',
        env: Env,
        build: (env) => {
          builds += 1;
          return { table: env.TABLE_NAME, batch: env.BATCH, built: builds };
        },
        handle: async (event: { n: number }, deps) => ({ ...deps, n: event.n }),
      },
      () => {
        reads += 1;
        return { TABLE_NAME: 'Table', BATCH: '25' };
      },
    );
    expect(builds).toBe(0);
    const first = await handler({ n: 1 }, context());
    const second = await handler({ n: 2 }, context());
    expect(first).toEqual({ table: 'Table', batch: 25, built: 1, n: 1 });
    expect(second).toEqual({ table: 'Table', batch: 25, built: 1, n: 2 });
    expect({ builds, reads }).toEqual({ builds: 1, reads: 1 });
  });

  it('fails the cold start naming every bad or missing variable, never their values', async () => {
    const handler = defineHandler(
      {
        name: 'reporter',
        env: Env,
        build: () => ({}),
        handle: async () => 'ran',
      },
      () => ({ BATCH: 'secret-value' }),
    );
    const failure = await handler({}, context()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EnvironmentError);
    expect((failure as EnvironmentError).variables).toEqual(['TABLE_NAME', 'BATCH']);
    expect((failure as Error).message).toContain('reporter');
    expect((failure as Error).message).not.toContain('secret-value');
  });

  it("runs the function's own middlewares in order, then handle, with the function's logger", async () => {
    const order: string[] = [];
    const mark = (name: string): MiddlewareObj<unknown, string, Error, Context> => ({
      before: () => {
        order.push(name);
      },
    });
    const handler = defineHandler(
      {
        name: 'api',
        env: z.object({}),
        build: (_env, tools) => tools,
        middleware: () => [mark('first'), mark('second')],
        handle: async (_event: unknown, tools) => {
          order.push(tools.logger === handler.tools.logger ? 'handle' : 'handle with another logger');
          return 'done';
        },
      },
      () => ({}),
    );
    await handler({}, context());
    expect(order).toEqual(['first', 'second', 'handle']);
  });

  it('gives a function that emits no metrics the same shape with a logger only', async () => {
    const order: string[] = [];
    const handler = defineLoggedHandler(
      {
        name: 'ses-feedback',
        env: Env,
        build: (env, tools) => ({ table: env.TABLE_NAME, tools }),
        middleware: () => [{ before: () => void order.push('own') }],
        handle: async (_event: unknown, deps) => {
          order.push('handle');
          return { table: deps.table, tools: Object.keys(deps.tools) };
        },
      },
      () => ({ TABLE_NAME: 'Table', BATCH: '1' }),
    );
    expect(await handler({}, context())).toEqual({ table: 'Table', tools: ['logger'] });
    expect(Object.keys(handler.tools)).toEqual(['logger']);
    expect(order).toEqual(['own', 'handle']);
    const failure = await defineLoggedHandler(
      { name: 'retention', env: Env, build: () => ({}), handle: async () => 'ran' },
      () => ({}),
    )({}, context()).catch((error: unknown) => error);
    expect((failure as EnvironmentError).variables).toEqual(['TABLE_NAME', 'BATCH']);
  });
});
