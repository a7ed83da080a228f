"use client";
// One score's distribution on one question, per group, as grouped bars (group colours). Bars are
// the share of the group's answers (groups have different numbers of answers); the counts are
// in the tooltip and the table below. "missing" (no score: CODE / REFUSAL) is its own bar.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import ChartExport from "@/components/ChartExport";
import type { GroupHistogram } from "@/lib/queries/questions";
import { formatCount, formatPercent } from "./format";

type Row = { label: string } & Record<string, number | string>;

export default function GroupHistogramChart({
  id,
  title,
  metric,
  groups,
  fileName,
}: {
  id: string;
  title: string;
  metric: string;
  groups: GroupHistogram[];
  fileName: string;
}) {
  const first = groups[0]?.histogram;
  if (!first) return null;
  const labels = [...first.bins.map((bin) => bin.label), "missing"];
  const totals = new Map(groups.map((g) => [g.group, g.histogram.scored + g.histogram.missing]));
  const rows: Row[] = labels.map((label, index) => {
    const row: Row = { label };
    for (const group of groups) {
      const count = index < group.histogram.bins.length ? group.histogram.bins[index].count : group.histogram.missing;
      const total = totals.get(group.group) ?? 0;
      row[group.group] = total > 0 ? count / total : 0;
      row[`${group.group}__count`] = count;
    }
    return row;
  });

  return (
    <figure className="min-w-0 space-y-2" data-testid={`group-histogram-${id}`}>
      <figcaption className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-semibold">{title}</span>
        <ChartExport targetId={id} fileName={fileName} />
      </figcaption>
      <div id={id} className="h-72 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 28, left: 0 }} barCategoryGap="12%" barGap={0}>
            <CartesianGrid vertical={false} />
            <XAxis
              dataKey="label"
              interval={0}
              tick={{ fontSize: 10 }}
              angle={-45}
              textAnchor="end"
              height={48}
              label={{ value: `${metric} (last bin includes 100; "missing" = no score)`, position: "insideBottom", offset: -22, fontSize: 11 }}
            />
            <YAxis
              tickFormatter={(value: number) => `${Math.round(value * 100)}%`}
              tick={{ fontSize: 10 }}
              width={48}
              label={{ value: "share of group's answers", angle: -90, position: "insideLeft", offset: 12, style: { textAnchor: "middle" }, fontSize: 11 }}
            />
            <Tooltip
              isAnimationActive={false}
              formatter={(value, name, item) => {
                const group = groups.find((g) => g.groupLabel === name);
                const count = group ? (item.payload as Row)[`${group.group}__count`] : undefined;
                return [`${formatPercent(Number(value))} (${formatCount(Number(count ?? 0))} answers)`, name];
              }}
              contentStyle={{ fontSize: 12 }}
            />
            {/* legend in the groups' display order (Recharts sorts by name otherwise) */}
            <Legend
              verticalAlign="top"
              height={24}
              wrapperStyle={{ fontSize: 12 }}
              itemSorter={(item) => groups.findIndex((g) => g.groupLabel === item.value)}
            />
            {groups.map((group) => (
              <Bar key={group.group} dataKey={group.group} name={group.groupLabel} fill={group.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
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
