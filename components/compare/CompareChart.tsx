"use client";
// Forest plot of the Compare view: one row per question (overall on top, as a diamond), the
// difference in misalignment rate a − b as a point with a 95% interval, a zero line; filled
// marks are significant (p < 0.05), hollow ones are not. Rows follow the table's sort order. The
// bars are the interval the method names (ci=bootstrap: the bootstrap interval of the difference,
// the paper's kind; ci=t: Welch's t interval), and the legend says which; the tooltip shows both.
import { useSyncExternalStore } from "react";
import { CartesianGrid, ErrorBar, ReferenceLine, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import ChartSurface from "@/components/charts/ChartSurface";
import type { ComparisonRow } from "@/lib/compare/types";
import type { IntervalMethod } from "@/lib/stats/method";
import { formatP, formatPercent, formatPoints, formatPointsInterval } from "@/lib/format";
import { plottedIntervalName } from "@/lib/stats/compare";
import { forestLayout, plottedInterval, shortenLabel, type ForestPoint } from "@/lib/charts/forest";

export interface ChartSide {
  label: string;
  color: string;
}

const NEUTRAL = "#71717a";

const WIDE_QUERY = "(min-width: 640px)";

/** Whether the viewport is wider than a phone: narrow screens get shorter question labels. */
function useWideScreen(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = window.matchMedia(WIDE_QUERY);
      query.addEventListener("change", onChange);
      return () => query.removeEventListener("change", onChange);
    },
    () => window.matchMedia(WIDE_QUERY).matches,
    () => true,
  );
}

function ForestTooltip({
  active,
  payload,
  a,
  b,
}: {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
  a: ChartSide;
  b: ChartSide;
}) {
  const point = payload?.[0]?.payload as ForestPoint | undefined;
  if (!active || !point) return null;
  const { row } = point;
  return (
    <div
      data-testid="compare-tooltip"
      className="max-w-xs rounded border border-zinc-300 bg-white p-2 text-xs shadow-lg dark:border-zinc-600 dark:bg-zinc-800"
    >
      <div className="mb-1 font-mono font-semibold wrap-anywhere">{point.label}</div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-2">
        <dt className="text-zinc-500 dark:text-zinc-400">{a.label}</dt>
        <dd>
          {formatPercent(row.rateA)} ({row.modelsA} models)
        </dd>
        <dt className="text-zinc-500 dark:text-zinc-400">{b.label}</dt>
        <dd>
          {formatPercent(row.rateB)} ({row.modelsB} models)
        </dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Difference</dt>
        <dd data-testid="tooltip-difference">{formatPoints(row.difference)}</dd>
        <dt className="text-zinc-500 dark:text-zinc-400">95% CI, bootstrap</dt>
        <dd data-testid="tooltip-bootstrap-ci">
          {row.bootstrapCiLow === null
            ? "none (one model each)"
            : `${row.bootstrapMethod === "monte-carlo" ? "≈ " : ""}${formatPointsInterval(row.bootstrapCiLow, row.bootstrapCiHigh)}`}
        </dd>
        <dt className="text-zinc-500 dark:text-zinc-400">95% CI, Welch t</dt>
        <dd>{row.ciLow === null ? "none (one model each)" : formatPointsInterval(row.ciLow, row.ciHigh)}</dd>
        <dt className="text-zinc-500 dark:text-zinc-400">p</dt>
        <dd>{formatP(row.pValue)}</dd>
      </dl>
    </div>
  );
}

