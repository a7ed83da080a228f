"use client";
// Figure 4 of Betley et al., live: x = question (set order, grouped by category, or the 8 base
// questions with their variants side by side), y = P(misaligned answer), one colour per group:
// the group's mean over seeded models with a 95% CI, and each seed's own rate as a small dot.
import ChartExport from "@/components/charts/ChartExport";
import RateChart from "@/components/figure/RateChart";
import { questionAxis, questionSeries, type PlotBaseline } from "@/lib/figure/layout";
import type { FigureLayout } from "@/lib/params/figure";
import type { FigureQuestion, GroupQuestionRate, RateGroup } from "@/lib/rates/types";

export const QUESTION_CHART_ID = "question-rate-chart";

export default function MisalignmentRateChart({
  rates,
  questions,
  groups,
  layout,
  selected,
  exportName,
  exportCaption,
  exportTitle,
  baseline,
}: {
  rates: GroupQuestionRate[];
  questions: FigureQuestion[];
  /** chosen groups, in legend order */
  groups: RateGroup[];
  layout: FigureLayout;
  selected: { group: string; question: string; model: string | null } | null;
  exportName: string;
  /** written under exported images: the method and scope behind the numbers */
  exportCaption?: string;
  /** the exported image's title */
  exportTitle: string;
  /** with a non-default score source: the default source's values, for the tooltips' shift */
  baseline?: PlotBaseline;
}) {
  const axis = questionAxis(questions, layout);
  const series = questionSeries(rates, axis, groups, baseline);
  // Room per x slot: each group needs its mean plus its seeds' dots.
  const perSlot = Math.max(28, groups.length * 9 + 6);
  const slots = layout === "variants" ? axis.order.length : axis.ticks.length;
  return (
    <div data-testid="misalignment-chart" data-layout={axis.topTicks.length > 0 ? "variants" : "questions"} className="space-y-1">
      <div className="flex items-center justify-end gap-2 text-xs text-zinc-600 dark:text-zinc-300">
        <span>Download chart</span>
        <ChartExport targetId={QUESTION_CHART_ID} fileName={exportName} title={exportTitle} caption={exportCaption} />
      </div>
      <RateChart
        chartId={QUESTION_CHART_ID}
        series={series}
        axis={axis}
        pointTestId="rate-point"
        seedTestId="seed-point"
        selectable
        selected={selected}
        variantShapes={axis.topTicks.length > 0}
        minWidth={Math.max(480, slots * perSlot + 90)}
        height={layout === "variants" ? 560 : 540}
        tickAngle={axis.topTicks.length > 0 ? -30 : -50}
      />
    </div>
  );
}
