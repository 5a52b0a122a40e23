/**
 * Working time in plain words, the way people say it: "45 working minutes", "2 working hours",
 * "3 working days"; "due in 2 working hours", "3 working days overdue". One place for the digests,
 * the morning summary and the web page (which bundles this file), so they always agree. Pure and
 * dependency-free: the caller passes the length of its calendar's working day.
 */

/** Length of a working day when the caller knows no better (09:00-17:00). */
export const DEFAULT_WORKING_DAY_MINUTES = 480;

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * A span of working time, rounded to what a person would say: minutes under an hour (to 5), hours
 * under a working day, then days (to the nearest whole day, half a day rounding up).
 */
export function workingSpanWords(minutes: number, dayMinutes = DEFAULT_WORKING_DAY_MINUTES): string {
  const span = Math.max(0, minutes);
  if (span < 59.5) return plural(Math.max(1, Math.round(span / 5) * 5 || 1), 'working minute');
  if (span < dayMinutes - 30) return plural(Math.max(1, Math.round(span / 60)), 'working hour');
  return plural(Math.max(1, Math.round(span / dayMinutes)), 'working day');
}

/**
 * Where a deadline stands, from the working minutes between now and it (either way round) and
 * whether it has passed: "due in 2 working hours", "due now", "3 working days overdue". A deadline
 * that passed while the hub was closed is "just overdue".
 */
export function dueWords(
  workingMinutes: number,
  overdue: boolean,
  dayMinutes = DEFAULT_WORKING_DAY_MINUTES,
): string {
  const span = Math.abs(workingMinutes);
  if (overdue) return span < 1 ? 'just overdue' : `${workingSpanWords(span, dayMinutes)} overdue`;
  return span < 1 ? 'due now' : `due in ${workingSpanWords(span, dayMinutes)}`;
}
