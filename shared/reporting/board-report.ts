/**
 * The improvement board's report for any period: the response-time figures (as the weekly report
 * computes them) and the board's figures against a baseline, targets and checkpoints, with the CSV
 * of both. Used by `send-hub report` and `GET /report`; reads are Queries by day only.
 */

import type { HubConfig } from '../config/hub-config';
import { buildImprovementReport } from './improvement-report';
import { withImprovementRows } from './improvement-summary';
import { reportCsv } from './report-csv';
import { periodFromDates, precedingPeriod, type ReportPeriod } from './report-period';
import {
  type ImprovementSourceDeps,
  loadImprovementInput,
  loadReportInput,
  RangeReads,
  type ReportSourceDeps,
} from './report-source';
import type { BoardReport } from './response-schemas';
import { buildResponseTimeReport } from './response-time-report';

export type { BoardReport } from './response-schemas';

export interface BoardReportRequest {
  readonly from: string;
  readonly to: string;
  /** Default: the same number of days just before `from`. */
  readonly baselineFrom?: string | undefined;
  readonly baselineTo?: string | undefined;
  readonly asOf: string;
}

/** The periods asked for, checked (ValidationError naming `from`, `to`, `baselineFrom` or `baselineTo`). */
export function boardPeriods(
  config: HubConfig,
  request: BoardReportRequest,
): { period: ReportPeriod; baseline: ReportPeriod } {
  const zone = config.calendar.timeZone;
  const period = periodFromDates(zone, request.from, request.to);
  if (request.baselineFrom === undefined && request.baselineTo === undefined) {
    return { period, baseline: precedingPeriod(period) };
  }
  try {
    return {
      period,
      baseline: periodFromDates(zone, request.baselineFrom ?? request.from, request.baselineTo ?? request.to),
    };
  } catch (error) {
    // Name the baseline's own fields.
    if (error instanceof Error && 'field' in error && (error.field === 'from' || error.field === 'to')) {
      const field = error.field === 'from' ? 'baselineFrom' : 'baselineTo';
      Object.assign(error, { field, message: `baseline ${error.message}` });
    }
    throw error;
  }
}

export async function buildBoardReport(
  deps: ReportSourceDeps & ImprovementSourceDeps,
  config: HubConfig,
  request: BoardReportRequest,
): Promise<BoardReport> {
  const { period, baseline } = boardPeriods(config, request);
  // One budget of Queries in flight for everything the report reads, all of it side by side.
  const reads = new RangeReads();
  const improvementRead = loadImprovementInput(deps, config, period, baseline, request.asOf, reads);
  const start = Date.parse(period.start);
  const end = Date.parse(period.end);
  // The period's enquiries are read once, for both reports.
  const inPeriod = improvementRead.then((improvement) =>
    improvement.enquiries.filter((enquiry) => {
      const at = Date.parse(enquiry.receivedAt);
      return at >= start && at < end;
    }),
  );
  const [improvementInput, input] = await Promise.all([
    improvementRead,
    loadReportInput(deps, config, period, request.asOf, inPeriod, reads),
  ]);
  const report = buildResponseTimeReport(input);
  const improvement = buildImprovementReport(improvementInput);
  return { report, improvement, csv: withImprovementRows(reportCsv(report, config), improvement) };
}
