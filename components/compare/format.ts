// Number formats of the Compare view (shared by the server-rendered table and the client chart).
import type { BootstrapMethod } from "@/lib/stats/bootstrap";
import type { IntervalMethod } from "@/lib/stats/method";

/** A rate as a percentage: 0.1234 → "12.3%". */
export function formatRate(value: number | null, digits = 1): string {
  return value === null ? "—" : `${(value * 100).toFixed(digits)}%`;
}

/** A difference of rates in percentage points with its sign: 0.1234 → "+12.3 pp". */
export function formatPoints(value: number | null, digits = 1, unit = true): string {
  if (value === null) return "—";
  const rounded = (value * 100).toFixed(digits);
  // "−0.0" and "+0.0" both read as zero
  const text = Number(rounded) === 0 ? (0).toFixed(digits) : Number(rounded) > 0 ? `+${rounded}` : `−${rounded.slice(1)}`;
  return unit ? `${text} pp` : text;
}

export function formatInterval(low: number | null, high: number | null): string {
  if (low === null || high === null) return "—";
  return `${formatPoints(low, 1, false)} to ${formatPoints(high, 1, false)} pp`;
}

/** p-values: three decimals, "< 0.001" below that. */
export function formatP(value: number | null): string {
  if (value === null) return "—";
  if (value < 0.001) return "< 0.001";
  return value.toFixed(3);
}

export function groupCount(n: number, noun = "model"): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** "95% bootstrap interval of the difference (exact)" / "… (Monte Carlo)" / "95% Welch t interval": what the plotted bars are. */
export function plottedIntervalName(rows: readonly { bootstrapMethod: BootstrapMethod | null }[], interval: IntervalMethod): string {
  if (interval === "t") return "95% Welch t interval";
  const methods = new Set(rows.flatMap((row) => (row.bootstrapMethod === null ? [] : [row.bootstrapMethod])));
  const how =
    methods.size === 0
      ? ""
      : methods.size > 1
        ? " (exact; ≈ Monte Carlo where the table marks it)"
        : methods.has("exact")
          ? " (exact)"
          : " (Monte Carlo)";
  return `95% bootstrap interval of the difference${how}`;
}
