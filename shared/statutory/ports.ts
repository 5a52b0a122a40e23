/**
 * What statutory clocks need from storage, declared here and implemented by
 * `shared/adapters/statutory-store.ts` (DynamoDB).
 */
import { ConflictError } from '../domain/errors';
import type { NoticeOutbox } from '../escalation/ports';
import type { StatutoryProcessRecord } from './statutory-process';

/** The same process was already started on this enquiry. */
export class StatutoryProcessExistsError extends ConflictError {
  constructor(readonly processId: string) {
    super(
      `a ${processId.replace(/-\d{8}$/, '')} starting that day is already on this enquiry (${processId})`,
    );
  }
}

export interface StatutoryStore {
  /** @throws StatutoryProcessExistsError when the enquiry already has a process with this id. */
  create(record: StatutoryProcessRecord): Promise<StatutoryProcessRecord>;
  get(enquiryId: string, processId: string): Promise<StatutoryProcessRecord | null>;
  listForEnquiry(enquiryId: string): Promise<StatutoryProcessRecord[]>;
  /**
   * Stores `after` if the stored version is still `before.version` (the version goes up by one),
   * with the escalation notices of `outbox` in the same transaction (written by `recordedBy`).
   * @throws VersionConflictError someone changed it since it was read.
   */
  update(
    before: StatutoryProcessRecord,
    after: StatutoryProcessRecord,
    outbox?: NoticeOutbox,
  ): Promise<StatutoryProcessRecord>;
  /** Processes with an alert due at or before `now` (sparse index: cost grows with what is due). */
  dueForAlerts(now: string): AsyncGenerator<StatutoryProcessRecord>;
  /** A team's processes not yet complete, oldest start first. */
  listRunningForTeam(team: string): Promise<StatutoryProcessRecord[]>;
  /** Processes whose clock started in [from, to) (instants), one Query per UTC month. */
  startedBetween(from: string, to: string): AsyncGenerator<StatutoryProcessRecord>;
}
