/**
 * Reads the date lines of forwarded-message blocks written by mail clients ("Sent: Tuesday, April
 * 21, 2026 7:12 PM", "Date: Tue, 21 Apr 2026 at 19:12", "Date: 16 May 2026 at 23:14:07 BST").
 * A line without a zone is wall-clock time in the hub's zone: Outlook and Gmail print the reader's
 * local time, so GMT in winter and BST in summer, resolved with the IANA database, never a fixed offset.
 */
import {
  DEFAULT_TIME_ZONE,
  daysInMonth,
  MONTH_NUMBERS as MONTHS,
  wallTimeToInstant,
} from '../domain/local-time';

const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}\\.?,?\\s+(\\d{4})\\b`, 'i');
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/;
const NUMERIC_DATE = /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/;
const TIME = /\b(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?![\w])/i;
const NUMERIC_OFFSET = /(?:^|[\s(])(?:(?:GMT|UTC)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?\b/i;

/** Zone abbreviations seen in forward headers; ambiguous ones (IST, CST) are left out on purpose. */
const ZONE_ABBREVIATIONS: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  bst: 60,
  cet: 60,
  cest: 120,
  est: -300,
  edt: -240,
  pst: -480,
  pdt: -420,
};
const ZONE_WORD = /\b(z|ut|utc|gmt|bst|cet|cest|est|edt|pst|pdt)\b/i;

function findDate(text: string): { year: number; month: number; day: number; end: number } | null {
  const candidates: { year: number; month: number; day: number; index: number; end: number }[] = [];
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy?.[2] !== undefined) {
    candidates.push({
      day: Number(dmy[1]),
      month: MONTHS[dmy[2].slice(0, 3).toLowerCase()] ?? 0,
      year: Number(dmy[3]),
      index: dmy.index,
      end: dmy.index + dmy[0].length,
    });
  }
  const mdy = MONTH_DAY_YEAR.exec(text);
  if (mdy?.[1] !== undefined) {
    candidates.push({
      day: Number(mdy[2]),
      month: MONTHS[mdy[1].slice(0, 3).toLowerCase()] ?? 0,
      year: Number(mdy[3]),
      index: mdy.index,
      end: mdy.index + mdy[0].length,
    });
  }
  const iso = ISO_DATE.exec(text);
  if (iso !== null) {
    candidates.push({
      year: Number(iso[1]),
      month: Number(iso[2]),
      day: Number(iso[3]),
      index: iso.index,
      end: iso.index + iso[0].length,
    });
  }
  // Numeric dates in a UK mailbox are day/month/year.
  const numeric = NUMERIC_DATE.exec(text);
  if (numeric !== null) {
    candidates.push({
      day: Number(numeric[1]),
      month: Number(numeric[2]),
      year: Number(numeric[3]),
      index: numeric.index,
      end: numeric.index + numeric[0].length,
    });
  }
  const valid = candidates
    .filter((c) => c.month >= 1 && c.month <= 12 && c.day >= 1 && c.day <= daysInMonth(c.year, c.month))
    .sort((a, b) => a.index - b.index);
  return valid[0] ?? null;
}

function findOffsetMinutes(rest: string): number | null {
  const numeric = NUMERIC_OFFSET.exec(rest);
  if (numeric !== null) {
    const hours = Number(numeric[2]);
    const minutes = numeric[3] === undefined ? 0 : Number(numeric[3]);
    // "+0100" arrives as hours=01 minutes=00; "+100" style is not produced by mail clients.
    if (hours <= 14 && minutes < 60) return (numeric[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const word = ZONE_WORD.exec(rest);
  if (word?.[1] !== undefined) return ZONE_ABBREVIATIONS[word[1].toLowerCase()] ?? null;
  return null;
}

/**
 * Parses the value of a forward block's `Sent:`/`Date:` line. Returns null when no plausible date
 * and time are found. Without a zone in the text, the time is read as local time in `timeZone`.
 */
export function parseForwardedDate(value: string, timeZone = DEFAULT_TIME_ZONE): Date | null {
  const text = value.replace(/\s+/g, ' ').trim();
  const date = findDate(text);
  if (date === null) return null;
  const afterDate = text.slice(date.end);
  // The time normally follows the date; a few clients put it first ("19:12, 21 April 2026").
  const timeAfter = TIME.exec(afterDate);
  const time = timeAfter ?? TIME.exec(text.slice(0, date.end));
  const rest = timeAfter === null ? afterDate : afterDate.slice(timeAfter.index + timeAfter[0].length);
  let hour = 0;
  let minute = 0;
  let second = 0;
  if (time !== null) {
    hour = Number(time[1]);
    minute = Number(time[2]);
    second = time[3] === undefined ? 0 : Number(time[3]);
    const meridiem = time[4]?.toLowerCase().replace(/\./g, '');
    if (meridiem !== undefined) {
      if (hour < 1 || hour > 12) return null;
      if (meridiem === 'am' && hour === 12) hour = 0;
      if (meridiem === 'pm' && hour !== 12) hour += 12;
    }
  }
  if (hour > 23 || minute > 59 || second > 60) return null;
  const wall = {
    year: date.year,
    month: date.month,
    day: date.day,
    hour,
    minute,
    second: Math.min(second, 59),
  };
  const offset = findOffsetMinutes(rest);
  if (offset === null) return wallTimeToInstant(wall, timeZone);
  const instant = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return new Date(instant - offset * 60_000);
}
