/**
 * Section 3: what an enquiry costs on AWS. The local stack runs the production handlers while every
 * AWS request they make is counted (the opt-in `onAwsCall` hook of `aws-clients.ts`) and every
 * Lambda invocation is timed (the opt-in `onInvocation` hook of the local Lambda runtime). Three
 * phases are counted apart: intake (email or call in, routed, acknowledged), casework (a caseworker
 * claims, reads, answers by email and resolves through the HTTP API), and idle rounds of the sweep functions
 * (a fixed monthly cost). Units are priced at the list prices in `bench/lib/prices.ts`.
 */
import { performance } from 'node:perf_hooks';
import { parseStageParams, STAGES } from '../../infra/stages';
import type { InvocationRecord } from '../../local/lambda-runtime';
import { dynamoDocumentClient } from '../../shared/adapters/aws-clients';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { FUNCTIONS, type FunctionName, SWEEP_FUNCTIONS } from '../../shared/adapters/resource-definitions';
import { meterAwsCalls, OUTSIDE, TABLE_TARGET, type Usage } from '../lib/aws-meter';
import { type BenchStack, startBenchStack, waitUntilRouted } from '../lib/bench-stack';
import { type CorpusItem, generateCorpus } from '../lib/corpus';
import { costOf, PRICES, PRICES_AS_OF, type PriceName } from '../lib/prices';
import { mapLimit } from '../lib/rate';
import { bySize, type Cell, type SectionOptions, type SectionReport } from '../lib/report';
import { bytes, fmt, mean, ms, quantile, sig, sleep } from '../lib/stats';

const PACE_PER_SECOND = 10;
/**
 * The functions each phase is about. Others running in the same window (the local stack fires the
 * weekly report on Monday mornings) are left out of the phase.
 */
const INTAKE_FUNCTIONS = ['ingest-email', 'ingest-phone', 'router'];
// Casework goes through the staff API's functions; the catch-all answers only preflights and 404s.
const CASEWORK_FUNCTIONS = ['api', 'api-casework', 'api-finding', 'api-reports', 'api-admin'];
const SWEEPS_PER_MONTH = (30 * 24 * 60) / 5;
/** Lambda's SQS event source keeps polling an idle queue; AWS does not publish the rate, five 20 s long polls is the usual estimate. */
const IDLE_POLLS_PER_MONTH = 5 * 3 * 60 * 24 * 30;

interface Window {
  readonly from: number;
  readonly to: number;
}

interface FunctionUse {
  readonly name: string;
  readonly invocations: number;
  readonly billedMs: number;
  readonly durations: number[];
  readonly gbSeconds: number;
}

/** The listed functions' invocations that started in the window. */
function functionUse(bench: BenchStack, window: Window, names: readonly string[]): FunctionUse[] {
  const uses: FunctionUse[] = [];
  for (const [name, records] of bench.invocations) {
    if (!names.includes(name)) continue;
    const inWindow = records.filter(
      (record: InvocationRecord) => record.startedAt >= window.from && record.startedAt <= window.to,
    );
    if (inWindow.length === 0) continue;
    const durations = inWindow.map((record) => record.endedAt - record.startedAt);
    // Lambda bills each invocation rounded up to the millisecond.
    const billedMs = durations.reduce((total, duration) => total + Math.ceil(duration), 0);
    const memoryMb = name in FUNCTIONS ? FUNCTIONS[name as FunctionName].memoryMb : 512;
    uses.push({
      name,
      invocations: inWindow.length,
      billedMs,
      durations,
      gbSeconds: (billedMs / 1000) * (memoryMb / 1024),
    });
  }
  return uses.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Tracing modes of the production stage as the stack is synthesised from them (infra/stages.ts):
 * an `Active` function records a trace per invocation at a hub's pace (Lambda samples the first
 * request each second and 5% beyond); a `PassThrough` one only when its caller's trace was
 * sampled, and nothing upstream of the intake functions samples.
 */
