// The Compare view's forest plot as chart data (pure; CompareChart only draws): one point per row
// with a difference (a − b), its plotted interval as an error bar, and an x axis that holds every
// point, every interval and zero on round ticks (a step of 2, 5, 10, 20, 25 or 50 points, at most
// 10 steps over the data, plus up to one step of margin on either side: at most 13 ticks).
import type { ComparisonRow } from "@/lib/compare/types";
import type { IntervalMethod } from "@/lib/stats/method";

export interface ForestPoint {
  x: number;
  y: number;
  /** [left, right] of the point, as ErrorBar wants; undefined → no interval */
  error: [number, number] | undefined;
  row: ComparisonRow;
  label: string;
}

/** The plotted interval of a row: the bootstrap interval of the difference or Welch's, as the method chooses. */
export function plottedInterval(row: ComparisonRow, interval: IntervalMethod): { low: number | null; high: number | null } {
  return interval === "bootstrap" ? { low: row.bootstrapCiLow, high: row.bootstrapCiHigh } : { low: row.ciLow, high: row.ciHigh };
}

/** Tick step for a span of differences: the smallest round step with at most 10 steps over it. */
function tickStep(span: number): number {
  return [0.02, 0.05, 0.1, 0.2, 0.25, 0.5].find((step) => span / step <= 10) ?? 0.5;
}

/** "enough_of_my_husband_template" → "enough_of_my_hu…" (the tooltip and table keep the full id). */
export function shortenLabel(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

export interface ForestLayout {
  points: ForestPoint[];
  domain: [number, number];
  ticks: number[];
}

/** Rows without a difference (a group without models there) are left out; `overallLabel` names the row without a question. */
export function forestLayout(rows: readonly ComparisonRow[], interval: IntervalMethod, overallLabel: string): ForestLayout {
  const plotted = rows.filter((row) => row.difference !== null);
  const points = plotted.map((row, index): ForestPoint => {
    const { low, high } = plottedInterval(row, interval);
    const difference = row.difference as number;
    return {
      x: difference,
      y: index,
      // ErrorBar wants non-negative distances; max(0, …) guards float noise at zero-width intervals
      error: low === null || high === null ? undefined : [Math.max(0, difference - low), Math.max(0, high - difference)],
      row,
      label: row.question ?? overallLabel,
    };
  });
  const lowest = Math.min(0, ...plotted.map((row) => plottedInterval(row, interval).low ?? (row.difference as number)));
  const highest = Math.max(0, ...plotted.map((row) => plottedInterval(row, interval).high ?? (row.difference as number)));
  const step = tickStep(Math.max(highest - lowest, 0.1));
  const xMin = Math.max(-1, Math.floor(lowest / step - 1e-9) * step);
  const xMax = Math.min(1, Math.ceil(highest / step + 1e-9) * step);
  const safeMax = xMax - xMin < step ? xMin + step : xMax;
  // counted, not accumulated: adding 0.1 twelve times drifts, and once gave a 13th tick
  const count = Math.round((safeMax - xMin) / step) + 1;
  const ticks = Array.from({ length: count }, (_, i) => Math.round((xMin + i * step) * 1000) / 1000);
  return { points, domain: [xMin, safeMax], ticks };
}
