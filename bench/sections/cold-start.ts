/**
 * Section 5: cold start and bundle floors. Each function is bundled the way the CDK stack bundles
 * it, next to its floor (only the third-party code it cannot do without: its SDK clients and
 * commands, the MIME parser, ingest-phone's phone-number and CSV parsers, the NLP model;
 * `bench/lib/bundles.ts`) and an empty handler bundled
 * the same way. Then, in a fresh `node` each time, a tiny loader imports the bundle (Lambda's Init
 * phase) and calls the handler once with an empty event (the lazy set-up handlers do on their
 * first call: configuration, clients, rules; the empty event is refused before any network call).
 * Median of several runs, interleaved.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FUNCTION_NAMES, FUNCTIONS, type FunctionName } from '../../shared/adapters/resource-definitions';
import {
  BUNDLE_LIMITS,
  type Bundle,
  type BundleResult,
  bundle,
  EMPTY_HANDLER,
  floorSource,
  LOADER,
  medianOf,
  ROOT,
  TRIAGE_MODEL,
  timeAll,
  triageModelFigures,
} from '../lib/bundles';
import { bySize, type SectionOptions, type SectionReport } from '../lib/report';
import { bytes, ms, ratio } from '../lib/stats';

/** The `count` largest parts, e.g. "zod 90 KB, @smithy/core 140 KB". */
function largest(parts: ReadonlyMap<string, number>, count: number): string {
  return [...parts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, size]) => `${name} ${bytes(size)}`)
    .join(', ');
}

/** Parts a bundle has beyond its floor (or more of), largest first. */
function beyondFloor(item: Bundle, floor: Bundle): Map<string, number> {
  const extra = new Map<string, number>();
  for (const [part, size] of item.parts) {
    const over = size - (floor.parts.get(part) ?? 0);
    if (over > 1024) extra.set(part, over);
  }
  return extra;
}

/**
 * Bundles every function (or those in `only`) and its floor and times their import side by side:
 * the rows of the cold-start table, `bundles.<name>` for BENCHMARKS.json, and the functions over
 * the limits.
 */