const TRACING = parseStageParams(STAGES.prod).tracing;

function tracedInvocations(uses: readonly FunctionUse[]): number {
  return uses
    .filter((use) => use.name in TRACING && TRACING[use.name as FunctionName] === 'Active')
    .reduce((total, use) => total + use.invocations, 0);
}

interface CostLine {
  readonly what: string;
  readonly perEnquiry: number;
  readonly price: PriceName;
}

function lines(
  usage: Usage,
  uses: readonly FunctionUse[],
  count: number,
  extra: { emailsIn: number; httpRequests: number; emptyReceives: number },
): CostLine[] {
  const invocations = uses.reduce((total, use) => total + use.invocations, 0);
  const gbSeconds = uses.reduce((total, use) => total + use.gbSeconds, 0);
  return [
    {
      what: 'DynamoDB read units (as reported)',
      perEnquiry: usage.dynamoReadUnits / count,
      price: 'dynamoRead',
    },
    {
      what: 'DynamoDB write units (transactions estimated, others reported)',
      perEnquiry: (usage.dynamoWriteUnitsEstimated + usage.dynamoWriteUnitsReported) / count,
      price: 'dynamoWrite',
    },
    {
      what: 'SQS requests (billed 64 KB chunks, empty polls excluded)',
      perEnquiry: (usage.sqsBilledRequests - extra.emptyReceives) / count,
      price: 'sqsRequest',
    },
    { what: 'S3 PUT-class requests', perEnquiry: usage.s3PutClass / count, price: 's3Put' },
    { what: 'S3 GET-class requests', perEnquiry: usage.s3GetClass / count, price: 's3Get' },
    { what: 'SES emails sent', perEnquiry: usage.sesSent / count, price: 'sesSend' },
    { what: 'SES emails received', perEnquiry: extra.emailsIn / count, price: 'sesReceive' },
    { what: 'SES incoming 256 KB chunks', perEnquiry: extra.emailsIn / count, price: 'sesReceiveChunk' },
    { what: 'Lambda requests', perEnquiry: invocations / count, price: 'lambdaRequest' },
    {
      what: 'Lambda GB-seconds (arm64, measured here)',
      perEnquiry: gbSeconds / count,
      price: 'lambdaGbSecond',
    },
    {
      what: 'API Gateway HTTP API requests',
      perEnquiry: extra.httpRequests / count,
      price: 'httpApiRequest',
    },
    {
      what: 'X-Ray traces (one per invocation of a function traced `Active` in the prod stage)',
      perEnquiry: tracedInvocations(uses) / count,
      price: 'xrayTrace',
    },
    {
      what: `CloudWatch Logs ingested, GB (estimated: ${LOG_BYTES_PER_INVOCATION} bytes an invocation)`,
      perEnquiry: (invocations * LOG_BYTES_PER_INVOCATION) / 1024 ** 3 / count,
      price: 'logsIngestGb',
    },
  ];
}

/**
 * Log bytes of one invocation: Lambda's START, END and REPORT lines (about 350 bytes with X-Ray's
 * trace id) and one structured INFO line of ids and counts (about 400 bytes); warnings are rare.
 */
const LOG_BYTES_PER_INVOCATION = 750;

/** Rows of a cost table that are SES's (its price plan is separate from everything else). */
function isSes(line: CostLine): boolean {
  return line.price.startsWith('ses');
}

/** "$0.40", "$0.0053", "$0.0000133334": as the price list writes it. */
function priceText(name: PriceName): string {
  const usd = PRICES[name].usd;
  return `$${usd >= 0.01 ? usd.toFixed(2) : String(usd)}`;
}

