/**
 * `send-hub sla add|between`: working-time arithmetic on a business-hours calendar, the same
 * functions the router and escalator use. Without `--calendar`, the configured hub calendar.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import * as z from 'zod';
import { loadHubConfig } from '../../shared/config/load-hub-config';
import {
  addWorkingMinutes,
  type BusinessCalendar,
  CalendarError,
  parseCalendar,
  workingMinutesBetween,
} from '../../shared/domain/business-calendar';
import { ValidationError } from '../../shared/domain/errors';

/** A bad flag value or calendar file given to `send-hub sla`. */
export class SlaInputError extends ValidationError {}

const Instant = z.iso.datetime({ offset: true });
const MINUTES_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

function parseInstant(value: string, flag: string): Date {
  if (!Instant.safeParse(value).success) {
    throw new SlaInputError(
      `${flag} "${value}" is not an ISO-8601 instant with a zone, e.g. 2026-01-05T09:00:00Z`,
      { field: flag },
    );
  }
  return new Date(value);
}

function parseMinutes(value: string): number {
  const minutes = Number(value.trim());
  if (!MINUTES_PATTERN.test(value.trim()) || !Number.isFinite(minutes)) {
    throw new SlaInputError(`--minutes "${value}" is not a number of minutes, e.g. 90 or -30`, {
      field: '--minutes',
    });
  }
  return minutes;
}

function readCalendar(file: string | undefined): BusinessCalendar {
  if (file === undefined) return loadHubConfig().calendar;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new SlaInputError(`cannot read calendar file ${file} (${code})`, {
      cause: error,
      field: '--calendar',
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SlaInputError(`${file} is not valid JSON (${(error as Error).message})`, {
      cause: error,
      field: '--calendar',
    });
  }
  try {
    return parseCalendar(json);
  } catch (error) {
    if (error instanceof CalendarError) {
      throw new SlaInputError(`${file}: ${error.message}`, { cause: error, field: '--calendar' });
    }
    throw error;
  }
}

interface AddOptions {
  calendar?: string;
  start: string;
  minutes: string;
}

interface BetweenOptions {
  calendar?: string;
  start: string;
  end: string;
}

const CALENDAR_HELP = 'calendar JSON file (DESIGN.md form); default: the hub calendar from the configuration';

/** Registers `send-hub sla add` and `send-hub sla between`. */
export function registerSlaCommand(program: Command): void {
  const sla = program
    .command('sla')
    .description('working-time arithmetic on a business-hours calendar (service-level windows)');

  sla
    .command('add')
    .description('print the instant N working minutes after the start (negative N: before it)')
    .option('--calendar <file>', CALENDAR_HELP)
    .requiredOption('--start <iso>', 'start instant, ISO-8601 with a zone, e.g. 2026-01-05T09:00:00Z')
    .requiredOption('--minutes <n>', 'working minutes to add; negative counts backwards; fractions allowed')
    .addHelpText(
      'after',
      '\nExample:\n  send-hub sla add --calendar cal.json --start 2006-01-02T11:00:00Z --minutes 1140\n' +
        '  prints 2006-01-04T16:00:00.000Z (ISO-8601 UTC with milliseconds)',
    )
    .action((options: AddOptions) => {
      const start = parseInstant(options.start, '--start');
      const minutes = parseMinutes(options.minutes);
      const calendar = readCalendar(options.calendar);
      process.stdout.write(`${addWorkingMinutes(calendar, start, minutes).toISOString()}\n`);
    });

  sla
    .command('between')
    .description('print the working minutes from the start to the end (negative when the end is earlier)')
    .option('--calendar <file>', CALENDAR_HELP)
    .requiredOption('--start <iso>', 'start instant, ISO-8601 with a zone')
    .requiredOption('--end <iso>', 'end instant, ISO-8601 with a zone')
    .addHelpText(
      'after',
      '\nExample:\n  send-hub sla between --calendar cal.json --start 2006-01-02T11:00:00Z --end 2006-01-04T16:00:00Z\n' +
        '  prints 1140 (fractional when the instants carry seconds)',
    )
    .action((options: BetweenOptions) => {
      const start = parseInstant(options.start, '--start');
      const end = parseInstant(options.end, '--end');
      const calendar = readCalendar(options.calendar);
      process.stdout.write(`${workingMinutesBetween(calendar, start, end)}\n`);
    });
}
