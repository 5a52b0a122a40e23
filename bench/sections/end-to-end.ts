/**
 * Section 2: end to end. Thousands of mixed enquiries into the local stack started in this process
 * (memory mode, free ports, escalator timer off), through its public doors only: ~70% emails via
 * the SMTP door (nodemailer, five forwarding shapes), ~30% phone logs via `POST /phone-logs` in
 * batches, signed in as the demo call handler. Measures throughput, the time from sending to the
 * enquiry being stored by the router, and proves nothing was lost or duplicated.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { dynamoDocumentClient, onAwsCall, s3Client, sqsClient } from '../../shared/adapters/aws-clients';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { RESOURCES } from '../../shared/adapters/resource-definitions';
import { type BenchStack, startBenchStack, waitUntilRouted } from '../lib/bench-stack';
import { type CorpusCall, type CorpusItem, generateCorpus } from '../lib/corpus';
import { processCpuMs } from '../lib/process-cpu';
import { mapLimit } from '../lib/rate';
import { bySize, type Cell, type SectionOptions, type SectionReport } from '../lib/report';
import { fmt, ms, quantile, ratio, sleep } from '../lib/stats';

const PHONE_SHARE = 0.3;
const PHONE_BATCH = 25;
const EMAILS_IN_FLIGHT = 32;
/** Senders' SMTP connections: each carries one message at a time, as SMTP does. */
const SMTP_CONNECTIONS = 16;
const PHONE_BATCHES_IN_FLIGHT = 4;

interface Sent {
  readonly item: CorpusItem;
  /** performance.now() when it was handed to the door. */
  readonly sentAt: number;
  /** When the door accepted it (SMTP 250 / HTTP 200). */
  readonly acceptedAt: number;
}

interface Phase {
  readonly name: string;
  readonly sent: Sent[];
  readonly startedAt: number;
  /** When the last enquiry of the phase was stored. */
  readonly finishedAt: number;
  readonly missing: number;
  readonly cpuPercent: number;
  /** CPU time the bench process (all its threads) spent per enquiry of the phase: steadier than rates on a shared machine. */
  readonly cpuMsPerEnquiry: number;
  /** The same for each emulator in a process of its own (DynamoDB Local's JVM...), where readable. */
  readonly emulatorCpuMsPerEnquiry: readonly { readonly name: string; readonly ms: number }[];
}

async function prebuilt(items: readonly CorpusItem[]): Promise<Map<string, Buffer>> {
  const raws = new Map<string, Buffer>();
  await mapLimit(items, 8, async (item) => {
    if (item.kind === 'email') raws.set(item.intakeId, await item.raw());
  });
  return raws;
}

function rawOf(raws: ReadonlyMap<string, Buffer>, id: string): Buffer {
  const raw = raws.get(id);
  if (raw === undefined) throw new Error(`no prebuilt message for ${id}`);
  return raw;
}

/** Sends everything as fast as the doors take it: emails 16 at a time, calls in batches. */
async function burst(
  bench: BenchStack,
  items: readonly CorpusItem[],
  raws: ReadonlyMap<string, Buffer>,
): Promise<Sent[]> {
  const sent: Sent[] = [];
  const emails = items.filter((item) => item.kind === 'email');
  const calls = items.filter((item): item is CorpusCall => item.kind === 'phone');
  const batches: CorpusCall[][] = [];
  for (let i = 0; i < calls.length; i += PHONE_BATCH) batches.push(calls.slice(i, i + PHONE_BATCH));
  await Promise.all([
    mapLimit(emails, EMAILS_IN_FLIGHT, async (item) => {
      const sentAt = performance.now();
      await bench.sendMail(rawOf(raws, item.intakeId));
      sent.push({ item, sentAt, acceptedAt: performance.now() });
    }),
    mapLimit(batches, PHONE_BATCHES_IN_FLIGHT, async (batch) => {
      const sentAt = performance.now();
      await bench.postCalls(batch);
      const acceptedAt = performance.now();
      for (const item of batch) sent.push({ item, sentAt, acceptedAt });
    }),
  ]);
  return sent;
}

