// One score's distribution per group as chart rows (pure; GroupHistogramChart only draws). Groups
// have different numbers of answers, so bars are each group's SHARE of its answers; the counts ride
// along for the tooltip and the table. Shares are plotted as answers per PER_THOUSAND on the page's
// count axis, so a log axis has ticks at 0.1%, 1%, 10%, 100%.
import type { GroupHistogram } from "@/lib/questions/types";
import { formatShare } from "@/lib/format";
import { countTicks, scaleCount, unscaleCount, type CountScale } from "./count-scale";

/** Shares are scaled as answers per this many, so a log axis has ticks at 0.1%, 1%, 10%, 100%. */
const PER_THOUSAND = 1000;

/** One bin: its label, and per group `<group>` (plotted height), `<group>__share` and `<group>__count`. */
export type GroupHistogramRow = { label: string } & Record<string, number | string>;

export interface GroupHistogramData {
  /** every bin and "missing" (the table shows them all) */
  rows: GroupHistogramRow[];
  /** the bins drawn: all, or with the zoom on those that start below `zoomBelow` */
  plotted: GroupHistogramRow[];
  /** undefined on a linear axis: the chart chooses */
  ticks: number[] | undefined;
  /** an axis value → its share, as "0.4%" or "25%" */
  tickLabel: (value: number) => string;
}

export function groupHistogramData(
  groups: readonly GroupHistogram[],
  scale: CountScale,
  zoomBelow: number | null,
): GroupHistogramData | null {
  const first = groups[0]?.histogram;
  if (!first) return null;
  const labels = [...first.bins.map((bin) => bin.label), "missing"];
  const shownLabels = new Set(zoomBelow === null ? labels : first.bins.filter((bin) => bin.low < zoomBelow).map((bin) => bin.label));
  const rows = labels.map((label, index) => {
    const row: GroupHistogramRow = { label };
    for (const { group, histogram } of groups) {
      const count = index < histogram.bins.length ? histogram.bins[index].count : histogram.missing;
      const total = histogram.scored + histogram.missing;
      row[group] = scaleCount(total > 0 ? (count / total) * PER_THOUSAND : 0, scale);
      row[`${group}__share`] = total > 0 ? count / total : 0;
      row[`${group}__count`] = count;
    }
    return row;
  });
  const plotted = rows.filter((row) => shownLabels.has(row.label));
  const maxShare = Math.max(0, ...plotted.flatMap((row) => groups.map((group) => Number(row[`${group.group}__share`]))));
  return {
    rows,
    plotted,
    ticks: countTicks(maxShare * PER_THOUSAND, scale),
    // rounded first: 10 per thousand comes back from the log axis as 9.99…, which read "1.0%"
    tickLabel: (value) => formatShare(Math.round(unscaleCount(value, scale) * 1000) / 1000 / PER_THOUSAND),
  };
}
