/**
 * Section 5: cold start. Each function is bundled the way the CDK stack bundles it (esbuild: Node
 * 22, ESM, minified, everything bundled, external source maps, a `require` shim for CommonJS
 * dependencies, names kept), next to an empty handler bundled the same way. Then, in a fresh
 * `node` each time, a tiny loader imports the bundle (Lambda's Init phase) and calls the handler
 * once with an empty event (the lazy set-up handlers do on their first call: configuration,
 * clients, rules; the empty event is refused before any network call). Median of several runs.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { FUNCTION_NAMES, FUNCTIONS } from '../../shared/adapters/resource-definitions';
import { bySize, type SectionOptions, type SectionReport } from '../lib/report';
import { bytes, median, ms } from '../lib/stats';

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

/** The same shim the CDK construct prepends (`infra/constructs/send-hub-function.ts`). */
const REQUIRE_SHIM =
  "import { createRequire as __sendHubCreateRequire } from 'node:module'; const require = __sendHubCreateRequire(import.meta.url);";

const EMPTY_HANDLER = 'export const handler = async () => ({ statusCode: 200 });\n';

/** Imports the bundle, then calls its handler once with `{}`; prints both times as JSON. */
const LOADER = `
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
const started = performance.now();
const module = await import(pathToFileURL(process.argv[2]).href);
const imported = performance.now();
const context = {
  functionName: 'bench', functionVersion: '$LATEST', memoryLimitInMB: '512',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:bench',
  awsRequestId: 'cold-start', logGroupName: '/aws/lambda/bench', logStreamName: 'bench',
  callbackWaitsForEmptyEventLoop: false, getRemainingTimeInMillis: () => 30000,
  done() {}, fail() {}, succeed() {},
};
let outcome = 'ok';
try { await module.handler({}, context); } catch (error) { outcome = error?.name ?? 'error'; }
const called = performance.now();
process.stdout.write(JSON.stringify({ importMs: imported - started, firstCallMs: called - imported, outcome }) + '\\n');
process.exit(0);
`;

interface Bundle {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Bytes in the bundle by package ("project code" and "config JSON" for our own). */
  readonly parts: ReadonlyMap<string, number>;
}

interface Timing {
  readonly importMs: number;
  readonly firstCallMs: number;
  readonly processMs: number;
  readonly outcome: string;
}

/** Bytes in the bundle by package (or "project code" / "config JSON"). */
function partsOf(metafile: Metafile): Map<string, number> {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const key = match?.[1] ?? (input.endsWith('.json') ? 'config JSON' : 'project code');
      byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
    }
  }
  return byPackage;
}

/** The `count` largest parts, e.g. "zod 460 KB, date-holidays 437 KB". */
function largest(parts: ReadonlyMap<string, number>, count: number): string {
  return [...parts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, size]) => `${name} ${bytes(size)}`)
    .join(', ');
}

async function bundle(name: string, entry: string, outDir: string): Promise<Bundle> {
  const file = path.join(outDir, name, 'index.mjs');
  const result = await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: 'external',
    sourcesContent: false,
    keepNames: true,
    banner: { js: REQUIRE_SHIM },
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  const code = readFileSync(file);
  return {
    name,
    file,
    bytes: statSync(file).size,
    gzipBytes: gzipSync(code).length,
    parts: partsOf(result.metafile),
  };
}

/** What a function finds in its environment on Lambda (names only; nothing is reached at import). */
function lambdaEnvironment(): NodeJS.ProcessEnv {
  const unreachable = 'http://127.0.0.1:9';
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    // A call that slipped through would fail at once instead of retrying.
    AWS_MAX_ATTEMPTS: '1',
    AWS_ENDPOINT_URL_DYNAMODB: unreachable,
    AWS_ENDPOINT_URL_SQS: unreachable,
    AWS_ENDPOINT_URL_S3: unreachable,
    AWS_ENDPOINT_URL_SESV2: unreachable,
    TABLE_NAME: 'send-hub',
    INTAKE_QUEUE_URL: `${unreachable}/000000000000/intake`,
    RAW_MAIL_BUCKET: 'send-hub-raw-mail',
    REPORTS_BUCKET: 'send-hub-reports',
    HUB_CONFIG_FILE: path.join(ROOT, 'config/hub.json'),
    POWERTOOLS_SERVICE_NAME: 'send-hub-bench',
    POWERTOOLS_METRICS_NAMESPACE: 'SendHub',
    POWERTOOLS_METRICS_DISABLED: 'true',
    LOG_LEVEL: 'ERROR',
  };
}

async function timeOnce(loader: string, file: string): Promise<Timing> {
  const started = performance.now();
  const { stdout } = await execFileAsync(process.execPath, [loader, file], {
    env: lambdaEnvironment(),
    timeout: 30_000,
    maxBuffer: 1024 * 1024,
  });
  const processMs = performance.now() - started;
  const line = stdout.trim().split('\n').pop() ?? '{}';
  const parsed = JSON.parse(line) as { importMs: number; firstCallMs: number; outcome: string };
  return { ...parsed, processMs };
}

