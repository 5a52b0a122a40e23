/** Small statistics and formatting helpers for the benchmark tables. */

/** The q-quantile (0..1) of the values, nearest-rank; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : sum(values) / values.length;
}

/** A number with thousands separators and at most `digits` decimals. */
export function fmt(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** A number to a fixed count of significant figures (small costs, ratios). */
export function sig(value: number, figures = 3): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value === 0) return '0';
  return Number(value.toPrecision(figures)).toLocaleString('en-GB', { maximumSignificantDigits: figures });
}

/** A duration: `4.2 ms`, `640 ms`, `12.3 s` (long waits read better in seconds). */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 10_000) return `${fmt(value / 1000, 1)} s`;
  return value < 10 ? `${fmt(value, 1)} ms` : `${fmt(value)} ms`;
}

export function bytes(value: number): string {
  if (value < 1024) return `${value} B`;
  if (value < 1024 * 1024) return `${fmt(value / 1024, 1)} KB`;
  return `${fmt(value / 1024 / 1024, 2)} MB`;
}

/** `1 : n` style ratio, e.g. `0.21×`. */
export function ratio(value: number): string {
  return Number.isFinite(value) ? `${sig(value, 2)}×` : 'n/a';
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
