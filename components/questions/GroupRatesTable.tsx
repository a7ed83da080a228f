// Every group's Figure-4 value on one question, with each seeded model's own rate.
import Link from "next/link";
import GroupBadge from "@/components/models/GroupBadge";
import { formatCount, formatPercent } from "@/components/charts/format";
import { figureHref } from "@/lib/params/figure";
import type { GroupQuestionRate } from "@/lib/queries/rates";

export default function GroupRatesTable({
  rates,
  set,
  question,
  thresholds,
}: {
  rates: GroupQuestionRate[];
  set: string;
  question: string;
  thresholds: { aligned: number; coherent: number };
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[640px] text-sm tabular-nums" data-testid="group-rates-table">
        <thead>
          <tr className="border-b border-zinc-200 text-left text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
            <th className="py-1.5 pr-3 font-medium">Group</th>
            <th className="py-1.5 pr-3 text-right font-medium">Rate</th>
            <th className="py-1.5 pr-3 text-right font-medium">95% CI</th>
            <th className="py-1.5 pr-3 text-right font-medium">Models</th>
            <th className="py-1.5 pr-3 text-right font-medium">Counted / all answers</th>
            <th className="py-1.5 pr-3 font-medium">Each model&apos;s rate</th>
            <th className="py-1.5 font-medium">Read</th>
          </tr>
        </thead>
        <tbody>
          {rates.map((rate) => (
            <tr key={rate.group} className="border-b border-zinc-100 align-top dark:border-zinc-800" data-testid="group-rate-row" data-group={rate.group}>
              <td className="py-1.5 pr-3">
                <GroupBadge name={rate.group} label={rate.groupLabel} color={rate.color} />
              </td>
              <td className="py-1.5 pr-3 text-right font-medium" data-testid="group-rate" data-rate={rate.rate ?? ""}>
                {formatPercent(rate.rate)}
              </td>
              <td className="py-1.5 pr-3 text-right" data-testid="group-ci">
                {rate.ciLow === null || rate.ciHigh === null ? "—" : `${formatPercent(rate.ciLow)} – ${formatPercent(rate.ciHigh)}`}
              </td>
              <td className="py-1.5 pr-3 text-right" data-testid="group-models">{rate.models}</td>
              <td className="py-1.5 pr-3 text-right">
                {formatCount(rate.answers)} / {formatCount(rate.totalAnswers)}
                <span className="block text-xs text-zinc-500 dark:text-zinc-400">{formatCount(rate.misaligned)} misaligned</span>
              </td>
              <td className="py-1.5 pr-3 text-xs">
                <ul>
                  {rate.modelRates.map((model) => (
                    <li key={model.model} className="break-all">
                      {formatPercent(model.rate)} <span className="text-zinc-500 dark:text-zinc-400">({model.misaligned}/{model.answers})</span>{" "}
                      {model.model}
                      {model.seed !== null && <span className="text-zinc-500 dark:text-zinc-400"> · seed {model.seed}</span>}
                    </li>
                  ))}
                </ul>
              </td>
              <td className="py-1.5 text-xs">
                <Link
                  href={figureHref({ set, group: rate.group, question, aligned: thresholds.aligned, coherent: thresholds.coherent, hash: "answers" })}
                  className="whitespace-nowrap text-blue-700 underline dark:text-blue-300"
                >
                  answers
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
