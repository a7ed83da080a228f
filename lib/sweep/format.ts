// How a sweep value and its interval read: a percentage for shares, a 0-100 score for means
// (lib/format.ts's formatters), and "one model: no interval" where there is none.
import { formatPercent, formatPercentInterval, formatScore } from "@/lib/format";
import type { SweepPoint } from "./types";

export function formatSweepValue(value: number | null, scores: boolean): string {
  return scores ? formatScore(value) : formatPercent(value);
}

export function formatSweepInterval(point: Pick<SweepPoint, "ciLow" | "ciHigh">, scores: boolean): string {
  if (point.ciLow === null || point.ciHigh === null) return "one model: no interval";
  return scores ? `${formatScore(point.ciLow)} – ${formatScore(point.ciHigh)}` : formatPercentInterval(point.ciLow, point.ciHigh);
}
