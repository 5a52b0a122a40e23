/** The benchmark sections, in the order they run, with what each needs from the ones before. */
import type { SectionId, SectionOptions, SectionReport } from '../lib/report';

export interface SectionEntry {
  readonly id: SectionId;
  readonly title: string;
  /** Sections whose figures this one reports ratios against (run first even with `--only`). */
  readonly needs: readonly SectionId[];
  /** Wall-clock budget by run size (the runner stops a section that overruns it). */
  readonly budgetMs: { quick: number; default: number; full: number };
  readonly load: () => Promise<{ run(options: SectionOptions): Promise<SectionReport> }>;
}

const MINUTE = 60_000;

export const SECTIONS: readonly SectionEntry[] = [
  {
    id: 'emulator-rates',
    title: 'Emulator raw rates',
    needs: [],
    budgetMs: { quick: 2 * MINUTE, default: 4 * MINUTE, full: 4 * MINUTE },
    load: () => import('./emulator-rates'),
  },
  {
    id: 'end-to-end',
    title: 'End to end',
    needs: ['emulator-rates'],
    budgetMs: { quick: 5 * MINUTE, default: 20 * MINUTE, full: 20 * MINUTE },
    load: () => import('./end-to-end'),
  },
  {
    id: 'cost',
    title: 'Cost per enquiry',
    needs: [],
    budgetMs: { quick: 3 * MINUTE, default: 6 * MINUTE, full: 6 * MINUTE },
    load: () => import('./cost-per-enquiry'),
  },
  {
    id: 'escalation-sweep',
    title: 'Escalation sweep flatness',
    needs: [],
    budgetMs: { quick: 4 * MINUTE, default: 8 * MINUTE, full: 45 * MINUTE },
    load: () => import('./escalation-sweep'),
  },
  {
    id: 'cold-start',
    title: 'Cold start',
    needs: [],
    budgetMs: { quick: 5 * MINUTE, default: 10 * MINUTE, full: 10 * MINUTE },
    load: () => import('./cold-start'),
  },
  {
    id: 'triage',
    title: 'Triage',
    needs: [],
    budgetMs: { quick: 2 * MINUTE, default: 3 * MINUTE, full: 3 * MINUTE },
    load: () => import('./triage-throughput'),
  },
  {
    id: 'calendar',
    title: 'Working-time arithmetic',
    needs: [],
    budgetMs: { quick: MINUTE, default: 2 * MINUTE, full: 2 * MINUTE },
    load: () => import('./calendar-arithmetic'),
  },
  {
    id: 'board-report',
    title: "The improvement board's 18-month report",
    needs: [],
    budgetMs: { quick: 4 * MINUTE, default: 12 * MINUTE, full: 12 * MINUTE },
    load: () => import('./board-report'),
  },
];

export function sectionEntry(id: SectionId): SectionEntry {
  const entry = SECTIONS.find((candidate) => candidate.id === id);
  if (entry === undefined) throw new Error(`unknown section ${id}`);
  return entry;
}
