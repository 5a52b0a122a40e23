/**
 * Function bundles next to their floor. Each function is bundled as the CDK stack bundles it
 * (esbuild: Node 22, ESM, minified, everything bundled, external source map, the `require` shim
 * for CommonJS dependencies, names kept). Its floor is a bundle, built the same way, of only the
 * third-party code it cannot do without: the AWS SDK clients and exactly the commands it sends
 * (read from its own bundle's metafile), plus the packages named in {@link FLOOR_EXTRAS} (the MIME
 * parser for ingest-email; the phone-number and CSV parsers for ingest-phone; the English NLP
 * library, its model and the trained triage weights for the router). Import time (wall clock and
 * CPU) is measured in a fresh `node` per run, as Lambda's Init phase does it.
 * Used by the cold-start section of `npm run bench` and by `npm run bundles`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import type { FunctionName } from '../../shared/adapters/resource-definitions';
import { median } from './stats';

const execFileAsync = promisify(execFile);
export const ROOT = path.resolve(import.meta.dirname, '../..');

/** The most a bundle may weigh and take to import, as a multiple of its floor (issue 18). */
export const BUNDLE_LIMITS = { bytes: 1.25, importMs: 1.2 } as const;

/** The same shim the CDK construct prepends (`infra/constructs/send-hub-function.ts`). */
const REQUIRE_SHIM =
  "import { createRequire as __sendHubCreateRequire } from 'node:module'; const require = __sendHubCreateRequire(import.meta.url);";

export const EMPTY_HANDLER = 'export const handler = async () => ({ statusCode: 200 });\n';

/** Third-party code a function needs besides its SDK clients: `import` lines of its floor. */
export const FLOOR_EXTRAS: Partial<Record<FunctionName, readonly string[]>> = {
  'ingest-email': ["import { simpleParser } from 'mailparser';", 'export const parser = simpleParser;'],
  // A call log is typed by call handlers or exported by the telephony system: every number in it is
  // parsed to E.164 with the world's numbering plans (callers from abroad too; docs/performance.md),
  // and an export arrives as CSV.
  'ingest-phone': [
    "import { parsePhoneNumberFromString } from 'libphonenumber-js';",
    "import { parse as parseCsv } from 'csv-parse/sync';",
    'export const parsers = [parsePhoneNumberFromString, parseCsv];',
  ],
  // The finding routes parse typed phone numbers (search, correcting details, the status page).
  'api-finding': [
    "import { parsePhoneNumberFromString } from 'libphonenumber-js';",
    'export const phones = parsePhoneNumberFromString;',
  ],
  // Triage reads English with wink-nlp and its model (loaded on first use, as the router does).
  router: [
    "import winkNLP from 'wink-nlp';",
    "import model from 'wink-eng-lite-web-model';",
    'export const english = [winkNLP, model];',
  ],
};

/** The trained triage weights, when the router ships them: part of its floor, reported apart. */
export const TRIAGE_MODEL = 'config/triage-model.json';

/**
 * Imports the bundle, then calls its handler once with `{}`; prints both times as JSON, with the
 * number of zod schemas the import built (much of a function's import work beyond its floor's).
 * They are counted through zod's global post-processor hook, which zod calls once per schema
 * constructed (an internal hook of zod 4's `$constructor`; the count is 0 if a zod release drops it).
 */
export const LOADER = `
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
let schemas = 0;
globalThis.__zod_globalConfig = { postProcessor: () => { schemas += 1; } };
const started = performance.now();
const cpuStarted = process.cpuUsage();
const module = await import(pathToFileURL(process.argv[2]).href);
const imported = performance.now();
const cpu = process.cpuUsage(cpuStarted);
const schemasAtImport = schemas;
const context = {
  functionName: 'bench', functionVersion: '$LATEST', memoryLimitInMB: '512',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:bench',
  awsRequestId: 'cold-start', logGroupName: '/aws/lambda/bench', logStreamName: 'bench',
  callbackWaitsForEmptyEventLoop: false, getRemainingTimeInMillis: () => 30000,
  done() {}, fail() {}, succeed() {},
};
let outcome = 'ok';
if (typeof module.handler === 'function') {
  try { await module.handler({}, context); } catch (error) { outcome = error?.name ?? 'error'; }
}
const called = performance.now();
process.stdout.write(JSON.stringify({ importMs: imported - started, importCpuMs: (cpu.user + cpu.system) / 1000, schemasAtImport, firstCallMs: called - imported, outcome }) + '\\n');
process.exit(0);
`;

