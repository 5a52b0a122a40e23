/**
 * Fetches what a report is computed from, with Queries only: enquiries received in the period
 * (received-by-day index, a partition per day), the unresolved backlog (each team's queue and each
 * caseworker's caseload on the queue index), caseworker profiles (team rosters) and the escalation
 * log of the period. Cost grows with the period's enquiries and the backlog, never with history.
 */
import type { CaseworkerRepository } from '../adapters/caseworker-repository';
import type { EnquiryRepository, Page } from '../adapters/enquiry-repository';
import type { DynamoEscalationStore } from '../adapters/escalation-store';
import type { HubConfig } from '../config/hub-config';
import type { Caseworker, Enquiry } from '../domain/enquiry';
import type { StatutoryStore } from '../statutory/ports';
import type { StatutoryProcessRecord } from '../statutory/statutory-process';
import type { ImprovementInput } from './improvement-report';
import type { ReportPeriod } from './report-period';
import type { ReportInput } from './response-time-report';

export interface ReportSourceDeps {
  readonly enquiries: Pick<EnquiryRepository, 'receivedBetween' | 'listTeamQueue' | 'listCaseload'>;
  readonly caseworkers: Pick<CaseworkerRepository, 'listRoster'>;
  readonly escalations: Pick<DynamoEscalationStore, 'escalationsBetween'>;
}

const PAGE = 500;

async function allPages(list: (cursor: string | null) => Promise<Page<Enquiry>>): Promise<Enquiry[]> {
  const items: Enquiry[] = [];
  let cursor: string | null = null;
  do {
    const page = await list(cursor);
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== null);
  return items;
}

/**
 * Everything `buildResponseTimeReport` needs for `period`, as of `asOf`. The backlog covers the
 * configured teams and their rostered caseworkers.
 */
export async function loadReportInput(
  deps: ReportSourceDeps,
  config: HubConfig,
  period: ReportPeriod,
  asOf: string,
  /** The period's enquiries when the caller has already read them (the board report does). */
  alreadyRead?: readonly Enquiry[],
): Promise<ReportInput> {
  // Many months are read a few days at a time; a week reads as before.
  const received =
    alreadyRead === undefined
      ? await inChunks(period.start, period.end, (a, b) => deps.enquiries.receivedBetween(a, b))
      : [...alreadyRead].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));

  const caseworkers: Caseworker[] = [];
  for (const team of config.teams) caseworkers.push(...(await deps.caseworkers.listRoster(team.id)));

  // An enquiry moving between a queue and a caseload while we read could show up twice.
  const unresolved = new Map<string, Enquiry>();
  for (const team of config.teams) {
    for (const enquiry of await allPages((cursor) =>
      deps.enquiries.listTeamQueue(team.id, { limit: PAGE, cursor }),
    )) {
      unresolved.set(enquiry.id, enquiry);
    }
  }
  for (const caseworker of caseworkers) {
    for (const enquiry of await allPages((cursor) =>
      deps.enquiries.listCaseload(caseworker.id, { limit: PAGE, cursor }),
    )) {
      unresolved.set(enquiry.id, enquiry);
    }
  }

  return {
    config,
    period,
    asOf,
    received,
    unresolved: [...unresolved.values()],
    escalations: await inChunks(period.start, period.end, async function* (a, b) {
      yield* await deps.escalations.escalationsBetween(a, b);
    }),
    caseworkers,
  };
}

/** Days read at once when a report covers many months (each day is its own Query). */
const DAY_RANGE_CONCURRENCY = 8;
const CHUNK_MS = 14 * 86_400_000;

/** Splits [from, to) into two-week pieces and reads them a few at a time, keeping their order. */
async function inChunks<T>(
  from: string,
  to: string,
  read: (start: string, end: string) => AsyncGenerator<T>,
): Promise<T[]> {
  const ranges: [string, string][] = [];
  for (let start = Date.parse(from); start < Date.parse(to); start += CHUNK_MS) {
    ranges.push([
      new Date(start).toISOString(),
      new Date(Math.min(Date.parse(to), start + CHUNK_MS)).toISOString(),
    ]);
  }
  const results: T[][] = new Array(ranges.length);
  let next = 0;
  const worker = async () => {
    while (next < ranges.length) {
      const index = next;
      next += 1;
      const range = ranges[index];
      if (range === undefined) continue;
      const items: T[] = [];
      for await (const item of read(range[0], range[1])) items.push(item);
      results[index] = items;
    }
  };
  await Promise.all(Array.from({ length: DAY_RANGE_CONCURRENCY }, worker));
  return results.flat();
}

export interface ImprovementSourceDeps {
  readonly enquiries: Pick<EnquiryRepository, 'receivedBetween'>;
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
): Promise<ImprovementInput> {
  const enquiries = new Map<string, Enquiry>();
  const processes = new Map<string, StatutoryProcessRecord>();
  for (const range of [baseline, period]) {
    for (const enquiry of await inChunks(range.start, range.end, (a, b) =>
      deps.enquiries.receivedBetween(a, b),
    )) {
      enquiries.set(enquiry.id, enquiry);
    }
    for (const record of await inChunks(range.start, range.end, (a, b) =>
      deps.statutory.startedBetween(a, b),
    )) {
      processes.set(`${record.enquiryId}#${record.id}`, record);
    }
  }
  return {
    config,
    period,
    baseline,
    asOf,
    enquiries: [...enquiries.values()],
    processes: [...processes.values()],
  };
}
