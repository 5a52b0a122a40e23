/**
 * `npm run bench [-- --quick | --full] [--only <section>[,<section>]] [--out <file>]
 *   [--enquiries <n>] [--router-threads] [--cpu-prof <dir>]`
 *
 * Runs the benchmark sections one after another, each in its own process against its own local
 * emulators (loopback only), and writes the report: BENCHMARKS.md for a complete default or full
 * run, `bench/out/last-run.md` for a quick or partial one (or `--out`), and beside it the figures as
 * JSON (BENCHMARKS.json, `bench/out/last-run.json`). Separate from `npm test`:
 * nothing here is a pass/fail test, it measures. `--enquiries` sets the end-to-end burst's size
 * (a shorter run to profile; the report is then partial), `--router-threads` runs the end-to-end
 * stack's router on worker threads (the local stack's `functionThreads`), `--cpu-prof` writes a V8 CPU profile of
 * each section's process into the folder (open it in Chrome DevTools or speedscope).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { councilSummary } from './lib/council-summary';
import { machineInfo } from './lib/machine';
import { markdownSection } from './lib/markdown';
import {
  isSectionId,
  type RunSize,
  type SectionId,
  type SectionOptions,
  type SectionReport,
} from './lib/report';
import { benchmarkResults } from './lib/results-json';
import { fmt } from './lib/stats';
import { SECTIONS, sectionEntry } from './sections';

const ROOT = path.resolve(import.meta.dirname, '..');

class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

interface RunPlan {
  readonly size: RunSize;
  readonly sections: SectionId[];
  readonly explicitOnly: readonly SectionId[];
  readonly out: string;
  readonly enquiries?: number;
  readonly routerThreads: boolean;
  readonly cpuProfDir?: string;
}

function plan(argv: string[]): RunPlan {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      out: { type: 'string' },
      enquiries: { type: 'string' },
      'router-threads': { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
    },
    strict: true,
  });
  if (values.quick && values.full) throw new BenchUsageError('choose --quick or --full, not both');
  const size: RunSize = values.quick ? 'quick' : values.full ? 'full' : 'default';
  const only = (values.only ?? []).flatMap((value) => value.split(',')).map((value) => value.trim());
  for (const id of only) {
    if (!isSectionId(id)) {
      throw new BenchUsageError(`unknown section "${id}"; sections: ${SECTIONS.map((s) => s.id).join(', ')}`);
    }
  }
  const enquiries = values.enquiries === undefined ? undefined : Number(values.enquiries);
  if (enquiries !== undefined && !(Number.isInteger(enquiries) && enquiries >= 10)) {
    throw new BenchUsageError('--enquiries must be a whole number of at least 10');
  }
  const explicitOnly = only.filter(isSectionId);
  const wanted = new Set<SectionId>();
  for (const id of explicitOnly) {
    for (const need of sectionEntry(id).needs) wanted.add(need);
    wanted.add(id);
  }
  const sections =
    explicitOnly.length === 0
      ? SECTIONS.map((s) => s.id)
      : SECTIONS.map((s) => s.id).filter((id) => wanted.has(id));
  const routerThreads = values['router-threads'] === true;
  // The committed report is the default shape; a variant goes to bench/out.
  const complete = explicitOnly.length === 0 && size !== 'quick' && enquiries === undefined && !routerThreads;
  const out =
    values.out ?? (complete ? path.join(ROOT, 'BENCHMARKS.md') : path.join(ROOT, 'bench/out/last-run.md'));
  const cpuProfDir = values['cpu-prof'] === undefined ? undefined : path.resolve(values['cpu-prof']);
  return {
    size,
    sections,
    explicitOnly,
    out,
    routerThreads,
    ...(enquiries === undefined ? {} : { enquiries }),
    ...(cpuProfDir === undefined ? {} : { cpuProfDir }),
  };
}

/** Runs one section in a child process; kills its whole process group if it overruns its budget. */
function runSection(id: SectionId, options: SectionOptions, cpuProfDir?: string): Promise<SectionReport> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(
      path.join(import.meta.dirname, 'section-worker.ts'),
      [id, JSON.stringify(options)],
      {
        cwd: ROOT,
        execArgv: [
          '--import',
          'tsx',
          ...(cpuProfDir === undefined
            ? []
            : [
                '--cpu-prof',
                `--cpu-prof-dir=${cpuProfDir}`,
                `--cpu-prof-name=${id}.${Date.now()}.cpuprofile`,
              ]),
        ],
        // Its own process group, so a timeout also ends the emulators it started (DynamoDB Local's JVM).
        detached: true,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        env: {
          ...process.env,
          POWERTOOLS_METRICS_DISABLED: 'true',
          LOG_LEVEL: 'ERROR',
          NODE_NO_WARNINGS: '1',
        },
      },
    );
    activeChild = child;
    let report: SectionReport | undefined;
    // The group outlives the child if it left something running (e.g. a JVM): end all of it.
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Nothing left in the group.
      }
    };
    const timer = setTimeout(() => {
      process.stderr.write(
        `  [${id}] over its ${Math.round(options.budgetMs / 1000)} s budget: stopping it\n`,
      );
      killGroup();
    }, options.budgetMs + 30_000);
    child.on('message', (message: { kind?: string; report?: SectionReport }) => {
      if (message.kind === 'report' && message.report !== undefined) report = message.report;
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      activeChild = undefined;
      // Anything the section left behind in its group (it should have stopped it) goes too.
      killGroup();
      if (report !== undefined) resolve(report);
      else reject(new Error(`section ${id} ended without a report (exit ${code ?? signal})`));
    });
  });
}

let activeChild: ChildProcess | undefined;

