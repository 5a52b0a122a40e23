/**
 * The clocks the law sets on an enquiry: an EHC needs assessment (6, 16 and 20 calendar weeks from
 * the request), an annual review of an EHC plan (the review within 12 months, the decision within
 * 4 weeks of the meeting, an amended plan within 8 weeks of the decision) and a complaint
 * (acknowledgement and stage 1 and stage 2 responses in working days on the hub calendar).
 *
 * Pure: the process's facts (start, milestones met, exceptions recorded), the settings, the hub
 * calendar and `now` come in; every milestone's due date, state and a sentence explaining the date
 * come out. Sources for every default: docs/statutory-clocks.md.
 *
 * Exceptions: the regulations let a council miss a time limit when it is impractical for a listed
 * reason; they do not say by how much. So that a manager still has a date to work to, the clock
 * stands still on the days an exception covers (calendar days for week and month clocks, the working
 * time of those days for working-day clocks): a due date only ever moves later, and the statutory
 * date without exceptions is kept beside it.
 */

import {
  addWorkingMinutes,
  averageWorkingDayMinutes,
  type BusinessCalendar,
  localDateOf,
  workingMinutesBetween,
} from '../business-calendar';
import { ValidationError } from '../errors';
import {
  addDays,
  addMonths,
  daysBetweenDates,
  readableDate,
  readableDateTime,
  startOfLocalDay,
} from '../local-time';
import * as z from '../zod';
import type { StatutorySettings } from './statutory-settings';

// --- Vocabulary ----------------------------------------------------------------------------------

export const PROCESS_KINDS = ['ehc-assessment', 'annual-review', 'complaint'] as const;
export const ProcessKind = z.enum(PROCESS_KINDS);
export type ProcessKind = z.infer<typeof ProcessKind>;

export const PROCESS_LABELS: Record<ProcessKind, string> = {
  'ehc-assessment': 'EHC needs assessment',
  'annual-review': 'Annual review of an EHC plan',
  complaint: 'Complaint',
};

/** Reasons a time limit may be exceeded, and which processes each applies to. */
export const EXCEPTION_KINDS = [
  'school-closure',
  'exceptional-personal-circumstances',
  'absent-from-area',
  'missed-appointment',
  'extension',
] as const;
export const ExceptionKind = z.enum(EXCEPTION_KINDS);
export type ExceptionKind = z.infer<typeof ExceptionKind>;

interface ExceptionRule {
  readonly label: string;
  readonly processes: readonly ProcessKind[];
  readonly authority: string;
  /** Fewest days (inclusive) the recorded period may cover, when the law sets one. */
  readonly minimumDays?: number;
}

export const EXCEPTION_RULES: Readonly<Record<ExceptionKind, ExceptionRule>> = {
  'school-closure': {
    label: 'school, college or early years setting closed for 4 weeks or more',
    processes: ['ehc-assessment'],
    authority: 'SEND Regulations 2014, regs 5(4)(a), 10(4)(a)-(b) and 13(3)',
    minimumDays: 28,
  },
  'exceptional-personal-circumstances': {
    label: 'exceptional personal circumstances of the child, parent or young person',
    processes: ['ehc-assessment'],
    authority: 'SEND Regulations 2014, regs 5(4)(b), 10(4)(c) and 13(3)',
  },
  'absent-from-area': {
    label: 'child, parent or young person away from the area for 4 weeks or more',
    processes: ['ehc-assessment'],
    authority: 'SEND Regulations 2014, regs 5(4)(c), 10(4)(d) and 13(3)',
    minimumDays: 28,
  },
  'missed-appointment': {
    label: 'an appointment for an examination or test was missed',
    processes: ['ehc-assessment'],
    authority: 'SEND Regulations 2014, reg 8(2)(c)',
  },
  extension: {
    label: 'response extended (complex complaint)',
    processes: ['complaint'],
    authority: 'LGSCO Complaint Handling Code 6.4 (stage 1) and section 6, stage 2',
  },
};

