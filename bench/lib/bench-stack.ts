/**
 * The local stack as the end-to-end and cost sections drive it: started in this process (memory
 * mode, free ports, no escalator timer), fed through its public doors only (the SMTP door with
 * nodemailer, `POST /phone-logs` signed in as the demo call handler) by senders in a process of
 * their own (`senders.ts`), and watched through the local Lambda runtime's invocation hook to see
 * when each intake was routed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { freePort } from '../../local/emulators';
import { type InvocationRecord, onInvocation } from '../../local/lambda-runtime';
import { type LocalStack, startLocalStack } from '../../local/stack';
import type { HubConfig } from '../../shared/config/hub-config';
import { loadHubConfig } from '../../shared/config/load-hub-config';
import type { CorpusCall } from './corpus';
import { type Senders, startSenders } from './senders';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface BenchStack {
  readonly stack: LocalStack;
  /** The hub configuration the stack runs with. */
  readonly config: HubConfig;
  /** Where enquiries are sent, and a council domain colleagues forward from (from the configuration). */
  readonly hubMailbox: string;
  readonly councilDomain: string;
  /** Sends one raw message through the SMTP door; resolves when the door accepted it. */
  sendMail(raw: Buffer): Promise<void>;
  /** Posts phone-log entries in one request; resolves when the API answered 200. */
  postCalls(calls: readonly CorpusCall[]): Promise<void>;
  /** When each intake id was routed: the end of the first router invocation that stored it. */
  readonly routedAt: ReadonlyMap<string, number>;
  /** Every finished invocation since start, by function name. */
  readonly invocations: ReadonlyMap<string, readonly InvocationRecord[]>;
  stop(): Promise<void>;
}

export class BenchStackError extends Error {
  override readonly name = 'BenchStackError';
}

/** Intake ids of the records a router invocation handled without reporting them failed. */
function routedIntakeIds(record: InvocationRecord): string[] {
  if (record.failed) return [];
  const event = record.event as SQSEvent;
  const failures = new Set(
    ((record.result as SQSBatchResponse | undefined)?.batchItemFailures ?? []).map((f) => f.itemIdentifier),
  );
  const ids: string[] = [];
  for (const sqsRecord of event.Records ?? []) {
    if (failures.has(sqsRecord.messageId)) continue;
    const intakeId = (JSON.parse(sqsRecord.body) as { intakeId?: unknown }).intakeId;
    if (typeof intakeId === 'string') ids.push(intakeId);
  }
  return ids;
}

/**
 * With metrics disabled, Powertools still warns on every invocation that it had none to publish
 * (on its own stderr console); that one line is dropped, every other line still shows.
 */
function quietEmptyMetricsWarning(): void {
  const write = process.stderr.write.bind(process.stderr) as (
    chunk: string | Uint8Array,
    ...rest: unknown[]
  ) => boolean;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (String(chunk).startsWith('No application metrics to publish')) return true;
    return write(chunk, ...rest);
  }) as typeof process.stderr.write;
}

export async function startBenchStack(
  log: (line: string) => void,
  options: { functionThreads?: boolean; smtpConnections?: number } = {},
): Promise<BenchStack> {
  // Handlers log warnings and metrics to stdout; keep the bench output readable.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.LOG_LEVEL ??= 'ERROR';
  quietEmptyMetricsWarning();
  const hubConfigFile = path.join(ROOT, 'config/hub.json');
  const config = loadHubConfig(hubConfigFile);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'send-hub-bench-stack-'));
  const [httpPort, smtpPort, sesPort] = [await freePort(), await freePort(), await freePort()];
  const invocations = new Map<string, InvocationRecord[]>();
  const routerRecords: InvocationRecord[] = [];
  const stopListening = onInvocation((record) => {
    // Kept as they are and read after the run, so watching costs the stack nothing measurable.
    const list = invocations.get(record.functionName) ?? [];
    list.push(record);
    invocations.set(record.functionName, list);
    if (record.functionName === 'router') routerRecords.push(record);
  });
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      memory: true,
      dataDir,
      httpPort,
      smtpPort,
      sesPort,
      dynamoPort: 0,
      fauxqsPort: 0,
      hubConfigFile,
      escalateEveryMs: 0,
      functionThreads: options.functionThreads ?? false,
      log,
    });
  } catch (error) {
    stopListening();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const signIn = await fetch(`${stack.urls.http}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'callhandler', password: 'demo' }),
  });
  if (signIn.status !== 200) {
    await stack.stop();
    stopListening();
    throw new BenchStackError(`sign-in as the demo call handler failed (HTTP ${signIn.status})`);
  }
  const { accessToken } = (await signIn.json()) as { accessToken: string };
  const hubMailbox = config.hub.mailbox;
  let senders: Senders;
  try {
    senders = await startSenders({
      smtpPort,
      smtpConnections: options.smtpConnections ?? 4,
      httpUrl: stack.urls.http,
      accessToken,
      hubMailbox,
    });
  } catch (error) {
    await stack.stop();
    stopListening();
    throw error;
  }

  const routedAt = new Map<string, number>();
  let scanned = 0;
  /** Folds in router invocations recorded since the last call (cheap; done when asked). */
  const refresh = () => {
    for (; scanned < routerRecords.length; scanned += 1) {
      const record = routerRecords[scanned];
      if (record === undefined) continue;
      for (const id of routedIntakeIds(record)) if (!routedAt.has(id)) routedAt.set(id, record.endedAt);
    }
  };

  return {
    stack,
    config,
    hubMailbox,
    councilDomain: config.hub.councilDomains[0] ?? 'example.gov.uk',
    sendMail: (raw) => senders.sendMail(raw),
    postCalls: (calls) => senders.postCalls(JSON.stringify(calls.map((call) => call.entry))),
    get routedAt() {
      refresh();
      return routedAt;
    },
    invocations,
    async stop() {
      senders.stop();
      try {
        await stack.stop();
      } finally {
        stopListening();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** Waits until every id is routed (or the deadline passes); returns how many are still missing. */
export async function waitUntilRouted(
  bench: BenchStack,
  intakeIds: readonly string[],
  deadline: number,
  onProgress: (routed: number) => void,
): Promise<number> {
  let lastReport = 0;
  for (;;) {
    const routed = bench.routedAt;
    const missing = intakeIds.reduce((count, id) => (routed.has(id) ? count : count + 1), 0);
    if (missing === 0 || performance.now() > deadline) return missing;
    if (performance.now() - lastReport > 5000) {
      onProgress(intakeIds.length - missing);
      lastReport = performance.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
