// One histogram per extra judge metric (medical, bad_stuff…) of the page's evaluation answers, in
// the bins of the alignment and coherence histograms, titled with the metric and its judge(s). No
// threshold line: the paper's rule is on aligned and coherent only, and no cut-off is defined for
// these metrics. Used by the model and question pages.
import ScoreHistogram from "@/components/charts/ScoreHistogram";
import { metricTitle } from "@/lib/domain/metrics";
import { formatCount } from "@/lib/format";
import type { MetricHistogram } from "@/lib/models/types";

/** An element id for a metric (metric names may hold "." or "-", fine in ids but not in every selector). */
export function metricHistogramId(metric: string): string {
  return `histogram-metric-${metric.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

export default function MetricHistograms({
  histograms,
  color,
  fileSlug,
  describe,
}: {
  histograms: MetricHistogram[];
  color: string;
  fileSlug: string;
  /** whose answers, for the export title: "gemma-2-9b-it's answers (all 8 questions of first_plot_questions)" */
  describe: string;
}) {
  if (histograms.length === 0) return null;
  return (
    <section className="space-y-3" aria-labelledby="metric-histograms-heading" data-testid="metric-histograms">
      <h2 id="metric-histograms-heading" className="text-lg font-semibold">
        Further judge metrics
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-300">
        Scores the judge gave beyond alignment and coherence, 0 to 100, in the same bins. Only answers scored for the metric (their file had
        its column) are counted; an empty cell is counted in the grey “missing” bar, never as 0. No threshold applies to them.
      </p>
      <div className="grid gap-6 md:grid-cols-2">
        {histograms.map((entry) => {
          const id = metricHistogramId(entry.metric);
          const title = metricTitle(entry);
          return (
            <div key={entry.metric} className="min-w-0 space-y-1">
              <ScoreHistogram
                id={id}
                title={title}
                metric={`${entry.metric} score`}
                histogram={entry.histogram}
                color={color}
                exportTitle={`${entry.metric} scores of ${describe}`}
                exportCaption={`judge: ${entry.judgeModels.join(", ") || "not recorded"} · evaluation answers`}
                fileName={`${fileSlug}-${entry.metric.replace(/[^\w.-]+/g, "_")}-histogram`}
                missingReason="no number in the file"
              />
              <p className="text-xs text-zinc-600 dark:text-zinc-300" data-testid={`metric-n-${entry.metric}`}>
                n = {formatCount(entry.histogram.scored + entry.histogram.missing)} answers,{" "}
                <span data-testid="metric-missing">{formatCount(entry.histogram.missing)}</span> without a score
              </p>
            </div>
          );
        })}
      </div>
    </section>
  );
}