export interface Bundle {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Bytes in the bundle by package ("project code" and "config JSON" for our own). */
  readonly parts: ReadonlyMap<string, number>;
  readonly metafile: Metafile;
}

export interface Timing {
  readonly importMs: number;
  /** CPU time (user + system) of the import: steadier than wall-clock time on a loaded machine. */
  readonly importCpuMs: number;
  /** zod schemas constructed by the import (the same every run). */
  readonly schemasAtImport: number;
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

/** Bundles `entry` (a file, or source code given as `contents`) into `outDir/name/index.mjs`. */
export async function bundle(
  name: string,
  entry: { file: string } | { contents: string },
  outDir: string,
): Promise<Bundle> {
  const dir = path.join(outDir, name.replace(/[^a-z0-9-]+/gi, '_'));
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'index.mjs');
  const result = await build({
    // A floor is source text; it resolves packages from the project, as a file in it would.
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.contents, resolveDir: ROOT, sourcefile: `${name}.mjs` } }),
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
    metafile: result.metafile,
  };
}

/**
 * What a bundle holds beyond its floor, largest first: our own modules (and JSON) by file, the
 * third-party packages by name less what the floor holds of each. Where its bytes come from, to
 * know what to cut (`npm run bundles -- --modules N`).
 */
export function beyondFloorByModule(item: Bundle, floor: Bundle): [string, number][] {
  const extra = new Map<string, number>();
  for (const output of Object.values(item.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (bytesInOutput === 0) continue;
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
      const key = pkg ?? input;
      extra.set(key, (extra.get(key) ?? 0) + bytesInOutput);
    }
  }
  for (const [part, size] of floor.parts) {
    const held = extra.get(part);
    if (held !== undefined) extra.set(part, held - size);
  }
  return [...extra.entries()].filter(([, size]) => size > 0).sort((a, b) => b[1] - a[1]);
}

/** Input files that left code in the bundle (the metafile also lists files tree-shaken away). */
function usedInputs(metafile: Metafile): string[] {
  return Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input),
  );
}

/** The modules of a bundle's used inputs under one package, as paths inside it. */
function filesOf(metafile: Metafile, pkg: string): string[] {
  const marker = `node_modules/${pkg}/`;
  return usedInputs(metafile)
    .filter((input) => input.includes(marker))
    .map((input) => input.slice(input.lastIndexOf(marker) + marker.length));
}

/**
 * The source of a function's floor: every SDK client package its bundle holds, with the client
 * class built at module scope (as the handlers do) and every command class the bundle holds, then
 * the function's {@link FLOOR_EXTRAS} and the trained triage weights if it ships them.
 */