/** Short words accepted for an exception kind (the command line's `--exception FROM:TO:holiday`). */
export const EXCEPTION_ALIASES: Readonly<Record<string, ExceptionKind>> = {
  holiday: 'school-closure',
  'school-holiday': 'school-closure',
  closure: 'school-closure',
  personal: 'exceptional-personal-circumstances',
  circumstances: 'exceptional-personal-circumstances',
  away: 'absent-from-area',
  absent: 'absent-from-area',
  appointment: 'missed-appointment',
};

const LocalDate = z.iso.date();
const Instant = z.iso.datetime({ offset: true });

/** An exception as recorded: the local dates it covers (inclusive), why, and an optional note. */
export const StatutoryException = z.object({
  from: LocalDate,
  to: LocalDate,
  kind: ExceptionKind,
  note: z._default(z.nullable(z.string().check(z.maxLength(500))), null),
});
export type StatutoryException = z.infer<typeof StatutoryException>;

/** A milestone a person recorded as done: when (a local date or an instant) and, where asked, the outcome. */
export const MilestoneRecord = z.object({
  name: z.string().check(z.minLength(1)),
  on: z.union([LocalDate, Instant]),
  outcome: z._default(z.nullable(z.string()), null),
});
export type MilestoneRecord = z.infer<typeof MilestoneRecord>;

/** What is known about one process: the kind, when its clock started, what was done, exceptions. */
export interface ProcessFacts {
  readonly process: ProcessKind;
  /** A local date (`YYYY-MM-DD`) or an instant; calendar clocks use its local date in the hub zone. */
  readonly start: string;
  readonly records: readonly MilestoneRecord[];
  readonly exceptions: readonly StatutoryException[];
}

/** Why the process's clock starts, as people say it. */
export const START_LABELS: Record<ProcessKind, string> = {
  'ehc-assessment': 'request for an EHC needs assessment received',
  'annual-review': 'plan issued or last reviewed',
  complaint: 'complaint received',
};

// --- Definitions ---------------------------------------------------------------------------------

type Clock =
  | { readonly kind: 'weeks'; readonly weeks: number }
  | { readonly kind: 'months'; readonly months: number }
  | { readonly kind: 'working-days'; readonly days: number; readonly extensionLimit?: number }
  | { readonly kind: 'event' };

export interface MilestoneDefinition {
  readonly name: string;
  readonly label: string;
  readonly clock: Clock;
  /** What the clock counts from: the process start, or an earlier milestone (its date when met, else its due date). */
  readonly from: 'start' | { readonly milestone: string };
  /** Needed only when an earlier milestone ended with one of these outcomes (unknown yet: still needed). */
  readonly requires?: { readonly milestone: string; readonly outcomes: readonly string[] };
  /** Outcomes a person chooses from when recording it. */
  readonly outcomes?: readonly string[];
  readonly authority: string;
}

