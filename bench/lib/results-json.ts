/**
 * BENCHMARKS.json: the run's figures for machines (CI trends, the goals of issue 18), beside the
 * prose of BENCHMARKS.md. Sections give it their `results` (nested, e.g. `bundles.<function>`),
 * or name figures meant for it with dotted keys (`endToEnd.lost`), which nest here; a few figures
 * older sections report under flat names are given their place below. A figure a run did not
 * measure is left out, never written as 0.
 */
import { BUNDLE_LIMITS, type BundleResult } from './bundles';
import type { MachineInfo } from './machine';

/** Flat figure names of earlier sections and where they belong in the JSON. */
const PLACED: Readonly<Record<string, string>> = {
  transactPerSecond: 'emulatorRates.transactWriteItemsPerSecond',
  transactPerSecond1: 'emulatorRates.transactWriteItemsPerSecondOneWorker',
  transactPerSecond8: 'emulatorRates.transactWriteItemsPerSecondEightWorkers',
  dynamoPutPerSecond1: 'emulatorRates.putItemPerSecondOneWorker',
  dynamoPutPerSecond8: 'emulatorRates.putItemPerSecondEightWorkers',
  sqsSendPerSecond: 'emulatorRates.sqsSendPerSecond',
  sqsReceiveDeletePerSecond: 'emulatorRates.sqsReceiveDeletePerSecond',
  s3PutPerSecond: 'emulatorRates.s3PutPerSecond',
  sesSendPerSecond: 'emulatorRates.sesSendPerSecond',
  smtpAcceptPerSecond: 'emulatorRates.smtpAcceptPerSecond',
  costPer1000Usd: 'cost.requestChargesPer1000Usd',
  coldStartWorstMs: 'coldStart.worstExtraMs',
  emptyImportMs: 'coldStart.emptyHandlerImportMs',
};

type Tree = { [key: string]: unknown };

function place(tree: Tree, dotted: string, value: number): void {
  const parts = dotted.split('.');
  let node = tree;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next === 'object' && next !== null) {
      node = next as Tree;
    } else {
      const created: Tree = {};
      node[part] = created;
      node = created;
    }
  }
  const leaf = parts.at(-1);
  if (leaf !== undefined) node[leaf] = value;
}

/** A goal of issue 18, as measured in this run. */
export interface GoalCheck {
  readonly measured: number;
  readonly target: string;
  readonly met: boolean;
}

/** The goals of issue 18, from whatever the run measured. */
export function goalChecks(
  figures: Readonly<Record<string, number>>,
  bundles: Readonly<Record<string, BundleResult>> = {},
): Record<string, GoalCheck> {
  const goals: Record<string, GoalCheck> = {};
  const check = (name: string, measured: number | undefined, target: string, met: (v: number) => boolean) => {
    if (measured !== undefined && Number.isFinite(measured))
      goals[name] = { measured, target, met: met(measured) };
  };
  check('transactionShareOfRaw', figures['endToEnd.transactionShareOfRaw'], '>= 0.5', (v) => v >= 0.5);
  check('transactionsPerEnquiry', figures['endToEnd.transactionsPerEnquiry'], '<= 1.2', (v) => v <= 1.2);
  check('lost', figures['endToEnd.lost'], '= 0', (v) => v === 0);
  check('duplicated', figures['endToEnd.duplicated'], '= 0', (v) => v === 0);
  check('nonSesCostPer1000Usd', figures['cost.nonSesPer1000Usd'], '<= 0.03', (v) => v <= 0.03);
  for (const [name, result] of Object.entries(bundles)) {
    const { bytes, importMs } = BUNDLE_LIMITS;
    check(`bundles.${name}.bytesRatio`, result.bytes / result.floorBytes, `<= ${bytes}`, (v) => v <= bytes);
    check(
      `bundles.${name}.importMsRatio`,
      result.importMs / result.floorImportMs,
      `<= ${importMs}`,
      (v) => v <= importMs,
    );
  }
  return goals;
}

export interface ResultsRun {
  readonly machine: MachineInfo;
  readonly size: string;
  readonly sections: readonly string[];
  readonly failedSections: readonly string[];
  readonly totalMs: number;
  readonly loadAtStart: readonly number[];
}

/** The JSON document written beside the markdown report. */
export function benchmarkResults(
  figures: Readonly<Record<string, number>>,
  results: Readonly<Record<string, unknown>>,
  run: ResultsRun,
): object {
  const measured: Tree = { ...results };
  for (const [key, value] of Object.entries(figures)) {
    if (!Number.isFinite(value)) continue;
    const at = PLACED[key] ?? (key.includes('.') ? key : null);
    if (at !== null) place(measured, at, value);
  }
  return {
    run: {
      date: run.machine.date,
      commit: run.machine.commit,
      uncommittedChanges: run.machine.uncommittedChanges,
      size: run.size,
      sections: run.sections,
      failedSections: run.failedSections,
      totalMinutes: Math.round(run.totalMs / 600) / 100,
      machine: {
        cores: run.machine.cores,
        cpu: run.machine.cpuModel,
        node: run.machine.nodeVersion,
        loadAverageAtStart: run.loadAtStart.map((value) => Math.round(value * 100) / 100),
        loadAverageAtEnd: run.machine.loadAverage,
      },
    },
    ...measured,
    goals: goalChecks(figures, (results.bundles ?? {}) as Record<string, BundleResult>),
  };
}
