"use client";
// The sweep chart: y (P(misaligned), a mean score, or a metric's share) against a numeric model
// attribute, one line per group or base model, each point with the method's 95% interval over the
// models at that x as an error bar (a point from one model has none: the table says so). Every
// point is a link to its model's answers (several models at one x: the first; the table below links
// each), focusable with Tab and opened with Enter. The table is the accessible path to every number.
import { CartesianGrid, ErrorBar, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import ChartSurface from "@/components/charts/ChartSurface";
import { formatPercent } from "@/lib/format";
import { sweepAxes } from "@/lib/sweep/chart";
import { formatSweepInterval, formatSweepValue } from "@/lib/sweep/format";
import type { SweepLine, SweepPoint } from "@/lib/sweep/types";

export interface SweepChartPoint {
  x: number;
  y: number;
  error: [number, number] | undefined;
  point: SweepPoint;
  /** the answers of the point's first model */
  href: string;
  lineLabel: string;
}

function SweepTooltip({
  active,
  payload,
  xLabel,
  scores,
}: {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
  xLabel: string;
  scores: boolean;
}) {
  const data = payload?.[0]?.payload as SweepChartPoint | undefined;
  if (!active || !data) return null;
  const { point } = data;
  return (
    <div
      data-testid="sweep-tooltip"
      className="max-w-xs rounded border border-zinc-300 bg-white p-2 text-xs shadow-lg dark:border-zinc-600 dark:bg-zinc-800"
    >
      <div className="mb-1 font-semibold wrap-anywhere">
        {data.lineLabel}, {xLabel} {point.x}
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-2">
        <dt className="text-zinc-500 dark:text-zinc-400">value</dt>
        <dd>{formatSweepValue(point.value, scores)}</dd>
        <dt className="text-zinc-500 dark:text-zinc-400">95% CI</dt>
        <dd>{formatSweepInterval(point, scores)}</dd>
        <dt className="text-zinc-500 dark:text-zinc-400">models</dt>
        <dd className="wrap-anywhere">{point.models.map((model) => model.model).join(", ")}</dd>
      </dl>
      <div className="mt-1 text-zinc-500 dark:text-zinc-400">
        Click to open {point.models.length > 1 ? "the first model's" : "its"} answers
      </div>
    </div>
  );
}

export default function SweepChart({
  lines,
  hrefs,
  xLabel,
  yLabel,
  scores,
  logx,
}: {
  lines: SweepLine[];
  /** line key → x → the answers link of the point's first model */
  hrefs: Record<string, Record<string, string>>;
  xLabel: string;
  yLabel: string;
  /** y is a mean score 0-100 (else a share 0..1) */
  scores: boolean;
  logx: boolean;
}) {
  const axes = sweepAxes(lines, logx, scores ? 100 : 1);
  const series = lines.map((line) => ({
    line,
    data: line.points.map((point): SweepChartPoint => ({
      x: point.x,
      y: point.value,
      error: point.ciLow === null || point.ciHigh === null ? undefined : [point.value - point.ciLow, point.ciHigh - point.value],
      point,
      href: hrefs[line.key]?.[String(point.x)] ?? "",
      lineLabel: line.label,
    })),
  }));
  return (
    <div className="space-y-2">
      <ul className="flex flex-wrap justify-center gap-x-5 gap-y-1 text-sm" aria-label="Legend" data-testid="sweep-legend">
        {lines.map((line) => (
          <li key={line.key} className="flex items-center gap-1.5">
            <span className="inline-block h-3 w-3 rounded-full" style={{ backgroundColor: line.color }} aria-hidden />
            {line.label}
          </li>
        ))}
        <li className="flex items-center gap-1.5" data-testid="sweep-bars">
          {lines.some((line) => line.points.some((point) => point.ciLow !== null)) ? (
            <>
              <span className="inline-block h-3 w-0.5 bg-current" aria-hidden />
              bars: 95% interval over the models at one x
            </>
          ) : (
            "no bars: every point is one model"
          )}
        </li>
      </ul>
      {axes.logImpossible && (
        <p className="text-sm text-amber-800 dark:text-amber-200" data-testid="log-impossible">
          A log axis needs every x above 0: drawn linear.
        </p>
      )}
      <div className="h-80 w-full sm:h-96">
        <ChartSurface what="sweep chart">
          <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 4 }}>
            <CartesianGrid strokeOpacity={0.4} />
            <XAxis
              type="number"
              dataKey="x"
              scale={axes.logx ? "log" : "linear"}
              domain={axes.xDomain}
              ticks={axes.xTicks}
              allowDataOverflow
              tick={{ fontSize: 11 }}
              height={44}
              label={{ value: `${xLabel}${axes.logx ? " (log scale)" : ""}`, position: "insideBottom", offset: 0 }}
            />
            <YAxis
              type="number"
              dataKey="y"
              domain={axes.yDomain}
              tickFormatter={(value: number) => (scores ? String(value) : formatPercent(value, 0))}
              tick={{ fontSize: 11 }}
              width={52}
              label={{ value: yLabel, angle: -90, position: "insideLeft", offset: 4, style: { textAnchor: "middle", fontSize: 12 } }}
            />
            <Tooltip
              content={(props) => <SweepTooltip {...props} xLabel={xLabel} scores={scores} />}
              cursor={false}
              isAnimationActive={false}
            />
            {series.map(({ line, data }) => (
              <Scatter
                key={line.key}
                name={line.label}
                data={data}
                line={{ stroke: line.color, strokeWidth: 2 }}
                isAnimationActive={false}
                shape={(props: unknown) => {
                  const { cx, cy, payload } = props as { cx?: number; cy?: number; payload?: SweepChartPoint };
                  if (cx === undefined || cy === undefined || !payload) return <g />;
                  const { point } = payload;
                  const circle = (
                    <circle
                      cx={cx}
                      cy={cy}
                      r={6}
                      fill={line.color}
                      stroke="var(--chart-surface)"
                      strokeWidth={1.5}
                      data-testid="sweep-point"
                      data-line={line.key}
                      data-x={String(point.x)}
                      data-value={String(point.value)}
                      data-models={String(point.models.length)}
                    />
                  );
                  if (!payload.href) return circle;
                  return (
                    <a
                      href={payload.href}
                      data-testid="sweep-point-link"
                      aria-label={`${line.label}, ${xLabel} ${point.x}: ${formatSweepValue(point.value, scores)}, ${formatSweepInterval(point, scores)}. Open the answers of ${point.models[0].model}.`}
                      className="focus:outline-none [&:focus-visible>circle]:stroke-current [&:focus-visible>circle]:stroke-[4px]"
                    >
                      {circle}
                    </a>
                  );
                }}
              >
                <ErrorBar dataKey="error" direction="y" width={6} stroke={line.color} strokeWidth={1.5} isAnimationActive={false} />
              </Scatter>
            ))}
          </ScatterChart>
        </ChartSurface>
      </div>
    </div>
  );
}
