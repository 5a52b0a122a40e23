/**
 * Section 4: does an escalation sweep stay flat as closed history grows? The table is filled with
 * 10k, then 100k (and with `--full` 1M) resolved enquiries; at each size 100 open enquiries with
 * every escalation step due are added and the escalator's own use case (`runEscalationLadder`, as
 * the escalator function runs it) sweeps them. Every DynamoDB request of the sweep is counted with
 * the capacity DynamoDB Local reports (reads are reported correctly; see section 3 for writes).
 */

import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type AwsCall, onAwsCall } from '../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { enquiryKey } from '../../shared/adapters/dynamo-keys';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { DynamoEscalationStore } from '../../shared/adapters/escalation-store';
import { SesMailer } from '../../shared/adapters/mailer';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import { loadHubConfig } from '../../shared/config/load-hub-config';
import { tableCaseworkerDirectory } from '../../shared/escalation/caseworker-directory';
import { type EscalationSweepSummary, runEscalationLadder } from '../../shared/sweep/escalation-sweep';
import { callFacts } from '../lib/aws-meter';
import { createDueEnquiries, resolvedTemplates, writeClosedHistory } from '../lib/closed-history';
import {
  createProductTable,
  dynamoDocumentClient,
  requireEndpoint,
  sesClient,
  startEmulators,
} from '../lib/emulator-set';
import { bySize, type SectionOptions, type SectionReport } from '../lib/report';
import { fmt, ms } from '../lib/stats';

const TABLE = 'bench-sweep';
const DUE = 100;
/** A Wednesday late morning: every due enquiry was received two to three weeks earlier. */
const SWEEP_AT = '2026-11-18T11:00:00.000Z';
const HISTORY_DAYS = 3 * 365;
const DUE_SERIES = 500_000_000;

interface CallTally {
  queries: number;
  gets: number;
  transactions: number;
  otherWrites: number;
  readUnits: number;
}

function tallyCalls(): { tally: CallTally; stop: () => void } {
  const tally: CallTally = { queries: 0, gets: 0, transactions: 0, otherWrites: 0, readUnits: 0 };
  const stop = onAwsCall((call: AwsCall) => {
    if (call.service !== 'dynamodb') return;
    tally.readUnits += callFacts(call).readUnits;
    if (call.command === 'QueryCommand') tally.queries += 1;
    else if (call.command === 'GetItemCommand' || call.command === 'BatchGetItemCommand') tally.gets += 1;
    else if (call.command === 'TransactWriteItemsCommand') tally.transactions += 1;
    else if (call.command.endsWith('ItemCommand')) tally.otherWrites += 1;
  });
  return { tally, stop };
}

interface Measurement {
  readonly history: number;
  readonly writeSeconds: number;
  readonly dueQuery: { found: number; tally: CallTally; ms: number };
  readonly sweep: { summary: EscalationSweepSummary; tally: CallTally; ms: number };
  readonly idle: { summary: EscalationSweepSummary; tally: CallTally; ms: number };
}

