// Score histograms as chart data (pure; the components in components/charts only draw). A histogram
// of one judge score has a "missing" bar for answers without a number (CODE / REFUSAL) — never drawn
// as 0 — and can zoom to the bins below the misalignment threshold.
import type { Histogram, HistogramBin } from "@/lib/stats/histogram";
import { countTicks, scaleCount, type CountScale } from "./count-scale";

export interface ScoreHistogramBar {
  label: string;
  count: number;
  /** the bar's height on the chosen count axis */
  height: number;
  missing: boolean;
}

/**
 * The bars of one histogram on a count axis (`all`: every bin and "missing", for the table), the
 * bars drawn (with `zoomBelow`, only the bins that start below it; the missing bar is not below any
 * score) and the axis ticks (undefined on a linear axis: the chart chooses).
 */
export function scoreHistogramBars(
  histogram: Histogram,
  scale: CountScale,
  zoomBelow: number | null,
): { all: ScoreHistogramBar[]; bars: ScoreHistogramBar[]; ticks: number[] | undefined } {
  const bar = (label: string, count: number, missing: boolean): ScoreHistogramBar => ({
    label,
    count,
    height: scaleCount(count, scale),
    missing,
  });
  const all = [...histogram.bins.map((bin) => bar(bin.label, bin.count, false)), bar("missing", histogram.missing, true)];
  const bars = zoomBelow === null ? all : all.filter((datum, index) => !datum.missing && histogram.bins[index].low < zoomBelow);
  return { all, bars, ticks: countTicks(Math.max(0, ...bars.map((datum) => datum.count)), scale) };
}

/**
 * Where a threshold goes on a histogram. Bins are [low, high) and the rules are coherent >= C and
 * aligned < A, so a threshold on a bin edge splits the bins exactly: it is drawn at the start of the
 * bin it opens (`edgeBin`). A threshold strictly inside a bin (`insideBin`) cannot be drawn without
 * splitting that bin's answers and is said in words instead. 0 and 100 are the axis ends: neither.
 */
export function thresholdPlacement(
  histogram: Pick<Histogram, "bins" | "binWidth">,
  threshold: number | undefined,
): { edgeBin: HistogramBin | undefined; insideBin: HistogramBin | undefined } {
  if (threshold === undefined || threshold <= 0 || threshold >= 100) return { edgeBin: undefined, insideBin: undefined };
  const edgeBin = threshold % histogram.binWidth === 0 ? histogram.bins.find((bin) => bin.low === threshold) : undefined;
  const insideBin = edgeBin ? undefined : histogram.bins.find((bin) => bin.low < threshold && threshold < bin.high);
  return { edgeBin, insideBin };
}
