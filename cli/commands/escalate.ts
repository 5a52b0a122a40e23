/**
 * `send-hub escalate [--at ISO]`: runs one sweep of every chore as if the schedules fired at that
 * instant (duty alerts, a manager's day, the escalation ladder, statutory alerts, digests), against
 * the local stack (default) or AWS, and prints what it did: the same use cases and adapters as the
 * four sweep functions. Replaying a past instant is safe: steps already taken are not taken again.
 */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import * as z from 'zod';
import { sweepMailer } from '../../functions/scheduled-sweep';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import { dynamoSweepStores } from '../../shared/adapters/sweep-stores';
import { runEscalationSweep, type SweepSummary } from '../../shared/sweep/run-sweep';
import { addConnectionOptions, type ConnectionOptions, connect } from '../connection';
import { CliError } from '../http-client';

interface EscalateOptions extends ConnectionOptions {
  at?: string;
  json?: boolean;
  configurationSet?: string;
}

const Instant = z.iso.datetime({ offset: true });

/** The sweep's summary as people read it. */
export function formatSweepSummary(summary: SweepSummary, where: string): string {
  const steps = Object.entries(summary.steps)
    .map(([step, count]) => `${step} ${count}`)
    .join(', ');
  const lines = [
    `Escalation sweep as at ${summary.now} (${where})`,
    `  Enquiries due:              ${summary.due}`,
    `  Enquiries escalated:        ${summary.escalated} (breaches: ${summary.breaches})`,
    `  Steps taken:                ${steps === '' ? 'none' : steps}`,
    `  Nothing to do:              ${summary.skipped} (answered, paused or already escalated)`,
    `  Index entries moved on:     ${summary.rescheduled}`,
    `  Left for the next sweep:    ${summary.contended} (kept changing while we wrote)`,
    `  Statutory deadlines:        ${summary.statutory === null ? 'not checked' : `${summary.statutory.missed} missed, ${summary.statutory.dueSoon} due soon (${summary.statutory.due} processes)`}`,
    `  Digests sent:               ${summary.digests.sent} (${summary.digests.notices} notices)`,
    `  Digests failed:             ${summary.digests.failed}${summary.digests.failed > 0 ? ' (their notices wait for the next sweep)' : ''}`,
    `  Digests another sweep held: ${summary.digests.busy}`,
    `  Digests waiting their turn: ${summary.digests.held} (at most one per person an hour; urgent breaches at once)`,
  ];
  if (summary.idleClaims !== undefined) {
    lines.push(`  Claims back in the queue:   ${summary.idleClaims.returned} (nothing done on them in time)`);
  }
  if (
    summary.morningSummaries !== undefined &&
    summary.morningSummaries.sent + summary.morningSummaries.failed > 0
  ) {
    lines.push(
      `  Morning summaries sent:     ${summary.morningSummaries.sent} (failed: ${summary.morningSummaries.failed})`,
    );
  }
  if (summary.awayStarts !== undefined && summary.awayStarts.started > 0) {
    const away = summary.awayStarts;
    lines.push(
      `  Leave started:              ${away.started} (${away.returned} back to the queue, ${away.handed} to colleagues)`,
    );
  }
  if (summary.dutyAlerts !== undefined) {
    const alerts = summary.dutyAlerts;
    lines.push(
      `  Safeguarding alerts due:    ${alerts.due} (next duty contact told: ${alerts.escalated})`,
      `  Safeguarding alerts sent:   ${alerts.sent} (failed: ${alerts.failed}, another run held: ${alerts.busy})`,
    );
  }
  if (summary.stoppedEarly) lines.push('  Stopped early: the rest is still due and the next sweep takes it.');
  return `${lines.join('\n')}\n`;
}

/** Registers `send-hub escalate`. */
export function registerEscalateCommand(program: Command): void {
  const command = program
    .command('escalate')
    .description('run one escalation sweep now, or as if at --at (warn, escalate, send digests)')
    .option('--at <iso>', 'the sweep\'s "now", ISO-8601 with a zone (default: the current time)')
    .option('--json', 'print the summary as JSON')
    .option(
      '--configuration-set <name>',
      "SES configuration set the digests go through, the stack's MailConfigurationSet output (default: SES_CONFIGURATION_SET; required with --aws, so bounces reach ses-feedback)",
    );
  addConnectionOptions(command, ['dynamodb', 'ses']);
  command.addHelpText(
    'after',
    '\nExamples:\n  send-hub escalate --at 2026-11-23T14:00:00Z          # against `npm start`\n' +
      '  send-hub escalate --aws --profile send-hub-dev --table send-hub-dev-Table... --configuration-set send-hub-dev-mail',
  );
  command.action(async (options: EscalateOptions) => {
    const at = options.at ?? new Date().toISOString();
    if (!Instant.safeParse(at).success) {
      throw new CliError(`--at "${at}" is not an ISO-8601 instant with a zone, e.g. 2026-11-23T14:00:00Z`);
    }
    const configurationSet = options.configurationSet ?? process.env.SES_CONFIGURATION_SET;
    const aws = options.aws === true || options.profile !== undefined;
    // After connect's own first check (--table), before anything reaches AWS.
    if (aws && options.table !== undefined && configurationSet === undefined) {
      throw new CliError(
        '--configuration-set is required with --aws: give the MailConfigurationSet stack output, so the ' +
          "digests' bounces and complaints reach ses-feedback",
      );
    }
    const connection = await connect(options, ['dynamodb', 'ses']);
    const { config, documents, tableName } = connection;
    // The sweep functions' stores and mailer (functions/scheduled-sweep.ts): digests sent from here
    // have their bounces and complaints reach ses-feedback too.
    const wiring = { config, documents, tableName, ses: connection.ses(), configurationSet };
    const summary = await runEscalationSweep(
      {
        config,
        ...dynamoSweepStores(documents, tableName, config),
        mailer: sweepMailer('escalator', wiring),
        clock: () => new Date(),
        timeouts: FUNCTION_TIMEOUTS,
        sweepId: `cli-${randomUUID()}`,
      },
      at,
    );
    process.stdout.write(
      options.json === true
        ? `${JSON.stringify(summary, null, 2)}\n`
        : formatSweepSummary(summary, connection.describe()),
    );
    if (summary.digests.failed > 0 || (summary.dutyAlerts?.failed ?? 0) > 0) process.exitCode = 1;
  });
}