export default function CompareChart({
  rows,
  a,
  b,
  overallLabel,
  interval,
  answersHrefs = {},
}: {
  /** the overall row first, then the questions in display order */
  rows: ComparisonRow[];
  a: ChartSide;
  b: ChartSide;
  overallLabel: string;
  /** which interval the bars show */
  interval: IntervalMethod;
  /** question → Figure 4 with a's point on it selected (its answers); points with one are links */
  answersHrefs?: Record<string, string>;
}) {
  const { points, domain, ticks } = forestLayout(rows, interval, overallLabel);
  const wide = useWideScreen();
  const labels = points.map((point) => (wide ? point.label : shortenLabel(point.label, 17)));

  const longestLabel = Math.max(8, ...labels.map((label) => label.length));
  const yAxisWidth = Math.min(230, wide ? 16 + longestLabel * 6.6 : 10 + longestLabel * 7.2);
  const height = Math.max(160, points.length * 28 + 90);

  const colorOf = (row: ComparisonRow) => ((row.difference as number) > 0 ? a.color : (row.difference as number) < 0 ? b.color : NEUTRAL);

  return (
    <div className="space-y-2">
      <ul className="flex flex-wrap justify-center gap-x-5 gap-y-1 text-sm" aria-label="Legend" data-testid="compare-legend">
        <li className="flex items-center gap-1.5">
          <span className="inline-block h-3 w-3 rounded-full" style={{ backgroundColor: a.color }} aria-hidden />
          {a.label} higher
        </li>
        <li className="flex items-center gap-1.5">
          <span className="inline-block h-3 w-3 rounded-full" style={{ backgroundColor: b.color }} aria-hidden />
          {b.label} higher
        </li>
        <li className="flex items-center gap-1.5">
          <span className="inline-block h-3 w-3 rounded-full bg-current" aria-hidden />
          filled: p &lt; 0.05
        </li>
        <li className="flex items-center gap-1.5">
          <span className="inline-block h-3 w-3 rounded-full border-2 border-current" aria-hidden />
          hollow: p ≥ 0.05
        </li>
        <li className="flex items-center gap-1.5">
          <span className="inline-block h-3 w-3 rotate-45 bg-current" aria-hidden />
          overall
        </li>
        <li className="flex items-center gap-1.5" data-testid="plotted-interval" data-interval={interval}>
          <span className="inline-block h-0.5 w-4 bg-current" aria-hidden />
          bars:{" "}
          {plottedIntervalName(
            points.map((point) => point.row),
            interval,
          )}
        </li>
      </ul>
      <div className="w-full overflow-x-auto">
        <div style={{ height, minWidth: Math.max(300, yAxisWidth + 180) }}>
          <ChartSurface what="forest plot">
            <ScatterChart margin={{ top: 8, right: 20, bottom: 8, left: 4 }}>
              <CartesianGrid horizontal={false} />
              <XAxis
                type="number"
                dataKey="x"
                domain={domain}
                ticks={ticks}
                tickFormatter={(value: number) => formatPoints(value, 0, false)}
                tick={{ fontSize: 11 }}
                height={48}
                label={{ value: `${a.label} − ${b.label} (${wide ? "percentage points" : "pp"})`, position: "insideBottom", offset: 0 }}
              />
              <YAxis
                type="number"
                dataKey="y"
                domain={[-0.6, Math.max(points.length - 0.4, 0.4)]}
                reversed
                ticks={points.map((_, index) => index)}
                interval={0}
                tickFormatter={(value: number) => labels[Math.round(value)] ?? ""}
                tick={{ fontSize: 11 }}
                width={yAxisWidth}
                label={
                  wide ? { value: "Question", angle: -90, position: "insideLeft", offset: 0, style: { textAnchor: "middle" } } : undefined
                }
              />
              <ReferenceLine x={0} stroke="currentColor" strokeDasharray="4 3" strokeOpacity={0.7} />
              {points.length > 1 && points[0].row.question === null && <ReferenceLine y={0.5} stroke="currentColor" strokeOpacity={0.25} />}
              <Tooltip content={(props) => <ForestTooltip {...props} a={a} b={b} />} cursor={false} isAnimationActive={false} />
              <Scatter
                data={points}
                isAnimationActive={false}
                shape={(props: unknown) => {
                  const { cx, cy, payload } = props as { cx?: number; cy?: number; payload?: ForestPoint };
                  if (cx === undefined || cy === undefined || !payload) return <g />;
                  const color = colorOf(payload.row);
                  const fill = payload.row.significant ? color : "var(--chart-surface)";
                  const common = {
                    "data-testid": "forest-point",
                    "data-question": payload.row.question ?? "",
                    "data-difference": String(payload.row.difference),
                    "data-significant": String(payload.row.significant),
                    "data-interval-low": String(plottedInterval(payload.row, interval).low),
                    "data-interval-high": String(plottedInterval(payload.row, interval).high),
                    fill,
                    stroke: color,
                    strokeWidth: 2,
                  };
                  if (payload.row.question === null) {
                    return <polygon points={`${cx},${cy - 8} ${cx + 8},${cy} ${cx},${cy + 8} ${cx - 8},${cy}`} {...common} />;
                  }
                  const href = answersHrefs[payload.row.question];
                  const circle = <circle cx={cx} cy={cy} r={5} {...common} />;
                  if (!href) return circle;
                  // an SVG link: focusable with Tab, opened with Enter or a click, named for screen readers
                  return (
                    <a
                      href={href}
                      data-testid="forest-point-link"
                      aria-label={`${payload.row.question}: ${a.label} − ${b.label} ${formatPoints(payload.row.difference)}, p ${formatP(payload.row.pValue)}. Open ${a.label}'s answers.`}
                      className="focus:outline-none [&:focus-visible>circle]:stroke-[4px]"
                    >
                      {circle}
                    </a>
                  );
                }}
              >
                <ErrorBar dataKey="error" direction="x" width={6} stroke="currentColor" strokeWidth={1.5} isAnimationActive={false} />
              </Scatter>
            </ScatterChart>
          </ChartSurface>
        </div>
      </div>
    </div>
  );
}
