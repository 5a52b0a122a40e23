/** Plain-English dates, durations and labels, in the hub's time zone (UK time). */
import {
  DEFAULT_TIME_ZONE,
  dayMonth,
  dayMonthYear,
  listDateTime,
  localDate,
} from '../../shared/domain/local-time';

const ZONE = DEFAULT_TIME_ZONE;

/** `Tue, 24 Nov 2026, 10:00`. */
export function formatDateTime(iso: string): string {
  return listDateTime(ZONE, iso);
}

/** `23 Nov` for a `YYYY-MM-DD` date. */
export function formatShortDate(date: string): string {
  return dayMonth(date);
}

/** `2 April 2015` for a `YYYY-MM-DD` date (a date of birth). */
export function formatDate(date: string): string {
  return dayMonthYear(date);
}

/** `7 December 2026`: the UK date of an instant. */
export function formatDay(iso: string): string {
  return dayMonthYear(localDate(ZONE, iso));
}

/** `CT9 2AB` for a postcode stored without its space (`CT92AB`); anything else as it is. */
export function formatPostcode(postcode: string): string {
  return /^[A-Z0-9]{5,7}$/.test(postcode) ? `${postcode.slice(0, -3)} ${postcode.slice(-3)}` : postcode;
}

/**
 * A phone number as people in the UK write it: `+447700900123` → `07700 900123`; other UK numbers
 * get their leading 0 back; anything else as it is.
 */
export function formatPhone(phone: string): string {
  const mobile = /^\+447(\d{9})$/.exec(phone);
  if (mobile !== null) return `07${mobile[1]?.slice(0, 3)} ${mobile[1]?.slice(3)}`;
  const uk = /^\+44(\d{9,10})$/.exec(phone);
  return uk === null ? phone : `0${uk[1]}`;
}

/** A span of time: `3 days`, `5 hours`, `12 minutes`. */
export function formatAge(fromIso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 60_000));
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return hours === 1 ? '1 hour' : `${hours} hours`;
  const days = Math.floor(hours / 24);
  return days === 1 ? '1 day' : `${days} days`;
}

/** Working minutes as `2 hours 30 minutes` (of working time). */
export function formatWorkingMinutes(minutes: number | null): string {
  if (minutes === null) return 'none yet';
  const rounded = Math.round(minutes);
  const hours = Math.floor(rounded / 60);
  const rest = rounded % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

const LABELS: Record<string, string> = {
  urgent: 'Urgent',
  high: 'High',
  normal: 'Normal',
  open: 'Awaiting response',
  'waiting-on-enquirer': 'Waiting on enquirer',
  answered: 'Answered',
  resolved: 'Resolved',
  'annual-review': 'Annual review',
  'young-person': 'Young person',
  'elected-member': 'Elected member',
  'folkestone-hythe': 'Folkestone and Hythe',
  'tonbridge-malling': 'Tonbridge and Malling',
  'tunbridge-wells': 'Tunbridge Wells',
  'out-of-area': 'Out of area',
  'hub-triage': 'Hub triage',
  'team-manager': 'Team manager',
  'head-of-service': 'Head of service',
  'hub-manager': 'Hub manager',
  'duty-contact': 'Duty safeguarding contact',
  handTo: 'Colleague',
};

/** `annual-review` → `Annual review`. */
export function label(value: string): string {
  const known = LABELS[value];
  if (known !== undefined) return known;
  const words = value.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