/** The milestones of each process, in order, with the configured time limits. */
export function processDefinitions(settings: StatutorySettings): Record<ProcessKind, MilestoneDefinition[]> {
  const ehc = settings.ehcAssessment;
  const review = settings.annualReview;
  const complaint = settings.complaint;
  return {
    'ehc-assessment': [
      {
        name: 'decision-to-assess',
        label: 'Decision whether to assess',
        clock: { kind: 'weeks', weeks: ehc.decisionWeeks },
        from: 'start',
        outcomes: ['assess', 'not-assess'],
        authority: 'SEND Regulations 2014, reg 5(1)',
      },
      {
        name: 'plan-decision',
        label: 'Notice whether a plan will be issued (draft plan)',
        clock: { kind: 'weeks', weeks: ehc.planDecisionWeeks },
        from: 'start',
        requires: { milestone: 'decision-to-assess', outcomes: ['assess'] },
        outcomes: ['issue', 'not-issue'],
        authority: 'SEND Regulations 2014, reg 10(1); Code of Practice 0-25, chapter 9 timeline',
      },
      {
        name: 'final-plan',
        label: 'Final EHC plan issued',
        clock: { kind: 'weeks', weeks: ehc.finalPlanWeeks },
        from: 'start',
        requires: { milestone: 'plan-decision', outcomes: ['issue'] },
        authority: 'SEND Regulations 2014, reg 13(2); Code of Practice 0-25, 9.40',
      },
    ],
    'annual-review': [
      {
        name: 'review-meeting',
        label: 'Review meeting held',
        clock: { kind: 'months', months: review.reviewMonths },
        from: 'start',
        authority: 'Children and Families Act 2014, s44(1)',
      },
      {
        name: 'review-decision',
        label: 'Decision notified (keep, amend or cease)',
        clock: { kind: 'weeks', weeks: review.decisionWeeks },
        from: { milestone: 'review-meeting' },
        outcomes: ['keep', 'amend', 'cease'],
        authority: 'SEND Regulations 2014, reg 20(10) (reg 21 when not at a school or college)',
      },
      {
        name: 'amended-plan',
        label: 'Amended plan issued',
        clock: { kind: 'weeks', weeks: review.amendedPlanWeeks },
        from: { milestone: 'review-decision' },
        requires: { milestone: 'review-decision', outcomes: ['amend'] },
        authority: 'SEND Regulations 2014, reg 22(3); R (L) v Devon CC [2022] EWHC 493 (Admin)',
      },
    ],
    complaint: [
      {
        name: 'acknowledgement',
        label: 'Complaint acknowledged',
        clock: { kind: 'working-days', days: complaint.acknowledgeWorkingDays },
        from: 'start',
        authority: 'LGSCO Complaint Handling Code 6.2',
      },
      {
        name: 'stage-1-response',
        label: 'Stage 1 response',
        clock: {
          kind: 'working-days',
          days: complaint.stage1WorkingDays,
          extensionLimit: complaint.stage1ExtensionWorkingDays,
        },
        from: { milestone: 'acknowledgement' },
        authority: 'LGSCO Complaint Handling Code 6.3-6.4',
      },
      {
        name: 'stage-2-request',
        label: 'Complainant asked for stage 2',
        clock: { kind: 'event' },
        from: { milestone: 'stage-1-response' },
        authority: 'LGSCO Complaint Handling Code section 6, stage 2',
      },
      {
        name: 'stage-2-acknowledgement',
        label: 'Stage 2 request acknowledged',
        clock: { kind: 'working-days', days: complaint.stage2AcknowledgeWorkingDays },
        from: { milestone: 'stage-2-request' },
        authority: 'LGSCO Complaint Handling Code section 6, stage 2',
      },
      {
        name: 'stage-2-response',
        label: 'Stage 2 (final) response',
        clock: {
          kind: 'working-days',
          days: complaint.stage2WorkingDays,
          extensionLimit: complaint.stage2ExtensionWorkingDays,
        },
        from: { milestone: 'stage-2-acknowledgement' },
        authority: 'LGSCO Complaint Handling Code section 6, stage 2',
      },
    ],
  };
}

/** `true` when the process counts in calendar time (dates), `false` for working time (instants). */
export function usesCalendarDates(process: ProcessKind): boolean {
  return process !== 'complaint';
}

// --- Results -------------------------------------------------------------------------------------

export const MILESTONE_STATES = [
  'not-started',
  'due',
  'paused',
  'missed',
  'met',
  'met-late',
  'not-needed',
] as const;
/**
 * - `not-started`: what it counts from has not happened (e.g. stage 2 before anyone asked for it);
 * - `due`: running, not yet past its due date; `paused`: running, and an exception covers today;
 * - `missed`: not done and past its due date; `met` / `met-late`: done on or by the due date / after it;
 * - `not-needed`: an earlier outcome made it unnecessary (no assessment, no plan, plan not amended).
 */
