/**
 * "What this means for a council": the headline figures of a run turned into plain sentences,
 * using only the sections that ran.
 */
import { fmt, sig } from './stats';

/** A busy hub: a large county's SEND enquiries hub receives a few hundred contacts a working day. */
export const BUSY_HUB_PER_DAY = 300;

export function councilSummary(figures: Readonly<Record<string, number>>): string {
  const lines: string[] = [];
  const e2e = figures.e2eThroughputPerSecond;
  if (e2e !== undefined) {
    const dayInSeconds = BUSY_HUB_PER_DAY / e2e;
    lines.push(
      `- **Throughput.** A busy hub receives about ${BUSY_HUB_PER_DAY} enquiries a working day. On this 2-core machine, emulators included, the whole pipeline stored ${fmt(e2e, 1)} enquiries a second, so a whole day's intake would be through in about ${fmt(dayInSeconds, 0)} s; on AWS the emulators' limits (section 1) do not apply and the router scales out to its configured concurrency.`,
    );
  }
  const p95 = figures.steadyP95Ms;
  if (p95 !== undefined) {
    lines.push(
      `- **Time to the queue.** At a steady ${fmt(figures.steadyRatePerSecond ?? Number.NaN, 0)} enquiries a second (far above a real hub's rate), 95% of enquiries were triaged, stored and on a team's queue within ${fmt(p95 / 1000, 1)} s of being sent.`,
    );
  }
  const costPerThousand = figures.costPer1000Usd;
  if (costPerThousand !== undefined) {
    const perYear = (costPerThousand / 1000) * BUSY_HUB_PER_DAY * 253;
    lines.push(
      `- **Running cost.** About $${sig(costPerThousand, 2)} per 1,000 enquiries in AWS usage charges (eu-west-2 list prices, free tiers ignored): ${BUSY_HUB_PER_DAY} a day for 253 working days is roughly $${sig(perYear, 2)} a year of per-enquiry charges, plus the fixed costs listed in section 3.`,
    );
  }
  const flat = figures.sweepReadUnitsLargest;
  const smallest = figures.sweepReadUnitsSmallest;
  if (flat !== undefined && smallest !== undefined) {
    lines.push(
      `- **Escalation stays cheap as history grows.** A sweep with 100 enquiries due read ${fmt(smallest, 1)} units over the smallest history and ${fmt(flat, 1)} over the largest (${fmt(figures.sweepHistoryLargest ?? Number.NaN)} closed enquiries): years of closed cases do not make the five-minute sweep slower or dearer.`,
    );
  }
  const cold = figures.coldStartWorstMs;
  if (cold !== undefined) {
    lines.push(
      `- **Cold starts.** The slowest function initialises in about ${fmt(cold)} ms more than an empty handler on this machine; a parent's email never waits for one (intake is asynchronous), and a caseworker or call handler meets it at most once per new container.`,
    );
  }
  const triage = figures.triagePerSecondPerCore;
  if (triage !== undefined) {
    lines.push(
      `- **Triage is not the bottleneck.** One core triages about ${fmt(triage)} enquiries a second (${fmt(figures.parseTriagePerSecondPerCore ?? Number.NaN)} a second for emails including MIME parsing): a day's enquiries take well under a second of CPU.`,
    );
  }
  if (lines.length === 0)
    return '## What the numbers mean for a council\n\n(No section produced headline figures.)';
  return `## What the numbers mean for a council\n\n${lines.join('\n')}`;
}
