import {
  type BANK_HOLIDAY_REGIONS,
  type ShippedBankHolidays,
  shippedDates,
} from '../../shared/domain/bank-holidays';
import type { PublishedBankHolidays } from '../../shared/domain/published-bank-holidays';

/** GOV.UK's full published form of the shipped dates (titles made up: the shipped file keeps none). */
export function publishedFrom(shipped: ShippedBankHolidays): PublishedBankHolidays {
  const division = (region: (typeof BANK_HOLIDAY_REGIONS)[number]) => ({
    division: region,
    events: shippedDates(shipped, region).map((date) => ({
      title: 'Bank holiday',
      date,
      notes: '',
      bunting: true,
    })),
  });
  return {
    'england-and-wales': division('england-and-wales'),
    scotland: division('scotland'),
    'northern-ireland': division('northern-ireland'),
  };
}