/** Sends one enquiry every 1/rate seconds, each on its own (calls one per request, as logged). */
async function paced(
  bench: BenchStack,
  items: readonly CorpusItem[],
  raws: ReadonlyMap<string, Buffer>,
  perSecond: number,
): Promise<Sent[]> {
  const sent: Sent[] = [];
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (const [index, item] of items.entries()) {
    const wait = start + (index * 1000) / perSecond - performance.now();
    if (wait > 0) await sleep(wait);
    const sentAt = performance.now();
    pending.push(
      (item.kind === 'email' ? bench.sendMail(rawOf(raws, item.intakeId)) : bench.postCalls([item])).then(
        () => {
          sent.push({ item, sentAt, acceptedAt: performance.now() });
        },
      ),
    );
  }
  await Promise.all(pending);
  return sent;
}

async function runPhase(
  name: string,
  bench: BenchStack,
  items: readonly CorpusItem[],
  send: () => Promise<Sent[]>,
  deadline: number,
  log: (line: string) => void,
): Promise<Phase> {
  const cpuBefore = process.cpuUsage();
  const emulatorsBefore = bench.stack.emulatorProcesses.map((emulator) => processCpuMs(emulator.pid));
  const startedAt = performance.now();
  const sent = await send();
  // Times since the process started, to find the phase in a CPU profile (`npm run bench -- --cpu-prof`).
  log(
    `${name}: started at ${fmt(startedAt / 1000, 1)} s, ${fmt(sent.length)} sent in ${fmt((performance.now() - startedAt) / 1000, 1)} s; waiting for the router`,
  );
  const ids = items.map((item) => item.intakeId);
  const missing = await waitUntilRouted(bench, ids, deadline, (routed) =>
    log(`  ${fmt(routed)} of ${fmt(ids.length)} stored`),
  );
  const routed = bench.routedAt;
  const finishedAt = Math.max(...ids.map((id) => routed.get(id) ?? 0));
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const perEnquiry = (ms: number) => ms / Math.max(1, ids.length);
  const emulatorCpuMsPerEnquiry = bench.stack.emulatorProcesses.flatMap((emulator, index) => {
    const before = emulatorsBefore[index];
    const after = processCpuMs(emulator.pid);
    return before === undefined || after === undefined
      ? []
      : [{ name: emulator.name, ms: perEnquiry(after - before) }];
  });
  const cpuPercent = (cpuMs / (finishedAt - startedAt)) * 100;
  log(
    `${name}: stored ${fmt(ids.length - missing)} in ${fmt((finishedAt - startedAt) / 1000, 1)} s (until ${fmt(finishedAt / 1000, 1)} s)`,
  );
  return {
    name,
    sent,
    startedAt,
    finishedAt,
    missing,
    cpuPercent,
    cpuMsPerEnquiry: perEnquiry(cpuMs),
    emulatorCpuMsPerEnquiry,
  };
}

function latencies(phase: Phase, bench: BenchStack, kind?: 'email' | 'phone'): number[] {
  const routed = bench.routedAt;
  return phase.sent
    .filter((sent) => kind === undefined || sent.item.kind === kind)
    .flatMap((sent) => {
      const at = routed.get(sent.item.intakeId);
      return at === undefined ? [] : [at - sent.sentAt];
    });
}

function latencyRow(label: string, values: readonly number[]): Cell[] {
  return [
    label,
    fmt(values.length),
    ms(quantile(values, 0.5)),
    ms(quantile(values, 0.95)),
    ms(quantile(values, 0.99)),
    ms(quantile(values, 1)),
  ];
}

