/**
 * Fetches what a report is computed from, with Queries only: enquiries received in the period
 * (received-by-day index, a partition per day), the unresolved backlog (each team's queue and each
 * caseworker's caseload on the queue index), caseworker profiles (team rosters) and the escalation
 * log of the period. Cost grows with the period's enquiries and the backlog, never with history.
 */
import type { CaseworkerRepository } from '../adapters/caseworker-repository';
import type { EnquiryRepository, Page } from '../adapters/enquiry-repository';
import type { HubConfig } from '../config/hub-config';
import type { Caseworker, Enquiry } from '../domain/enquiry';
import type { DynamoEscalationStore } from '../escalation/escalation-store';
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
): Promise<ReportInput> {
  const received: Enquiry[] = [];
  for await (const enquiry of deps.enquiries.receivedBetween(period.start, period.end))
    received.push(enquiry);

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
    escalations: await deps.escalations.escalationsBetween(period.start, period.end),
    caseworkers,
  };
}
