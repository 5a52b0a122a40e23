/**
 * One sandbox of a function run on its own thread (started by `function-threads.ts`): it imports
 * the production handler module itself, so its configuration and SDK clients are built at module
 * scope in this thread as in a Lambda container, then runs one invocation at a time. AWS calls
 * its clients make are told to the parent's watchers (benchmarks, cost counting) while any watch.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { type AwsCall, onAwsCall } from '../shared/adapters/aws-clients';
import type { FromParent, ThreadData, ToParent } from './function-threads';
import { type LambdaHandler, lambdaContext } from './lambda-runtime';

const port = parentPort;
if (port === null) throw new Error('function-thread.ts runs only as a worker thread');
const data = workerData as ThreadData;

function post(message: ToParent): void {
  port?.postMessage(message);
}

/** An error as plain data: its class name and message cross, as in Lambda's error response. */
function plainError(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

/** Tells the parent about one call; times move to the epoch so the parent can place them on its own clock. */
function forward(call: AwsCall): void {
  const at = (time: number) => time + performance.timeOrigin;
  const base = {
    service: call.service,
    command: call.command,
    startedAt: at(call.startedAt),
    endedAt: at(call.endedAt),
  };
  const error = call.error === undefined ? undefined : plainError(call.error);
  try {
    post({ kind: 'aws-call', call: { ...base, input: call.input, output: call.output, error } });
  } catch {
    // Something in the request or answer cannot be copied: the call is still told, without it.
    post({ kind: 'aws-call', call: { ...base, input: undefined, output: undefined, error } });
  }
}

const module = (await import(pathToFileURL(data.modulePath).href)) as Record<string, unknown>;
const handler = module[data.exportName] as LambdaHandler<unknown, unknown> | undefined;
if (typeof handler !== 'function') {
  throw new Error(`${data.modulePath} exports no function "${data.exportName}"`);
}

let stopForwarding: (() => void) | undefined;

port.on('message', (message: FromParent) => {
  if (message.kind === 'watch-aws-calls') {
    stopForwarding?.();
    stopForwarding =
      message.watch === null
        ? undefined
        : onAwsCall(forward, { consumedCapacity: message.watch.consumedCapacity });
    return;
  }
  handler(message.event, lambdaContext(data.functionName, message.timeoutMs)).then(
    (result) => post({ kind: 'result', id: message.id, result }),
    (error: unknown) => post({ kind: 'result', id: message.id, error: plainError(error) }),
  );
});

post({ kind: 'ready' });
