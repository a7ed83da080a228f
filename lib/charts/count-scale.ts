// Count axes for score histograms. Under a linear axis the misaligned tail (aligned < 30, the
// thing under study) is a row of zero-height bars beside a bar of 1,200: a √ or log axis keeps
// small counts visible. The chart plots the transformed value; ticks and labels show the count.

import { formatCount } from "@/lib/format";

export const COUNT_SCALES = ["linear", "sqrt", "log"] as const;
export type CountScale = (typeof COUNT_SCALES)[number];

export const COUNT_SCALE_LABEL: Record<CountScale, string> = { linear: "linear", sqrt: "√ count", log: "log count" };

/** The plotted height of a count (log: log10(1 + count), so 0 stays 0 and 1 is visible). */
export function scaleCount(count: number, scale: CountScale): number {
  if (scale === "sqrt") return Math.sqrt(count);
  if (scale === "log") return Math.log10(1 + count);
  return count;
}

/** The count a plotted height stands for (tick labels). */
export function unscaleCount(value: number, scale: CountScale): number {
  if (scale === "sqrt") return value * value;
  if (scale === "log") return 10 ** value - 1;
  return value;
}

/**
 * Tick counts for an axis up to `max` answers, as plotted heights: log 0, 1, 10, 100, … up to max;
 * √ about five round counts past max, with 1, 5, 10, 25 below the first step (where √ spreads
 * small counts out). Undefined for linear lets the chart choose.
 */
export function countTicks(max: number, scale: CountScale): number[] | undefined {
  if (scale === "linear") return undefined;
  if (scale === "log") {
    const ticks = [0];
    for (let power = 1; power <= Math.max(1, max); power *= 10) ticks.push(power);
    return ticks.map((count) => scaleCount(count, scale));
  }
  const step = niceStep(max / 4);
  const ticks: number[] = [];
  for (let count = 0; count <= max + step; count += step) ticks.push(count);
  // smaller counts too, where √ spreads them out
  const low = [1, 5, 10, 25].filter((count) => count < step);
  return [...new Set([0, ...low, ...ticks])].sort((a, b) => a - b).map((count) => scaleCount(count, scale));
}

function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/** A tick label: the count, rounded (10^2 − 1 is 99.999…). */
export function formatCountTick(value: number, scale: CountScale): string {
  return formatCount(Math.round(unscaleCount(value, scale)));
}

/** The exported caption of a score histogram: the page's words, n, and how the view departs from the default. */
export function histogramCaption(parts: { caption?: string; n: string; scale: CountScale; zoomedBelow: number | null }): string {
  return [
    parts.caption,
    parts.n,
    parts.scale === "linear" ? null : `${COUNT_SCALE_LABEL[parts.scale]} axis`,
    parts.zoomedBelow === null ? null : `zoomed to scores below ${parts.zoomedBelow}`,
  ]
    .filter(Boolean)
    .join(" · ");
}