export async function run(options: SectionOptions): Promise<SectionReport> {
  const started = Date.now();
  const sizes = bySize(options.size, {
    quick: [1_000, 5_000],
    default: [10_000, 100_000],
    full: [10_000, 100_000, 1_000_000],
  });
  const log = (line: string) => process.stdout.write(`  [escalation-sweep] ${line}\n`);
  const emulators = await startEmulators({ dynamo: true, ses: true });
  try {
    const dynamoEndpoint = requireEndpoint(emulators.dynamo, 'DynamoDB');
    const sesEndpoint = requireEndpoint(emulators.ses, 'SES');
    await createProductTable(dynamoEndpoint, TABLE);
    const config = loadHubConfig();
    const documents = dynamoDocumentClient({ endpoint: dynamoEndpoint });
    const enquiries = new EnquiryRepository(documents, TABLE);
    const sweepDeps = {
      config,
      enquiries,
      store: new DynamoEscalationStore(documents, TABLE),
      caseworkers: tableCaseworkerDirectory(new CaseworkerRepository(documents, TABLE), config),
      mailer: new SesMailer(sesClient({ endpoint: sesEndpoint })),
      clock: () => new Date(),
      timeouts: FUNCTION_TIMEOUTS,
    };
    const templates = resolvedTemplates(config, SWEEP_AT, HISTORY_DAYS);
    const removeFromAwaiting = async (due: readonly { id: string }[]) => {
      for (let i = 0; i < due.length; i += 25) {
        await documents.send(
          new BatchWriteCommand({
            RequestItems: {
              [TABLE]: due
                .slice(i, i + 25)
                .map((enquiry) => ({ DeleteRequest: { Key: enquiryKey(enquiry.id) } })),
            },
          }),
        );
      }
    };
    // One sweep first that is not reported: the JIT, the emulators and the SES client warm up on it.
    log('warm-up sweep');
    const warmDue = await createDueEnquiries(enquiries, config, SWEEP_AT, DUE_SERIES - 1000, 20);
    await runEscalationLadder({ ...sweepDeps, sweepId: randomUUID() }, SWEEP_AT);
    await removeFromAwaiting(warmDue);
    const measurements: Measurement[] = [];
    let written = 0;
    let writeRate = Number.NaN;
    let cutShort: string | null = null;
    for (const [round, size] of sizes.entries()) {
      if (Date.now() - started > options.budgetMs * 0.8) {
        log(`stopping before ${fmt(size)}: the section budget is nearly spent`);
        break;
      }
      log(`writing closed history ${fmt(written)} -> ${fmt(size)}`);
      const writeStart = performance.now();
      // Leave a fifth of the budget for the sweeps: a history cut short is reported at its real size.
      const added = await writeClosedHistory(
        documents,
        TABLE,
        templates,
        written,
        size - written,
        started + options.budgetMs * 0.8,
        (count) => log(`  ${fmt(written + count)} written`),
      );
      const writeSeconds = (performance.now() - writeStart) / 1000;
      writeRate = added / writeSeconds;
      log(`  ${fmt(added)} in ${fmt(writeSeconds, 1)} s (${fmt(writeRate)} items/s)`);
      written += added;
      if (written < size) {
        cutShort = `The ${fmt(size)} history was cut short at ${fmt(written)} by the section's time budget.`;
        log(cutShort);
      }

      const due = await createDueEnquiries(enquiries, config, SWEEP_AT, DUE_SERIES + round * 1000, DUE);

      // The sweep's first step on its own: read what is due from the sparse awaiting index
      // (once untimed, so the emulator's first use of the index is not what is measured).
      for await (const _ of enquiries.dueForEscalation(SWEEP_AT)) {
        // Only warming up.
      }
      let found = 0;
      const dueTally = tallyCalls();
      const dueStart = performance.now();
      for await (const _ of enquiries.dueForEscalation(SWEEP_AT)) found += 1;
      const dueMs = performance.now() - dueStart;
      dueTally.stop();

      const sweepTally = tallyCalls();
      const sweepStart = performance.now();
      const summary = await runEscalationLadder({ ...sweepDeps, sweepId: randomUUID() }, SWEEP_AT);
      const sweepMs = performance.now() - sweepStart;
      sweepTally.stop();

      const idleTally = tallyCalls();
      const idleStart = performance.now();
      const idle = await runEscalationLadder({ ...sweepDeps, sweepId: randomUUID() }, SWEEP_AT);
      const idleMs = performance.now() - idleStart;
      idleTally.stop();
      log(
        `  history ${fmt(size)}: due query ${fmt(dueTally.tally.readUnits, 1)} RRU; sweep ${fmt(sweepTally.tally.readUnits, 1)} RRU in ${ms(sweepMs)}; idle sweep ${fmt(idleTally.tally.readUnits, 1)} RRU`,
      );
      measurements.push({
        history: written,
        writeSeconds,
        dueQuery: { found, tally: dueTally.tally, ms: dueMs },
        sweep: { summary, tally: sweepTally.tally, ms: sweepMs },
        idle: { summary: idle, tally: idleTally.tally, ms: idleMs },
      });

      // Take this round's enquiries off the awaiting index so the next round starts with none due.
      await removeFromAwaiting(due);
    }

    const first = measurements[0];
    const last = measurements[measurements.length - 1];
    const skippedMillion = options.size !== 'full';
    return {
      id: 'escalation-sweep',
      title: 'Escalation sweep flatness',
      method: [
        `Closed history is written into a fresh DynamoDB Local table (the product's definition) with BatchWriteItem: resolved enquiries built by the domain functions (received, answered a day later, resolved the next day), spread over ${HISTORY_DAYS} days and stored with the repository's key functions, so, like every resolved enquiry, they carry no keys of the sparse "awaiting" index (GSI2). At each size, ${DUE} open enquiries received two to three weeks before the sweep (every step of their ladder due) are created through the repository, and the escalator's use case \`runEscalationLadder\` (the ladder and its digests, what the escalator function runs) runs at ${SWEEP_AT} with the real repository, escalation store, caseworker directory and SES mailer (the emulator), as the scheduled handler runs it. A second, idle sweep follows at the same instant. A warm-up sweep of 20 enquiries runs first and is not reported.`,
        'Read units are what DynamoDB Local reports with `ReturnConsumedCapacity: TOTAL` for each request (it reports Query and GetItem capacity as DynamoDB does). "Due query" is the sweep\'s first step on its own: the awaiting index read, one Query per shard, paged.',
        skippedMillion
          ? `The 1M history is only written with \`--full\`: at ~${fmt(writeRate)} items/s on this machine it takes about ${fmt(1_000_000 / writeRate / 60, 0)} minutes of the budget.`
          : `Writing the history ran at about ${fmt(writeRate)} items/s.`,
      ],
      tables: [
        {
          headers: [
            'Closed history',
            'Due found',
            'Due query RRU',
            'Due query time',
            'Sweep RRU',
            'Sweep queries / gets',
            'Sweep transactions',
            'Digests sent',
            'Sweep time',
            'Idle sweep RRU',
            'Idle sweep time',
          ],
          rows: measurements.map((m) => [
            fmt(m.history),
            fmt(m.dueQuery.found),
            fmt(m.dueQuery.tally.readUnits, 1),
            ms(m.dueQuery.ms),
            fmt(m.sweep.tally.readUnits, 1),
            `${fmt(m.sweep.tally.queries)} / ${fmt(m.sweep.tally.gets)}`,
            fmt(m.sweep.tally.transactions),
            fmt(m.sweep.summary.digests.sent),
            ms(m.sweep.ms),
            fmt(m.idle.tally.readUnits, 1),
            ms(m.idle.ms),
          ]),
        },
      ],
      findings:
        first === undefined || last === undefined
          ? []
          : [
              `From ${fmt(first.history)} to ${fmt(last.history)} closed enquiries (${fmt(last.history / first.history)}x), the sweep's read units went from ${fmt(first.sweep.tally.readUnits, 1)} to ${fmt(last.sweep.tally.readUnits, 1)} and the idle sweep's from ${fmt(first.idle.tally.readUnits, 1)} to ${fmt(last.idle.tally.readUnits, 1)}: the cost follows the number due, not the history, because the sweep reads only the sparse awaiting index (resolved enquiries are not in it) and never scans. Sweep times differ with the emulator's load, not with the history.`,
              ...(cutShort === null ? [] : [cutShort]),
              `Each sweep records ${DUE} enquiries (one transaction each: steps, outbox notices and log entries) and sends one digest per recipient; the idle sweep reads ${fmt(last.idle.tally.queries)} empty index pages.`,
            ],
      figures: {
        sweepReadUnitsSmallest: first?.sweep.tally.readUnits ?? Number.NaN,
        sweepReadUnitsLargest: last?.sweep.tally.readUnits ?? Number.NaN,
        sweepHistoryLargest: last?.history ?? Number.NaN,
        historyWritePerSecond: writeRate,
      },
      elapsedMs: Date.now() - started,
    };
  } finally {
    await emulators.stop();
  }
}
