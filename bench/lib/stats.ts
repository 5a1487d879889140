// Small numeric helpers shared by the benchmarks.

/** Nearest-rank percentile of an ascending-sorted array (p in 0..100); NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function sortedCopy(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

export function median(xs: readonly number[]): number {
  return percentile(sortedCopy(xs), 50);
}

/** Milliseconds with a sensible number of decimals. */
export function ms(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return x < 10 ? `${x.toFixed(2)} ms` : x < 100 ? `${x.toFixed(1)} ms` : `${Math.round(x)} ms`;
}

/** Whole number with thousands separators. */
export function int(x: number): string {
  return Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a';
}

/** A share of one core as a percentage ("135 %" = 1.35 cores). */
export function cores(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? 'n/a' : `${Math.round(x * 100)} %`;
}

export const sleep = (msec: number) => new Promise<void>((r) => setTimeout(r, msec));

/** Wall-clock time in ms with sub-ms resolution; comparable across processes on one host. */
export const clock = () => performance.timeOrigin + performance.now();
