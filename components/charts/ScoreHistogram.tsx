"use client";
// Histogram of one judge score (0–100) with a separate "missing" bar for answers the judge gave
// no number (CODE / REFUSAL): a missing score is never drawn as 0. The counts are also in a
// table under the chart (keyboard and screen-reader users, and tests, read them there).
// A threshold on a bin edge is drawn at the start of the bin it opens: bins are [low, high) and the
// rule is coherent >= C (that bin is entirely kept) and aligned < A (that bin is entirely not
// misaligned), so the line falls exactly between the two sides. A threshold inside a bin is said
// in words instead (that bin holds answers of both sides).
// The count axis can be √ or log and the alignment chart can zoom to the bins below the
// misalignment threshold (HistogramControls, in the URL); each bar carries its count.
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import ChartSurface from "@/components/charts/ChartSurface";
import ChartExport from "@/components/charts/ChartExport";
import { COUNT_SCALE_LABEL, histogramCaption, formatCountTick } from "@/lib/charts/count-scale";
import { scoreHistogramBars, thresholdPlacement, type ScoreHistogramBar } from "@/lib/charts/score-histogram";
import type { Histogram } from "@/lib/stats/histogram";
import { formatCount } from "@/lib/format";
import { useHistogramView } from "./HistogramControls";

/** What the "missing" bar holds for aligned/coherent: the judge answered CODE or REFUSAL. */
const JUDGE_NO_NUMBER = "CODE / REFUSAL";

function HistogramTooltip({
  active,
  payload,
  missingReason,
}: {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
  missingReason: string;
}) {
  const datum = payload?.[0]?.payload as ScoreHistogramBar | undefined;
  if (!active || !datum) return null;
  return (
    <div className="rounded border border-zinc-300 bg-white p-2 text-xs shadow dark:border-zinc-600 dark:bg-zinc-800">
      <div className="font-semibold">{datum.missing ? `missing score (${missingReason})` : `score ${datum.label}`}</div>
      <div>{formatCount(datum.count)} answers</div>
    </div>
  );
}

// Bars of answers the judge left unscored (zinc-400: grey on both themes).
const MISSING_COLOR = "#a1a1aa";

