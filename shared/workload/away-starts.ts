/**
 * The sweep's chore for leave booked ahead: when a caseworker's away period starts, their open
 * enquiries are handed over (`hand-over.ts`). The start entries are read with one key-condition
 * Query (`AWAYSTART`, `SK <= now`), so the read costs what is starting, never history; an entry
 * whose period was changed or withdrawn meanwhile is simply deleted.
 */
import type { HubConfig } from '../config/hub-config';
import { toInstant } from '../domain/enquiry';
import { localDate } from '../domain/local-time';
import type { CaseworkerProfiles } from '../escalation/caseworker-directory';
import { type AvailabilityBook, awayPeriodAt } from './availability';
import { handOverCaseload } from './hand-over';
import { SWEEP_ACTOR } from './idle-claims';
import type { AvailabilityStore, AwayStart, WorkloadEnquiries } from './ports';

export interface AwayStartDeps {
  readonly config: HubConfig;
  readonly availability: Pick<AvailabilityStore, 'dueAwayStarts' | 'removeAwayStarts'>;
  /** Everyone's availability, read once by the sweep. */
  readonly book: AvailabilityBook;
  readonly enquiries: Pick<WorkloadEnquiries, 'listCaseload' | 'getEnquiry' | 'update'>;
  readonly caseworkers: CaseworkerProfiles;
  readonly sweepId: string;
  readonly shouldStop?: () => boolean;
}

export interface AwayStartSummary {
  /** Away periods that started and were acted on. */
  readonly started: number;
  readonly returned: number;
  readonly handed: number;
}

/** Hands over the work of every caseworker whose away period has started by `now`. */
export async function startAwayPeriods(deps: AwayStartDeps, now: string): Promise<AwayStartSummary> {
  const at = toInstant(now);
  const today = localDate(deps.config.calendar.timeZone, at);
  let started = 0;
  let returned = 0;
  let handed = 0;
  const done: AwayStart[] = [];
  for await (const start of deps.availability.dueAwayStarts(at)) {
    if (deps.shouldStop?.() === true) break;
    const record = deps.book.get(start.email.toLowerCase());
    const period = record?.awayPeriods.find((candidate) => candidate.from === start.from);
    const holder =
      record?.caseworkerId === null || record === undefined
        ? null
        : await deps.caseworkers.getCaseworker(record.caseworkerId);
    if (period !== undefined && period.to >= today && holder !== null) {
      const moved = await handOverCaseload(
        {
          config: deps.config,
          enquiries: deps.enquiries,
          caseworkers: deps.caseworkers,
          recordedBy: deps.sweepId,
          isAway: (colleague) =>
            awayPeriodAt(deps.config, deps.book.get(colleague.email.toLowerCase()), at) !== null,
        },
        holder,
        period,
        at,
        SWEEP_ACTOR,
      );
      started += 1;
      returned += moved.returned;
      handed += moved.handed;
    }
    done.push(start);
  }
  await deps.availability.removeAwayStarts(done);
  return { started, returned, handed };
}