function stopActiveChild(): void {
  const pid = activeChild?.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function intro(
  reports: readonly SectionReport[],
  runPlan: RunPlan,
  startedAt: Date,
  totalMs: number,
  loadAtStart: readonly number[],
): string {
  const machine = machineInfo(startedAt);
  const sizeText =
    runPlan.size === 'quick'
      ? 'quick (smoke-test sizes; figures are indicative only)'
      : runPlan.size === 'full'
        ? 'full (default sizes plus the 1M-enquiry history)'
        : 'default';
  return [
    '# SEND Hub benchmarks',
    'How fast and how cheap SEND Hub is, measured by `npm run bench` (code in `bench/`, one file per section). ' +
      'Everything runs on one machine: the real local emulators (DynamoDB Local, fauxqs for SQS and S3, aws-ses-v2-local), ' +
      'the production Lambda handlers wired by the local stack (`local/stack.ts`), and the load generator, all on loopback. ' +
      "Because the emulators are far slower than AWS and share the machine's two cores with everything else, the throughput " +
      "figures are given as ratios to the emulators' own raw rates measured in the same run (section 1). Every loop is bounded " +
      'by a count and a time limit, and each section runs in its own process with its own emulators.',
    [
      '| Run | |',
      '| --- | --- |',
      `| Date | ${machine.date.slice(0, 16).replace('T', ' ')} UTC |`,
      `| Commit | \`${machine.commit}\`${machine.uncommittedChanges > 0 ? ` (plus ${machine.uncommittedChanges} uncommitted files)` : ''} |`,
      `| Machine | ${machine.cores} cores (${machine.cpuModel}), ${fmt(machine.memoryGb, 1)} GB memory, ${machine.platform} |`,
      `| Node.js | ${machine.nodeVersion} |`,
      `| Load average (1, 5, 15 min) | ${loadAtStart.map((value) => fmt(value, 2)).join(', ')} at the start, ${machine.loadAverage.map((value) => fmt(value, 2)).join(', ')} at the end (above 2 means other work competed for the two cores and lowered every figure) |`,
      `| Size | ${sizeText} |`,
      `| Sections | ${reports.map((report) => report.id).join(', ')} |`,
      `| Total time | ${fmt(totalMs / 60_000, 1)} min |`,
      '',
      `Re-run with \`npm run bench\` (about 15 min), \`npm run bench -- --quick\` (1-2 min smoke test), \`npm run bench -- --full\` (adds the 1M history) or \`npm run bench -- --only <section>\` (${SECTIONS.map((s) => s.id).join(', ')}); \`--enquiries <n>\` sets the end-to-end burst's size, \`--router-threads\` runs its router on worker threads, and \`--cpu-prof <dir>\` writes a CPU profile of each section's process.`,
    ].join('\n'),
  ].join('\n\n');
}

async function main(): Promise<void> {
  const runPlan = plan(process.argv.slice(2));
  const startedAt = new Date();
  const loadAtStart = os.loadavg();
  process.stdout.write(`SEND Hub bench (${runPlan.size}): ${runPlan.sections.join(', ')}\n`);
  const reports: SectionReport[] = [];
  const figures: Record<string, number> = {};
  const results: Record<string, unknown> = {};
  const failures: string[] = [];
  for (const id of runPlan.sections) {
    const entry = sectionEntry(id);
    const budgetMs = entry.budgetMs[runPlan.size];
    process.stdout.write(`\n== ${entry.title} (budget ${Math.round(budgetMs / 1000)} s)\n`);
    try {
      const report = await runSection(
        id,
        {
          size: runPlan.size,
          figures: { ...figures },
          budgetMs,
          ...(runPlan.enquiries === undefined ? {} : { enquiries: runPlan.enquiries }),
          ...(runPlan.routerThreads ? { routerThreads: true } : {}),
        },
        runPlan.cpuProfDir,
      );
      reports.push(report);
      Object.assign(figures, report.figures);
      Object.assign(results, report.results ?? {});
      process.stdout.write(`== ${entry.title}: done in ${Math.round(report.elapsedMs / 1000)} s\n`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push(`${id}: ${message}`);
      process.stderr.write(`== ${entry.title}: FAILED (${message})\n`);
    }
  }
  const totalMs = Date.now() - startedAt.getTime();
  const parts = [intro(reports, runPlan, startedAt, totalMs, loadAtStart), councilSummary(figures)];
  reports.forEach((report, index) => {
    parts.push(markdownSection(index + 1, report));
  });
  if (failures.length > 0)
    parts.push(`## Sections that failed\n\n${failures.map((failure) => `- ${failure}`).join('\n')}`);
  mkdirSync(path.dirname(runPlan.out), { recursive: true });
  writeFileSync(runPlan.out, `${parts.join('\n\n')}\n`);
  const jsonOut = `${runPlan.out.replace(/\.md$/, '')}.json`;
  const json = benchmarkResults(figures, results, {
    machine: machineInfo(startedAt),
    size: runPlan.size,
    sections: reports.map((report) => report.id),
    failedSections: failures,
    totalMs,
    loadAtStart,
  });
  writeFileSync(jsonOut, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(
    `\nWrote ${path.relative(ROOT, runPlan.out)} and ${path.relative(ROOT, jsonOut)} in ${fmt(totalMs / 60_000, 1)} min.\n`,
  );
  if (failures.length > 0) process.exitCode = 1;
}

process.once('SIGINT', () => {
  stopActiveChild();
  process.exit(130);
});
process.once('SIGTERM', () => {
  stopActiveChild();
  process.exit(143);
});

main().catch((error: unknown) => {
  stopActiveChild();
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof BenchUsageError ? 2 : 1);
});