function costTable(
  caption: string,
  costLines: readonly CostLine[],
): { rows: Cell[][]; totalPer1000: number; caption: string; top: string[] } {
  const rows: Cell[][] = costLines.map((line) => [
    line.what,
    sig(line.perEnquiry, 3),
    `${priceText(line.price)} ${PRICES[line.price].per}`,
    `$${sig(costOf(line.price, line.perEnquiry * 1000), 3)}`,
  ]);
  const totalPer1000 = costLines.reduce(
    (total, line) => total + costOf(line.price, line.perEnquiry * 1000),
    0,
  );
  rows.push(['**Total**', '', '', `**$${sig(totalPer1000, 3)}**`]);
  const top = [...costLines]
    .sort((a, b) => costOf(b.price, b.perEnquiry) - costOf(a.price, a.perEnquiry))
    .slice(0, 2)
    .map(
      (line) =>
        `${line.what.replace(/ \(.*\)$/, '')} ($${sig(costOf(line.price, line.perEnquiry * 1000), 2)} per 1,000)`,
    );
  return { rows, totalPer1000, caption, top };
}

function callsTable(usage: Usage, count: number): Cell[][] {
  return [...usage.calls.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([caller, calls]) => [
      caller,
      [...calls.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([call, n]) => `${call} ${sig(n / count, 2)}`)
        .join(', '),
    ]);
}

function functionRows(uses: readonly FunctionUse[], count: number): Cell[][] {
  return uses.map((use) => [
    use.name,
    `${memoryOf(use.name)} MB`,
    sig(use.invocations / count, 3),
    ms(mean(use.durations)),
    ms(quantile(use.durations, 0.95)),
    sig((use.gbSeconds / count) * 1000, 3),
  ]);
  function memoryOf(functionName: string): number {
    return functionName in FUNCTIONS ? FUNCTIONS[functionName as FunctionName].memoryMb : 512;
  }
}

/** The table first, then the indexes in name order. */
function writeTargets(usage: Usage): string[] {
  const targets = new Set<string>();
  for (const kind of usage.dynamoWrites.cells.values()) for (const target of kind.keys()) targets.add(target);
  return [...targets].sort((a, b) => (a === TABLE_TARGET ? -1 : b === TABLE_TARGET ? 1 : a.localeCompare(b)));
}

function writeRows(usage: Usage, count: number): Cell[][] {
  const targets = writeTargets(usage);
  const per = (units: number) => (units === 0 ? '' : sig(units / count, 3));
  const rows: Cell[][] = [...usage.dynamoWrites.cells.entries()]
    .sort((a, b) => (usage.dynamoWrites.byKind.get(b[0]) ?? 0) - (usage.dynamoWrites.byKind.get(a[0]) ?? 0))
    .map(([kind, cells]) => [
      kind,
      ...targets.map((target) => per(cells.get(target) ?? 0)),
      per(usage.dynamoWrites.byKind.get(kind) ?? 0),
    ]);
  rows.push([
    '**Total**',
    ...targets.map((target) => per(usage.dynamoWrites.byTarget.get(target) ?? 0)),
    `**${per(usage.dynamoWrites.total)}**`,
  ]);
  return rows;
}

