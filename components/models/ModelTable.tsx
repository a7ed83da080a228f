// The models of a scope: name, group, seed, base model, answers and the sets they answered. Links
// keep the page's scope and method.
import Link from "next/link";
import type { MethodView } from "@/lib/params/method";
import type { ModelSummary } from "@/lib/models/types";
import { formatCount } from "@/lib/format";
import { attributeAxisLabel, formatAttributeValue } from "@/lib/domain/attributes";
import { modelHref } from "@/lib/params/models";
import GroupBadge from "./GroupBadge";

export default function ModelTable({ models, view = {} }: { models: ModelSummary[]; view?: Partial<MethodView> }) {
  // one column per attribute key any listed model has
  const attributeKeys = [...new Set(models.flatMap((model) => model.attributes.map((entry) => entry.key)))].sort();
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[640px] text-sm" data-testid="models-table">
        <thead>
          <tr className="border-b border-zinc-200 text-left text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
            <th className="py-1.5 pr-3 font-medium">Model</th>
            <th className="py-1.5 pr-3 font-medium">Group</th>
            <th className="py-1.5 pr-3 text-right font-medium">Seed</th>
            <th className="py-1.5 pr-3 font-medium">Base model</th>
            {attributeKeys.map((key) => (
              <th key={key} className="py-1.5 pr-3 font-medium" data-testid="attribute-column" data-key={key}>
                {attributeAxisLabel(key)}
              </th>
            ))}
            <th className="py-1.5 pr-3 text-right font-medium" title="evaluation answers (curated example answers are never counted)">
              Answers
            </th>
            <th className="py-1.5 font-medium">Question sets</th>
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <tr
              key={model.id}
              className="border-b border-zinc-100 align-top dark:border-zinc-800"
              data-testid="model-row"
              data-model-id={model.id}
            >
              <td className="max-w-[22rem] py-1.5 pr-3 wrap-anywhere">
                <Link href={modelHref(model.id, view)} className="text-blue-700 underline dark:text-blue-300" data-testid="model-link">
                  {model.name}
                </Link>
              </td>
              <td className="py-1.5 pr-3">
                <GroupBadge {...model.group} view={view} />
              </td>
              <td className="py-1.5 pr-3 text-right tabular-nums" data-testid="model-seed">
                {model.seed ?? <span className="text-zinc-500 dark:text-zinc-400">no seed</span>}
              </td>
              <td className="py-1.5 pr-3" data-testid="model-base">
                {model.baseModel ?? <span className="text-zinc-500 dark:text-zinc-400">base model unknown</span>}
              </td>
              {attributeKeys.map((key) => {
                const entry = model.attributes.find((attribute) => attribute.key === key);
                return (
                  <td key={key} className="py-1.5 pr-3" data-testid="model-attribute-cell" data-key={key}>
                    {entry ? formatAttributeValue(entry.value) : <span className="text-zinc-500 dark:text-zinc-400">—</span>}
                  </td>
                );
              })}
              <td className="py-1.5 pr-3 text-right tabular-nums">
                <span data-testid="model-answers">{formatCount(model.answers)}</span>
                {model.examples > 0 && (
                  <span className="block text-xs text-zinc-500 dark:text-zinc-400" data-testid="model-examples">
                    + {formatCount(model.examples)} curated examples — not counted
                  </span>
                )}
              </td>
              <td className="py-1.5">
                {model.sets.length === 0 ? (
                  <span className="text-zinc-500 dark:text-zinc-400">none</span>
                ) : (
                  <ul className="space-y-0.5">
                    {model.sets.map((set) => (
                      <li key={set.id}>
                        <Link href={modelHref(model.id, { ...view, set: set.name })} className="font-mono text-xs hover:underline">
                          {set.name}
                        </Link>{" "}
                        <span className="text-xs text-zinc-500 dark:text-zinc-400">
                          {set.answers > 0
                            ? `${formatCount(set.answers)} answers · ${set.questions} questions`
                            : `${formatCount(set.examples)} curated examples`}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
