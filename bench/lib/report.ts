/**
 * What each benchmark section hands back: figures (for other sections' ratios) and the tables and
 * sentences of its part of BENCHMARKS.md. Plain data, so a section can run in its own process and
 * send its report to the runner as JSON.
 */

export type Cell = string | number;

export interface Table {
  readonly caption?: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export interface SectionReport {
  readonly id: SectionId;
  readonly title: string;
  /** Paragraphs before the tables: what was measured and how. */
  readonly method: readonly string[];
  readonly tables: readonly Table[];
  /** Paragraphs after the tables: what the numbers mean, caveats. */
  readonly findings: readonly string[];
  /** Named numbers other sections (and the intro) use, e.g. `transactWritesPerSecond`. */
  readonly figures: Readonly<Record<string, number>>;
  /** Machine-readable results for BENCHMARKS.json, e.g. `bundles.<function>.{bytes, importMs, floorBytes, floorImportMs}`. */
  readonly results?: Readonly<Record<string, unknown>>;
  readonly elapsedMs: number;
}

export const SECTION_IDS = [
  'emulator-rates',
  'end-to-end',
  'cost',
  'escalation-sweep',
  'cold-start',
  'triage',
  'calendar',
  'board-report',
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export function isSectionId(value: string): value is SectionId {
  return (SECTION_IDS as readonly string[]).includes(value);
}

/** How big a run is: `quick` is the smoke test, `full` adds what takes long (1M history). */
export type RunSize = 'quick' | 'default' | 'full';

export interface SectionOptions {
  readonly size: RunSize;
  /** Figures of the sections that ran before in this run (the emulators' raw rates for ratios). */
  readonly figures: Readonly<Record<string, number>>;
  /** Wall-clock budget for the section; loops stop early rather than overrun it. */
  readonly budgetMs: number;
  /** End to end: how many enquiries the burst sends (`--enquiries`), instead of the size's default. */
  readonly enquiries?: number;
  /** End to end: the router on worker threads, one per concurrent batch (`--router-threads`). */
  readonly routerThreads?: boolean;
}

/** Picks the value for the run size. */
export function bySize<T>(size: RunSize, values: { quick: T; default: T; full?: T }): T {
  if (size === 'quick') return values.quick;
  if (size === 'full') return values.full ?? values.default;
  return values.default;
}
