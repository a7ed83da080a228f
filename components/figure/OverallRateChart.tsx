"use client";
// The set's overall rate per group (each model's mean over the questions, then the mean over
// seeds with a 95% interval), and where the set has them per variant and per category.
import ChartExport from "@/components/charts/ChartExport";
import RateChart from "@/components/figure/RateChart";
import { overallAxis, overallSeries, type OverallSection, type PlotBaseline } from "@/lib/figure/layout";
import type { RateGroup } from "@/lib/rates/types";

export const OVERALL_CHART_ID = "overall-rate-chart";

export default function OverallRateChart({
  sections,
  groups,
  exportName,
  exportCaption,
  exportTitle,
  baseline,
}: {
  sections: OverallSection[];
  groups: RateGroup[];
  exportName: string;
  /** written under exported images: the method and scope behind the numbers */
  exportCaption?: string;
  exportTitle: string;
  /** with a non-default score source: the default source's values, for the tooltips' shift */
  baseline?: PlotBaseline;
}) {
  const axis = overallAxis(sections);
  const series = overallSeries(sections, groups, baseline);
  return (
    <div data-testid="overall-chart" className="space-y-1">
      <div className="flex items-center justify-end gap-2 text-xs text-zinc-600 dark:text-zinc-300">
        <span>Download chart</span>
        <ChartExport targetId={OVERALL_CHART_ID} fileName={exportName} title={exportTitle} caption={exportCaption} />
      </div>
      <RateChart
        chartId={OVERALL_CHART_ID}
        series={series}
        axis={axis}
        pointTestId="overall-point"
        seedTestId="overall-seed-point"
        selectable={false}
        variantShapes
        minWidth={Math.max(360, axis.ticks.length * Math.max(44, groups.length * 18 + 10) + 90)}
        height={420}
        tickAngle={axis.ticks.length > 4 ? -35 : 0}
      />
    </div>
  );
}
