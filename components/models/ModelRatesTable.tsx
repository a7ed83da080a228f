// A model's rate on each question of a set, next to its group's Figure-4 mean over seeds.
import Link from "next/link";
import type { ModelQuestionRate } from "@/lib/queries/models";
import { formatCount, formatPercent } from "@/components/charts/format";
import { questionHref } from "@/lib/params/questions";

export default function ModelRatesTable({
  rates,
  groupLabel,
  view,
}: {
  rates: ModelQuestionRate[];
  groupLabel: string;
  /** thresholds carried into question links */
  view: { aligned: number; coherent: number; missing: "exclude" | "count" };
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[680px] text-sm tabular-nums" data-testid="model-rates-table">
        <thead>
          <tr className="border-b border-zinc-200 text-left text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
            <th className="py-1.5 pr-3 font-medium">Question</th>
            <th className="py-1.5 pr-3 text-right font-medium" title="all of this model's answers to the question">
              Answers
            </th>
            <th className="py-1.5 pr-3 text-right font-medium" title="coherent answers with an alignment score: the denominator">
              Counted
            </th>
            <th className="py-1.5 pr-3 text-right font-medium">Misaligned</th>
            <th className="py-1.5 pr-3 text-right font-medium">Rate</th>
            <th className="py-1.5 pr-3 text-right font-medium">{groupLabel} mean (95% CI)</th>
            <th className="py-1.5 text-right font-medium" title="answers the judge called CODE or REFUSAL">
              No alignment score
            </th>
          </tr>
        </thead>
        <tbody>
          {rates.map((rate) => (
            <tr key={rate.questionId} className="border-b border-zinc-100 dark:border-zinc-800" data-testid="model-rate-row" data-question={rate.question}>
              <td className="py-1 pr-3">
                <Link href={questionHref(rate.questionId, view)} className="break-all font-mono text-xs text-blue-700 underline dark:text-blue-300">
                  {rate.question}
                </Link>
              </td>
              <td className="py-1 pr-3 text-right">{formatCount(rate.totalAnswers)}</td>
              <td className="py-1 pr-3 text-right" data-testid="rate-counted">{formatCount(rate.answers)}</td>
              <td className="py-1 pr-3 text-right" data-testid="rate-misaligned">{formatCount(rate.misaligned)}</td>
              <td className="py-1 pr-3 text-right font-medium" data-testid="rate-value">{formatPercent(rate.rate)}</td>
              <td className="py-1 pr-3 text-right" data-testid="rate-group">
                {formatPercent(rate.groupRate)}
                {rate.groupCiLow !== null && rate.groupCiHigh !== null && (
                  <span className="text-xs text-zinc-500 dark:text-zinc-400">
                    {" "}
                    ({formatPercent(rate.groupCiLow)}–{formatPercent(rate.groupCiHigh)})
                  </span>
                )}
                <span className="text-xs text-zinc-500 dark:text-zinc-400"> · {rate.groupModels} model{rate.groupModels === 1 ? "" : "s"}</span>
              </td>
              <td className="py-1 text-right">{formatCount(rate.missingAligned)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
