/**
 * The enquiry attributes the reports (response times, improvement, board) read: `ReportedEnquiry`
 * in `enquiry.ts`, and all that the by-day index GSI5 holds besides its keys (`table-definition.ts`),
 * so the reports read its entries without the items behind them and a change to anything else (an
 * acknowledgement, a note) writes no index entry. Plain data with no imports: the table definition
 * is bundled by functions that never parse an enquiry.
 */
export const REPORTED_FIELDS = {
  id: true,
  team: true,
  priority: true,
  topic: true,
  channel: true,
  status: true,
  receivedAt: true,
  responseDueAt: true,
  firstRespondedAt: true,
  firstResponseWorkingMinutes: true,
  contactsBeforeFirstResponse: true,
  contactCount: true,
  resolvedAt: true,
  safeguarding: true,
  triaged: true,
  correctedLabels: true,
} as const;

export const REPORTED_FIELD_NAMES: readonly string[] = Object.keys(REPORTED_FIELDS);