/** A caseworker's whole handling of one enquiry through the API; returns an error text or null. */
async function handleOne(
  bench: BenchStack,
  enquiryId: string,
  tokens: Map<string, string>,
  caseworkersByTeam: ReadonlyMap<string, string>,
): Promise<string | null> {
  const http = bench.stack.urls.http;
  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${http}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      text,
      json: (text === '' ? {} : JSON.parse(text)) as {
        enquiry?: { version?: number; team?: string; requester?: { email?: string | null } };
      },
    };
  };
  const managerToken = await tokenFor('head-of-service');
  const first = await call(managerToken, 'GET', `/enquiries/${enquiryId}`);
  const team = first.json.enquiry?.team;
  // Callers who left no email address are phoned back: the answer is recorded, not emailed.
  const sendEmail = typeof first.json.enquiry?.requester?.email === 'string';
  if (first.status !== 200 || team === undefined) return `GET /enquiries/{id} answered ${first.status}`;
  const caseworker = caseworkersByTeam.get(team);
  if (caseworker === undefined) return null; // a team without caseworkers: its manager reassigns; not measured
  const token = await tokenFor(caseworker);
  const steps: [string, string, (version: number) => unknown][] = [
    ['GET', `/queue?team=${team}`, () => undefined],
    ['POST', `/enquiries/${enquiryId}/claim`, () => ({})],
    ['GET', `/enquiries/${enquiryId}`, () => undefined],
    [
      'POST',
      `/enquiries/${enquiryId}/respond`,
      (version) => ({
        text: 'Thank you for your enquiry. Your caseworker will call you this week.',
        sendEmail,
        expectedVersion: version,
      }),
    ],
    [
      'POST',
      `/enquiries/${enquiryId}/resolve`,
      (version) => ({ expectedVersion: version, outcome: 'answered' }),
    ],
  ];
  let version = first.json.enquiry?.version ?? 1;
  for (const [method, path, body] of steps) {
    const result = await call(token, method, path, body(version));
    if (result.status >= 300) {
      return `${method} ${path.replace(enquiryId, '{id}')} answered ${result.status} (${result.text.slice(0, 200)})`;
    }
    version = result.json.enquiry?.version ?? version;
  }
  return null;

  async function tokenFor(username: string): Promise<string> {
    const known = tokens.get(username);
    if (known !== undefined) return known;
    const response = await fetch(`${http}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'demo' }),
    });
    const { accessToken } = (await response.json()) as { accessToken: string };
    tokens.set(username, accessToken);
    return accessToken;
  }
}

export async function run(options: SectionOptions): Promise<SectionReport> {
  const started = Date.now();
  const count = bySize(options.size, { quick: 100, default: 600 });
  const handled = bySize(options.size, { quick: 10, default: 50 });
  const log = (line: string) => process.stdout.write(`  [cost] ${line}\n`);
  const bench = await startBenchStack(log);
  const config = bench.config;
  const meter = meterAwsCalls();
  try {
    const corpus = generateCorpus({
      count: 20 + count,
      phoneShare: 0.3,
      seed: 5,
      runTag: Date.now().toString(36),
      hubMailbox: bench.hubMailbox,
      councilDomain: bench.councilDomain,
      receivedNear: new Date(),
    });
    const send = async (item: CorpusItem) => {
      if (item.kind === 'email') await bench.sendMail(await item.raw());
      else await bench.postCalls([item]);
    };
    log('warm-up (not counted)');
    const warm = corpus.slice(0, 20);
    await mapLimit(warm, 4, send);
    await waitUntilRouted(
      bench,
      warm.map((item) => item.intakeId),
      performance.now() + 60_000,
      () => undefined,
    );
    await sleep(1500);

    const items = corpus.slice(20);
    const emailsIn = items.filter((item) => item.kind === 'email').length;
    log(`intake: ${fmt(count)} enquiries at ${PACE_PER_SECOND}/s, each on its own`);
    meter.phase('intake', INTAKE_FUNCTIONS);
    const intakeStart = performance.now();
    const pending: Promise<void>[] = [];
    for (const [index, item] of items.entries()) {
      const wait = intakeStart + (index * 1000) / PACE_PER_SECOND - performance.now();
      if (wait > 0) await sleep(wait);
      pending.push(send(item));
    }
    await Promise.all(pending);
    const missing = await waitUntilRouted(
      bench,
      items.map((item) => item.intakeId),
      performance.now() + options.budgetMs * 0.5,
      (routed) => log(`  ${fmt(routed)} routed`),
    );
    await sleep(1500); // the poller's last deletes
    const intakeWindow = { from: intakeStart, to: performance.now() };

    log(`casework: ${handled} enquiries claimed, answered and resolved through the API`);
    meter.phase('casework', CASEWORK_FUNCTIONS);
    const caseworkStart = performance.now();
    const repository = new EnquiryRepository(
      dynamoDocumentClient({ endpoint: bench.stack.urls.dynamodb }),
      bench.stack.names.table,
    );
    const caseworkersByTeam = new Map<string, string>();
    for (const caseworker of config.caseworkers)
      if (!caseworkersByTeam.has(caseworker.team)) caseworkersByTeam.set(caseworker.team, caseworker.id);
    const tokens = new Map<string, string>();
    let caseworkError: string | null = null;
    let caseworkDone = 0;
    for (const item of items) {
      if (caseworkDone >= handled || caseworkError !== null) break;
      meter.phase('lookup'); // the bench's own lookup is not the product's cost
      const enquiryId = await repository.findIntake(item.intakeId);
      meter.phase('casework', CASEWORK_FUNCTIONS);
      if (enquiryId === null) continue;
      caseworkError = await handleOne(bench, enquiryId, tokens, caseworkersByTeam).catch((error: unknown) =>
        String(error),
      );
      if (caseworkError === null) caseworkDone += 1;
    }
    const caseworkWindow = { from: caseworkStart, to: performance.now() };

    log('idle sweeps');
    meter.phase('escalator', [...SWEEP_FUNCTIONS]);
    const sweepStart = performance.now();
    const sweeps = 3;
    for (let i = 0; i < sweeps; i += 1) await bench.stack.escalate(new Date());
    const sweepWindow = { from: sweepStart, to: performance.now() };
    meter.stop();

    const intake = meter.usage('intake');
    const intakeUses = functionUse(bench, intakeWindow, INTAKE_FUNCTIONS);
    const routerInvocations = intakeUses.find((use) => use.name === 'router')?.invocations ?? 0;
    const emptyReceives = Math.max(0, intake.sqsReceives - routerInvocations);
    const phoneRequests = items.length - emailsIn;
    const intakeLines = lines(intake, intakeUses, count, {
      emailsIn,
      httpRequests: phoneRequests,
      emptyReceives,
    });
    const intakeCost = costTable('Intake: per enquiry received, routed and acknowledged', intakeLines);
    // Everything but SES, whose price plan is its own: the issue's goal is at most $0.03 per 1,000.
    const intakeNonSes = intakeLines
      .filter((line) => !isSes(line))
      .reduce((total, line) => total + costOf(line.price, line.perEnquiry * 1000), 0);
    const casework = meter.usage('casework');
    const caseworkUses = functionUse(bench, caseworkWindow, CASEWORK_FUNCTIONS);
    const caseworkCost =
      caseworkDone > 0
        ? costTable(
            'Casework: per enquiry claimed, read, answered and resolved',
            lines(casework, caseworkUses, caseworkDone, {
              emailsIn: 0,
              httpRequests: caseworkUses.reduce((total, use) => total + use.invocations, 0),
              // No enquiry arrives in this phase: every receive of the poller is an idle poll.
              emptyReceives: casework.sqsReceives,
            }),
          )
        : undefined;
    const escalator = meter.usage('escalator');
    const sweepUses = functionUse(bench, sweepWindow, [...SWEEP_FUNCTIONS]);
    const sweepCostEach =
      costTable(
        'sweep',
        lines(escalator, sweepUses, sweeps, {
          emailsIn: 0,
          httpRequests: 0,
          emptyReceives: escalator.sqsReceives,
        }),
      ).totalPer1000 / 1000;
    const sweepMonthly = sweepCostEach * SWEEPS_PER_MONTH;
    const pollMonthly = costOf('sqsRequest', IDLE_POLLS_PER_MONTH);
    const perThousand = intakeCost.totalPer1000 + (caseworkCost?.totalPer1000 ?? 0);

    return {
      id: 'cost',
      title: 'Cost per enquiry',
      method: [
        `Counted, not estimated from code: every AWS request the handlers make goes through the clients of \`shared/adapters/aws-clients.ts\`, whose opt-in \`onAwsCall\` hook reported each one (service, command, attempts, consumed capacity), and the local Lambda runtime's opt-in \`onInvocation\` hook timed every invocation. ${fmt(count)} enquiries (${fmt(emailsIn)} emails, ${fmt(phoneRequests)} phone logs, one per request) were sent at ${PACE_PER_SECOND}/s after a warm-up of 20 that is not counted${missing > 0 ? ` (${missing} were not routed in time)` : ''}; then a caseworker handled ${fmt(caseworkDone)} of them through the HTTP API (queue page, claim, read, answer (by email when there is an address), resolve)${caseworkError === null ? '' : `, stopped by: ${caseworkError}`}; then ${sweeps} rounds of the ${SWEEP_FUNCTIONS.length} sweep functions ran with nothing due. Each phase counts only its own functions' invocations and requests (and those of SES inbound and the event source): anything else that ran meanwhile, such as the local stack's Monday-morning weekly report, is left out.`,
        "DynamoDB read units and plain writes are what DynamoDB Local reports with `ReturnConsumedCapacity: INDEXES` (it matches DynamoDB for them, each index by its projection). Transactions it misreports (4x the largest item for the whole transaction), so their write units are estimated from the items written by DynamoDB's rules: 2 WRU per KB of each item, plus 1 WRU per KB of its entry in each index whose keys it carries (the whole item under an ALL projection, its keys under KEYS_ONLY, its keys and the listed attributes under INCLUDE; an entry whose key moves costs one more, not counted); `test/integration/write-units.test.ts` holds this model to DynamoDB Local's reports for plain writes. Failed conditional writes, which DynamoDB also bills, are not counted. SQS requests are billed per 64 KB of payload; the event source's empty long polls are a fixed cost, below. Lambda GB-seconds are the measured durations, each rounded up to 1 ms as Lambda bills, at the memory sizes of `FUNCTIONS` in `shared/adapters/resource-definitions.ts`; the handlers share one Node process here and wait on emulators that are slower than DynamoDB, so these durations are on the high side.",
        `Prices: AWS list prices for eu-west-2 (London), on-demand, no free tier, as of ${PRICES_AS_OF} (\`bench/lib/prices.ts\`; check them before relying on the totals).`,
      ],
      tables: [
        {
          caption: intakeCost.caption,
          headers: ['Billed unit', 'Per enquiry', 'Price', 'Per 1,000 enquiries'],
          rows: intakeCost.rows,
        },
        ...(caseworkCost === undefined
          ? []
          : [
              {
                caption: caseworkCost.caption,
                headers: ['Billed unit', 'Per enquiry', 'Price', 'Per 1,000 enquiries'],
                rows: caseworkCost.rows,
              },
            ]),
        {
          caption: 'Lambda, intake phase',
          headers: [
            'Function',
            'Memory',
            'Invocations per enquiry',
            'Mean duration',
            'p95 duration',
            'GB-s per 1,000 enquiries',
          ],
          rows: functionRows(intakeUses, count),
        },
        ...(caseworkDone === 0
          ? []
          : [
              {
                caption: 'Lambda, casework phase',
                headers: [
                  'Function',
                  'Memory',
                  'Invocations per enquiry',
                  'Mean duration',
                  'p95 duration',
                  'GB-s per 1,000 enquiries',
                ],
                rows: functionRows(caseworkUses, caseworkDone),
              },
            ]),
        {
          caption:
            'DynamoDB write units per enquiry, intake phase: by the kind of item written (rows) and where the units land (columns: the table, then each index with its projection)',
          headers: ['Item', ...writeTargets(intake), 'Total'],
          rows: writeRows(intake, count),
        },
        {
          caption: `Requests per enquiry by caller, intake phase (${OUTSIDE}: the SMTP door's S3 write stands for SES's, and the SQS poller for Lambda's event source)`,
          headers: ['Caller', 'Requests per enquiry'],
          rows: callsTable(intake, count),
        },
        {
          caption: 'Fixed monthly costs (independent of the number of enquiries)',
          headers: ['Item', 'Per month'],
          rows: [
            [
              `The ${SWEEP_FUNCTIONS.length} sweeps (${SWEEP_FUNCTIONS.join(', ')}) every 5 minutes (${fmt(SWEEPS_PER_MONTH)} idle rounds: ${sig(escalator.dynamoReadUnits / sweeps, 2)} RRU a round and ${ms(mean(sweepUses.flatMap((use) => use.durations)))} an invocation, measured)`,
              `$${sig(sweepMonthly, 2)}`,
            ],
            [
              `SQS event source idle polling (estimate: five 20 s long polls kept open, ${fmt(IDLE_POLLS_PER_MONTH)} requests)`,
              `$${sig(pollMonthly, 2)}`,
            ],
            [
              'Weekly report, KMS keys, CloudWatch logs, metrics and alarms, Cognito, CloudFront, backups',
              'not measured here',
            ],
          ],
        },
      ],
      findings: [
        `Without SES (its own price plan: $0.10 per 1,000 sent, $0.10 per 1,000 received and $0.09 per 1,000 incoming 256 KB chunks, pay as you go), receiving, routing and acknowledging 1,000 enquiries costs $${sig(intakeNonSes, 2)} (the goal is at most $0.03), X-Ray traces and log ingestion included. SES inbound is billed per started 256 KB chunk of the message as received: a parent's email with a 2 MB scanned letter (about 2.7 MB once encoded) is 11 chunks, so at one such email in four the chunk charge per 1,000 enquiries is about 3.5 times the single-chunk figure above.`,
        `An enquiry costs about $${sig(intakeCost.totalPer1000 / 1000, 2)} to receive, triage, store and acknowledge${caseworkCost === undefined ? '' : ` and about $${sig(caseworkCost.totalPer1000 / 1000, 2)} more for a caseworker to claim, answer and resolve it`}: $${sig(perThousand, 2)} per 1,000 enquiries in request charges. The largest items of intake are ${intakeCost.top.join(' and ')}. The router writes ${sig(intake.dynamoTransactions / count, 2)} transactions per enquiry (${sig((intake.dynamoWriteUnitsEstimated + intake.dynamoWriteUnitsReported) / count, 3)} WRU, still cheap), and ${bytes(intake.storedBytes / count)} of table items are stored per enquiry (before index copies); the raw email stays in S3 for 30 days.`,
        `At a busy hub's 300 enquiries a working day (about 6,300 a month) the request charges come to about $${sig((perThousand / 1000) * 300 * 21, 2)} a month; the measured fixed costs (sweeps every five minutes and the queue's idle polling) add about $${sig(sweepMonthly + pollMonthly, 2)}. DynamoDB Local reports 0 read units for a Query that finds nothing, while DynamoDB bills at least 0.5, so an idle sweep really costs a few RRU more: still well under a cent a month.`,
      ],
      figures: {
        'cost.intakePer1000Usd': intakeCost.totalPer1000,
        'cost.nonSesPer1000Usd': intakeNonSes,
        'cost.sesPer1000Usd': intakeCost.totalPer1000 - intakeNonSes,
        costPer1000Usd: perThousand,
        intakeCostPer1000Usd: intakeCost.totalPer1000,
        transactionsPerEnquiry: intake.dynamoTransactions / count,
        writeUnitsPerEnquiry: (intake.dynamoWriteUnitsEstimated + intake.dynamoWriteUnitsReported) / count,
      },
      elapsedMs: Date.now() - started,
    };
  } finally {
    meter.stop();
    log('stopping the local stack');
    await bench.stop();
  }
}