export type MilestoneState = (typeof MILESTONE_STATES)[number];

export const MilestoneView = z.object({
  name: z.string(),
  label: z.string(),
  clock: z.enum(['weeks', 'months', 'working-days', 'event']),
  /** The date or instant the clock counts from, or null when it has not started. */
  from: z.nullable(z.string()),
  statutoryDue: z.nullable(z.string()).check(z.describe('Due without any exception (the statutory date).')),
  due: z
    .nullable(z.string())
    .check(
      z.describe(
        "Due with the exceptions' days added: YYYY-MM-DD for calendar clocks, an instant for working days.",
      ),
    ),
  pausedDays: z
    .int()
    .check(z.describe('Days (calendar clocks) or working days (working-day clocks) the exceptions added.')),
  state: z.enum(MILESTONE_STATES),
  dueSoon: z.boolean().check(z.describe('Running and within the warning period before its due date.')),
  metOn: z.nullable(z.string()),
  outcome: z.nullable(z.string()),
  outcomes: z.array(z.string()),
  authority: z.string(),
  explanation: z.string().check(z.describe('Every date explained, in a sentence or two.')),
});
export type MilestoneView = z.infer<typeof MilestoneView>;

export const ExceptionView = z.extend(StatutoryException, {
  label: z.string(),
  authority: z.string(),
  days: z.int(),
});
export type ExceptionView = z.infer<typeof ExceptionView>;

export const ProcessSchedule = z.object({
  process: ProcessKind,
  label: z.string(),
  start: z.string().check(z.describe('YYYY-MM-DD for calendar clocks, an instant for working-day clocks.')),
  milestones: z.array(MilestoneView),
  exceptions: z.array(ExceptionView),
  /** Every milestone is met or not needed (stage 2 of a complaint not asked for counts as done). */
  complete: z.boolean(),
});
export type ProcessSchedule = z.infer<typeof ProcessSchedule>;

/** A statutory fact that cannot be used (bad dates, a reason the law does not give for this process...). */
export class StatutoryInputError extends ValidationError {}

// --- Dates ---------------------------------------------------------------------------------------

function isDate(value: string): boolean {
  return LocalDate.safeParse(value).success;
}

/** The local date of a date or instant in the calendar's zone. */
function toLocalDate(calendar: BusinessCalendar, value: string): string {
  return isDate(value) ? value : localDateOf(calendar, new Date(value));
}

/** An instant for a date or instant (a date means the start of that local day). */
function toInstantValue(calendar: BusinessCalendar, value: string): string {
  return isDate(value)
    ? new Date(startOfLocalDay(calendar.timeZone, value)).toISOString()
    : new Date(value).toISOString();
}

/** Exception periods merged where they overlap or touch, so no day is counted twice. */
function mergedPeriods(exceptions: readonly StatutoryException[]): { from: string; to: string }[] {
  const sorted = [...exceptions].sort((a, b) => a.from.localeCompare(b.from));
  const merged: { from: string; to: string }[] = [];
  for (const exception of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && exception.from <= addDays(last.to, 1)) {
      if (exception.to > last.to) last.to = exception.to;
    } else {
      merged.push({ from: exception.from, to: exception.to });
    }
  }
  return merged;
}

function isPausedDay(periods: readonly { from: string; to: string }[], date: string): boolean {
  return periods.some((period) => period.from <= date && date <= period.to);
}

/**
 * The date `days` running days after `from`, the clock standing still on paused days: the due date
 * is the day on which the count of days after `from` that are not paused reaches `days`.
 */
function addRunningDays(
  from: string,
  days: number,
  periods: readonly { from: string; to: string }[],
): { due: string; paused: number } {
  let date = from;
  let counted = 0;
  let paused = 0;
  while (counted < days) {
    date = addDays(date, 1);
    if (isPausedDay(periods, date)) paused += 1;
    else counted += 1;
  }
  return { due: date, paused };
}

