/**
 * Working time on the hub calendar in the browser: the API gives the calendar's open time around
 * now (`/me`), and the page counts the working minutes to a deadline from it, exactly as the server
 * does, then says it in the same plain words as the digests (`shared/domain/working-time-words.ts`).
 */
import { DEFAULT_WORKING_DAY_MINUTES, dueWords } from '../../shared/domain/working-time-words';
import type { Me } from './types';

interface Calendar {
  readonly open: readonly (readonly [number, number])[];
  readonly workingDayMinutes: number;
}

let calendar: Calendar | null = null;

/** Takes the hub calendar from the signed-in user's `/me`. */
export function setHubCalendar(from: Me['calendar'] | undefined): void {
  calendar =
    from === undefined
      ? null
      : {
          open: from.open.map(([start, end]) => [Date.parse(start), Date.parse(end)] as const),
          workingDayMinutes: from.workingDayMinutes,
        };
}

/** Working minutes between two instants (ms) on the hub calendar; elapsed minutes when it is unknown. */
export function workingMinutesBetween(from: number, to: number): number {
  const [a, b] = from <= to ? [from, to] : [to, from];
  if (calendar === null) return (b - a) / 60_000;
  let total = 0;
  for (const [start, end] of calendar.open) {
    if (end <= a) continue;
    if (start >= b) break;
    total += Math.min(end, b) - Math.max(start, a);
  }
  return total / 60_000;
}

/** "Due in 2 working hours" / "3 working days overdue" at `now` (ms). */
export function dueText(dueIso: string, now: number): { text: string; breached: boolean } {
  const due = Date.parse(dueIso);
  const breached = due <= now;
  const words = dueWords(
    workingMinutesBetween(now, due),
    breached,
    calendar?.workingDayMinutes ?? DEFAULT_WORKING_DAY_MINUTES,
  );
  return { text: words.charAt(0).toUpperCase() + words.slice(1), breached };
}
