/** The report's backlog age bands, apart from its schemas (the report's arithmetic uses them too). */

/** Backlog age bands in working days: [0,1), [1,2), [2,5), [5,10), [10,∞). */
export const AGE_BANDS = [
  { id: '0-1', from: 0, to: 1 },
  { id: '1-2', from: 1, to: 2 },
  { id: '2-5', from: 2, to: 5 },
  { id: '5-10', from: 5, to: 10 },
  { id: '10+', from: 10, to: Number.POSITIVE_INFINITY },
] as const;
export type AgeBand = (typeof AGE_BANDS)[number]['id'];