export default function ScoreHistogram({
  id,
  title,
  metric,
  histogram,
  color,
  threshold,
  fileName,
  leftOut,
  zoomBelow,
  exportTitle,
  exportCaption,
  missingReason = JUDGE_NO_NUMBER,
}: {
  /** element id, also the export target */
  id: string;
  title: string;
  /** axis label, e.g. "alignment score" */
  metric: string;
  histogram: Histogram;
  color: string;
  /** a threshold drawn at the start of the bin it opens (only when it falls on a bin edge) */
  threshold?: { value: number; label: string };
  /** curated example answers, kept out of this histogram, to say so under it */
  leftOut?: string;
  fileName: string;
  /** with the zoom on, only the bins that start below this score (the misaligned region) */
  zoomBelow?: number;
  /** the exported image's title and caption (n is added) */
  exportTitle?: string;
  exportCaption?: string;
  /** why an answer has no score, in the missing bar's tooltip and row (default: the judge said CODE / REFUSAL) */
  missingReason?: string;
}) {
  const { scale, zoomed } = useHistogramView();
  const zoom = zoomed && zoomBelow !== undefined;
  const { all, bars: data, ticks } = scoreHistogramBars(histogram, scale, zoom ? (zoomBelow as number) : null);
  const { edgeBin: thresholdBin, insideBin } = thresholdPlacement(histogram, threshold?.value);

  return (
    <figure className="min-w-0 space-y-2" data-testid={`histogram-${id}`} data-scale={scale} data-zoomed={zoom}>
      <figcaption className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-semibold">{title}</span>
        <ChartExport
          targetId={id}
          fileName={fileName}
          title={exportTitle ?? title}
          caption={histogramCaption({
            caption: exportCaption,
            n: `n = ${formatCount(histogram.scored + histogram.missing)} answers (${formatCount(histogram.missing)} without a score) · bins of ${histogram.binWidth}`,
            scale,
            zoomedBelow: zoom ? (zoomBelow as number) : null,
          })}
        />
      </figcaption>
      <div id={id} className="h-64 w-full">
        <ChartSurface what="histogram">
          <BarChart data={data} margin={{ top: 16, right: 8, bottom: 28, left: 0 }} barCategoryGap={1}>
            <CartesianGrid vertical={false} />
            <XAxis
              dataKey="label"
              interval={0}
              tick={{ fontSize: 10 }}
              angle={-45}
              textAnchor="end"
              height={48}
              label={{
                value: `${metric} (bins of ${histogram.binWidth}; last bin includes 100)`,
                position: "insideBottom",
                offset: -22,
                fontSize: 11,
              }}
            />
            <YAxis
              allowDecimals={scale !== "linear"}
              ticks={ticks}
              // every tick: the default hid the 0 beside 1 on the log axis
              interval={0}
              domain={[0, "auto"]}
              tickFormatter={(value: number) => formatCountTick(value, scale)}
              tick={{ fontSize: 10 }}
              width={48}
              label={{
                value: scale === "linear" ? "answers" : `answers (${COUNT_SCALE_LABEL[scale]} axis)`,
                angle: -90,
                position: "insideLeft",
                offset: 12,
                style: { textAnchor: "middle" },
                fontSize: 11,
              }}
            />
            <Tooltip content={<HistogramTooltip missingReason={missingReason} />} cursor={{ fillOpacity: 0.1 }} isAnimationActive={false} />
            {thresholdBin && threshold && (
              <ReferenceLine
                x={thresholdBin.label}
                position="start"
                className="histogram-threshold"
                stroke="currentColor"
                strokeDasharray="4 3"
                label={{ value: threshold.label, position: "top", fontSize: 10 }}
              />
            )}
            <Bar dataKey="height" isAnimationActive={false} name="answers">
              {data.map((datum) => (
                <Cell
                  key={datum.label}
                  fill={datum.missing ? MISSING_COLOR : color}
                  data-testid="histogram-bar"
                  data-label={datum.label}
                  data-count={datum.count}
                />
              ))}
              <LabelList
                dataKey="count"
                position="top"
                fontSize={9}
                className="histogram-count"
                formatter={(value: unknown) => (Number(value) > 0 ? formatCount(Number(value)) : "")}
              />
            </Bar>
          </BarChart>
        </ChartSurface>
      </div>
      {(insideBin || leftOut || zoom) && (
        <p className="text-xs text-zinc-600 dark:text-zinc-300" data-testid={`histogram-note-${id}`}>
          {insideBin &&
            threshold &&
            `${threshold.label} falls inside the bin ${insideBin.label} (not drawn: that bin holds answers on both sides). `}
          {zoom && `Zoomed to the bins below ${zoomBelow}. `}
          {leftOut}
        </p>
      )}
      <details className="text-xs">
        <summary className="cursor-pointer text-zinc-600 dark:text-zinc-300">
          Counts as a table ({formatCount(histogram.scored)} scored, {formatCount(histogram.missing)} missing)
        </summary>
        <table className="mt-1 w-full max-w-sm tabular-nums" data-testid={`histogram-table-${id}`}>
          <thead>
            <tr className="text-left text-zinc-500 dark:text-zinc-400">
              <th className="font-normal">score</th>
              <th className="text-right font-normal">answers</th>
            </tr>
          </thead>
          <tbody>
            {all.map((datum) => (
              <tr key={datum.label} data-testid="histogram-row" data-label={datum.label} data-count={datum.count}>
                <td>{datum.missing ? `missing (${missingReason})` : `[${datum.label}${datum.label.endsWith("100") ? "]" : ")"}`}</td>
                <td className="text-right">{formatCount(datum.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
