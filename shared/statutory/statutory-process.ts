/**
 * A statutory process started on an enquiry, as stored: its facts (start, milestones recorded,
 * exceptions), who did what when, and which escalation alerts were already taken. Pure transitions
 * (start, record a milestone, add an exception, take due alerts) that the use cases and the sweep
 * apply and the store persists with a version condition. Dates and explanations come from
 * `shared/domain/statutory/statutory-clocks.ts`.
 */

import type { HubConfig } from '../config/hub-config';
import { localDateOf } from '../domain/business-calendar';
import { ValidationError } from '../domain/errors';
import { startOfLocalDay } from '../domain/local-time';
import {
  alertKey,
  checkException,
  computeSchedule,
  type MilestoneAlert,
  MilestoneRecord,
  milestoneAlerts,
  ProcessKind,
  type ProcessSchedule,
  StatutoryException,
  StatutoryInputError,
  usesCalendarDates,
} from '../domain/statutory/statutory-clocks';
import * as z from '../domain/zod';

const Instant = z.iso.datetime({ offset: true });

/** Who recorded a fact, and when. */
const Recorded = z.object({ recordedBy: z.string().check(z.minLength(1)), recordedAt: Instant });

export const StatutoryProcessRecord = z.object({
  /** Unique within the enquiry, e.g. `ehc-assessment-20260302`. */
  id: z.string().check(z.regex(/^[a-z0-9-]+$/)),
  enquiryId: z.string().check(z.minLength(1)),
  /** The team serving the enquiry when the process started: who is told about its deadlines. */
  team: z.string().check(z.minLength(1)),
  process: ProcessKind,
  /** A local date or an instant (complaints). */
  start: z.string().check(z.minLength(10)),
  startedBy: z.string().check(z.minLength(1)),
  startedAt: Instant,
  records: z.array(z.intersection(MilestoneRecord, Recorded)),
  exceptions: z.array(z.intersection(StatutoryException, Recorded)),
  /** Escalation alerts already taken (`milestone:step:due`): each step happens once per due date. */
  alertsTaken: z.array(z.string()),
  /** When the next alert falls due, or null (then the process is off the alerts index). */
  nextAlertAt: z.nullable(Instant),
  /** Every milestone met or not needed. */
  complete: z.boolean(),
  /** Optimistic concurrency: 1 when started, +1 on every stored change. */
  version: z.int().check(z.positive()),
  updatedAt: Instant,
});
export type StatutoryProcessRecord = z.infer<typeof StatutoryProcessRecord>;

export function factsOf(record: StatutoryProcessRecord) {
  return {
    process: record.process,
    start: record.start,
    records: record.records,
    exceptions: record.exceptions,
  };
}

/** The schedule of a stored process at `now`. */
export function scheduleOf(config: HubConfig, record: StatutoryProcessRecord, now: string): ProcessSchedule {
  return computeSchedule(factsOf(record), config.statutory, config.calendar, now);
}

/** Alerts not yet taken, in time order. */
function pendingAlerts(config: HubConfig, record: StatutoryProcessRecord, now: string): MilestoneAlert[] {
  return milestoneAlerts(scheduleOf(config, record, now), config.statutory, config.calendar).filter(
    (alert) => !record.alertsTaken.includes(alertKey(alert)),
  );
}

/** Recomputes what the indexes read (next alert, complete) after a change. */
function settled(config: HubConfig, record: StatutoryProcessRecord, now: string): StatutoryProcessRecord {
  const schedule = scheduleOf(config, record, now);
  const next = milestoneAlerts(schedule, config.statutory, config.calendar).find(
    (alert) => !record.alertsTaken.includes(alertKey(alert)),
  );
  return { ...record, complete: schedule.complete, nextAlertAt: next?.at ?? null };
}

/** A process id: the kind and the start's date, e.g. `ehc-assessment-20260302`. */
export function processIdFor(process: ProcessKind, startDate: string): string {
  return `${process}-${startDate.replaceAll('-', '')}`;
}

export interface StartInput {
  readonly enquiryId: string;
  readonly team: string;
  readonly process: ProcessKind;
  /** A local date or an instant. */
  readonly start: string;
  readonly actor: string;
  readonly now: string;
}

/**
 * A new process. Its clock may start in the past (the request arrived before anyone marked it) but
 * not in the future.
 * @throws ValidationError (`start`) for a start after `now`.
 */
export function startProcess(config: HubConfig, input: StartInput): StatutoryProcessRecord {
  const startDate =
    input.start.length === 10 ? input.start : localDateOf(config.calendar, new Date(input.start));
  if (startDate > localDateOf(config.calendar, new Date(input.now))) {
    throw new ValidationError(
      'start is in the future: a clock starts when the request or complaint arrived',
      {
        field: 'start',
      },
    );
  }
  // A date alone for a working-day clock means the start of that day in the hub's time zone.
  const start = usesCalendarDates(input.process)
    ? startDate
    : new Date(
        input.start.length === 10
          ? startOfLocalDay(config.calendar.timeZone, input.start)
          : Date.parse(input.start),
      ).toISOString();
  const record: StatutoryProcessRecord = {
    id: processIdFor(input.process, startDate),
    enquiryId: input.enquiryId,
    team: input.team,
    process: input.process,
    start,
    startedBy: input.actor,
    startedAt: new Date(input.now).toISOString(),
    records: [],
    exceptions: [],
    alertsTaken: [],
    nextAlertAt: null,
    complete: false,
    version: 1,
    updatedAt: new Date(input.now).toISOString(),
  };
  // Alerts whose moment passed before the process was marked are taken at once by the next sweep:
  // a request marked weeks late still tells the manager its 6 weeks were missed.
  return settled(config, record, input.now);
}

