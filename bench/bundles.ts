/**
 * `npm run bundles [-- --repeats N] [--only a,b] [--modules N] [--json]`: every function's bundle
 * (or only those named) beside its floor (only the
 * third-party code it cannot do without), bytes and import time side by side, against the limits
 * of issue 18 (1.25x the bytes, 1.2x the import), and the import's CPU time beside its floor's
 * (steadier than wall-clock time when the machine is busy; the limit is held to wall-clock time).
 * The zod schemas each import builds are counted beside (building them is much of the import work
 * beyond the floor). Exits 1 when a function is over. The same measurement is the cold-start section of `npm run bench`.
 */
import { parseArgs } from 'node:util';
import { FUNCTION_NAMES } from '../shared/adapters/resource-definitions';
import { BUNDLE_LIMITS, beyondFloorByModule, triageModelFigures } from './lib/bundles';
import { bytes, ms, ratio } from './lib/stats';
import { againstFloor, measureBundles } from './sections/cold-start';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      repeats: { type: 'string', default: '7' },
      json: { type: 'boolean', default: false },
      // Only these functions (comma-separated), e.g. the four staff API functions while cutting them.
      only: { type: 'string' },
      // For each function, its N largest modules and packages beyond its floor (where to cut).
      modules: { type: 'string', default: '0' },
    },
  });
  const only =
    values.only === undefined ? undefined : new Set(values.only.split(',').map((name) => name.trim()));
  const unknown = [...(only ?? [])].filter((name) => !(FUNCTION_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    process.stderr.write(
      `--only: no function ${unknown.join(', ')} (functions: ${FUNCTION_NAMES.join(', ')})\n`,
    );
    return 2;
  }
  const modules = Number(values.modules);
  if (!Number.isInteger(modules) || modules < 0) {
    process.stderr.write('--modules must be a whole number of modules, 0 or more\n');
    return 2;
  }
  const repeats = Number(values.repeats);
  if (!Number.isInteger(repeats) || repeats < 1) {
    process.stderr.write('--repeats must be a whole number of runs, at least 1\n');
    return 2;
  }
  const { functions } = await measureBundles(repeats, (line) => process.stderr.write(`  ${line}\n`), only);
  // The trained weights are the router's: measured when the router is.
  const model = only === undefined || only.has('router') ? triageModelFigures(repeats) : undefined;
  let over = 0;
  const lines = functions.map(({ name, result, importCpu, schemasAtImport }) => {
    const { bytesRatio, importRatio, within } = againstFloor(result);
    if (!within) over += 1;
    return [
      name.padEnd(14),
      `${bytes(result.bytes)} / ${bytes(result.floorBytes)} = ${ratio(bytesRatio)}`.padEnd(34),
      `${ms(result.importMs)} / ${ms(result.floorImportMs)} = ${ratio(importRatio)}`.padEnd(30),
      `${ms(importCpu.ms)} / ${ms(importCpu.floorMs)} = ${(importCpu.ms / importCpu.floorMs).toFixed(2)}×`.padEnd(
        28,
      ),
      String(schemasAtImport).padStart(7),
      within ? 'ok' : 'OVER',
    ].join(' ');
  });
  if (values.json) {
    const bundles = Object.fromEntries(
      functions.map(({ name, result, importCpu, schemasAtImport }) => [
        name,
        { ...result, importCpuMs: importCpu.ms, floorImportCpuMs: importCpu.floorMs, schemasAtImport },
      ]),
    );
    process.stdout.write(
      `${JSON.stringify({ bundles, ...(model ? { triageModel: model } : {}) }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(
      `${'function'.padEnd(14)} ${'bytes / floor'.padEnd(34)} ${'import / floor (median)'.padEnd(30)} ${'import CPU / floor'.padEnd(28)} schemas limits ${BUNDLE_LIMITS.bytes}x, ${BUNDLE_LIMITS.importMs}x\n${lines.join('\n')}\n`,
    );
    if (model) {
      process.stdout.write(
        `trained triage weights: ${bytes(model.bytes)}, JSON.parse ${ms(model.parseMs)}\n`,
      );
    }
    for (const { name, item, floor } of modules > 0 ? functions : []) {
      const largest = beyondFloorByModule(item, floor).slice(0, modules);
      process.stdout.write(
        `\n${name}: largest beyond its floor (${bytes(item.bytes - floor.bytes)} in all)\n${largest
          .map(([module, size]) => `  ${bytes(size).padStart(10)}  ${module}`)
          .join('\n')}\n`,
      );
    }
  }
  return over === 0 ? 0 : 1;
}

process.exitCode = await main();