/** Working-day clock: the instant `minutes` of running working time after `from`, exception days not running. */
function addRunningWorkingMinutes(
  calendar: BusinessCalendar,
  from: string,
  minutes: number,
  periods: readonly { from: string; to: string }[],
): { due: string; pausedMinutes: number } {
  // Periods are merged and sorted: walk them in order, spending the remaining working time in the
  // open stretches between them and stepping over the working time each one covers.
  let at = Date.parse(from);
  let remaining = minutes;
  let paused = 0;
  for (const period of periods) {
    const windowStart = startOfLocalDay(calendar.timeZone, period.from);
    const windowEnd = startOfLocalDay(calendar.timeZone, addDays(period.to, 1));
    if (windowEnd <= at) continue;
    const available =
      windowStart > at ? workingMinutesBetween(calendar, new Date(at), new Date(windowStart)) : 0;
    if (remaining <= available) break;
    remaining -= available;
    const skipFrom = Math.max(at, windowStart);
    paused += workingMinutesBetween(calendar, new Date(skipFrom), new Date(windowEnd));
    at = windowEnd;
  }
  return { due: addWorkingMinutes(calendar, new Date(at), remaining).toISOString(), pausedMinutes: paused };
}

// --- Validation ----------------------------------------------------------------------------------

/** Reads an exception kind or one of its short words; null when unknown. */
export function exceptionKindOf(word: string): ExceptionKind | null {
  const lower = word.trim().toLowerCase();
  const parsed = ExceptionKind.safeParse(lower);
  if (parsed.success) return parsed.data;
  return EXCEPTION_ALIASES[lower] ?? null;
}

/**
 * Checks an exception for a process: real dates in order, a reason the law gives for this process,
 * and at least the period the law requires (4 weeks for a closure or an absence).
 * @throws StatutoryInputError naming what is wrong.
 */
export function checkException(process: ProcessKind, exception: StatutoryException): StatutoryException {
  const parsed = StatutoryException.safeParse(exception);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StatutoryInputError(
      `exception ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'is not valid'}`.trim(),
      { field: `exception.${issue?.path.join('.') ?? ''}`, cause: parsed.error },
    );
  }
  const value = parsed.data;
  if (value.to < value.from) {
    throw new StatutoryInputError(`exception ends (${value.to}) before it starts (${value.from})`, {
      field: 'exception.to',
    });
  }
  const rule = EXCEPTION_RULES[value.kind];
  if (!rule.processes.includes(process)) {
    const allowed = EXCEPTION_KINDS.filter((kind) => EXCEPTION_RULES[kind].processes.includes(process));
    throw new StatutoryInputError(
      allowed.length === 0
        ? `the regulations give no exceptions to the ${process} time limits`
        : `"${value.kind}" is not an exception for ${PROCESS_LABELS[process].toLowerCase()}: use ${allowed.join(', ')}`,
      { field: 'exception.kind' },
    );
  }
  const days = daysBetweenDates(value.from, value.to) + 1;
  if (rule.minimumDays !== undefined && days < rule.minimumDays) {
    throw new StatutoryInputError(
      `"${value.kind}" applies only to a continuous period of at least ${rule.minimumDays / 7} weeks; ${value.from} to ${value.to} is ${days} days`,
      { field: 'exception.to' },
    );
  }
  return value;
}

// --- The schedule --------------------------------------------------------------------------------

interface Computed {
  view: MilestoneView;
  /** The date/instant a later milestone counts from (met date, else due), or null. */
  anchor: string | null;
}

