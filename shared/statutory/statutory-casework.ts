/**
 * Caseworkers and managers working the statutory processes of an enquiry: see them (with triage's
 * proposal when none is running), start one, record a milestone as done, record an exception; and a
 * manager's list of a team's deadlines due soon or missed. Access is the enquiry's: whoever may see
 * the enquiry may work its processes. Changes are stored under the process's version, re-read and
 * re-applied when someone else changed it meanwhile.
 */

import { CASEWORK_ROLES, chooseTeam, requireRole } from '../access/access-policy';
import type { CaseworkDeps, CaseworkRequest } from '../casework/casework-context';
import { loadVisible } from '../casework/enquiry-actions';
import { NotFoundError, ValidationError, VersionConflictError } from '../domain/errors';
import { proposeStatutoryProcess, StatutoryProposal } from '../domain/statutory/propose-process';
import {
  MilestoneView,
  type ProcessKind,
  ProcessSchedule,
  StatutoryException,
} from '../domain/statutory/statutory-clocks';
import * as z from '../domain/zod';
import type { StatutoryStore } from './ports';
import type { EnquiryStatutory, StatutoryProcessView, TeamDeadline, TeamStatutory } from './response-schemas';
import {
  addException,
  recordMilestone,
  type StatutoryProcessRecord,
  scheduleOf,
  startProcess,
} from './statutory-process';

export type { EnquiryStatutory, StatutoryProcessView, TeamDeadline, TeamStatutory } from './response-schemas';

export type StatutoryDeps = Pick<CaseworkDeps, 'enquiries' | 'config' | 'caseworkers'> & {
  readonly statutory: StatutoryStore;
};

/** No such process on this enquiry. */
export class StatutoryProcessNotFoundError extends NotFoundError {
  constructor(enquiryId: string, processId: string) {
    super(`enquiry ${enquiryId} has no statutory process ${processId}`);
  }
}

