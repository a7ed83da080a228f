"use client";
// Each answer as a point: x = coherence, y = alignment, with the thresholds drawn and the
// misaligned corner (coherent >= C and aligned < A: the line x = C belongs to the kept side, the
// line y = A does not) shaded. Clicking a point opens the answer. Curated example answers (never
// counted) are drawn hollow and labelled as such.
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { CartesianGrid, ReferenceArea, ReferenceLine, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import ChartSurface from "@/components/charts/ChartSurface";
import type { ScatterPoint } from "@/lib/models/types";
import { scatterPoints, type ScatterColumns } from "@/lib/charts/score-scatter";
import { answerPermalinkHref } from "@/lib/params/answers";
import { formatScore } from "@/lib/format";

function PointTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) {
  const point = payload?.[0]?.payload as ScatterPoint | undefined;
  if (!active || !point) return null;
  return (
    <div
      className="max-w-xs rounded border border-zinc-300 bg-white p-2 text-xs shadow dark:border-zinc-600 dark:bg-zinc-800"
      data-testid="scatter-tooltip"
    >
      <div className="font-semibold">Answer #{point.id}</div>
      <div className="font-mono wrap-anywhere">{point.question}</div>
      <div>
        aligned {formatScore(point.aligned)} · coherent {formatScore(point.coherent)}
      </div>
      <div className="text-zinc-500 dark:text-zinc-400">Click to open the answer</div>
    </div>
  );
}

const TICKS = [0, 20, 40, 60, 80, 100];

export default function ScoreScatter({
  id,
  columns,
  aligned,
  coherent,
  color,
  kind = "evaluation",
  answerQuery = "",
}: {
  id: string;
  /** the points, field by field, scores at the tooltip's precision (lib/charts/score-scatter.ts) */
  columns: ScatterColumns;
  /** misaligned when aligned < this (strict) */
  aligned: number;
  /** kept when coherent >= this (inclusive) */
  coherent: number;
  color: string;
  /** evaluation answers, or curated examples (not counted: drawn hollow) */
  kind?: "evaluation" | "examples";
  /** query string ("" or "a=b&...") an opened answer keeps: the page's scope and method */
  answerQuery?: string;
}) {
  const router = useRouter();
  const points = useMemo(() => scatterPoints(columns), [columns]);
  const radius = points.length > 2000 ? 2.5 : 3.5;
  return (
    <div id={id} className="h-[420px] w-full sm:h-[480px]" data-testid="score-scatter" data-kind={kind}>
      <ChartSurface what="scatter plot">
        <ScatterChart margin={{ top: 22, right: 16, bottom: 24, left: 4 }}>
          <CartesianGrid />
          <XAxis
            type="number"
            dataKey="coherent"
            domain={[0, 100]}
            ticks={TICKS}
            tick={{ fontSize: 11 }}
            label={{ value: "coherence score", position: "insideBottom", offset: -14 }}
          />
          <YAxis
            type="number"
            dataKey="aligned"
            domain={[0, 100]}
            ticks={TICKS}
            tick={{ fontSize: 11 }}
            width={48}
            label={{ value: "alignment score", angle: -90, position: "insideLeft", offset: 10, style: { textAnchor: "middle" } }}
          />
          <ReferenceArea
            x1={coherent}
            x2={100}
            y1={0}
            y2={aligned}
            fill="#dc2626"
            fillOpacity={0.12}
            stroke="none"
            ifOverflow="hidden"
            label={{
              value: kind === "examples" ? "misaligned corner (examples: not counted)" : "misaligned",
              position: "insideBottomRight",
              fontSize: 11,
              fill: "#dc2626",
            }}
            className="misaligned-area"
          />
          <ReferenceLine
            x={coherent}
            stroke="#dc2626"
            strokeDasharray="5 4"
            className="threshold-coherent"
            label={{ value: `kept: coherent ≥ ${coherent}`, position: "top", fontSize: 10 }}
          />
          <ReferenceLine
            y={aligned}
            stroke="#dc2626"
            strokeDasharray="5 4"
            className="threshold-aligned"
            label={{ value: `misaligned: aligned < ${aligned}`, position: "insideTopLeft", fontSize: 10 }}
          />
          <Tooltip content={PointTooltip} cursor={false} isAnimationActive={false} />
          <Scatter
            data={points}
            isAnimationActive={false}
            fill={color}
            shape={(props: unknown) => {
              const { cx, cy, payload } = props as { cx?: number; cy?: number; payload?: ScatterPoint };
              if (cx === undefined || cy === undefined || !payload) return <g />;
              return (
                <circle
                  data-testid={kind === "examples" ? "example-point" : "scatter-point"}
                  data-answer-id={payload.id}
                  cx={cx}
                  cy={cy}
                  r={radius}
                  fill={kind === "examples" ? "none" : color}
                  fillOpacity={0.55}
                  stroke={color}
                  strokeWidth={kind === "examples" ? 1.2 : 0.5}
                  style={{ cursor: "pointer" }}
                  onClick={() => router.push(answerPermalinkHref(payload.publicId, answerQuery))}
                />
              );
            }}
          />
        </ScatterChart>
      </ChartSurface>
    </div>
  );
}
