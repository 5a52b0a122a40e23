/**
 * Section 7: working-time arithmetic on the business calendar. Service-level deadlines, warnings,
 * reports and the CLI all add or count working minutes; a long span (ten million working minutes,
 * about 80 years of office hours) must still answer at once, because the calendar skips plain
 * weeks arithmetically and reads a zone's clock changes once per week of calendar time. Each row
 * is timed in a zone this process has not used before (a zone's offsets are memoised), after a
 * warm-up in another zone; the unit tests hold exactness and the number of zone reads, this
 * section holds the time.
 */
import { performance } from 'node:perf_hooks';
import {
  addWorkingMinutes,
  type BusinessCalendar,
  parseCalendar,
  workingMinutesBetween,
} from '../../shared/domain/business-calendar';
import { bySize, type SectionOptions, type SectionReport } from '../lib/report';
import { fmt, median, ms } from '../lib/stats';

const NINE_TO_FIVE = [['09:00', '17:00']] as const;
const WEEKDAYS = {
  mon: NINE_TO_FIVE,
  tue: NINE_TO_FIVE,
  wed: NINE_TO_FIVE,
  thu: NINE_TO_FIVE,
  fri: NINE_TO_FIVE,
};
const MINUTES = 10_000_000;
const START = new Date('2026-01-05T09:00:00Z');
/** Zones never used before in this process, one per timed run (first-ever reads included). */
const FRESH_ZONES = [
  'Europe/Dublin',
  'Europe/Lisbon',
  'Atlantic/Madeira',
  'Europe/Oslo',
  'Europe/Vienna',
  'Europe/Prague',
  'Europe/Warsaw',
  'Europe/Athens',
  'America/Chicago',
  'America/Denver',
  'Australia/Adelaide',
  'Pacific/Auckland',
];

function calendar(timeZone: string, bankHolidays: boolean): BusinessCalendar {
  return parseCalendar({
    timeZone,
    hours: WEEKDAYS,
    ...(bankHolidays ? { bankHolidays: 'england-and-wales' } : {}),
  });
}

function timed(work: () => unknown): number {
  const began = performance.now();
  work();
  return performance.now() - began;
}

export async function run(options: SectionOptions): Promise<SectionReport> {
  const started = Date.now();
  const runs = bySize(options.size, { quick: 3, default: FRESH_ZONES.length });
  const log = (line: string) => process.stdout.write(`  [calendar] ${line}\n`);
  addWorkingMinutes(calendar('America/New_York', false), START, 1_000_000);

  const zones = FRESH_ZONES.slice(0, runs);
  log(`adding ${fmt(MINUTES)} working minutes in ${zones.length} fresh zones`);
  const addFresh = zones.map((zone) => timed(() => addWorkingMinutes(calendar(zone, false), START, MINUTES)));
  const london = calendar('Europe/London', true);
  const end = addWorkingMinutes(london, START, MINUTES);
  const addWarm = Array.from({ length: runs }, () => timed(() => addWorkingMinutes(london, START, MINUTES)));
  const between = Array.from({ length: runs }, () => timed(() => workingMinutesBetween(london, START, end)));
  const back = Array.from({ length: runs }, () => timed(() => addWorkingMinutes(london, end, -MINUTES)));
  const row = (what: string, values: readonly number[]) => [
    what,
    values.length,
    ms(Math.min(...values)),
    ms(median(values)),
    ms(Math.max(...values)),
  ];
  return {
    id: 'calendar',
    title: 'Working-time arithmetic',
    method: [
      `Ten million working minutes (weekdays 09:00-17:00, about 80 years) from ${START.toISOString()}: added in zones this process had never used (the first reads of each zone's clock changes included), then added, counted and subtracted again on the hub's own calendar (Europe/London with England and Wales bank holidays, its offsets already read). One thread, after a warm-up in another zone.`,
    ],
    tables: [
      {
        headers: ['Work', 'Runs', 'Best', 'Median', 'Worst'],
        rows: [
          row('add 10M minutes, fresh zone', addFresh),
          row('add 10M minutes, London with bank holidays', addWarm),
          row('count the minutes between the same instants', between),
          row('subtract 10M minutes', back),
        ],
      },
    ],
    findings: [
      `An 80-year span takes ${ms(median(addFresh))} in a fresh zone and ${ms(median(addWarm))} once its offsets are known: a deadline a few days away is a tiny fraction of that, so the calendar never shows in a request's time.`,
    ],
    figures: {
      calendarAddTenMillionFreshMs: median(addFresh),
      calendarAddTenMillionWarmMs: median(addWarm),
    },
    elapsedMs: Date.now() - started,
  };
}
