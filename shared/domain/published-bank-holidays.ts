/**
 * GOV.UK's published bank holiday list (https://www.gov.uk/bank-holidays.json: per region a
 * division name and events with a title, date, notes and bunting), as `npm run refresh:bank-holidays`
 * reads it, and the shipped form it writes from it. Apart from `bank-holidays.ts` so that functions,
 * which only read the shipped dates, do not carry this schema.
 */
import { BANK_HOLIDAY_REGIONS, BankHolidayRegion, DateKey, type ShippedBankHolidays } from './bank-holidays';
import * as z from './zod';

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

/** The shipped form of a published list: each region's distinct dates, sorted (a stable diff on refresh). */
export function shippedForm(published: PublishedBankHolidays, source: string): ShippedBankHolidays {
  const datesOf = (region: BankHolidayRegion) =>
    [...new Set(published[region].events.map((event) => event.date))].sort();
  return {
    source,
    'england-and-wales': datesOf('england-and-wales'),
    scotland: datesOf('scotland'),
    'northern-ireland': datesOf('northern-ireland'),
  };
}
