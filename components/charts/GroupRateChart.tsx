"use client";
// Every group's probability of a misaligned answer on one question: the group mean over seeds
// (large dot, with the 95% interval of the view's method as an error bar, the same numbers as
// Figure 4) and each seeded model's own rate (small hollow dots beside it). Points and axis come
// from lib/charts/group-rates.ts.
import { CartesianGrid, ErrorBar, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import ChartSurface from "@/components/charts/ChartSurface";
import type { GroupQuestionRate } from "@/lib/rates/types";
import { groupRatePoints, type GroupMeanPoint, type ModelRatePoint } from "@/lib/charts/group-rates";
import { formatPercent, formatPercentInterval } from "@/lib/format";
import { intervalWords } from "@/components/models/intervalWords";

function RateTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) {
  const point = payload?.[0]?.payload as GroupMeanPoint | ModelRatePoint | undefined;
  if (!active || !point) return null;
  return (
    <div className="max-w-xs rounded border border-zinc-300 bg-white p-2 text-xs shadow dark:border-zinc-600 dark:bg-zinc-800">
      {point.kind === "mean" ? (
        <>
          <div className="font-semibold">
            {point.rate.groupLabel}: mean over {point.rate.models} model(s)
          </div>
          <div>{formatPercent(point.rate.rate)} misaligned</div>
          <div>
            95% CI{" "}
            {point.rate.ciLow === null || point.rate.ciHigh === null
              ? "none (one model)"
              : `${formatPercentInterval(point.rate.ciLow, point.rate.ciHigh)} (${intervalWords(point.rate.intervalMethod)})`}
          </div>
        </>
      ) : (
        <>
          <div className="font-semibold wrap-anywhere">{point.model}</div>
          <div>
            seed {point.seed ?? "—"} · {formatPercent(point.y)} of {point.answers} counted answers
          </div>
        </>
      )}
    </div>
  );
}

export default function GroupRateChart({ id, rates }: { id: string; rates: GroupQuestionRate[] }) {
  const { plotted, means, models: seeds, yMax, yTicks } = groupRatePoints(rates);

  return (
    <div id={id} className="h-72 w-full" data-testid="group-rate-chart">
      <ChartSurface what="chart">
        <ScatterChart margin={{ top: 12, right: 16, bottom: 24, left: 4 }}>
          <CartesianGrid vertical={false} />
          <XAxis
            type="number"
            dataKey="x"
            domain={[-0.6, Math.max(plotted.length - 0.4, 0.6)]}
            ticks={plotted.map((_, index) => index)}
            interval={0}
            tickFormatter={(value: number) => plotted[Math.round(value)]?.groupLabel ?? ""}
            tick={{ fontSize: 11 }}
            label={{ value: "group (dot: mean; circles: seeds)", position: "insideBottom", offset: -14, fontSize: 11 }}
          />
          <YAxis
            type="number"
            dataKey="y"
            domain={[0, yMax]}
            ticks={yTicks}
            tickFormatter={(value: number) => `${Math.round(value * 100)}%`}
            tick={{ fontSize: 11 }}
            width={56}
            label={{
              value: "P(misaligned answer)",
              angle: -90,
              position: "insideLeft",
              offset: 6,
              style: { textAnchor: "middle" },
              fontSize: 11,
            }}
          />
          <Tooltip content={RateTooltip} cursor={false} isAnimationActive={false} />
          <Scatter
            data={seeds}
            isAnimationActive={false}
            shape={(props: unknown) => {
              const { cx, cy, payload } = props as { cx?: number; cy?: number; payload?: ModelRatePoint };
              if (cx === undefined || cy === undefined || !payload) return <g />;
              return <circle data-testid="seed-point" cx={cx} cy={cy} r={3.5} fill="none" stroke={payload.color} strokeWidth={1.5} />;
            }}
          />
          <Scatter
            data={means}
            isAnimationActive={false}
            fill="currentColor"
            shape={(props: unknown) => {
              const { cx, cy, payload } = props as { cx?: number; cy?: number; payload?: GroupMeanPoint };
              if (cx === undefined || cy === undefined || !payload) return <g />;
              return (
                <circle
                  data-testid="group-rate-point"
                  data-group={payload.rate.group}
                  cx={cx}
                  cy={cy}
                  r={6}
                  fill={payload.rate.color}
                  stroke="var(--chart-surface)"
                  strokeWidth={1}
                />
              );
            }}
          >
            <ErrorBar dataKey="error" direction="y" width={6} stroke="currentColor" strokeWidth={1.5} isAnimationActive={false} />
          </Scatter>
        </ScatterChart>
      </ChartSurface>
    </div>
  );
}
