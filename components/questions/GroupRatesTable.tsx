// Every group's Figure-4 value on one question (same rows as /api/rates), with the interval's
// method, each included model's rate and answers counted (n), and the models the minimum-answers
// rule leaves out, listed next to their group.
import Link from "next/link";
import GroupBadge from "@/components/models/GroupBadge";
import { intervalWords } from "@/components/models/intervalWords";
import { formatCount, formatPercent, formatPercentInterval } from "@/lib/format";
import { ZeroWidthNote } from "@/components/ui/ZeroWidthNote";
import { figureHref } from "@/lib/params/figure";
import type { MethodView } from "@/lib/params/method";
import type { GroupQuestionRate } from "@/lib/rates/types";

export default function GroupRatesTable({
  rates,
  set,
  question,
  view,
  minAnswers,
}: {
  rates: GroupQuestionRate[];
  set: string;
  question: string;
  /** scope and method carried into links */
  view: Partial<MethodView>;
  minAnswers: number;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[720px] text-sm tabular-nums" data-testid="group-rates-table">
        <thead>
          <tr className="border-b border-zinc-200 text-left text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
            <th className="py-1.5 pr-3 font-medium">Group</th>
            <th className="py-1.5 pr-3 text-right font-medium">Rate</th>
            <th className="py-1.5 pr-3 text-right font-medium">95% interval</th>
            <th className="py-1.5 pr-3 text-right font-medium" title={`models in the mean: at least ${minAnswers} answers counted`}>
              Models
            </th>
            <th
              className="py-1.5 pr-3 text-right font-medium"
              title="answers in the denominator of the included models / all their evaluation answers"
            >
              Counted / all answers
            </th>
            <th className="py-1.5 pr-3 font-medium">Each model (rate, n)</th>
            <th className="py-1.5 font-medium">Read</th>
          </tr>
        </thead>
        <tbody>
          {rates.map((rate) => {
            const included = rate.modelRates.filter((model) => model.included);
            const excluded = rate.modelRates.filter((model) => !model.included);
            return (
              <tr
                key={rate.group}
                className="border-b border-zinc-100 align-top dark:border-zinc-800"
                data-testid="group-rate-row"
                data-group={rate.group}
                data-interval-method={rate.intervalMethod ?? ""}
                data-excluded-models={rate.excludedModels}
              >
                <td className="py-1.5 pr-3">
                  <GroupBadge name={rate.group} label={rate.groupLabel} color={rate.color} view={view} />
                </td>
                <td className="py-1.5 pr-3 text-right font-medium" data-testid="group-rate" data-rate={rate.rate ?? ""}>
                  {formatPercent(rate.rate)}
                </td>
                <td className="py-1.5 pr-3 text-right">
                  <span data-testid="group-ci">{formatPercentInterval(rate.ciLow, rate.ciHigh)}</span>
                  <ZeroWidthNote low={rate.ciLow} high={rate.ciHigh} models={rate.models} />
                  <span className="block text-xs text-zinc-500 dark:text-zinc-400" data-testid="group-interval-method">
                    {intervalWords(rate.intervalMethod)}
                  </span>
                </td>
                <td className="py-1.5 pr-3 text-right">
                  <span data-testid="group-models">{rate.models}</span>
                  {rate.excludedModels > 0 && (
                    <span className="block text-xs text-zinc-500 dark:text-zinc-400">+{rate.excludedModels} left out</span>
                  )}
                </td>
                <td className="py-1.5 pr-3 text-right">
                  {formatCount(rate.answers)} / {formatCount(rate.totalAnswers)}
                  <span className="block text-xs text-zinc-500 dark:text-zinc-400">{formatCount(rate.misaligned)} misaligned</span>
                </td>
                <td className="py-1.5 pr-3 text-xs">
                  <ul>
                    {included.map((model) => (
                      <li
                        key={model.model}
                        className="wrap-anywhere"
                        data-testid="group-model-rate"
                        data-model={model.model}
                        data-answers={model.answers}
                      >
                        {formatPercent(model.rate)}{" "}
                        <span className="text-zinc-500 dark:text-zinc-400">
                          ({model.misaligned}/{model.answers}, n={model.answers})
                        </span>{" "}
                        {model.model}
                        {model.seed !== null && <span className="text-zinc-500 dark:text-zinc-400"> · seed {model.seed}</span>}
                      </li>
                    ))}
                  </ul>
                  {excluded.length > 0 && (
                    <div className="mt-1 text-zinc-500 dark:text-zinc-400" data-testid="group-excluded">
                      Left out (fewer than {minAnswers} answers):
                      <ul>
                        {excluded.map((model) => (
                          <li
                            key={model.model}
                            className="wrap-anywhere"
                            data-testid="group-excluded-model"
                            data-model={model.model}
                            data-answers={model.answers}
                          >
                            {model.model}
                            {model.seed !== null && ` · seed ${model.seed}`} · n={model.answers}
                            {model.rate !== null && ` (${formatPercent(model.rate)})`}
                          </li>
                        ))}
                      </ul>
                    </div>
                  )}
                </td>
                <td className="py-1.5 text-xs">
                  <Link
                    href={figureHref({ ...view, set, group: rate.group, question, hash: "answers" })}
                    className="whitespace-nowrap text-blue-700 underline dark:text-blue-300"
                  >
                    answers
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
