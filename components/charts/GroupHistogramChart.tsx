"use client";
// One score's distribution on one question, per group, as grouped bars (group colours). Bars are
// the share of the group's answers (groups have different numbers of answers); the counts are
// in the tooltip and the table below. "missing" (no score: CODE / REFUSAL) is its own bar.
// The share axis follows the page's count axis (√ or log, HistogramControls): shares are scaled as
// answers per 1,000, so log ticks read 0.1%, 1%, 10%, 100%. The alignment chart can zoom to the bins
// below the misalignment threshold.
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import ChartSurface from "@/components/charts/ChartSurface";
import ChartExport from "@/components/charts/ChartExport";
import { COUNT_SCALE_LABEL, histogramCaption } from "@/lib/charts/count-scale";
import type { GroupHistogram } from "@/lib/questions/types";
import { groupHistogramData, type GroupHistogramRow } from "@/lib/charts/group-histogram";
import { formatCount, formatPercent } from "@/lib/format";
import { useHistogramView } from "./HistogramControls";

export default function GroupHistogramChart({
  id,
  title,
  metric,
  groups,
  fileName,
  zoomBelow,
  exportTitle,
  exportCaption,
}: {
  id: string;
  title: string;
  metric: string;
  groups: GroupHistogram[];
  fileName: string;
  /** with the zoom on, only the bins that start below this score (the misaligned region) */
  zoomBelow?: number;
  exportTitle?: string;
  exportCaption?: string;
}) {
  const { scale, zoomed } = useHistogramView();
  const zoom = zoomed && zoomBelow !== undefined;
  const data = groupHistogramData(groups, scale, zoom ? (zoomBelow as number) : null);
  if (!data) return null;
  const { rows, plotted, ticks, tickLabel: shareTick } = data;

  return (
    <figure className="min-w-0 space-y-2" data-testid={`group-histogram-${id}`} data-scale={scale} data-zoomed={zoom}>
      <figcaption className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-semibold">{title}</span>
        <ChartExport
          targetId={id}
          fileName={fileName}
          title={exportTitle ?? title}
          caption={histogramCaption({
            caption: exportCaption,
            n: `n = ${groups.map((group) => `${group.groupLabel} ${formatCount(group.histogram.scored + group.histogram.missing)}`).join(", ")} answers`,
            scale,
            zoomedBelow: zoom ? (zoomBelow as number) : null,
          })}
          legend={groups.map((group) => ({ label: group.groupLabel, color: group.color }))}
        />
      </figcaption>
      <div id={id} className="h-72 w-full">
        <ChartSurface what="histogram">
          <BarChart data={plotted} margin={{ top: 8, right: 8, bottom: 28, left: 0 }} barCategoryGap="12%" barGap={0}>
            <CartesianGrid vertical={false} />
            <XAxis
              dataKey="label"
              interval={0}
              tick={{ fontSize: 10 }}
              angle={-45}
              textAnchor="end"
              height={48}
              label={{
                value: `${metric} (last bin includes 100; "missing" = no score)`,
                position: "insideBottom",
                offset: -22,
                fontSize: 11,
              }}
            />
            <YAxis
              ticks={ticks}
              // every tick: the default hid the 0 beside 1 on the log axis
              interval={0}
              domain={[0, "auto"]}
              tickFormatter={shareTick}
              tick={{ fontSize: 10 }}
              width={48}
              label={{
                value: `share of group's answers${scale === "linear" ? "" : ` (${COUNT_SCALE_LABEL[scale].replace("count", "axis")})`}`,
                angle: -90,
                position: "insideLeft",
                offset: 12,
                style: { textAnchor: "middle" },
                fontSize: 11,
              }}
            />
            <Tooltip
              isAnimationActive={false}
              formatter={(value, name, item) => {
                const group = groups.find((g) => g.groupLabel === name);
                const count = group ? (item.payload as GroupHistogramRow)[`${group.group}__count`] : undefined;
                const share = group ? (item.payload as GroupHistogramRow)[`${group.group}__share`] : value;
                return [`${formatPercent(Number(share))} (${formatCount(Number(count ?? 0))} answers)`, name];
              }}
              contentStyle={{ fontSize: 12 }}
            />
            {/* legend in the groups' display order (Recharts sorts by name otherwise) */}
            <Legend
              verticalAlign="top"
              height={24}
              wrapperStyle={{ fontSize: 12 }}
              itemSorter={(item) => groups.findIndex((g) => g.groupLabel === item.value)}
              // the swatch carries the colour; the text stays in the text colour (orange on white is 2.5:1)
              formatter={(value) => <span className="text-zinc-900 dark:text-zinc-100">{value}</span>}
            />
            {groups.map((group) => (
              <Bar key={group.group} dataKey={group.group} name={group.groupLabel} fill={group.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ChartSurface>
      </div>
      <details className="text-xs">
        <summary className="cursor-pointer text-zinc-600 dark:text-zinc-300">Counts as a table</summary>
        <div className="overflow-x-auto">
          <table className="mt-1 tabular-nums" data-testid={`group-histogram-table-${id}`}>
            <thead>
              <tr className="text-left text-zinc-500 dark:text-zinc-400">
                <th className="pr-3 font-normal">score</th>
                {groups.map((group) => (
                  <th key={group.group} className="pr-3 text-right font-normal">
                    {group.groupLabel}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.label}>
                  <td className="pr-3">{row.label}</td>
                  {groups.map((group) => (
                    <td key={group.group} className="pr-3 text-right" data-group={group.group} data-label={row.label}>
                      {formatCount(Number(row[`${group.group}__count`]))}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
