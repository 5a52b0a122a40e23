/**
 * `send-hub report --from DATE --to DATE [--csv FILE] [--json]`: the response-time figures for whole
 * local days (hub time zone), computed exactly as the weekly report is, read from the local stack
 * (default) or AWS. Prints the readable summary, or JSON; `--csv` also writes the tidy CSV.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import * as z from 'zod';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { DynamoEscalationStore } from '../../shared/adapters/escalation-store';
import { DynamoStatutoryStore } from '../../shared/adapters/statutory-store';
import { ValidationError } from '../../shared/domain/errors';
import { buildBoardReport } from '../../shared/reporting/board-report';
import { improvementSummaryText } from '../../shared/reporting/improvement-summary';
import { reportSummaryText } from '../../shared/reporting/report-summary';
import { addConnectionOptions, type ConnectionOptions, connect } from '../connection';
import { CliError } from '../http-client';

interface ReportOptions extends ConnectionOptions {
  from: string;
  to: string;
  baselineFrom?: string;
  baselineTo?: string;
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
    .option(
      '--baseline-from <date>',
      'first day of the baseline period (default: the same length just before --from)',
    )
    .option('--baseline-to <date>', 'last day of the baseline period, inclusive')
    .option('--csv <file>', 'also write the figures as CSV (one row per figure) to this file')
    .option('--json', 'print the report as JSON instead of tables')
    .option('--as-of <iso>', 'instant the backlog and "overdue" are judged at (default: now)');
  addConnectionOptions(command, ['dynamodb']);
  command.addHelpText(
    'after',
    '\nExamples:\n  send-hub report --from 2026-11-23 --to 2026-11-29 --csv week.csv\n' +
      '  send-hub report --from 2025-06-01 --to 2026-12-01 --json   (18 months, with targets and the 3/6/12/18-month trend)\n' +
      'Any period up to ten years; the improvement board figures compare it with the baseline and the\n' +
      'targets in config/hub.json (`improvement`).',
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
    let board: Awaited<ReturnType<typeof buildBoardReport>>;
    try {
      board = await buildBoardReport(
        {
          enquiries: new EnquiryRepository(documents, tableName),
          caseworkers: new CaseworkerRepository(documents, tableName),
          escalations: new DynamoEscalationStore(documents, tableName),
          statutory: new DynamoStatutoryStore(documents, tableName),
        },
        config,
        {
          from: options.from,
          to: options.to,
          baselineFrom: options.baselineFrom,
          baselineTo: options.baselineTo,
          asOf,
        },
      );
    } catch (error) {
      if (error instanceof ValidationError) {
        const flag = (error.field ?? 'from').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
        throw new CliError(`--${flag}: ${error.message}`);
      }
      throw error;
    }
    const { report, improvement, csv } = board;
    if (options.csv !== undefined) {
      try {
        writeFileSync(options.csv, csv);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
        throw new CliError(`cannot write ${options.csv} (${code})`);
      }
    }
    if (options.json === true) {
      process.stdout.write(`${JSON.stringify({ ...report, improvement }, null, 2)}\n`);
    } else {
      process.stdout.write(
        `(${connection.describe()}; as of ${asOf})\n\n${reportSummaryText(report, config)}\n${improvementSummaryText(improvement)}`,
      );
      if (options.csv !== undefined) process.stdout.write(`\nCSV written to ${options.csv}\n`);
    }
  });
}
