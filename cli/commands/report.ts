/**
 * `send-hub report --from DATE --to DATE [--csv FILE] [--json]`: the response-time figures for whole
 * local days (hub time zone), computed exactly as the weekly report is, read from the local stack
 * (default) or AWS. Prints the readable summary, or JSON; `--csv` also writes the tidy CSV.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { ValidationError } from '../../shared/domain/errors';
import { DynamoEscalationStore } from '../../shared/escalation/escalation-store';
import { reportCsv } from '../../shared/reporting/report-csv';
import { periodFromDates } from '../../shared/reporting/report-period';
import { loadReportInput } from '../../shared/reporting/report-source';
import { reportSummaryText } from '../../shared/reporting/report-summary';
import { buildResponseTimeReport } from '../../shared/reporting/response-time-report';
import { addConnectionOptions, type ConnectionOptions, connect } from '../connection';
import { CliError } from '../http-client';

interface ReportOptions extends ConnectionOptions {
  from: string;
  to: string;
  csv?: string;
  json?: boolean;
  asOf?: string;
}

const Instant = z.iso.datetime({ offset: true });

/** Registers `send-hub report`. */
export function registerReportCommand(program: Command): void {
  const command = program
    .command('report')
    .description(
      'response-time figures for a date range (received, first responses, backlog, escalations, caseloads)',
    )
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD (hub time zone)')
    .requiredOption('--to <date>', 'last day, inclusive, YYYY-MM-DD')
    .option('--csv <file>', 'also write the figures as CSV (one row per figure) to this file')
    .option('--json', 'print the report as JSON instead of tables')
    .option('--as-of <iso>', 'instant the backlog and "overdue" are judged at (default: now)');
  addConnectionOptions(command, ['dynamodb']);
  command.addHelpText(
    'after',
    '\nExample:\n  send-hub report --from 2026-11-23 --to 2026-11-29 --csv week.csv',
  );
  command.action(async (options: ReportOptions) => {
    const asOf = options.asOf ?? new Date().toISOString();
    if (!Instant.safeParse(asOf).success) {
      throw new CliError(
        `--as-of "${asOf}" is not an ISO-8601 instant with a zone, e.g. 2026-11-30T07:00:00Z`,
      );
    }
    const connection = await connect(options, ['dynamodb']);
    const { config, documents, tableName } = connection;
    let period: ReturnType<typeof periodFromDates>;
    try {
      period = periodFromDates(config.calendar.timeZone, options.from, options.to);
    } catch (error) {
      if (error instanceof ValidationError)
        throw new CliError(`--${error.field ?? 'from'}: ${error.message}`);
      throw error;
    }
    const input = await loadReportInput(
      {
        enquiries: new EnquiryRepository(documents, tableName),
        caseworkers: new CaseworkerRepository(documents, tableName),
        escalations: new DynamoEscalationStore(documents, tableName),
      },
      config,
      period,
      asOf,
    );
    const report = buildResponseTimeReport(input);
    if (options.csv !== undefined) {
      try {
        writeFileSync(options.csv, reportCsv(report, config));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
        throw new CliError(`cannot write ${options.csv} (${code})`);
      }
    }
    if (options.json === true) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      process.stdout.write(
        `(${connection.describe()}; as of ${asOf})\n\n${reportSummaryText(report, config)}`,
      );
      if (options.csv !== undefined) process.stdout.write(`\nCSV written to ${options.csv}\n`);
    }
  });
}