export function floorSource(name: FunctionName, metafile: Metafile): string {
  const packages = new Set<string>();
  for (const input of usedInputs(metafile)) {
    const match = /node_modules\/(@aws-sdk\/(?:client-[a-z0-9-]+|lib-dynamodb))\//.exec(input);
    if (match?.[1]) packages.add(match[1]);
  }
  const lines: string[] = [];
  const clients: string[] = [];
  const commands: string[] = [];
  let index = 0;
  for (const pkg of [...packages].sort()) {
    const files = filesOf(metafile, pkg);
    const clientClass = files
      .map((file) => /^dist-es\/(\w+Client)\.js$/.exec(file)?.[1])
      .find((found) => found !== undefined);
    const commandClasses = files
      .map((file) => /^dist-es\/commands\/(\w+Command)\.js$/.exec(file)?.[1])
      .filter((found): found is string => found !== undefined);
    const imported = [clientClass, ...commandClasses].filter((found): found is string => found !== undefined);
    if (imported.length === 0) continue;
    const alias = imported.map((item) => `${item} as ${item}_${index}`);
    lines.push(`import { ${alias.join(', ')} } from '${pkg}';`);
    commands.push(...commandClasses.map((item) => `${item}_${index}`));
    if (clientClass) {
      clients.push(
        clientClass === 'DynamoDBDocumentClient'
          ? `${clientClass}_${index}.from(new DynamoDBClient_floor({}))`
          : `new ${clientClass}_${index}({})`,
      );
      if (clientClass === 'DynamoDBDocumentClient') {
        lines.push("import { DynamoDBClient as DynamoDBClient_floor } from '@aws-sdk/client-dynamodb';");
      }
    }
    index += 1;
  }
  lines.push(...(FLOOR_EXTRAS[name] ?? []));
  if (usedInputs(metafile).some((input) => input.endsWith(TRIAGE_MODEL))) {
    lines.push(`import trainedWeights from '${path.join(ROOT, TRIAGE_MODEL)}' with { type: 'json' };`);
    lines.push('export const weights = trainedWeights;');
  }
  lines.push(`export const clients = [${clients.join(', ')}];`);
  lines.push(`export const commands = [${commands.join(', ')}];`);
  lines.push('export const handler = async () => clients.length + commands.length;');
  return `${lines.join('\n')}\n`;
}

/** What a function finds in its environment on Lambda (names only; nothing is reached at import). */
export function lambdaEnvironment(): NodeJS.ProcessEnv {
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

/** Imports `file` in a fresh `node` with the loader and calls its handler once. */
export async function timeOnce(loader: string, file: string): Promise<Timing> {
  const started = performance.now();
  const { stdout } = await execFileAsync(process.execPath, [loader, file], {
    env: lambdaEnvironment(),
    timeout: 60_000,
    maxBuffer: 1024 * 1024,
  });
  const processMs = performance.now() - started;
  const line = stdout.trim().split('\n').pop() ?? '{}';
  const parsed = JSON.parse(line) as {
    importMs: number;
    importCpuMs: number;
    schemasAtImport: number;
    firstCallMs: number;
    outcome: string;
  };
  return { ...parsed, processMs };
}

/** Times every bundle `repeats` times, interleaved so a burst of other load hits them all alike. */
export async function timeAll(
  loader: string,
  bundles: readonly Bundle[],
  repeats: number,
  log: (line: string) => void,
): Promise<Map<string, Timing[]>> {
  const timings = new Map<string, Timing[]>();
  for (let round = 0; round < repeats; round += 1) {
    log(`round ${round + 1} of ${repeats}`);
    for (const item of bundles) {
      const list = timings.get(item.name) ?? [];
      list.push(await timeOnce(loader, item.file));
      timings.set(item.name, list);
    }
  }
  return timings;
}

/** Median of one measure of a bundle's timings. */
export function medianOf(
  timings: ReadonlyMap<string, readonly Timing[]>,
  name: string,
  pick: (timing: Timing) => number,
): number {
  return median((timings.get(name) ?? []).map(pick));
}

/** The machine-readable figures of one function, as BENCHMARKS.json keeps them under `bundles`. */
export interface BundleResult {
  readonly bytes: number;
  readonly importMs: number;
  readonly floorBytes: number;
  readonly floorImportMs: number;
}

/** The trained triage weights: their size and the time to parse them (median, ms). */
export function triageModelFigures(repeats: number): { bytes: number; parseMs: number } | null {
  const file = path.join(ROOT, TRIAGE_MODEL);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const times: number[] = [];
  for (let run = 0; run < Math.max(3, repeats); run += 1) {
    const started = performance.now();
    JSON.parse(text);
    times.push(performance.now() - started);
  }
  return { bytes: Buffer.byteLength(text), parseMs: median(times) };
}