export async function run(options: SectionOptions): Promise<SectionReport> {
  const started = Date.now();
  const deadline = performance.now() + options.budgetMs * 0.85;
  const count = options.enquiries ?? bySize(options.size, { quick: 500, default: 10_000 });
  const steadySeconds = bySize(options.size, { quick: 10, default: 30 });
  const log = (line: string) => process.stdout.write(`  [end-to-end] ${line}\n`);
  const tag = Date.now().toString(36);

  log('starting the local stack');
  const stackStart = performance.now();
  const bench = await startBenchStack(log, {
    functionThreads: options.routerThreads === true,
    smtpConnections: SMTP_CONNECTIONS,
  });
  const stackStartMs = performance.now() - stackStart;
  try {
    // One corpus for the whole run, so requesters (phone numbers included) never repeat across phases.
    const warmCount = 40;
    const maxSteady = 25 * steadySeconds;
    const everything = generateCorpus({
      count: warmCount + count + maxSteady,
      phoneShare: PHONE_SHARE,
      seed: 2,
      runTag: tag,
      hubMailbox: bench.hubMailbox,
      councilDomain: bench.councilDomain,
      receivedNear: new Date(),
    });

    // Loads every handler and warms the JIT, the emulators and the connection pools.
    const warm = everything.slice(0, warmCount);
    const warmRaws = await prebuilt(warm);
    await runPhase('warm-up', bench, warm, () => burst(bench, warm, warmRaws), deadline, log);

    const burstItems = everything.slice(warmCount, warmCount + count);
    log(`building ${fmt(count)} enquiries`);
    const burstRaws = await prebuilt(burstItems);
    // Every TransactWriteItems the handlers send during the burst (each is one DynamoDB Local has
    // to serialise), counted by the clients' call hook; a counter bump per call.
    const transactions = { done: 0, refused: 0 };
    // Every request by service and command, to read what each enquiry asks of each emulator.
    const requests = new Map<string, number>();
    // Counting needs no consumed capacity: DynamoDB Local is not asked to work it out.
    const stopCounting = onAwsCall(
      (call) => {
        const key = `${call.service} ${call.command.replace(/Command$/, '')}`;
        requests.set(key, (requests.get(key) ?? 0) + 1);
        if (call.command !== 'TransactWriteItemsCommand') return;
        if (call.error === undefined) transactions.done += 1;
        else transactions.refused += 1;
      },
      { consumedCapacity: false },
    );
    const burstPhase = await runPhase(
      'burst',
      bench,
      burstItems,
      () => burst(bench, burstItems, burstRaws),
      deadline,
      log,
    );
    stopCounting();
    const burstSeconds = (burstPhase.finishedAt - burstPhase.startedAt) / 1000;
    const throughput = (count - burstPhase.missing) / burstSeconds;
    const sendSeconds =
      (Math.max(...burstPhase.sent.map((sent) => sent.acceptedAt)) - burstPhase.startedAt) / 1000;

    // A steady rate well inside the measured capacity: the latency a hub would actually see.
    const steadyRate = Math.max(2, Math.min(25, Math.floor(throughput / 2)));
    const steadyItems = everything.slice(warmCount + count, warmCount + count + steadyRate * steadySeconds);
    const steadyRaws = await prebuilt(steadyItems);
    const steadyPhase = await runPhase(
      `steady ${steadyRate}/s`,
      bench,
      steadyItems,
      () => paced(bench, steadyItems, steadyRaws, steadyRate),
      deadline,
      log,
    );

    log('checking every enquiry was stored exactly once');
    await bench.stack.drained(60_000).catch((error: unknown) => log(`queue not drained: ${String(error)}`));
    const all = [...warm, ...burstItems, ...steadyItems];
    const repository = new EnquiryRepository(
      dynamoDocumentClient({ endpoint: bench.stack.urls.dynamodb }),
      bench.stack.names.table,
    );
    const enquiryIds = await mapLimit(all, 8, (item) => repository.findIntake(item.intakeId));
    const found = enquiryIds.filter((id): id is string => id !== null);
    const distinct = new Set(found).size;
    let byDay = 0;
    const from = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    let emailEnquiries = 0;
    let unacknowledged = 0;
    for await (const enquiry of repository.receivedBetween(from, to, 500)) {
      byDay += 1;
      if (enquiry.channel === 'email') {
        emailEnquiries += 1;
        if (enquiry.acknowledgedAt === null) unacknowledged += 1;
      }
    }
    const sqs = sqsClient({ endpoint: bench.stack.urls.sqs });
    const dlq = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: bench.stack.names.dlqUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const dlqCount =
      Number(dlq.Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(dlq.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
    const failedMail = await s3Client({ endpoint: bench.stack.urls.sqs }).send(
      new ListObjectsV2Command({
        Bucket: bench.stack.names.rawMailBucket,
        Prefix: RESOURCES.buckets.rawMail.failedPrefix,
      }),
    );
    const outbox = (await (await fetch(`${bench.stack.urls.ses}/store`)).json()) as { emails: unknown[] };
    const routerInvocations = bench.invocations.get('router')?.length ?? 0;

    const raw = options.figures;
    const burstLatency = latencies(burstPhase, bench);
    const steadyLatency = latencies(steadyPhase, bench);
    const burstEmails = burstPhase.sent.filter((sent) => sent.item.kind === 'email');
    const emailShare = burstEmails.length / Math.max(1, burstPhase.sent.length);
    const acceptLatency = burstEmails.map((sent) => sent.acceptedAt - sent.sentAt);
    const integrityOk =
      found.length === all.length && distinct === all.length && byDay === all.length && dlqCount === 0;
    const lost = all.length - found.length;
    // Enquiries beyond one per intake (every requester is unique, so none may merge either).
    const duplicated = Math.max(0, byDay - all.length) + (found.length - distinct);
    const stored = count - burstPhase.missing;
    // The machine's CPU is what every process here shares: its whole cost per enquiry bounds the rate.
    const burstCpuMs =
      burstPhase.cpuMsPerEnquiry +
      burstPhase.emulatorCpuMsPerEnquiry.reduce((sum, emulator) => sum + emulator.ms, 0);
    const cores = os.availableParallelism();
    const transactionsPerEnquiry = transactions.done / Math.max(1, stored);
    const transactionsPerSecond = throughput * transactionsPerEnquiry;
    const transactionShare = transactionsPerSecond / (raw.transactPerSecond ?? Number.NaN);
    const requestRows = [...requests].sort((a, b) => a[0].localeCompare(b[0]));
    const dynamoRequests = requestRows
      .filter(([key]) => key.startsWith('dynamodb '))
      .reduce((sum, [, n]) => sum + n, 0);
    const allRequests = requestRows.reduce((sum, [, n]) => sum + n, 0);

    return {
      id: 'end-to-end',
      title: 'End to end',
      method: [
        `The local stack (\`startLocalStack\`: DynamoDB Local, fauxqs, the SES emulator, the production handlers, the SQS poller with the router at batch size ${RESOURCES.intakeQueue.batchSize} and ${RESOURCES.intakeQueue.maxConcurrency} concurrent batches (the event source's maximum concurrency), each batch's records in parallel except those of one thread, the HTTP front and the SMTP door) runs in the bench process${options.routerThreads === true ? ' (the router on worker threads, one per concurrent batch)' : ', on one thread'}, memory mode, free ports, no escalator timer; it started in ${fmt(stackStartMs / 1000, 1)} s. The senders run in a process of their own, as the hub's correspondents are not part of it. Enquiries go in through its public doors only: ${fmt(emailShare * 100)}% emails sent by nodemailer to the SMTP door (direct, redirected, Outlook and Gmail inline forwards, attached forwards; up to ${EMAILS_IN_FLIGHT} in flight over ${SMTP_CONNECTIONS} pooled connections) and the rest phone logs posted to \`POST /phone-logs\` in batches of ${PHONE_BATCH}, ${PHONE_BATCHES_IN_FLIGHT} batches in flight, signed in as the demo \`callhandler\`. Every requester is unique, so no enquiry threads onto another. A warm-up of ${warm.length} enquiries loads the handlers first.`,
        `**Burst**: ${fmt(count)} enquiries sent as fast as the doors accept them. **Steady**: one enquiry every ${fmt(1000 / steadyRate)} ms for ${steadySeconds} s (${steadyRate}/s, half the burst throughput, capped at 25/s), the latency a hub actually sees. Latency runs from handing the message to the door to the end of the router invocation that stored it (from the local Lambda runtime's invocation hook: each stored intake id is read from the SQS records afterwards, so watching costs the run nothing). It includes the SMTP/HTTP exchange, ingest (S3 read, parse, queue), SQS, triage, the DynamoDB transactions and the acknowledgement email.`,
      ],
      tables: [
        {
          caption: 'Throughput',
          headers: [
            'Phase',
            'Enquiries',
            'Doors accepted all in',
            'All stored in',
            'Stored per second',
            'vs raw TransactWriteItems',
            'vs raw SQS send',
            'vs raw SMTP door',
            'Bench process CPU',
            'CPU per enquiry',
          ],
          rows: [
            [
              'burst',
              fmt(count),
              `${fmt(sendSeconds, 1)} s`,
              `${fmt(burstSeconds, 1)} s`,
              fmt(throughput, 1),
              ratio(throughput / (raw.transactPerSecond ?? Number.NaN)),
              ratio(throughput / (raw.sqsSendPerSecond ?? Number.NaN)),
              ratio((throughput * emailShare) / (raw.smtpAcceptPerSecond ?? Number.NaN)),
              `${fmt(burstPhase.cpuPercent)}%`,
              `${fmt(burstPhase.cpuMsPerEnquiry, 1)} ms`,
            ],
            [
              `steady ${steadyRate}/s`,
              fmt(steadyItems.length),
              `${fmt(steadySeconds)} s`,
              `${fmt((steadyPhase.finishedAt - steadyPhase.startedAt) / 1000, 1)} s`,
              fmt(steadyItems.length / ((steadyPhase.finishedAt - steadyPhase.startedAt) / 1000), 1),
              '',
              '',
              '',
              `${fmt(steadyPhase.cpuPercent)}%`,
              `${fmt(steadyPhase.cpuMsPerEnquiry, 1)} ms`,
            ],
          ],
        },
        {
          caption: 'CPU per enquiry in the burst, by process',
          headers: ['Process', 'CPU per enquiry'],
          rows: [
            [
              `bench process (handlers, doors${options.routerThreads === true ? ', router threads' : ''}, emulators not listed below)`,
              `${fmt(burstPhase.cpuMsPerEnquiry, 1)} ms`,
            ],
            ...burstPhase.emulatorCpuMsPerEnquiry.map((emulator) => [
              emulator.name,
              `${fmt(emulator.ms, 1)} ms`,
            ]),
            ['all of them', `${fmt(burstCpuMs, 1)} ms`],
            [
              `enquiries a second ${cores} cores could store at that cost, if nothing else ran`,
              fmt((cores * 1000) / burstCpuMs),
            ],
          ],
        },
        {
          caption:
            'DynamoDB transactions in the burst (the local ceiling: DynamoDB Local runs one at a time)',
          headers: ['Measure', 'Value'],
          rows: [
            ['TransactWriteItems done (all functions)', fmt(transactions.done)],
            ['TransactWriteItems refused (condition failed, contention)', fmt(transactions.refused)],
            ['transactions per new enquiry', fmt(transactionsPerEnquiry, 2)],
            ['transactions done per second (stored/s x per enquiry)', fmt(transactionsPerSecond, 1)],
            [
              "DynamoDB Local's raw TransactWriteItems rate (section 1)",
              fmt(raw.transactPerSecond ?? Number.NaN),
            ],
            ['share of the raw transaction rate used', ratio(transactionShare)],
          ],
        },
        {
          caption:
            'AWS requests in the burst, by service and command (every function, the poller and the SMTP door; each is SDK work here and emulator work there)',
          headers: ['Service and command', 'Requests', 'Per enquiry stored'],
          rows: [
            ...requestRows.map(([key, n]) => [key, fmt(n), fmt(n / Math.max(1, stored), 2)]),
            ['all DynamoDB requests', fmt(dynamoRequests), fmt(dynamoRequests / Math.max(1, stored), 2)],
            ['all requests', fmt(allRequests), fmt(allRequests / Math.max(1, stored), 2)],
          ],
        },
        {
          caption: 'Latency, sent to stored',
          headers: ['Phase and channel', 'Enquiries', 'p50', 'p95', 'p99', 'max'],
          rows: [
            latencyRow('burst, all', burstLatency),
            latencyRow('burst, emails', latencies(burstPhase, bench, 'email')),
            latencyRow('burst, phone logs', latencies(burstPhase, bench, 'phone')),
            latencyRow(`steady ${steadyRate}/s, all`, steadyLatency),
            latencyRow(`steady ${steadyRate}/s, emails`, latencies(steadyPhase, bench, 'email')),
            latencyRow(`steady ${steadyRate}/s, phone logs`, latencies(steadyPhase, bench, 'phone')),
            latencyRow('burst, SMTP door accept only', acceptLatency),
          ],
        },
        {
          caption: 'Nothing lost, nothing duplicated (warm-up + burst + steady)',
          headers: ['Check', 'Count'],
          rows: [
            ['enquiries sent (unique Message-IDs and callIds)', fmt(all.length)],
            [
              'intake ids the router stored (invocation records)',
              fmt(all.filter((item) => bench.routedAt.has(item.intakeId)).length),
            ],
            ['intake markers found (`findIntake` for every one)', fmt(found.length)],
            ['distinct enquiries they point to', fmt(distinct)],
            ['enquiries in the received-by-day index (GSI5)', fmt(byDay)],
            ['messages in the dead-letter queue', fmt(dlqCount)],
            ['mails ingest recorded as failed', fmt(failedMail.KeyCount ?? 0)],
            ['email enquiries', fmt(emailEnquiries)],
            ['email enquiries not acknowledged', fmt(unacknowledged)],
            ['emails the SES emulator received (acknowledgements, any report)', fmt(outbox.emails.length)],
            ['router invocations', fmt(routerInvocations)],
          ],
        },
      ],
      findings: [
        `${integrityOk ? 'Every' : 'NOT every'} enquiry sent became exactly one enquiry: ${fmt(found.length)} of ${fmt(all.length)} intake ids have a marker, they point to ${fmt(distinct)} distinct enquiries, the received-by-day index holds ${fmt(byDay)}, and the dead-letter queue holds ${fmt(dlqCount)}.`,
        `The burst was stored at ${fmt(throughput, 1)} enquiries/s: ${ratio(throughput / (raw.transactPerSecond ?? Number.NaN))} of DynamoDB Local's raw transaction rate in this run (${fmt(raw.transactPerSecond ?? Number.NaN)} tx/s; the router writes each new enquiry in more than one transaction and also reads, so the ratio must stay well under 1), ${ratio(throughput / (raw.sqsSendPerSecond ?? Number.NaN))} of fauxqs' batch send rate and ${ratio((throughput * emailShare) / (raw.smtpAcceptPerSecond ?? Number.NaN))} of the SMTP door's raw accept rate (emails only). The bench process (handlers, SMTP door, HTTP front, SQS/S3 and SES emulators; the senders run apart) used ${fmt(burstPhase.cpuPercent)}% of a core during the burst, ${fmt(burstPhase.cpuMsPerEnquiry, 1)} ms of CPU per enquiry, while DynamoDB Local's JVM shares the machine's cores, so on this machine the Node event loop is as much the limit as the emulators.`,
        `During the burst the handlers completed ${fmt(transactions.done)} TransactWriteItems (${fmt(transactionsPerEnquiry, 2)} per new enquiry; ${fmt(transactions.refused)} refused), ${fmt(transactionsPerSecond, 1)} a second: ${ratio(transactionShare)} of the raw rate DynamoDB Local managed alone in section 1. That share is the measure of how much of the local ceiling the pipeline uses; the goal is at least 0.5x with at most 1.2 transactions per enquiry, and ${fmt(lost)} lost and ${fmt(duplicated)} duplicated.`,
        `Under the steady ${steadyRate}/s, 95% of enquiries were stored within ${ms(quantile(steadyLatency, 0.95))} of being sent; in the burst, latency is mostly time queued behind the burst (p50 ${ms(quantile(burstLatency, 0.5))}).`,
      ],
      figures: {
        e2eThroughputPerSecond: throughput,
        steadyRatePerSecond: steadyRate,
        steadyP95Ms: quantile(steadyLatency, 0.95),
        burstP95Ms: quantile(burstLatency, 0.95),
        e2eLost: lost,
        'endToEnd.storedPerSecond': throughput,
        'endToEnd.transactionsPerEnquiry': transactionsPerEnquiry,
        'endToEnd.transactionsPerSecond': transactionsPerSecond,
        'endToEnd.transactionShareOfRaw': transactionShare,
        'endToEnd.enquiries': all.length,
        'endToEnd.lost': lost,
        'endToEnd.duplicated': duplicated,
        'endToEnd.deadLettered': dlqCount,
        'endToEnd.unacknowledgedEmails': unacknowledged,
        'endToEnd.steadyP95Ms': quantile(steadyLatency, 0.95),
        'endToEnd.burstCpuMsPerEnquiry': burstCpuMs,
        'endToEnd.dynamoRequestsPerEnquiry': dynamoRequests / Math.max(1, stored),
        'endToEnd.awsRequestsPerEnquiry': allRequests / Math.max(1, stored),
      },
      elapsedMs: Date.now() - started,
    };
  } finally {
    log('stopping the local stack');
    await bench.stop();
  }
}
