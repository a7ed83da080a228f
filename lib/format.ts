// The number formats of every view, in one place: rates as percentages, differences as percentage
// points, p-values, counts, judge scores, probabilities and byte sizes. A chart tooltip, a table
// cell and a caption that show the same number show the same string. Missing values are "—".

const MISSING = "—";

/** A rate as a percentage: 0.1234 → "12.3%"; null → "—". */
export const formatPercent = (value: number | null, digits = 1): string => (value === null ? MISSING : `${(value * 100).toFixed(digits)}%`);

/** A rate's 95% interval: "12.5% – 17.1%"; "—" without one. */
export const formatPercentInterval = (low: number | null, high: number | null): string =>
  low === null || high === null ? MISSING : `${formatPercent(low)} – ${formatPercent(high)}`;

/**
 * A share on a histogram axis: whole percents, except that a share under 1% keeps one decimal, so a
 * tick or bar of 0.4% does not read as "0%".
 */
export const formatShare = (share: number): string => (share > 0 && share < 0.01 ? formatPercent(share, 1) : formatPercent(share, 0));

/** A difference of rates in percentage points with its sign: 0.1234 → "+12.3 pp"; −0.0 reads "0.0". */
export function formatPoints(value: number | null, digits = 1, unit = true): string {
  if (value === null) return MISSING;
  const rounded = (value * 100).toFixed(digits);
  const text = Number(rounded) === 0 ? (0).toFixed(digits) : Number(rounded) > 0 ? `+${rounded}` : `−${rounded.slice(1)}`;
  return unit ? `${text} pp` : text;
}

/** A difference's 95% interval in percentage points: "+1.2 to +8.0 pp"; "—" without one. */
export const formatPointsInterval = (low: number | null, high: number | null): string =>
  low === null || high === null ? MISSING : `${formatPoints(low, 1, false)} to ${formatPoints(high, 1, false)} pp`;

/** p-values: three decimals, "< 0.001" below that. */
export function formatP(value: number | null): string {
  if (value === null) return MISSING;
  return value < 0.001 ? "< 0.001" : value.toFixed(3);
}

/** A count with thousands separators: 12345 → "12,345" (en-US, the same on server and client). */
export const formatCount = (value: number): string => value.toLocaleString("en-US");

/** A count with its noun: "1 model", "12,345 answers". */
export const formatCountOf = (value: number, noun: string, plural = `${noun}s`): string =>
  `${formatCount(value)} ${value === 1 ? noun : plural}`;

/**
 * A judge's 0–100 score: one decimal (judges give integers, or floats from a logprob average);
 * "missing" where the judge gave none (a missing score is a fact about the answer, not a blank cell).
 */
export const formatScore = (score: number | null, digits = 1): string => (score === null ? "missing" : score.toFixed(digits));

/** A token probability: four decimals, or "1.2e-5" under 0.0001 where four decimals would read 0. */
export const formatProbability = (probability: number): string =>
  probability < 0.0001 ? probability.toExponential(1) : probability.toFixed(4);

/** "2 GB", "1.5 MB", "12 kB", "300 bytes": sizes for messages and file lists. */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = unit === 0 ? String(value) : value >= 10 || Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1);
  return `${text} ${units[unit]}`;
}

/** Seconds of a step: "2.35 s". */
export const formatSeconds = (seconds: number, digits = 2): string => `${seconds.toFixed(digits)} s`;
