/**
 * Fetches what a report is computed from, with Queries only: enquiries received in the period
 * (received-by-day index, a partition per day), the unresolved backlog (each team's queue and each
 * caseworker's caseload on the queue index), caseworker profiles (team rosters) and the escalation
 * log of the period. Cost grows with the period's enquiries and the backlog, never with history.
 */
import type { HubConfig } from '../config/hub-config';
import type { Enquiry, ReportedEnquiry } from '../domain/enquiry';
import { everyPage } from '../domain/paging';
import type { EscalationLog } from '../escalation/ports';
import type { StatutoryStore } from '../statutory/ports';
import type { StatutoryProcessRecord } from '../statutory/statutory-process';
import type { ImprovementInput } from './improvement-report';
import type { ReportEnquiries, ReportRoster } from './ports';
import type { ReportPeriod } from './report-period';
import type { ReportInput } from './response-time-report';

export interface ReportSourceDeps {
  readonly enquiries: ReportEnquiries;
  readonly caseworkers: ReportRoster;
  readonly escalations: EscalationLog;
}

const PAGE = 500;

/**
 * Everything `buildResponseTimeReport` needs for `period`, as of `asOf`. The backlog covers the
 * configured teams and their rostered caseworkers.
 */
export async function loadReportInput(
  deps: ReportSourceDeps,
  config: HubConfig,
  period: ReportPeriod,
  asOf: string,
  /** The period's enquiries when the caller reads them anyway (the board report does). */
  alreadyRead?: Promise<readonly ReportedEnquiry[]>,
  reads = new RangeReads(),
): Promise<ReportInput> {
  // Many months are read a day at a time, several days at once; a week reads as before.
  const receivedRead =
    alreadyRead === undefined
      ? reads.collect(period.start, period.end, (a, b) => deps.enquiries.reportedBetween(a, b))
      : alreadyRead.then((read) => [...read].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)));
  const escalationsRead = reads.collect(period.start, period.end, async function* (a, b) {
    yield* await deps.escalations.escalationsBetween(a, b);
  });

  const caseworkers = (
    await Promise.all(config.teams.map((team) => deps.caseworkers.listRoster(team.id)))
  ).flat();

  // An enquiry moving between a queue and a caseload while we read could show up twice.
  const unresolved = new Map<string, Enquiry>();
  const lists = await Promise.all([
    ...config.teams.map((team) =>
      everyPage((cursor) => deps.enquiries.listTeamQueue(team.id, { limit: PAGE, cursor })),
    ),
    ...caseworkers.map((caseworker) =>
      everyPage((cursor) => deps.enquiries.listCaseload(caseworker.id, { limit: PAGE, cursor })),
    ),
  ]);
  for (const list of lists) for (const enquiry of list) unresolved.set(enquiry.id, enquiry);

  return {
    config,
    period,
    asOf,
    received: await receivedRead,
    unresolved: [...unresolved.values()],
    escalations: await escalationsRead,
    caseworkers,
  };
}

/**
 * Day-by-day reads of a report, at most {@link READS_IN_FLIGHT} Queries at once across everything
 * the report reads (period, baseline, escalations, statutory processes): each day is its own
 * partition, so an 18-month board report is some 1,100 small Queries that can run side by side.
 * Results keep the order of their days.
 */
const READS_IN_FLIGHT = 16;
const DAY_MS = 86_400_000;

function nextUtcDay(instant: number): number {
  return (Math.floor(instant / DAY_MS) + 1) * DAY_MS;
}

function nextUtcMonth(instant: number): number {
  const date = new Date(instant);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

export class RangeReads {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit = READS_IN_FLIGHT) {}

  /**
   * Everything `read` yields over [from, to), read one partition at a time (UTC days, or months
   * with `by: 'month'`), in order.
   */
  async collect<T>(
    from: string,
    to: string,
    read: (start: string, end: string) => AsyncIterable<T>,
    by: 'day' | 'month' = 'day',
  ): Promise<T[]> {
    const end = Date.parse(to);
    const ranges: [string, string][] = [];
    for (let start = Date.parse(from); start < end; ) {
      // Cut where partitions change, so that no range spans two.
      const next = Math.min(end, by === 'day' ? nextUtcDay(start) : nextUtcMonth(start));
      ranges.push([new Date(start).toISOString(), new Date(next).toISOString()]);
      start = next;
    }
    const parts = await Promise.all(
      ranges.map((range) =>
        this.run(async () => {
          const items: T[] = [];
          for await (const item of read(range[0], range[1])) items.push(item);
          return items;
        }),
      ),
    );
    return parts.flat();
  }

  private async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight += 1;
    try {
      return await task();
    } finally {
      this.inFlight -= 1;
      this.waiting.shift()?.();
    }
  }
}

export interface ImprovementSourceDeps {
  readonly enquiries: Pick<ReportEnquiries, 'reportedBetween'>;
  readonly statutory: Pick<StatutoryStore, 'startedBetween'>;
}

/**
 * What the improvement report reads: enquiries received and statutory processes started in the
 * period and in the baseline, by day (Queries on the by-day index, several days at a time).
 */
export async function loadImprovementInput(
  deps: ImprovementSourceDeps,
  config: HubConfig,
  period: ReportPeriod,
  baseline: ReportPeriod,
  asOf: string,
  reads = new RangeReads(),
): Promise<ImprovementInput> {
  const [enquiryParts, processParts] = await Promise.all([
    Promise.all(
      [baseline, period].map((range) =>
        reads.collect(range.start, range.end, (a, b) => deps.enquiries.reportedBetween(a, b)),
      ),
    ),
    Promise.all(
      [baseline, period].map((range) =>
        // Processes are kept in a partition per month.
        reads.collect(range.start, range.end, (a, b) => deps.statutory.startedBetween(a, b), 'month'),
      ),
    ),
  ]);
  // A baseline may overlap the period: each enquiry and process counts once.
  const enquiries = new Map<string, ReportedEnquiry>();
  for (const enquiry of enquiryParts.flat()) enquiries.set(enquiry.id, enquiry);
  const processes = new Map<string, StatutoryProcessRecord>();
  for (const record of processParts.flat()) processes.set(`${record.enquiryId}#${record.id}`, record);
  return {
    config,
    period,
    baseline,
    asOf,
    enquiries: [...enquiries.values()],
    processes: [...processes.values()],
  };
}
