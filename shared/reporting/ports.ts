/**
 * What the reports need from storage, as interfaces this folder declares; `shared/adapters/`
 * implements them (the enquiry and caseworker repositories, the escalation log, S3 for the files).
 */
import type { Caseworker, Enquiry, ReportedEnquiry } from '../domain/enquiry';
import type { Page } from '../domain/paging';
import type { PageOptions } from '../workload/ports';

/** Enquiries by the day they were received, and the unresolved backlog (queues and caseloads). */
export interface ReportEnquiries {
  /** What the reports read of every enquiry received in `[from, to)`, in time order. */
  reportedBetween(from: string, to: string): AsyncGenerator<ReportedEnquiry>;
  listTeamQueue(team: string, options?: PageOptions): Promise<Page<Enquiry>>;
  listCaseload(caseworkerId: string, options?: PageOptions): Promise<Page<Enquiry>>;
}

/** A team's caseworkers. */
export interface ReportRoster {
  listRoster(team: string): Promise<Caseworker[]>;
}

export interface ReportFiles {
  /** Writes (or overwrites) a report file. */
  put(key: string, body: string, contentType: string): Promise<void>;
}
