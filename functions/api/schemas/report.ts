/** Request schema of the improvement board's report (`api-reports`). */
import * as z from '../../../shared/domain/zod';

const ReportDate = z.iso.date({ error: 'must be a date like 2026-11-23' });

export const ReportQuery = z.object({
  from: ReportDate,
  to: ReportDate,
  baselineFrom: z.optional(ReportDate),
  baselineTo: z.optional(ReportDate),
  asOf: z.optional(z.iso.datetime({ offset: true, error: 'must be an ISO-8601 instant with a zone' })),
});
