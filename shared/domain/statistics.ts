/** Small statistics for reports. Pure. */

/**
 * The p-quantile (0 <= p <= 1) by linear interpolation between closest ranks (the method of
 * Excel's PERCENTILE.INC and R's default): for sorted x of length n, position h = (n - 1)p and the
 * value x[floor h] + (h - floor h)(x[ceil h] - x[floor h]). `null` for no values.
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile p must be within [0, 1], got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] ?? 0;
  const high = sorted[upper] ?? low;
  return low + (position - lower) * (high - low);
}

/** The median (the mean of the two middle values for an even count); `null` for no values. */
export function median(values: readonly number[]): number | null {
  return quantile(values, 0.5);
}

/** `part / whole` as a percentage with one decimal; `null` when `whole` is 0. */
export function percentage(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/** Rounds to `places` decimals (for hours shown in reports); keeps `null`. */
export function rounded(value: number | null, places = 1): number | null {
  if (value === null) return null;
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}
