/**
 * The weekly report: for the last full Monday-Sunday week before the schedule fired (hub time
 * zone), compute the figures, write the CSV to the reports bucket and email the summary with the
 * CSV attached to every team manager and the head of service, ONCE per week. A marker in the table
 * (claimed with a conditional write before anything is sent, marked sent after) makes a double-fired
 * schedule send nothing the second time; a failure gives the marker back so the retry sends.
 */
import type { FunctionTimeouts } from '../config/function-timeouts';
import type { HubConfig } from '../config/hub-config';
import { toInstant } from '../domain/enquiry';
import type { Mailer } from '../mail/outgoing-email';
import { weeklyReportEmail } from '../mail/staff-emails';
import type { ReportMarkers } from '../workload/ports';
import type { ReportFiles } from './ports';
import { reportCsv } from './report-csv';
import { previousFullWeek, type ReportPeriod } from './report-period';
import { loadReportInput, type ReportSourceDeps } from './report-source';
import { reportRecipients, weeklyReportKey, weeklyReportSummary } from './report-summary';
import { buildResponseTimeReport, type ResponseTimeReport } from './response-time-report';

/** The marker kind of the weekly report. */
export const WEEKLY_REPORT = 'weekly';
/** How long a run holds the period's marker: a minute longer than the reporter may run, so a live run never loses its claim. */
export function reportLeaseMs(timeouts: Pick<FunctionTimeouts, 'reporter'>): number {
  return (timeouts.reporter + 60) * 1000;
}
/** SES takes at most 50 recipients per message. */
const MAX_RECIPIENTS = 50;

export interface PublishReportDeps {
  readonly config: HubConfig;
  readonly source: ReportSourceDeps;
  readonly files: ReportFiles;
  readonly markers: ReportMarkers;
  readonly mailer: Mailer;
  /** Wall clock, for the marker's lease only. */
  readonly clock: () => Date;
  /** Unique per run (e.g. the Lambda request id). */
  readonly runId: string;
  /** Prefix of report keys in the bucket (default `reports/`). */
  readonly prefix?: string;
  /** The reporter's timeout, which the marker's lease outlasts. */
  readonly timeouts: Pick<FunctionTimeouts, 'reporter'>;
}

export interface PublishResult {
  readonly status: 'sent' | 'already-sent' | 'in-progress';
  readonly period: ReportPeriod;
  /** S3 key of the CSV (written only when `status` is `sent`). */
  readonly key: string;
  readonly recipients: number;
  readonly report: ResponseTimeReport | null;
}

/**
 * Publishes the weekly report for the week before `firedAt` (the scheduled event's time, also the
 * report's "as of" instant for the backlog). Idempotent per week.
 */
export async function publishWeeklyReport(deps: PublishReportDeps, firedAt: string): Promise<PublishResult> {
  const asOf = toInstant(firedAt);
  const period = previousFullWeek(deps.config.calendar.timeZone, asOf);
  const key = weeklyReportKey({ period }, deps.prefix);
  const recipients = reportRecipients(deps.config);
  const claim = await deps.markers.claim(
    WEEKLY_REPORT,
    period.from,
    period.to,
    deps.runId,
    deps.clock().getTime(),
    reportLeaseMs(deps.timeouts),
  );
  if (claim !== 'claimed') return { status: claim, period, key, recipients: recipients.length, report: null };
  try {
    const report = buildResponseTimeReport(await loadReportInput(deps.source, deps.config, period, asOf));
    const csv = reportCsv(report, deps.config);
    const summary = weeklyReportSummary(report, deps.config);
    await deps.files.put(key, csv, 'text/csv; charset=utf-8');
    let messageId = '';
    for (let i = 0; i < recipients.length; i += MAX_RECIPIENTS) {
      const part = i / MAX_RECIPIENTS;
      const email = weeklyReportEmail(
        deps.config,
        summary,
        csv,
        recipients.slice(i, i + MAX_RECIPIENTS),
        part,
      );
      messageId ||= email.messageId;
      await deps.mailer.send(email);
    }
    await deps.markers.markSent(
      WEEKLY_REPORT,
      period.from,
      period.to,
      deps.runId,
      deps.clock().toISOString(),
      messageId,
    );
    return { status: 'sent', period, key, recipients: recipients.length, report };
  } catch (error) {
    await deps.markers.release(WEEKLY_REPORT, period.from, period.to, deps.runId);
    throw error;
  }
}
