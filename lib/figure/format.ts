// Number formats of every view (chart tooltips, tables, model and question pages show the same strings).

/** 0.1234 → "12.3%"; null → "—" */
export const formatPercent = (value: number | null, digits = 1) =>
  value === null ? "—" : `${(value * 100).toFixed(digits)}%`;

/** A group's 95% interval: "12.5% – 17.1%"; "—" without one. */
export const formatInterval = (low: number | null, high: number | null) =>
  low === null || high === null ? "—" : `${formatPercent(low)} – ${formatPercent(high)}`;

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
