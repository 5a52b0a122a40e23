import { describe, expect, it } from 'vitest';
import shipped from '../../config/bank-holidays.json' with { type: 'json' };
import {
  BANK_HOLIDAY_REGIONS,
  bankHolidayLists,
  bankHolidaysInYear,
  dateKeys,
  projectedBankHolidays,
  ShippedBankHolidays,
  shippedDates,
} from '../../shared/domain/bank-holidays';
import { bankHolidayDates } from '../../shared/domain/business-calendar';
import { PublishedBankHolidays, shippedForm } from '../../shared/domain/published-bank-holidays';
import { publishedFrom } from '../support/bank-holiday-fixtures';

const dates = ShippedBankHolidays.parse(shipped);
const lists = bankHolidayLists(dates);
const published = PublishedBankHolidays.parse(publishedFrom(dates));
// Years GOV.UK's list has a day the regular rules do not give (VE day 2020; the jubilee, the
// moved spring holiday and the state funeral 2022; the coronation 2023).
const ONE_OFF_YEARS = new Set([2020, 2022, 2023]);

function publishedDates(region: (typeof BANK_HOLIDAY_REGIONS)[number], year: number): string[] {
  return shippedDates(dates, region)
    .filter((date) => date.startsWith(`${year}-`))
    .sort();
}

describe('the shipped GOV.UK bank holiday list', () => {
  it('covers every region up to at least the end of 2027', () => {
    for (const region of BANK_HOLIDAY_REGIONS) expect(lists[region].lastYear).toBeGreaterThanOrEqual(2027);
  });

  it('keeps the one-off days: the state funeral and the coronation close the hub', () => {
    expect(bankHolidayDates('england-and-wales', 2022)).toContain('2022-09-19');
    expect(bankHolidayDates('england-and-wales', 2022)).toContain('2022-06-03');
    expect(bankHolidayDates('england-and-wales', 2022)).not.toContain('2022-05-30');
    expect(bankHolidayDates('scotland', 2023)).toContain('2023-05-08');
  });

  it('is what the calendar closes on in the years it covers', () => {
    for (const region of BANK_HOLIDAY_REGIONS) {
      for (let year = lists[region].firstYear; year <= lists[region].lastYear; year += 1) {
        expect(bankHolidayDates(region, year)).toEqual(publishedDates(region, year));
      }
    }
  });
});

describe('bank holidays beyond the published list', () => {
  it('projects the regular rules, which give exactly the published days in every year without a one-off', () => {
    for (const region of BANK_HOLIDAY_REGIONS) {
      for (let year = lists[region].firstYear; year <= lists[region].lastYear; year += 1) {
        if (ONE_OFF_YEARS.has(year)) continue;
        expect(dateKeys(projectedBankHolidays(region, year)), `${region} ${year}`).toEqual(
          publishedDates(region, year),
        );
      }
    }
  });

  it('uses the rules for a year after the list ends (England and Wales, 2032: Christmas on a Saturday)', () => {
    expect(bankHolidayDates('england-and-wales', 2032)).toEqual([
      '2032-01-01',
      '2032-03-26',
      '2032-03-29',
      '2032-05-03',
      '2032-05-31',
      '2032-08-30',
      '2032-12-27',
      '2032-12-28',
    ]);
  });

  it("moves Scotland's New Year days past a weekend without letting them share a day (2033: 1 January a Saturday)", () => {
    expect(dateKeys(projectedBankHolidays('scotland', 2033)).slice(0, 2)).toEqual([
      '2033-01-03',
      '2033-01-04',
    ]);
  });

  it("moves Northern Ireland's Battle of the Boyne off a Sunday (2043)", () => {
    expect(dateKeys(projectedBankHolidays('northern-ireland', 2043))).toContain('2043-07-13');
  });

  it('prefers the published list over the rules for a year the list covers', () => {
    const list = { days: new Set([20_000]), firstYear: 2024, lastYear: 2024 };
    expect(bankHolidaysInYear(list, 'england-and-wales', 2024)).toEqual([20_000]);
    expect(bankHolidaysInYear(list, 'england-and-wales', 2025)).toHaveLength(8);
  });
});

describe('reading a published list', () => {
  it("ships only each region's distinct dates, sorted, one line a year, and where they came from", () => {
    const shuffled = structuredClone(published);
    const [first, second] = shuffled.scotland.events;
    if (first === undefined || second === undefined) throw new Error('fixture has two Scottish days');
    shuffled.scotland.events = [
      second,
      first,
      { ...first, title: 'Listed twice' },
      ...shuffled.scotland.events.slice(2),
    ];
    const form = shippedForm(shuffled, 'https://www.gov.uk/bank-holidays.json');
    expect(form.scotland).toEqual(dates.scotland);
    expect(form['england-and-wales']).toContain('2026 01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28');
    expect(form.source).toBe('https://www.gov.uk/bank-holidays.json');
    expect(ShippedBankHolidays.safeParse(form).success).toBe(true);
  });

  it('refuses a shipped file with a region missing or an impossible date, naming it', () => {
    const { scotland: _, ...withoutScotland } = dates;
    expect(ShippedBankHolidays.safeParse(withoutScotland).error?.issues[0]?.path).toEqual(['scotland']);
    const broken = { ...dates, 'northern-ireland': ['2026 01-01 02-30'] };
    expect(ShippedBankHolidays.safeParse(broken).error?.issues[0]?.path).toEqual(['northern-ireland', 0]);
    const noDays = { ...dates, scotland: ['2026'] };
    expect(ShippedBankHolidays.safeParse(noDays).error?.issues[0]?.path).toEqual(['scotland', 0]);
  });

  it('refuses a list with a region missing, naming it', () => {
    const { scotland: _, ...withoutScotland } = published;
    const result = PublishedBankHolidays.safeParse(withoutScotland);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['scotland']);
  });

  it('refuses a date that does not exist', () => {
    const broken = structuredClone(published);
    broken['england-and-wales'].events[0] = { title: 'x', date: '2026-02-30', notes: '', bunting: true };
    expect(PublishedBankHolidays.safeParse(broken).success).toBe(false);
  });
});