function outcomeOf(records: readonly MilestoneRecord[], name: string): MilestoneRecord | undefined {
  // The latest record wins: a correction is recorded again.
  return [...records].reverse().find((record) => record.name === name);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Every milestone of a process at `now`: due dates with and without exceptions, state and an
 * explanation of each date.
 * @throws StatutoryInputError for an exception that does not apply, or a record of an unknown milestone.
 */
export function computeSchedule(
  facts: ProcessFacts,
  settings: StatutorySettings,
  calendar: BusinessCalendar,
  now: string,
): ProcessSchedule {
  const definitions = processDefinitions(settings)[facts.process];
  const calendarDates = usesCalendarDates(facts.process);
  for (const record of facts.records) {
    if (!definitions.some((definition) => definition.name === record.name)) {
      throw new StatutoryInputError(
        `"${record.name}" is not a milestone of ${PROCESS_LABELS[facts.process].toLowerCase()}: use ${definitions.map((d) => d.name).join(', ')}`,
        { field: 'milestone' },
      );
    }
  }
  const exceptions = facts.exceptions.map((exception) => checkException(facts.process, exception));
  const periods = mergedPeriods(exceptions);
  const start = calendarDates ? toLocalDate(calendar, facts.start) : toInstantValue(calendar, facts.start);
  const nowMs = Date.parse(now);
  const today = localDateOf(calendar, new Date(nowMs));
  const dayMinutes = averageWorkingDayMinutes(calendar);

  const computed = new Map<string, Computed>();
  const views: MilestoneView[] = [];
  for (const definition of definitions) {
    const record = outcomeOf(facts.records, definition.name);
    const metOn =
      record === undefined
        ? null
        : calendarDates
          ? toLocalDate(calendar, record.on)
          : toInstantValue(calendar, record.on);
    const base: { from: string | null; what: string } =
      definition.from === 'start'
        ? { from: start, what: START_LABELS[facts.process] }
        : (() => {
            const earlier = computed.get(definition.from.milestone);
            const view = earlier?.view;
            return {
              from: earlier?.anchor ?? null,
              what:
                view === undefined
                  ? definition.from.milestone
                  : view.metOn !== null
                    ? `${view.label.toLowerCase()} (done)`
                    : `${view.label.toLowerCase()} (not done yet: counted from its latest date)`,
            };
          })();
    const needed = (() => {
      if (definition.requires === undefined) return true;
      const earlier = computed.get(definition.requires.milestone)?.view;
      if (earlier === undefined) return true;
      if (earlier.state === 'not-needed') return false;
      return earlier.outcome === null || definition.requires.outcomes.includes(earlier.outcome);
    })();

    let statutoryDue: string | null = null;
    let due: string | null = null;
    let pausedDays = 0;
    if (needed && base.from !== null) {
      const clock = definition.clock;
      switch (clock.kind) {
        case 'weeks':
        case 'months': {
          const from = toLocalDate(calendar, base.from);
          if (clock.kind === 'weeks') {
            statutoryDue = addDays(from, clock.weeks * 7);
            const running = addRunningDays(from, clock.weeks * 7, periods);
            due = running.due;
            pausedDays = running.paused;
          } else {
            statutoryDue = addMonths(from, clock.months);
            const running = addRunningDays(from, daysBetweenDates(from, statutoryDue), periods);
            due = running.due;
            pausedDays = running.paused;
          }
          break;
        }
        case 'working-days': {
          const from = toInstantValue(calendar, base.from);
          statutoryDue = addWorkingMinutes(calendar, new Date(from), clock.days * dayMinutes).toISOString();
          const running = addRunningWorkingMinutes(calendar, from, clock.days * dayMinutes, periods);
          due = running.due;
          pausedDays = Math.round((running.pausedMinutes / dayMinutes) * 100) / 100;
          break;
        }
        case 'event':
          break;
      }
    }

    const state = milestoneState({
      needed,
      started: base.from !== null,
      event: definition.clock.kind === 'event',
      metOn,
      due,
      calendarDates,
      today,
      nowMs,
      paused: isPausedDay(periods, today),
    });
    const dueSoon =
      (state === 'due' || state === 'paused') && due !== null
        ? calendarDates
          ? daysBetweenDates(today, due) <= settings.dueSoonCalendarDays
          : nowMs >=
            addWorkingMinutes(calendar, new Date(due), -settings.dueSoonWorkingDays * dayMinutes).getTime()
        : false;

    const view: MilestoneView = {
      name: definition.name,
      label: definition.label,
      clock: definition.clock.kind,
      from: needed ? base.from : null,
      statutoryDue,
      due,
      pausedDays,
      state,
      dueSoon,
      metOn,
      outcome: record?.outcome ?? null,
      outcomes: [...(definition.outcomes ?? [])],
      authority: definition.authority,
      explanation: explain(definition, {
        base,
        needed,
        statutoryDue,
        due,
        pausedDays,
        state,
        metOn,
        calendar,
        calendarDates,
        exceptions,
      }),
    };
    views.push(view);
    computed.set(definition.name, {
      view,
      anchor: !needed ? null : (metOn ?? (definition.clock.kind === 'event' ? null : due)),
    });
  }

  const complete = views.every(
    (view) =>
      view.state === 'met' ||
      view.state === 'met-late' ||
      view.state === 'not-needed' ||
      (view.state === 'not-started' && view.clock === 'event') ||
      (view.state === 'not-started' && facts.process === 'complaint'),
  );
  return {
    process: facts.process,
    label: PROCESS_LABELS[facts.process],
    start,
    milestones: views,
    exceptions: exceptions.map((exception) => ({
      ...exception,
      label: EXCEPTION_RULES[exception.kind].label,
      authority: EXCEPTION_RULES[exception.kind].authority,
      days: daysBetweenDates(exception.from, exception.to) + 1,
    })),
    complete,
  };
}

function milestoneState(input: {
  needed: boolean;
  started: boolean;
  event: boolean;
  metOn: string | null;
  due: string | null;
  calendarDates: boolean;
  today: string;
  nowMs: number;
  paused: boolean;
}): MilestoneState {
  if (!input.needed) return 'not-needed';
  if (input.metOn !== null) {
    if (input.due === null) return 'met';
    const late = input.calendarDates
      ? input.metOn > input.due
      : Date.parse(input.metOn) > Date.parse(input.due);
    return late ? 'met-late' : 'met';
  }
  if (!input.started || input.event || input.due === null) return 'not-started';
  const past = input.calendarDates ? input.today > input.due : input.nowMs > Date.parse(input.due);
  if (past) return 'missed';
  return input.paused ? 'paused' : 'due';
}

function explain(
  definition: MilestoneDefinition,
  facts: {
    base: { from: string | null; what: string };
    needed: boolean;
    statutoryDue: string | null;
    due: string | null;
    pausedDays: number;
    state: MilestoneState;
    metOn: string | null;
    calendar: BusinessCalendar;
    calendarDates: boolean;
    exceptions: readonly StatutoryException[];
  },
): string {
  const show = (value: string) =>
    facts.calendarDates || isDate(value)
      ? readableDate(toLocalDate(facts.calendar, value))
      : readableDateTime(facts.calendar.timeZone, value);
  if (!facts.needed) {
    const requires = definition.requires;
    return `Not needed: ${requires?.milestone ?? 'an earlier step'} ended without ${requires?.outcomes.join(' or ') ?? 'it'}.`;
  }
  const clock = definition.clock;
  if (clock.kind === 'event') {
    return facts.metOn === null
      ? 'Not a deadline: recorded when the complainant asks for stage 2, which starts the stage 2 clocks.'
      : `Recorded on ${show(facts.metOn)}; the stage 2 clocks count from here.`;
  }
  if (facts.base.from === null || facts.due === null || facts.statutoryDue === null) {
    return `Starts when ${facts.base.what} is recorded.`;
  }
  const length =
    clock.kind === 'weeks'
      ? `${plural(clock.weeks, 'week')} (${clock.weeks * 7} days)`
      : clock.kind === 'months'
        ? plural(clock.months, 'month')
        : `${plural(clock.days, 'working day')} on the hub calendar`;
  const parts = [
    `Within ${length} of the ${facts.base.what} on ${show(facts.base.from)} (${definition.authority}).`,
  ];
  if (facts.pausedDays > 0) {
    const unit = facts.calendarDates ? 'day' : 'working day';
    const covered = facts.exceptions
      .map((exception) => `${EXCEPTION_RULES[exception.kind].label}, ${exception.from} to ${exception.to}`)
      .join('; ');
    parts.push(
      `The clock stood still for ${plural(facts.pausedDays, unit)} of recorded exceptions (${covered}): due ${show(facts.due)} instead of ${show(facts.statutoryDue)}.`,
    );
  } else {
    parts.push(`Due ${show(facts.due)}.`);
  }
  if (
    clock.kind === 'working-days' &&
    clock.extensionLimit !== undefined &&
    facts.pausedDays > clock.extensionLimit
  ) {
    parts.push(
      `Extensions add more than the code's ${plural(clock.extensionLimit, 'working day')}: the code expects a good reason, explained to the complainant.`,
    );
  }
  switch (facts.state) {
    case 'met':
      parts.push(`Done on ${show(facts.metOn ?? facts.due)}, in time.`);
      break;
    case 'met-late':
      parts.push(`Done on ${show(facts.metOn ?? facts.due)}, after the due date.`);
      break;
    case 'missed':
      parts.push('Not done and past its due date.');
      break;
    case 'paused':
      parts.push('An exception covers today: the clock is standing still.');
      break;
    default:
      break;
  }
  return parts.join(' ');
}

/** When a running milestone falls due soon and when it is missed: the escalation ladder's steps. */
export interface MilestoneAlert {
  readonly milestone: string;
  readonly step: 'due-soon' | 'missed';
  /** The instant the step falls due. */
  readonly at: string;
  /** The milestone's due date or instant the step belongs to (a moved due date is a new alert). */
  readonly due: string;
}

/**
 * The escalation steps of a schedule's running milestones, in time order: "due soon" when the
 * warning period starts, "missed" when the due date has passed (the start of the next local day for
 * calendar clocks, the due instant for working-day clocks).
 */
export function milestoneAlerts(
  schedule: ProcessSchedule,
  settings: StatutorySettings,
  calendar: BusinessCalendar,
): MilestoneAlert[] {
  const dayMinutes = averageWorkingDayMinutes(calendar);
  const alerts: MilestoneAlert[] = [];
  for (const milestone of schedule.milestones) {
    if (milestone.due === null) continue;
    if (!['due', 'paused', 'missed'].includes(milestone.state)) continue;
    const calendarDates = usesCalendarDates(schedule.process);
    const missedAt = calendarDates
      ? startOfLocalDay(calendar.timeZone, addDays(milestone.due, 1))
      : Date.parse(milestone.due);
    const soonAt = calendarDates
      ? startOfLocalDay(calendar.timeZone, addDays(milestone.due, -settings.dueSoonCalendarDays))
      : addWorkingMinutes(
          calendar,
          new Date(milestone.due),
          -settings.dueSoonWorkingDays * dayMinutes,
        ).getTime();
    if (soonAt < missedAt) {
      alerts.push({
        milestone: milestone.name,
        step: 'due-soon',
        at: new Date(soonAt).toISOString(),
        due: milestone.due,
      });
    }
    alerts.push({
      milestone: milestone.name,
      step: 'missed',
      at: new Date(missedAt).toISOString(),
      due: milestone.due,
    });
  }
  return alerts.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** The identity of an alert: taken once, re-armed when the due date moves. */
export function alertKey(alert: Pick<MilestoneAlert, 'milestone' | 'step' | 'due'>): string {
  return `${alert.milestone}:${alert.step}:${alert.due}`;
}
