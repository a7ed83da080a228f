// What a zero-width Figure-4 interval means, in words (a bare "0.0% – 0.0%" reads like a bug).
import { formatPercent } from "@/lib/format";

/**
 * What a zero-width interval means, in words, or null for any other interval. Both interval methods
 * give zero width exactly when every model in the point has the same rate (the bootstrap resamples
 * identical values; Student t has a standard deviation of 0). On the real 7B insecure runs 16 of 24
 * intervals are "0.0% – 0.0%", which alone reads like a bug, or like certainty from one sample.
 */
export function zeroWidthIntervalNote(low: number | null, high: number | null, models: number): string | null {
  if (low === null || high === null || low !== high) return null;
  return models === 2 ? `both models at ${formatPercent(low)}` : `all ${models} models at ${formatPercent(low)}`;
}