export function processView(
  deps: Pick<StatutoryDeps, 'config'>,
  record: StatutoryProcessRecord,
  now: string,
): StatutoryProcessView {
  const history = [
    { at: record.startedAt, by: record.startedBy, what: `started (clock from ${record.start})` },
    ...record.records.map((entry) => ({
      at: entry.recordedAt,
      by: entry.recordedBy,
      what: `${entry.name} done on ${entry.on}${entry.outcome === null ? '' : ` (${entry.outcome})`}`,
    })),
    ...record.exceptions.map((entry) => ({
      at: entry.recordedAt,
      by: entry.recordedBy,
      what: `exception ${entry.kind} ${entry.from} to ${entry.to}${entry.note === null ? '' : `: ${entry.note}`}`,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return {
    id: record.id,
    enquiryId: record.enquiryId,
    team: record.team,
    version: record.version,
    startedBy: record.startedBy,
    startedAt: record.startedAt,
    schedule: scheduleOf(deps.config, record, now),
    history,
  };
}

/** The enquiry's processes, and triage's proposal when it suggests one not yet started. */
export async function enquiryStatutory(
  deps: StatutoryDeps,
  request: CaseworkRequest,
  id: string,
): Promise<EnquiryStatutory> {
  requireRole(request.principal, CASEWORK_ROLES);
  const enquiry = await loadVisible(deps, request, id);
  const records = await deps.statutory.listForEnquiry(enquiry.id);
  const timeline = records.length > 0 ? [] : await deps.enquiries.getTimeline(enquiry.id);
  // The enquirer's first words: what triage read (the subject as well, as triage does).
  const firstContact = timeline.find(
    (entry) => entry.kind === 'contact' && entry.contact.direction === 'inbound',
  );
  const text = `${enquiry.subject}\n${firstContact?.kind === 'contact' ? firstContact.contact.body : ''}`;
  const proposal = records.length > 0 ? null : proposeStatutoryProcess(enquiry, text);
  return {
    enquiryId: enquiry.id,
    processes: records.map((record) => processView(deps, record, request.now)),
    proposal: proposal === null ? null : { ...proposal, start: enquiry.receivedAt },
  };
}

/**
 * Starts a process on an enquiry. `start` defaults to when the hub received the enquiry (the
 * request or complaint arrived then); an annual review needs the date the plan was issued or last
 * reviewed.
 */
export async function startStatutoryProcess(
  deps: StatutoryDeps,
  request: CaseworkRequest,
  id: string,
  input: { process: ProcessKind; start?: string | undefined },
): Promise<StatutoryProcessView> {
  requireRole(request.principal, CASEWORK_ROLES);
  const enquiry = await loadVisible(deps, request, id);
  const start = input.start ?? (input.process === 'annual-review' ? undefined : enquiry.receivedAt);
  if (start === undefined) {
    throw new ValidationError(
      'start is required for an annual review: the date the plan was issued or last reviewed',
      {
        field: 'start',
      },
    );
  }
  const record = startProcess(deps.config, {
    enquiryId: enquiry.id,
    team: enquiry.team,
    process: input.process,
    start,
    actor: request.principal.username,
    now: request.now,
  });
  return processView(deps, await deps.statutory.create(record), request.now);
}

async function changeProcess(
  deps: StatutoryDeps,
  request: CaseworkRequest,
  id: string,
  processId: string,
  expectedVersion: number | undefined,
  apply: (current: StatutoryProcessRecord) => StatutoryProcessRecord,
): Promise<StatutoryProcessView> {
  requireRole(request.principal, CASEWORK_ROLES);
  const enquiry = await loadVisible(deps, request, id);
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const current = await deps.statutory.get(enquiry.id, processId);
    if (current === null) throw new StatutoryProcessNotFoundError(enquiry.id, processId);
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new VersionConflictError(`${enquiry.id}/${processId}`, expectedVersion);
    }
    try {
      return processView(deps, await deps.statutory.update(current, apply(current)), request.now);
    } catch (error) {
      if (!(error instanceof VersionConflictError) || expectedVersion !== undefined) throw error;
    }
  }
  throw new VersionConflictError(`${enquiry.id}/${processId}`, expectedVersion ?? 0);
}

/** Records a milestone done (with its outcome where it has one). */
export async function recordStatutoryMilestone(
  deps: StatutoryDeps,
  request: CaseworkRequest,
  id: string,
  processId: string,
  input: {
    milestone: string;
    on?: string | undefined;
    outcome?: string | undefined;
    expectedVersion?: number | undefined;
  },
): Promise<StatutoryProcessView> {
  return changeProcess(deps, request, id, processId, input.expectedVersion, (current) =>
    recordMilestone(deps.config, current, {
      milestone: input.milestone,
      on: input.on ?? request.now,
      outcome: input.outcome ?? null,
      actor: request.principal.username,
      now: request.now,
    }),
  );
}

/** Records an exception the law allows (its dates move the running deadlines later). */
export async function addStatutoryException(
  deps: StatutoryDeps,
  request: CaseworkRequest,
  id: string,
  processId: string,
  input: StatutoryException & { expectedVersion?: number | undefined },
): Promise<StatutoryProcessView> {
  const exception = StatutoryException.parse(input);
  return changeProcess(deps, request, id, processId, input.expectedVersion, (current) =>
    addException(deps.config, current, { ...exception, actor: request.principal.username, now: request.now }),
  );
}

/** A team's statutory deadlines missed, due soon or paused by an exception (managers). */
export async function teamStatutory(
  deps: StatutoryDeps,
  request: CaseworkRequest,
  team: string | undefined,
): Promise<TeamStatutory> {
  requireRole(request.principal, ['manager']);
  const chosen = chooseTeam(request.principal, team);
  const records = await deps.statutory.listRunningForTeam(chosen);
  const deadlines = records.flatMap((record) => {
    const schedule = scheduleOf(deps.config, record, request.now);
    return schedule.milestones.map((milestone) => ({
      enquiryId: record.enquiryId,
      processId: record.id,
      process: record.process,
      processLabel: schedule.label,
      milestone,
    }));
  });
  const byDue = (a: TeamDeadline, b: TeamDeadline) =>
    (a.milestone.due ?? '').localeCompare(b.milestone.due ?? '');
  return {
    team: chosen,
    generatedAt: request.now,
    running: records.length,
    missed: deadlines.filter((entry) => entry.milestone.state === 'missed').sort(byDue),
    dueSoon: deadlines
      .filter((entry) => entry.milestone.state === 'due' && entry.milestone.dueSoon)
      .sort(byDue),
    paused: deadlines.filter((entry) => entry.milestone.state === 'paused').sort(byDue),
  };
}
