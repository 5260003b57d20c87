/** Small numeric helpers shared by the bench's parts. */

/** The value at percentile `p` (0–100) of `values`, nearest-rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1]!;
}

/** The median of `values`: the mean of the two middle ones for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Bytes as kB (1,000 bytes, as size-limit and the README print them), one decimal. */
export const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** Bytes as kB, or MB from 1,000 kB on. */
export const bytes = (value: number) => (Math.abs(value) < 1e6 ? kB(value) : `${(value / 1e6).toFixed(2)} MB`);

/** A number with at most `digits` decimals and thousands separators. */
export const num = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** `ours / theirs` as a ratio with two decimals; `–` when it means nothing (theirs is zero or missing). */
export function ratio(ours: number, theirs: number): string {
  if (!Number.isFinite(ours) || !Number.isFinite(theirs) || theirs === 0) return '–';
  return (ours / theirs).toFixed(2);
}

/** One row of the results table; `ours` and `sentry` are already formatted. */
export interface Row {
  /** The table's section: sizes, browser, sdk, stub. */
  part: string;
  /** What was measured, and how. */
  what: string;
  ours: string;
  /** Sentry's figure, where there is one to compare with. */
  sentry?: string;
  /** ours / Sentry's. */
  ratio?: string;
}

