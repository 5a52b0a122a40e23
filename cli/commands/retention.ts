/**
 * `send-hub retention [--at ISO] [--dry-run]`: runs the retention sweep now, or as if the daily
 * schedule fired at that instant, against the local stack (default) or AWS: the same handler as
 * the retention Lambda. Purges every enquiry resolved longer ago than `retention.afterResolutionDays`
 * with everything of it (docs/retention.md); `--dry-run` only counts what is due.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Command } from 'commander';
import * as z from 'zod';
import { makeRetentionHandler, type RetentionRun } from '../../functions/retention/handler';
import { RESOURCES } from '../../shared/adapters/resource-definitions';
import { DynamoRetentionStore, S3RawMailPurger } from '../../shared/adapters/retention-store';
import { addConnectionOptions, type ConnectionOptions, connect } from '../connection';
import { CliError } from '../http-client';

interface RetentionOptions extends ConnectionOptions {
  at?: string;
  dryRun?: boolean;
  bucket?: string;
  json?: boolean;
}

const Instant = z.iso.datetime({ offset: true });

/** The run's summary as people read it. */
export function formatRetentionRun(run: RetentionRun, at: string, days: number, dryRun: boolean): string {
  const lines = [
    `Retention sweep as at ${at}: enquiries resolved more than ${days} days before`,
    dryRun
      ? `  Due for purge:       ${run.purged}${run.more ? ' (and more)' : ''} (dry run: nothing deleted)`
      : `  Enquiries purged:    ${run.purged}`,
    ...(dryRun
      ? []
      : [
          `  Table items deleted: ${run.items}`,
          `  Raw mail deleted:    ${run.rawObjects} object(s)`,
          `  Kept (reopened):     ${run.kept}`,
        ]),
  ];
  if (!dryRun && run.more) lines.push('  More are due: the next run takes them.');
  return `${lines.join('\n')}\n`;
}

/** Registers `send-hub retention`. */
export function registerRetentionCommand(program: Command): void {
  const command = program
    .command('retention')
    .description('purge enquiries past their retention period now, or as if at --at (docs/retention.md)')
    .option('--at <iso>', 'the sweep\'s "now", ISO-8601 with a zone (default: the current time)')
    .option('--dry-run', 'count what is due without deleting anything')
    .option('--bucket <name>', `raw-mail bucket (local default: ${RESOURCES.buckets.rawMail.localName})`)
    .option('--json', 'print the summary as JSON');
  addConnectionOptions(command, ['dynamodb', 's3']);
  command.addHelpText(
    'after',
    '\nExamples:\n  send-hub retention --dry-run                          # against `npm start`\n' +
      '  send-hub retention --at 2033-01-01T02:30:00Z\n' +
      '  send-hub retention --aws --profile send-hub-prod --table ... --bucket ... --dry-run',
  );
  command.action(async (options: RetentionOptions) => {
    const at = options.at ?? new Date().toISOString();
    if (!Instant.safeParse(at).success) {
      throw new CliError(`--at "${at}" is not an ISO-8601 instant with a zone, e.g. 2033-01-01T02:30:00Z`);
    }
    const connection = await connect(options, ['dynamodb', 's3']);
    const bucket =
      options.bucket ?? (connection.target === 'local' ? RESOURCES.buckets.rawMail.localName : undefined);
    if (bucket === undefined) throw new CliError('--bucket (the raw-mail bucket) is required with --aws');
    const run = await makeRetentionHandler({
      store: new DynamoRetentionStore(connection.documents, connection.tableName),
      rawMail: new S3RawMailPurger(connection.s3(), bucket),
      config: connection.config,
      logger: new Logger({ serviceName: 'send-hub-retention', logLevel: 'SILENT' }),
    })(
      { time: at, dryRun: options.dryRun === true },
      { getRemainingTimeInMillis: () => Number.POSITIVE_INFINITY },
    );
    const days = connection.config.retention.afterResolutionDays;
    process.stdout.write(
      options.json === true
        ? `${JSON.stringify(run, null, 2)}\n`
        : formatRetentionRun(run, at, days, options.dryRun === true),
    );
  });
}
