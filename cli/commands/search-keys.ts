/**
 * `send-hub search-keys backfill [--from DATE] [--to DATE] [--dry-run] [--json]`: writes the search
 * keys (GSI6) of enquiries stored before search keys existed, so search, the known-person join and
 * child records find them, and the enquiry item's own index keys, so an enquiry resolved before the
 * retention index (GSI7) existed is found by the retention sweep, and stored phone numbers in
 * E.164 (search keys and the phone index use a stored number as it is). Reads the enquiries day by day through the received-per-day index (a
 * paged Query per day, never a Scan); safe to run again (a second run writes nothing) and safe
 * while the hub is working (a change made meanwhile is never overwritten).
 */
import type { Command } from 'commander';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { retentionRepositoryOptions } from '../../shared/config/hub-config';
import { ValidationError } from '../../shared/domain/errors';
import { type BackfillSummary, backfillSearchKeys } from '../../shared/finding/search-key-backfill';
import { addConnectionOptions, type ConnectionOptions, connect } from '../connection';
import { CliError } from '../http-client';

interface BackfillFlags extends ConnectionOptions {
  from: string;
  to?: string;
  dryRun?: boolean;
  json?: boolean;
}

/**
 * Default start of a full backfill: early enough for imported call logs of any age. An empty day
 * costs one small Query, so the years before the hub's first enquiry cost seconds.
 */
export const BACKFILL_FROM = '2000-01-01';

/** The summary as people read it. */
export function formatBackfill(summary: BackfillSummary): string {
  const lines = [
    `Search keys for enquiries received ${summary.from} to ${summary.to} (UTC days)${summary.dryRun ? ', dry run: nothing written' : ''}`,
    `  Enquiries read:       ${summary.enquiries}`,
    `  ${summary.dryRun ? 'Would be updated:    ' : 'Updated:             '} ${summary.updated} (${summary.keysPut} keys put, ${summary.keysDeleted} stale keys deleted)`,
    `  Own index keys:       ${summary.indexesFixed} (retention index GSI7, queue order, TTL)`,
    `  Phones made E.164:    ${summary.phonesNormalised} (enquiries whose stored numbers were national or spaced)`,
    `  Already current:      ${summary.current}`,
  ];
  if (summary.reread > 0) lines.push(`  Changed meanwhile:    ${summary.reread} (read again)`);
  if (summary.gone > 0) lines.push(`  Gone meanwhile:       ${summary.gone}`);
  return `${lines.join('\n')}\n`;
}

/** Registers `send-hub search-keys`. */
export function registerSearchKeysCommand(program: Command): void {
  const group = program
    .command('search-keys')
    .description(
      'search keys (GSI6), index keys (GSI7 retention, GSI8 child record) and E.164 phone numbers of enquiries: write them for enquiries stored before they existed',
    );
  const backfill = group
    .command('backfill')
    .description(
      'store phone numbers in E.164, write missing search keys and index keys and remove outdated ones, day by day through the received-per-day index (never a Scan)',
    )
    .option('--from <date>', 'first UTC day of enquiries to look at', BACKFILL_FROM)
    .option('--to <date>', 'last UTC day, inclusive (default: today)')
    .option('--dry-run', 'count what would be written, write nothing')
    .option('--json', 'print the summary as JSON');
  addConnectionOptions(backfill, ['dynamodb']);
  backfill.addHelpText(
    'after',
    '\nExamples:\n  send-hub search-keys backfill --dry-run                # against `npm start`\n' +
      '  send-hub search-keys backfill --from 2026-06-01\n' +
      '  send-hub search-keys backfill --aws --profile send-hub-prod --table ...',
  );
  backfill.action(async (options: BackfillFlags) => {
    const to = options.to ?? new Date().toISOString().slice(0, 10);
    const connection = await connect(options, ['dynamodb']);
    // With the retention period, so the TTL backstop is written with the retention index keys.
    const repository = new EnquiryRepository(
      connection.documents,
      connection.tableName,
      retentionRepositoryOptions(connection.config),
    );
    // A count on a terminal every 500 enquiries (never in pipes or CI logs).
    const live = options.json !== true && process.stderr.isTTY === true;
    let summary: BackfillSummary;
    try {
      summary = await backfillSearchKeys(
        repository,
        { from: options.from, to, dryRun: options.dryRun === true },
        (sofar) => {
          if (live && sofar.enquiries % 500 === 0)
            process.stderr.write(`\r${sofar.enquiries} enquiries read`);
        },
      );
    } catch (error) {
      if (error instanceof ValidationError)
        throw new CliError(`--${error.field ?? 'from'}: ${error.message}`);
      throw error;
    } finally {
      if (live) process.stderr.write('\r\x1b[K');
    }
    process.stdout.write(
      options.json === true ? `${JSON.stringify(summary, null, 2)}\n` : formatBackfill(summary),
    );
  });
}
