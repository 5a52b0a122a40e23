/**
 * The statutory part of an escalation sweep: read the processes whose next alert is due from their
 * sparse index (a Query per shard; cost grows with what is due, never with history), take the due
 * "due soon" and "missed" alerts of each, and store them with one outbox notice per alert in ONE
 * transaction conditioned on the process's version. The digests the sweep sends next carry them in
 * their own section. Each alert is taken once per milestone and due date: a second sweep, a replay
 * or a concurrent sweep finds it taken.
 */
import type { HubConfig } from '../config/hub-config';
import type { Enquiry } from '../domain/enquiry';
import { toInstant } from '../domain/enquiry';
import { ContentionError, VersionConflictError } from '../domain/errors';
import type { MilestoneAlert } from '../domain/statutory/statutory-clocks';
import type { CaseworkerDirectory } from '../escalation/caseworker-directory';
import { type EscalationNotice, recipientFor, type StaffMember } from '../escalation/escalation-plan';
import type { StatutoryStore } from './ports';
import { type StatutoryProcessRecord, scheduleOf, takeDueAlerts } from './statutory-process';

export interface StatutorySweepDeps {
  readonly config: HubConfig;
  readonly statutory: StatutoryStore;
  readonly enquiries: { getEnquiry(id: string): Promise<Enquiry | null> };
  readonly caseworkers: CaseworkerDirectory;
  readonly sweepId: string;
  readonly shouldStop?: () => boolean;
}

export interface StatutorySweepSummary {
  /** Processes found with an alert due. */
  readonly due: number;
  readonly missed: number;
  readonly dueSoon: number;
  /** Left for the next sweep after repeated concurrent changes. */
  readonly contended: number;
}

const MAX_ATTEMPTS = 4;

/** The outbox notice of one alert (no enquirer data: reference, labels, dates, assignee). */
export function statutoryNotice(
  config: HubConfig,
  record: StatutoryProcessRecord,
  enquiry: Enquiry | null,
  assignee: StaffMember | null,
  alert: MilestoneAlert,
  now: string,
): EscalationNotice {
  const schedule = scheduleOf(config, record, now);
  const milestone = schedule.milestones.find((candidate) => candidate.name === alert.milestone);
  const holder = { team: enquiry?.team ?? record.team, assignee: enquiry?.assignee ?? null };
  const recipient = recipientFor(
    config,
    holder,
    alert.step === 'missed' ? 'team-manager' : 'assignee-or-team',
    assignee,
  );
  const dueInstant = toInstant(alert.due.length === 10 ? `${alert.due}T00:00:00Z` : alert.due);
  return {
    recipient: recipient.email,
    recipientRole: recipient.role,
    enquiryId: record.enquiryId,
    // The due date is the "window": a moved deadline is a new notice, never a repeat of the old one.
    windowStart: dueInstant,
    stepId: `statutory.${record.id}.${alert.milestone}.${alert.step}`,
    stepAt: toInstant(alert.at),
    pastDue: alert.step === 'missed',
    breach: false,
    priority: enquiry?.priority ?? 'normal',
    topic: enquiry?.topic ?? 'general',
    team: holder.team,
    assignee: holder.assignee,
    assigneeName: holder.assignee === null ? null : (assignee?.name ?? null),
    contactCount: enquiry?.contactCount ?? 0,
    receivedAt: toInstant(enquiry?.receivedAt ?? record.startedAt),
    responseDueAt: dueInstant,
    escalatedAt: toInstant(now),
    statutory: {
      processId: record.id,
      processLabel: schedule.label,
      milestone: alert.milestone,
      milestoneLabel: milestone?.label ?? alert.milestone,
      step: alert.step,
      due: alert.due,
      statutoryDue: milestone?.statutoryDue ?? null,
      pausedDays: milestone?.pausedDays ?? 0,
    },
  };
}

async function alertOne(
  deps: StatutorySweepDeps,
  fromIndex: StatutoryProcessRecord,
  now: string,
): Promise<{ missed: number; dueSoon: number } | 'contended'> {
  let current: StatutoryProcessRecord | null = fromIndex;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    if (current === null) return { missed: 0, dueSoon: 0 };
    const decision = takeDueAlerts(deps.config, current, now);
    if (decision === null) return { missed: 0, dueSoon: 0 };
    const enquiry = await deps.enquiries.getEnquiry(current.enquiryId);
    const assignee = enquiry?.assignee == null ? null : await deps.caseworkers.find(enquiry.assignee);
    const notices = decision.alerts.map((alert) =>
      statutoryNotice(deps.config, current as StatutoryProcessRecord, enquiry, assignee, alert, now),
    );
    try {
      await deps.statutory.update(current, decision.record, { notices, recordedBy: deps.sweepId });
      return {
        missed: decision.alerts.filter((alert) => alert.step === 'missed').length,
        dueSoon: decision.alerts.filter((alert) => alert.step === 'due-soon').length,
      };
    } catch (error) {
      if (!(error instanceof VersionConflictError || error instanceof ContentionError)) throw error;
      current = await deps.statutory.get(fromIndex.enquiryId, fromIndex.id);
    }
  }
  return 'contended';
}

/** Takes every statutory alert due at `now`, each exactly once. */
export async function recordStatutoryAlerts(
  deps: StatutorySweepDeps,
  now: string,
): Promise<StatutorySweepSummary> {
  const at = toInstant(now);
  const summary = { due: 0, missed: 0, dueSoon: 0, contended: 0 };
  for await (const record of deps.statutory.dueForAlerts(at)) {
    if (deps.shouldStop?.() === true) break;
    summary.due += 1;
    const outcome = await alertOne(deps, record, at);
    if (outcome === 'contended') summary.contended += 1;
    else {
      summary.missed += outcome.missed;
      summary.dueSoon += outcome.dueSoon;
    }
  }
  return summary;
}
