/**
 * `send-hub statutory --process ehc-assessment|annual-review|complaint --start ISO [--exception
 * FROM:TO:REASON ...]`: the milestones the law sets for a process and when each is due, worked out
 * offline with the same pure module the hub uses (shared/domain/statutory). Prints one JSON object:
 * `{"process","start","milestones":[{"name","due",...}],"exceptions":[...]}`; dates are `YYYY-MM-DD`
 * for calendar-week clocks and instants for working-day ones.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import * as z from 'zod';
import { loadHubConfig } from '../../shared/config/load-hub-config';
import { type BusinessCalendar, CalendarError, parseCalendar } from '../../shared/domain/business-calendar';
import { ValidationError } from '../../shared/domain/errors';
import {
  computeSchedule,
  EXCEPTION_ALIASES,
  EXCEPTION_KINDS,
  exceptionKindOf,
  PROCESS_KINDS,
  ProcessKind,
  type StatutoryException,
} from '../../shared/domain/statutory/statutory-clocks';

/** A bad flag given to `send-hub statutory`; the message names the flag. */
export class StatutoryCliError extends ValidationError {}

const Instant = z.iso.datetime({ offset: true });
const LocalDate = z.iso.date();

function parseStart(value: string): string {
  if (LocalDate.safeParse(value).success || Instant.safeParse(value).success) return value;
  throw new StatutoryCliError(
    `--start "${value}" is not a date (2026-03-02) or an ISO-8601 instant with a zone (2026-03-02T10:00:00Z)`,
    { field: '--start' },
  );
}

/** `FROM:TO:REASON[:NOTE]`, dates `YYYY-MM-DD`, REASON an exception kind or a short word for one. */
export function parseExceptionFlag(value: string): StatutoryException {
  const [from = '', to = '', reason = '', ...note] = value.split(':');
  const example = 'e.g. 2026-07-15:2026-08-26:school-closure';
  for (const [name, date] of [
    ['FROM', from],
    ['TO', to],
  ] as const) {
    if (!LocalDate.safeParse(date).success) {
      throw new StatutoryCliError(
        `--exception "${value}": ${name} "${date}" is not a date YYYY-MM-DD (${example})`,
        {
          field: '--exception',
        },
      );
    }
  }
  const kind = exceptionKindOf(reason);
  if (kind === null) {
    throw new StatutoryCliError(
      `--exception "${value}": REASON "${reason}" is not one of ${EXCEPTION_KINDS.join(', ')} (or ${Object.keys(EXCEPTION_ALIASES).join(', ')})`,
      { field: '--exception' },
    );
  }
  return { from, to, kind, note: note.length === 0 ? null : note.join(':') };
}

function readCalendar(file: string | undefined): BusinessCalendar {
  if (file === undefined) return loadHubConfig().calendar;
  try {
    return parseCalendar(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    const reason =
      error instanceof CalendarError || error instanceof SyntaxError
        ? error.message
        : ((error as NodeJS.ErrnoException).code ?? 'unreadable');
    throw new StatutoryCliError(`--calendar ${file}: ${reason}`, { field: '--calendar', cause: error });
  }
}

interface StatutoryOptions {
  process: string;
  start: string;
  exception: string[];
  calendar?: string;
  at?: string;
}

/** Registers `send-hub statutory`. */
export function registerStatutoryCommand(program: Command): void {
  program
    .command('statutory')
    .description(
      'the milestones the law sets for an EHC assessment, an annual review or a complaint, and their due dates',
    )
    .requiredOption('--process <kind>', `one of ${PROCESS_KINDS.join(', ')}`)
    .requiredOption(
      '--start <iso>',
      'when the clock starts: the request received, the plan issued or last reviewed, the complaint received (date or instant)',
    )
    .option(
      '--exception <FROM:TO:REASON>',
      `an exception the law allows, dates inclusive; REASON: ${EXCEPTION_KINDS.join(', ')} (repeatable)`,
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--calendar <file>', 'calendar JSON file for working-day clocks (default: the hub calendar)')
    .option('--at <iso>', 'the instant states are judged at (default: now)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  send-hub statutory --process ehc-assessment --start 2026-03-02\n' +
        '  send-hub statutory --process ehc-assessment --start 2026-06-15 --exception 2026-07-15:2026-08-26:school-closure\n' +
        '  send-hub statutory --process complaint --start 2026-11-23T10:00:00Z\n' +
        'Each exception stops the clock on the dates it covers, so a due date only ever moves later;\n' +
        '"statutoryDue" is the date without exceptions. Sources: docs/statutory-clocks.md.',
    )
    .action((options: StatutoryOptions) => {
      const parsedProcess = ProcessKind.safeParse(options.process);
      if (!parsedProcess.success) {
        throw new StatutoryCliError(
          `--process "${options.process}" is not one of ${PROCESS_KINDS.join(', ')}`,
          {
            field: '--process',
          },
        );
      }
      const start = parseStart(options.start);
      const exceptions = options.exception.map(parseExceptionFlag);
      const at = options.at ?? new Date().toISOString();
      if (!Instant.safeParse(at).success) {
        throw new StatutoryCliError(`--at "${at}" is not an ISO-8601 instant with a zone`, { field: '--at' });
      }
      const config = options.calendar === undefined ? loadHubConfig() : null;
      const calendar = config?.calendar ?? readCalendar(options.calendar);
      const settings = config?.statutory ?? loadHubConfig().statutory;
      let schedule: ReturnType<typeof computeSchedule>;
      try {
        schedule = computeSchedule(
          { process: parsedProcess.data, start, records: [], exceptions },
          settings,
          calendar,
          at,
        );
      } catch (error) {
        if (error instanceof ValidationError) {
          throw new StatutoryCliError(`--exception: ${error.message}`, {
            field: '--exception',
            cause: error,
          });
        }
        throw error;
      }
      const output = {
        process: schedule.process,
        start: schedule.start,
        milestones: schedule.milestones.map((milestone) => ({
          name: milestone.name,
          due: milestone.due,
          label: milestone.label,
          statutoryDue: milestone.statutoryDue,
          pausedDays: milestone.pausedDays,
          state: milestone.state,
          authority: milestone.authority,
          explanation: milestone.explanation,
        })),
        exceptions: schedule.exceptions,
      };
      process.stdout.write(`${JSON.stringify(output)}\n`);
    });
}
