/**
 * Who is in: each person the hub emails (caseworkers, team managers, the head of service, the hub
 * manager, duty safeguarding contacts) can have away dates and deputies. While someone is away,
 * their escalations and duty alerts go to their first deputy who is in, and the digest says whom
 * that deputy is covering for; a caseworker's open enquiries go back to the team queue or to a
 * named colleague (the team's choice). Pure: records, configuration and instants in; answers out
 * (docs/managers.md).
 */

import type { HubConfig } from '../config/hub-config';
import { addressKey } from '../domain/email-address';
import { addDays, localDate, startOfLocalDay } from '../domain/local-time';
import * as z from '../domain/zod';

const Instant = z.iso.datetime({ offset: true });
const LocalDate = z.iso.date();

/** Most away periods and deputies one person keeps (a year of leave fits easily). */
export const MAX_AWAY_PERIODS = 20;
export const MAX_DEPUTIES = 5;

/** Whole local days (hub time zone), `from` to `to` inclusive. */
export const AwayPeriod = z.object({
  from: LocalDate,
  to: LocalDate,
  /** Caseworkers only, when their team hands work to a colleague: that colleague's caseworker id. */
  handTo: z.nullable(z.string()),
  setBy: z.string().check(z.minLength(1)),
  setAt: Instant,
});
export type AwayPeriod = z.infer<typeof AwayPeriod>;

/** One person's away dates and deputies, keyed by their (lower-case) address. */
export const Availability = z.object({
  email: z.string().check(z.minLength(3)),
  /** Set when the person is a caseworker: their open enquiries are handed over while away. */
  caseworkerId: z.nullable(z.string()),
  awayPeriods: z.array(AwayPeriod).check(z.maxLength(MAX_AWAY_PERIODS)),
  /** Addresses that cover for them, first choice first. */
  deputies: z.array(z.string().check(z.minLength(3))).check(z.maxLength(MAX_DEPUTIES)),
  updatedBy: z.string().check(z.minLength(1)),
  updatedAt: Instant,
});
export type Availability = z.infer<typeof Availability>;

/** Everyone's availability by address (lower case). */
export type AvailabilityBook = ReadonlyMap<string, Availability>;

export function availabilityBook(records: readonly Availability[]): AvailabilityBook {
  return new Map(records.map((record) => [record.email.toLowerCase(), record]));
}

/** The away period covering the local date of `at` (hub time zone), or null. */
export function awayPeriodAt(
  config: HubConfig,
  availability: Availability | undefined,
  at: string,
): AwayPeriod | null {
  if (availability === undefined) return null;
  const day = localDate(config.calendar.timeZone, at);
  return availability.awayPeriods.find((period) => period.from <= day && day <= period.to) ?? null;
}

/** The instant an away period starts: the start of its first local day. */
export function awayStartsAt(config: HubConfig, period: Pick<AwayPeriod, 'from'>): string {
  return new Date(startOfLocalDay(config.calendar.timeZone, period.from)).toISOString();
}

/** The instant an away period ends: the start of the local day after its last. */
export function awayEndsAt(config: HubConfig, period: Pick<AwayPeriod, 'to'>): string {
  return new Date(startOfLocalDay(config.calendar.timeZone, addDays(period.to, 1))).toISOString();
}

/** Who gets mail meant for `email` at `at`, and for whom they are covering (null: themselves). */
export interface CoverAnswer {
  readonly email: string;
  readonly coverFor: string | null;
  /** The last day the person covered for is away (local date), when covering. */
  readonly awayUntil: string | null;
}

/**
 * Mail for `email` at `at`: themselves when in; while away, their first deputy who is in. When
 * every deputy is away too, or they named none, it still goes to them (nothing is ever dropped).
 */
export function coverFor(config: HubConfig, book: AvailabilityBook, email: string, at: string): CoverAnswer {
  const address = addressKey(email);
  const own = book.get(address);
  const away = awayPeriodAt(config, own, at);
  if (own === undefined || away === null) return { email: address, coverFor: null, awayUntil: null };
  for (const deputy of own.deputies) {
    const candidate = addressKey(deputy);
    if (candidate === address) continue;
    if (awayPeriodAt(config, book.get(candidate), at) === null) {
      return { email: candidate, coverFor: address, awayUntil: away.to };
    }
  }
  return { email: address, coverFor: null, awayUntil: null };
}

/** Periods that have not ended by `today` (local date), in date order: past leave is not kept. */
export function currentAndFuture(periods: readonly AwayPeriod[], today: string): AwayPeriod[] {
  return periods.filter((period) => period.to >= today).sort((a, b) => a.from.localeCompare(b.from));
}

/** A deputy for someone away at `at`, or null when they are in (for the duty alerts' sender). */
export function deputyFor(
  config: HubConfig,
  book: AvailabilityBook,
  email: string,
  at: string,
): { deputy: string; awayUntil: string | null } | null {
  const answer = coverFor(config, book, email, at);
  return answer.coverFor === null ? null : { deputy: answer.email, awayUntil: answer.awayUntil };
}
