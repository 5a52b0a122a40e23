/**
 * GOV.UK's published bank holiday list (https://www.gov.uk/bank-holidays.json: per region a
 * division name and events with a title, date, notes and bunting), as `npm run refresh:bank-holidays`
 * reads it, and the shipped form it writes from it. Apart from `bank-holidays.ts` so that functions,
 * which only read the shipped dates, do not carry this schema.
 */
import { BANK_HOLIDAY_REGIONS, BankHolidayRegion, type ShippedBankHolidays } from './bank-holidays';
import { dayOfDateKey } from './local-time';
import * as z from './zod';

/** A real calendar date, `YYYY-MM-DD`. */
const DateKey = z
  .string()
  .check(z.refine((value) => dayOfDateKey(value) !== null, 'must be a real date "YYYY-MM-DD"'));

const Division = z.object({
  division: BankHolidayRegion,
  events: z
    .array(
      z.object({
        title: z.string().check(z.minLength(1)),
        date: DateKey,
        notes: z._default(z.string(), ''),
        bunting: z._default(z.boolean(), false),
      }),
    )
    .check(z.minLength(1)),
});

/**
 * GOV.UK's published form, validated: every region present, under its own name, each with at least
 * one real date. Extra fields are ignored.
 */
export const PublishedBankHolidays = z
  .object({
    'england-and-wales': Division,
    scotland: Division,
    'northern-ireland': Division,
  })
  .check(
    z.superRefine((list, ctx) => {
      for (const region of BANK_HOLIDAY_REGIONS) {
        if (list[region].division !== region) {
          ctx.addIssue({ code: 'custom', path: [region, 'division'], message: `must be "${region}"` });
        }
      }
    }),
  );
export type PublishedBankHolidays = z.infer<typeof PublishedBankHolidays>;

/**
 * The shipped form of a published list: each region's distinct dates, sorted, one line a year
 * (`"2026 01-01 04-03 ..."`: a refresh's diff shows the years that changed).
 */
export function shippedForm(published: PublishedBankHolidays, source: string): ShippedBankHolidays {
  const datesOf = (region: BankHolidayRegion) => {
    const byYear = new Map<string, string[]>();
    for (const date of [...new Set(published[region].events.map((event) => event.date))].sort()) {
      const year = date.slice(0, 4);
      byYear.set(year, [...(byYear.get(year) ?? []), date.slice(5)]);
    }
    return [...byYear].map(([year, days]) => `${year} ${days.join(' ')}`);
  };
  return {
    source,
    'england-and-wales': datesOf('england-and-wales'),
    scotland: datesOf('scotland'),
    'northern-ireland': datesOf('northern-ireland'),
  };
}