export interface MilestoneInput {
  readonly milestone: string;
  /** A local date or an instant; not after `now`. */
  readonly on: string;
  readonly outcome: string | null;
  readonly actor: string;
  readonly now: string;
}

/**
 * Records a milestone as done (recording it again corrects it: the latest record counts).
 * @throws StatutoryInputError for an unknown milestone, a missing or unknown outcome, a date in the
 *   future, or a milestone that is not needed.
 */
export function recordMilestone(
  config: HubConfig,
  record: StatutoryProcessRecord,
  input: MilestoneInput,
): StatutoryProcessRecord {
  const schedule = scheduleOf(config, record, input.now);
  const milestone = schedule.milestones.find((candidate) => candidate.name === input.milestone);
  if (milestone === undefined) {
    throw new StatutoryInputError(
      `"${input.milestone}" is not a milestone of this process: use ${schedule.milestones.map((m) => m.name).join(', ')}`,
      { field: 'milestone' },
    );
  }
  if (milestone.state === 'not-needed') {
    throw new StatutoryInputError(`${milestone.label} is not needed: ${milestone.explanation}`, {
      field: 'milestone',
    });
  }
  if (
    milestone.outcomes.length > 0 &&
    (input.outcome === null || !milestone.outcomes.includes(input.outcome))
  ) {
    throw new StatutoryInputError(`outcome must be one of ${milestone.outcomes.join(', ')}`, {
      field: 'outcome',
    });
  }
  if (milestone.outcomes.length === 0 && input.outcome !== null) {
    throw new StatutoryInputError(`${milestone.label} has no outcome to choose`, { field: 'outcome' });
  }
  const onDate = input.on.length === 10 ? input.on : localDateOf(config.calendar, new Date(input.on));
  if (Number.isNaN(Date.parse(input.on)) || onDate > localDateOf(config.calendar, new Date(input.now))) {
    throw new StatutoryInputError('on must be a date or instant that has already happened', { field: 'on' });
  }
  const on =
    usesCalendarDates(record.process) || input.on.length === 10 ? input.on : new Date(input.on).toISOString();
  const next: StatutoryProcessRecord = {
    ...record,
    records: [
      ...record.records,
      { name: input.milestone, on, outcome: input.outcome, recordedBy: input.actor, recordedAt: input.now },
    ],
    updatedAt: input.now,
  };
  return settled(config, next, input.now);
}

export interface ExceptionInput extends StatutoryException {
  readonly actor: string;
  readonly now: string;
}

/**
 * Records an exception (its dates move every running deadline later, never earlier).
 * @throws StatutoryInputError for a reason the law does not give this process, or a period too short.
 */
export function addException(
  config: HubConfig,
  record: StatutoryProcessRecord,
  input: ExceptionInput,
): StatutoryProcessRecord {
  const exception = checkException(record.process, {
    from: input.from,
    to: input.to,
    kind: input.kind,
    note: input.note,
  });
  const next: StatutoryProcessRecord = {
    ...record,
    exceptions: [...record.exceptions, { ...exception, recordedBy: input.actor, recordedAt: input.now }],
    updatedAt: input.now,
  };
  return settled(config, next, input.now);
}

/** Alerts due at `now` and the record with them taken (`nextAlertAt` moved on), or null when none are due. */
export function takeDueAlerts(
  config: HubConfig,
  record: StatutoryProcessRecord,
  now: string,
): { alerts: MilestoneAlert[]; record: StatutoryProcessRecord } | null {
  const due = pendingAlerts(config, record, now).filter((alert) => Date.parse(alert.at) <= Date.parse(now));
  if (due.length === 0) {
    const current = settled(config, record, now);
    // Only the index position was stale (e.g. a deadline moved): move it without an alert.
    return current.nextAlertAt === record.nextAlertAt ? null : { alerts: [], record: current };
  }
  // A late sweep finds "due soon" and "missed" of one milestone together: the miss says it all.
  const missed = new Set(
    due.filter((alert) => alert.step === 'missed').map((alert) => `${alert.milestone}:${alert.due}`),
  );
  const send = due.filter(
    (alert) => alert.step === 'missed' || !missed.has(`${alert.milestone}:${alert.due}`),
  );
  const taken: StatutoryProcessRecord = {
    ...record,
    alertsTaken: [...record.alertsTaken, ...due.map(alertKey)],
    updatedAt: now,
  };
  return { alerts: send, record: settled(config, taken, now) };
}