export async function run(options: SectionOptions): Promise<SectionReport> {
  const started = Date.now();
  const repeats = bySize(options.size, { quick: 2, default: 7 });
  const log = (line: string) => process.stdout.write(`  [cold-start] ${line}\n`);
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'send-hub-bench-bundles-'));
  try {
    const emptyEntry = path.join(outDir, 'empty-handler.mjs');
    writeFileSync(emptyEntry, EMPTY_HANDLER);
    const loader = path.join(outDir, 'loader.mjs');
    writeFileSync(loader, LOADER);

    const bundles: Bundle[] = [await bundle('(empty handler)', emptyEntry, outDir)];
    const missing: string[] = [];
    for (const name of FUNCTION_NAMES) {
      const entry = path.join(ROOT, 'functions', name, 'handler.ts');
      if (!existsSync(entry)) {
        missing.push(name);
        continue;
      }
      log(`bundling ${name}`);
      mkdirSync(path.join(outDir, name), { recursive: true });
      bundles.push(await bundle(name, entry, outDir));
    }

    const timings = new Map<string, Timing[]>();
    // Interleave the functions so a burst of other load on the machine hits them all alike.
    for (let round = 0; round < repeats; round += 1) {
      log(`round ${round + 1} of ${repeats}`);
      for (const item of bundles) {
        const list = timings.get(item.name) ?? [];
        list.push(await timeOnce(loader, item.file));
        timings.set(item.name, list);
      }
    }

    const medianOf = (name: string, pick: (timing: Timing) => number) =>
      median((timings.get(name) ?? []).map(pick));
    const empty = {
      importMs: medianOf('(empty handler)', (t) => t.importMs),
      firstCallMs: medianOf('(empty handler)', (t) => t.firstCallMs),
      processMs: medianOf('(empty handler)', (t) => t.processMs),
    };
    const rows = bundles.map((item) => {
      const importMs = medianOf(item.name, (t) => t.importMs);
      const firstCallMs = medianOf(item.name, (t) => t.firstCallMs);
      const outcome = (timings.get(item.name) ?? [])[0]?.outcome ?? '';
      const memory =
        item.name in FUNCTIONS ? `${FUNCTIONS[item.name as keyof typeof FUNCTIONS].memoryMb} MB` : '';
      return {
        name: item.name,
        extraMs: importMs + firstCallMs - empty.importMs - empty.firstCallMs,
        cells: [
          item.name,
          memory,
          bytes(item.bytes),
          bytes(item.gzipBytes),
          ms(importMs),
          ms(firstCallMs),
          `+${ms(importMs + firstCallMs - empty.importMs - empty.firstCallMs)}`,
          outcome,
          largest(item.parts, 3),
        ],
      };
    });
    const overall = new Map<string, number>();
    for (const item of bundles) {
      for (const [part, size] of item.parts) overall.set(part, Math.max(overall.get(part) ?? 0, size));
    }
    const worst = rows
      .filter((row) => row.name !== '(empty handler)')
      .sort((a, b) => b.extraMs - a.extraMs)[0];
    return {
      id: 'cold-start',
      title: 'Cold start',
      method: [
        `Each function is bundled as the CDK stack bundles it (esbuild: platform node, target node22, ESM, minified, everything bundled including the AWS SDK, external source map, the \`createRequire\` banner for CommonJS dependencies, \`keepNames\`), and so is an empty handler. A fresh \`node\` (${process.version}) then runs a tiny loader that imports the bundle (what Lambda does in its Init phase) and calls \`handler({}, context)\` once: the handlers build their configuration, SDK clients and compiled triage rules lazily or at module scope, and refuse the empty event before any network call (the "first call" column, with the error it ended in). Median of ${repeats} runs each, interleaved; the empty handler's own times are subtracted in the "extra" column.`,
        `Node's own start-up (spawning \`node\` and loading the empty bundle) took ${ms(empty.processMs)} here; Lambda's own runtime start-up is not included in any figure, and Lambda gives a function a share of a vCPU in proportion to its memory (a whole one at 1,769 MB), so at these functions' 256-1,024 MB the same work takes longer there than on this machine's core.`,
      ],
      tables: [
        {
          headers: [
            'Function',
            'Memory',
            'Bundle',
            'gzip',
            'Import (Init)',
            'First call',
            'Extra vs empty',
            'First call ended',
            'Largest parts',
          ],
          rows: rows.map((row) => row.cells),
        },
      ],
      findings: [
        ...(worst === undefined
          ? []
          : [
              `The slowest function to become ready is ${worst.name}, ${ms(worst.extraMs)} more than an empty handler. Email intake is asynchronous to the sender (SES stores the message and its notification invokes ingest-email), so a cold start there only delays the acknowledgement; a call handler posting a phone log or a caseworker opening the queue waits for it once per new container. The largest dependencies in the bundles are ${largest(overall, 4)} (each at its largest in any one bundle).`,
            ]),
        ...(missing.length > 0 ? [`Not measured (no \`handler.ts\` yet): ${missing.join(', ')}.`] : []),
      ],
      figures: { coldStartWorstMs: worst?.extraMs ?? Number.NaN, emptyImportMs: empty.importMs },
      elapsedMs: Date.now() - started,
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
