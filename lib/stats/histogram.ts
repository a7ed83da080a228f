// Score histograms (judge scores 0–100). Bins are [low, low + width), except the last, which also
// holds 100: [90, 100]. A missing score (CODE / REFUSAL, no judge number) is never binned — it is
// counted in its own "missing" bar. The SQL in lib/queries binds with the same rule
// (scoreBinSql); binIndex is its TypeScript twin, used by tests and to check the SQL.

/** Bin widths offered in the UI: each divides 100. */
export const BIN_WIDTHS = [5, 10, 20] as const;
export type BinWidth = (typeof BIN_WIDTHS)[number];
export const DEFAULT_BIN_WIDTH: BinWidth = 10;

export interface HistogramBin {
  index: number;
  /** inclusive */
  low: number;
  /** exclusive, except for the last bin, which includes 100 */
  high: number;
  /** "30–40" */
  label: string;
  count: number;
}

export interface Histogram {
  binWidth: number;
  bins: HistogramBin[];
  /** answers with no score for this metric */
  missing: number;
  /** scored answers (sum of the bins) */
  scored: number;
}

export function binCount(width: number): number {
  if (!Number.isInteger(width) || width <= 0 || 100 % width !== 0) {
    throw new Error(`bin width must be a whole number that divides 100, got ${width}`);
  }
  return 100 / width;
}

/**
 * The bin of a score: floor(score / width), with 100 put in the last bin and scores outside
 * 0..100 clamped to the first/last bin; null for a missing score.
 */
export function binIndex(score: number | null, width: number): number | null {
  if (score === null || !Number.isFinite(score)) return null;
  const last = binCount(width) - 1;
  return Math.min(Math.max(Math.floor(score / width), 0), last);
}

/** Empty bins covering 0..100. */
export function emptyBins(width: number): HistogramBin[] {
  return Array.from({ length: binCount(width) }, (_, index) => {
    const low = index * width;
    const high = low + width;
    return { index, low, high, label: `${low}–${high}`, count: 0 };
  });
}

/**
 * A dense histogram from SQL's sparse rows ({bin, count}, bin null = missing score), so empty
 * bins show as 0 bars.
 */
export function histogramFromCounts(rows: { bin: number | null; count: number }[], width: number): Histogram {
  const bins = emptyBins(width);
  let missing = 0;
  for (const row of rows) {
    if (row.bin === null) {
      missing += row.count;
      continue;
    }
    const bin = bins[row.bin];
    if (!bin) throw new Error(`bin ${row.bin} is outside 0..${bins.length - 1} for width ${width}`);
    bin.count += row.count;
  }
  return { binWidth: width, bins, missing, scored: bins.reduce((sum, bin) => sum + bin.count, 0) };
}

/** A histogram of raw scores, computed in memory (for tests and small lists). */
export function histogramOf(scores: (number | null)[], width: number): Histogram {
  const counts = new Map<number | null, number>();
  for (const score of scores) {
    const bin = binIndex(score, width);
    counts.set(bin, (counts.get(bin) ?? 0) + 1);
  }
  return histogramFromCounts(
    [...counts].map(([bin, count]) => ({ bin, count })),
    width,
  );
}