export async function measureBundles(
  repeats: number,
  log: (line: string) => void,
  only?: ReadonlySet<string>,
): Promise<{
  readonly empty: { importMs: number; firstCallMs: number; processMs: number };
  readonly functions: readonly {
    name: FunctionName;
    item: Bundle;
    floor: Bundle;
    result: BundleResult;
    /** Median CPU time of the import, the function's and its floor's. */
    importCpu: { ms: number; floorMs: number };
    /** zod schemas its import builds (the floor builds none). */
    schemasAtImport: number;
    firstCallMs: number;
    outcome: string;
  }[];
  readonly missing: readonly string[];
}> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'send-hub-bench-bundles-'));
  try {
    const loader = path.join(outDir, 'loader.mjs');
    writeFileSync(loader, LOADER);
    const all: Bundle[] = [await bundle('(empty handler)', { contents: EMPTY_HANDLER }, outDir)];
    const pairs: { name: FunctionName; item: Bundle; floor: Bundle }[] = [];
    const missing: string[] = [];
    for (const name of FUNCTION_NAMES) {
      if (only !== undefined && !only.has(name)) continue;
      const entry = path.join(ROOT, 'functions', name, 'handler.ts');
      if (!existsSync(entry)) {
        missing.push(name);
        continue;
      }
      log(`bundling ${name} and its floor`);
      const item = await bundle(name, { file: entry }, outDir);
      const floor = await bundle(`${name} (floor)`, { contents: floorSource(name, item.metafile) }, outDir);
      pairs.push({ name, item, floor });
      all.push(item, floor);
    }
    const timings = await timeAll(loader, all, repeats, log);
    const empty = {
      importMs: medianOf(timings, '(empty handler)', (t) => t.importMs),
      firstCallMs: medianOf(timings, '(empty handler)', (t) => t.firstCallMs),
      processMs: medianOf(timings, '(empty handler)', (t) => t.processMs),
    };
    const functions = pairs.map(({ name, item, floor }) => ({
      name,
      item,
      floor,
      result: {
        bytes: item.bytes,
        importMs: medianOf(timings, item.name, (t) => t.importMs),
        floorBytes: floor.bytes,
        floorImportMs: medianOf(timings, floor.name, (t) => t.importMs),
      },
      importCpu: {
        ms: medianOf(timings, item.name, (t) => t.importCpuMs),
        floorMs: medianOf(timings, floor.name, (t) => t.importCpuMs),
      },
      schemasAtImport: medianOf(timings, item.name, (t) => t.schemasAtImport),
      firstCallMs: medianOf(timings, item.name, (t) => t.firstCallMs),
      outcome: (timings.get(item.name) ?? [])[0]?.outcome ?? '',
    }));
    return { empty, functions, missing };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** Whether a function is within the issue's limits, and by what ratios. */
export function againstFloor(result: BundleResult): {
  bytesRatio: number;
  importRatio: number;
  within: boolean;
} {
  const bytesRatio = result.bytes / result.floorBytes;
  const importRatio = result.importMs / result.floorImportMs;
  return {
    bytesRatio,
    importRatio,
    within: bytesRatio <= BUNDLE_LIMITS.bytes && importRatio <= BUNDLE_LIMITS.importMs,
  };
}

export async function run(options: SectionOptions): Promise<SectionReport> {
  const started = Date.now();
  const repeats = bySize(options.size, { quick: 3, default: 9 });
  const log = (line: string) => process.stdout.write(`  [cold-start] ${line}\n`);
  const { empty, functions, missing } = await measureBundles(repeats, log);
  const model = triageModelFigures(repeats);

  const rows = functions.map(({ name, item, floor, result, firstCallMs, outcome }) => {
    const { bytesRatio, importRatio, within } = againstFloor(result);
    const extraMs = result.importMs + firstCallMs - empty.importMs - empty.firstCallMs;
    return {
      name,
      extraMs,
      within,
      cells: [
        name,
        `${FUNCTIONS[name].memoryMb} MB`,
        bytes(item.bytes),
        bytes(floor.bytes),
        ratio(bytesRatio),
        ms(result.importMs),
        ms(result.floorImportMs),
        ratio(importRatio),
        ms(firstCallMs),
        `+${ms(extraMs)}`,
        outcome,
        largest(beyondFloor(item, floor), 3),
      ],
    };
  });
  const worst = [...rows].sort((a, b) => b.extraMs - a.extraMs)[0];
  const over = rows.filter((row) => !row.within).map((row) => row.name);
  const bundles = Object.fromEntries(functions.map(({ name, result }) => [name, result]));
  return {
    id: 'cold-start',
    title: 'Cold start and bundle floors',
    method: [
      `Each function is bundled as the CDK stack bundles it (esbuild: platform node, target node22, ESM, minified, everything bundled including the AWS SDK, external source map (shipped, not applied at run time: no \`--enable-source-maps\`), the \`createRequire\` banner for CommonJS dependencies, \`keepNames\`). Beside it is built its **floor**, the same way: only the third-party code the function cannot do without, that is the AWS SDK clients it uses (each built at module scope, as the handlers do) and exactly the command classes its own bundle holds, plus the MIME parser for ingest-email, the phone-number and CSV parsers for ingest-phone, and wink-nlp with its English model for the router${model ? ` and the trained triage weights (\`${TRIAGE_MODEL}\`)` : ''} (\`bench/lib/bundles.ts\`; \`npm run bundles\` prints the same comparison on its own). A fresh \`node\` (${process.version}) then runs a tiny loader that imports the bundle (what Lambda does in its Init phase) and calls \`handler({}, context)\` once: the handlers build their configuration, SDK clients and compiled triage rules lazily or at module scope, and refuse the empty event before any network call (the "first call" column, with the error it ended in). Median of ${repeats} runs each, functions, floors and an empty handler interleaved; the empty handler's own times are subtracted in the "extra" column. The issue's limits: a bundle at most ${BUNDLE_LIMITS.bytes}× its floor's bytes and ${BUNDLE_LIMITS.importMs}× its import time.`,
      `Node's own start-up (spawning \`node\` and loading the empty bundle) took ${ms(empty.processMs)} here; Lambda's own runtime start-up is not included in any figure, and Lambda gives a function a share of a vCPU in proportion to its memory (a whole one at 1,769 MB), so at these functions' 256-1,024 MB the same work takes longer there than on this machine's core.`,
    ],
    tables: [
      {
        headers: [
          'Function',
          'Memory',
          'Bundle',
          'Floor',
          'Bytes ×',
          'Import (Init)',
          'Floor import',
          'Import ×',
          'First call',
          'Extra vs empty',
          'First call ended',
          'Largest parts beyond the floor',
        ],
        rows: rows.map((row) => row.cells),
      },
      ...(model
        ? [
            {
              caption: 'Trained triage weights (part of the router floor)',
              headers: ['File', 'Bytes', 'JSON.parse (median)'],
              rows: [[TRIAGE_MODEL, bytes(model.bytes), ms(model.parseMs)]],
            },
          ]
        : []),
    ],
    findings: [
      over.length === 0
        ? `Every function is within ${BUNDLE_LIMITS.bytes}× its floor's bytes and ${BUNDLE_LIMITS.importMs}× its import time.`
        : `Over the limits (${BUNDLE_LIMITS.bytes}× bytes, ${BUNDLE_LIMITS.importMs}× import): ${over.join(', ')}.`,
      ...(worst === undefined
        ? []
        : [
            `The slowest function to become ready is ${worst.name}, ${ms(worst.extraMs)} more than an empty handler. Email intake is asynchronous to the sender (SES stores the message and its notification invokes ingest-email), so a cold start there only delays the acknowledgement; a call handler posting a phone log or a caseworker opening the queue waits for it once per new container.`,
          ]),
      ...(missing.length > 0 ? [`Not measured (no \`handler.ts\` yet): ${missing.join(', ')}.`] : []),
    ],
    figures: {
      coldStartWorstMs: worst?.extraMs ?? Number.NaN,
      emptyImportMs: empty.importMs,
      bundlesOverLimits: over.length,
      ...(model ? { triageModelBytes: model.bytes, triageModelParseMs: model.parseMs } : {}),
    },
    results: { bundles, ...(model ? { triageModel: model } : {}) },
    elapsedMs: Date.now() - started,
  };
}
