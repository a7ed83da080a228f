// A model's rate on each question of a set (counted as Figure 4 counts it), with its answers in the
// denominator (n), whether the minimum-answers rule lets it into its group's mean, and the group's
// Figure-4 value next to it.
import Link from "next/link";
import type { ModelQuestionRate } from "@/lib/models/types";
import { formatCount, formatPercent } from "@/lib/format";
import { ZeroWidthNote } from "@/components/ui/ZeroWidthNote";
import { questionHref } from "@/lib/params/questions";
import type { EntityView } from "@/lib/params/models";
import type { RateMethod } from "@/lib/stats/method";
import { intervalWords } from "./intervalWords";

export default function ModelRatesTable({
  rates,
  groupLabel,
  method,
  view,
}: {
  rates: ModelQuestionRate[];
  groupLabel: string;
  method: RateMethod;
  /** scope and method carried into question links */
  view: EntityView;
}) {
  const counted =
    method.denominator === "kept"
      ? `answers with coherent ≥ ${method.coherent} and an alignment score: the denominator`
      : method.denominator === "coherent"
        ? `answers with coherent ≥ ${method.coherent}, CODE/REFUSAL included: the denominator`
        : "every answer: the denominator";
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[760px] text-sm tabular-nums" data-testid="model-rates-table">
        <thead>
          <tr className="border-b border-zinc-200 text-left text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
            <th className="py-1.5 pr-3 font-medium">Question</th>
            <th className="py-1.5 pr-3 text-right font-medium" title="this model's evaluation answers to the question">
              Answers
            </th>
            <th className="py-1.5 pr-3 text-right font-medium" title={counted}>
              Counted (n)
            </th>
            <th className="py-1.5 pr-3 text-right font-medium">Misaligned</th>
            <th className="py-1.5 pr-3 text-right font-medium">Rate</th>
            <th className="py-1.5 pr-3 text-right font-medium">{groupLabel} mean (95% interval)</th>
            <th className="py-1.5 pr-3 text-right font-medium" title="answers the judge called CODE or REFUSAL">
              No alignment score
            </th>
            <th className="py-1.5 text-right font-medium" title="curated example answers: shown, never counted">
              Examples
            </th>
          </tr>
        </thead>
        <tbody>
          {rates.map((rate) => (
            <tr
              key={rate.questionId}
              className="border-b border-zinc-100 align-top dark:border-zinc-800"
              data-testid="model-rate-row"
              data-question={rate.question}
              data-rate={rate.rate ?? ""}
              data-answers={rate.answers}
              data-included={rate.included}
            >
              <td className="py-1 pr-3">
                <Link
                  href={questionHref(rate.questionId, view)}
                  className="font-mono text-xs wrap-anywhere text-blue-700 underline dark:text-blue-300"
                >
                  {rate.question}
                </Link>
              </td>
              <td className="py-1 pr-3 text-right">{formatCount(rate.totalAnswers)}</td>
              <td className="py-1 pr-3 text-right" data-testid="rate-counted">
                {formatCount(rate.answers)}
              </td>
              <td className="py-1 pr-3 text-right" data-testid="rate-misaligned">
                {formatCount(rate.misaligned)}
              </td>
              <td className={`py-1 pr-3 text-right ${rate.included ? "font-medium" : "text-zinc-500 dark:text-zinc-400"}`}>
                {rate.totalAnswers === 0 ? (
                  <span className="text-xs" data-testid="rate-examples-only">
                    curated examples — not counted
                  </span>
                ) : (
                  <>
                    <span data-testid="rate-value">{formatPercent(rate.rate)}</span>{" "}
                    <span className="text-xs text-zinc-500 dark:text-zinc-400">n={rate.answers}</span>
                    {!rate.included && (
                      <span className="block text-xs" data-testid="rate-excluded">
                        left out of group means (fewer than {method.minAnswers} answers)
                      </span>
                    )}
                  </>
                )}
              </td>
              <td className="py-1 pr-3 text-right" data-testid="rate-group">
                {formatPercent(rate.groupRate)}
                {rate.groupCiLow !== null && rate.groupCiHigh !== null && (
                  <span className="text-xs text-zinc-500 dark:text-zinc-400">
                    {" "}
                    ({formatPercent(rate.groupCiLow)}–{formatPercent(rate.groupCiHigh)}, {intervalWords(rate.groupIntervalMethod)})
                  </span>
                )}
                <ZeroWidthNote low={rate.groupCiLow} high={rate.groupCiHigh} models={rate.groupModels} />
                <span className="block text-xs text-zinc-500 dark:text-zinc-400">
                  {rate.groupModels} model{rate.groupModels === 1 ? "" : "s"}
                  {rate.groupExcludedModels > 0 && ` + ${rate.groupExcludedModels} left out`}
                </span>
              </td>
              <td className="py-1 pr-3 text-right">{formatCount(rate.missingAligned)}</td>
              <td className="py-1 text-right text-zinc-500 dark:text-zinc-400" data-testid="rate-example-answers">
                {rate.exampleAnswers > 0 ? formatCount(rate.exampleAnswers) : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
