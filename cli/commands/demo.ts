/**
 * `send-hub demo`: replays a realistic week at the hub against a running stack, through its public
 * doors (SMTP for email, POST /phone-logs for calls), so the queue, escalations and reports have
 * something to show. `--speed` is hub seconds per real second; `max` sends as fast as it can.
 */
import type { Command } from 'commander';
import { createTransport } from 'nodemailer';
import { loadHubConfig } from '../../shared/config/load-hub-config';
import { generateWeek } from '../demo/week-generator';
import { apiClient, CliError } from '../http-client';
import { progressBar } from '../progress';

/** Monday 00:00 UTC of the week before `now`: a past week, so its deadlines have come and gone. */
export function lastWeekMonday(now: Date): Date {
  const day = (now.getUTCDay() + 6) % 7; // 0 = Monday
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day - 7));
  return monday;
}

function parseSpeed(value: string): number {
  if (value === 'max') return Number.POSITIVE_INFINITY;
  const speed = Number(value);
  if (!Number.isFinite(speed) || speed <= 0)
    throw new CliError(`--speed "${value}" must be a positive number or "max"`);
  return speed;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('replay a realistic week at the hub against a running stack (emails, calls, chasers)')
    .option('--week <date>', 'Monday of the week to replay (YYYY-MM-DD; default: last week)')
    .option('--per-day <n>', 'new enquiries per working day', '12')
    .option('--speed <n>', 'hub seconds per real second, or "max"', 'max')
    .option('--seed <n>', 'random seed (same seed, same week)', '7')
    .option('--api <url>', 'HTTP API base URL', process.env.SEND_HUB_API ?? 'http://127.0.0.1:3000')
    .option('--smtp <host:port>', 'SMTP door', process.env.SEND_HUB_SMTP ?? '127.0.0.1:2525')
    .option('--token <jwt>', 'access token for the API (default: local sign-in as the demo call handler)')
    .action(
      async (options: {
        week?: string;
        perDay: string;
        speed: string;
        seed: string;
        api: string;
        smtp: string;
        token?: string;
      }) => {
        const weekStart =
          options.week === undefined ? lastWeekMonday(new Date()) : new Date(`${options.week}T00:00:00Z`);
        if (Number.isNaN(weekStart.getTime()))
          throw new CliError(`--week "${options.week}" is not a date like 2026-11-16`);
        const perDay = Number(options.perDay);
        if (!Number.isInteger(perDay) || perDay < 1 || perDay > 500)
          throw new CliError('--per-day must be a whole number from 1 to 500');
        const speed = parseSpeed(options.speed);
        const config = loadHubConfig();
        const items = generateWeek({
          weekStart,
          perDay,
          hubMailbox: config.hub.mailbox,
          seed: Number(options.seed),
        });
        const api = await apiClient(options.api, { token: options.token, user: 'callhandler' });
        const [host = '127.0.0.1', port = '2525'] = options.smtp.split(':');
        const smtp = createTransport({
          host,
          port: Number(port),
          secure: false,
          ignoreTLS: true,
          pool: true,
        });
        process.stdout.write(
          `Replaying the week of ${weekStart.toISOString().slice(0, 10)}: ${items.length} contacts at ${options.speed}x.\n`,
        );
        const bar = progressBar(items.length, false);
        const first = items[0]?.at.getTime() ?? 0;
        const startedAt = Date.now();
        let emails = 0;
        let calls = 0;
        for (const item of items) {
          if (Number.isFinite(speed)) {
            const wait = (item.at.getTime() - first) / speed - (Date.now() - startedAt);
            if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          }
          if (item.kind === 'email') {
            await smtp
              .sendMail({
                envelope: { from: 'demo@send-hub.local', to: [config.hub.mailbox] },
                raw: await item.raw(),
              })
              .catch((error: unknown) => {
                throw new CliError(
                  `SMTP door at ${options.smtp} refused the mail (${error instanceof Error ? error.message : String(error)}): is the stack running?`,
                );
              });
            emails += 1;
          } else {
            const response = await api.request('POST', '/phone-logs', JSON.stringify(item.entry));
            if (response.status >= 400)
              throw new CliError(
                `phone-log API answered HTTP ${response.status}: ${JSON.stringify(response.body)}`,
              );
            calls += 1;
          }
          bar.tick(item.label);
        }
        bar.done();
        smtp.close();
        process.stdout.write(
          `Sent ${emails} emails and ${calls} phone logs. Open ${options.api} to see the queue; escalations follow on the next sweep.\n`,
        );
      },
    );
}
