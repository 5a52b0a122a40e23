/**
 * Starts the real local emulators that stand in for AWS: DynamoDB Local (AWS's own, run on Java),
 * fauxqs for SQS and S3, and aws-ses-v2-local for SES. Used by `npm start` and the test setup alike.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import path from 'node:path';

export interface RunningEmulator {
  readonly name: string;
  readonly endpoint: string;
  readonly port: number;
  /** The emulator's own process, when it runs in one (its CPU time is read by the bench). */
  readonly pid?: number;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

export class EmulatorStartError extends Error {
  override readonly name = 'EmulatorStartError';
}

/** Asks the OS for a free loopback port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new EmulatorStartError('no free port');
  return address.port;
}

/** Fails with a clear message when something already listens on the port. */
export async function assertPortFree(port: number, what: string): Promise<void> {
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new EmulatorStartError(
          error.code === 'EADDRINUSE'
            ? `port ${port} (${what}) is already in use: stop whatever holds it or choose another port`
            : `cannot listen on port ${port} (${what}): ${error.message}`,
        ),
      );
    });
    server.listen(port, '127.0.0.1', resolve);
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new EmulatorStartError(`${what} did not become ready within ${timeoutMs} ms`);
}

function dynamoLocalDir(): string {
  return path.join(path.dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

/**
 * How DynamoDB Local's JVM runs, here and in the bench's raw-rate section alike (both start it
 * through `startDynamoDbLocal`). On two shared cores its CPU per request bounds the local stack:
 * - the serial collector: the heap is small and the server mostly one request at a time, so G1's
 *   concurrent threads and barriers (the JVM's default on two cores) cost more than they save;
 * - `-disableTelemetry` (a DynamoDB Local option): no usage metrics collected and sent to AWS from
 *   a developer's machine or CI, nor the work of collecting them.
 */
const DYNAMODB_LOCAL_JVM_OPTIONS = ['-Xmx512m', '-XX:+UseSerialGC'] as const;
const DYNAMODB_LOCAL_SERVER_OPTIONS = ['-disableTelemetry'] as const;

/** AWS's DynamoDB Local (it has the transactions the router needs). `dbPath` persists to disk. */
export async function startDynamoDbLocal(
  options: { port?: number; dbPath?: string } = {},
): Promise<RunningEmulator> {
  const port = options.port ?? (await freePort());
  await assertPortFree(port, 'DynamoDB Local');
  const dir = dynamoLocalDir();
  const storage = options.dbPath === undefined ? ['-inMemory'] : ['-dbPath', options.dbPath];
  if (options.dbPath !== undefined) mkdirSync(options.dbPath, { recursive: true });
  const child: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`,
      ...DYNAMODB_LOCAL_JVM_OPTIONS,
      '-jar',
      path.join(dir, 'DynamoDBLocal.jar'),
      ...storage,
      ...DYNAMODB_LOCAL_SERVER_OPTIONS,
      '-port',
      String(port),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let exited: string | undefined;
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  child.once('error', (error) => {
    exited = `could not run java (${error.message}); install a Java runtime (apt-get install -y default-jre-headless)`;
  });
  child.once('exit', (code) => {
    exited ??= `DynamoDB Local exited with code ${code}: ${stderr.trim()}`;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (exited !== undefined) throw new EmulatorStartError(exited);
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20260101/eu-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=x',
        },
        body: '{}',
      });
      return response.status === 200;
    },
    'DynamoDB Local',
    30_000,
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw exited === undefined ? error : new EmulatorStartError(exited);
  });
  return {
    name: 'DynamoDB Local',
    ...(child.pid === undefined ? {} : { pid: child.pid }),
    endpoint,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/** fauxqs: SQS (JSON protocol) and S3 on one port. `dataDir` persists to SQLite. */
export async function startFauxqs(
  options: { port?: number; dataDir?: string } = {},
): Promise<RunningEmulator> {
  const port = options.port ?? (await freePort());
  await assertPortFree(port, 'SQS/S3 emulator (fauxqs)');
  if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
  const { startFauxqs: start } = await import('fauxqs');
  const server = await start({
    port,
    logger: false,
    host: '127.0.0.1',
    defaultRegion: 'eu-west-2',
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
  });
  return { name: 'SQS/S3 (fauxqs)', endpoint: `http://127.0.0.1:${port}`, port, stop: () => server.stop() };
}

interface SesServerModule {
  default: (config: { host: string; port: number }) => Promise<import('node:http').Server>;
}

/** aws-ses-v2-local: accepts SES v1/v2 sends and shows them at `/` (viewer) and `/store` (JSON). */
export async function startSesLocal(options: { port?: number } = {}): Promise<RunningEmulator> {
  const port = options.port ?? (await freePort());
  await assertPortFree(port, 'SES emulator');
  // The package is CommonJS with its server on `exports.default`, so ESM sees it one level down.
  // Depending on the loader, the function is `default` or `default.default`.
  const module = (await import('aws-ses-v2-local')) as unknown as {
    default: SesServerModule | SesServerModule['default'];
  };
  const serve = typeof module.default === 'function' ? module.default : module.default.default;
  const server = await serve({ host: '127.0.0.1', port });
  return {
    name: 'SES (aws-ses-v2-local)',
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
