/** Working time in plain words on the hub calendar (the configuration's working day length). */
import type { HubConfig } from '../config/hub-config';
import { averageWorkingDayMinutes, workingMinutesBetween } from '../domain/business-calendar';
import { dueWords, workingSpanWords } from '../domain/working-time-words';

/** "45 working minutes", "2 working hours", "3 working days" on the hub calendar. */
export function workingTimeWords(config: HubConfig, minutes: number): string {
  return workingSpanWords(minutes, averageWorkingDayMinutes(config.calendar));
}

/** "due in 2 working hours" / "3 working days overdue" for a deadline seen at `now`. */
export function dueAtWords(config: HubConfig, due: string, now: string): string {
  const overdue = Date.parse(due) <= Date.parse(now);
  const [from, to] = overdue ? [due, now] : [now, due];
  const minutes = workingMinutesBetween(config.calendar, new Date(from), new Date(to));
  return dueWords(minutes, overdue, averageWorkingDayMinutes(config.calendar));
}
