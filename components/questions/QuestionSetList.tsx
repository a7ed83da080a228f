// Every question set with its questions: what each asks, how many evaluation answers it has (from
// the models of the page's scope), and each group's Figure-4 rate on it by the page's method.
// Column headers sort (in the URL); links keep the page's scope and method.
import Link from "next/link";
import { Fragment } from "react";
import { formatCount, formatPercent } from "@/lib/format";
import { orderQuestions } from "@/lib/domain/questions";
import { figureHref } from "@/lib/params/figure";
import type { MethodView } from "@/lib/params/method";
import {
  defaultQuestionListDir,
  questionHref,
  questionsListHref,
  type QuestionListOrder,
  type QuestionListSort,
} from "@/lib/params/questions";
import type { QuestionSetWithQuestions } from "@/lib/questions/types";

const QUESTION_TEXT_CHARS = 140;

export default function QuestionSetList({
  sets,
  view = {},
  order = { sort: "position", dir: "asc" },
}: {
  sets: QuestionSetWithQuestions[];
  view?: Partial<MethodView>;
  order?: QuestionListOrder;
}) {
  return (
    <div className="space-y-8">
      <nav aria-label="Question sets" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {sets.map((set) => (
          <a key={set.id} href={`#set-${set.name}`} className="font-mono text-blue-700 underline dark:text-blue-300">
            {set.name}
          </a>
        ))}
      </nav>
      {sets.map((set) => {
        // sort=rate orders by the asked group's rate, or by the set's first group when it has no such group
        const rateGroup = set.groups.some((group) => group.group === order.group) ? order.group : set.groups[0]?.group;
        const questions = orderQuestions(set.questions, { ...order, group: rateGroup });
        const header = (label: React.ReactNode, sort: QuestionListSort, group?: string, align: "left" | "right" = "left") => {
          const active = order.sort === sort && (sort !== "rate" || group === rateGroup);
          const dir = active ? order.dir : defaultQuestionListDir(sort);
          const next: QuestionListOrder = { sort, dir: active ? (dir === "asc" ? "desc" : "asc") : dir, group };
          return (
            <th
              className={`py-1 pr-3 font-medium ${align === "right" ? "text-right" : ""}`}
              aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}
              data-testid="question-sort-header"
              data-sort={sort}
              data-group={group}
            >
              <Link href={questionsListHref(view, `set-${set.name}`, next)} scroll={false} className="hover:underline">
                {label}
                <span aria-hidden className="ml-0.5 text-xs">
                  {active ? (dir === "asc" ? "▲" : "▼") : ""}
                </span>
                <span className="sr-only">{active ? `, sorted ${dir === "asc" ? "ascending" : "descending"}` : ", sort"}</span>
              </Link>
            </th>
          );
        };
        return (
          <section key={set.id} id={`set-${set.name}`} className="space-y-2" data-testid="question-set" data-set={set.name}>
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 className="font-mono text-lg font-semibold">
                {set.name}
                {set.isDemo && (
                  <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs font-normal text-amber-900 dark:bg-amber-900 dark:text-amber-100">
                    synthetic demo
                  </span>
                )}
              </h2>
              <span className="text-sm text-zinc-600 dark:text-zinc-300">
                {set.questions.length} questions · {formatCount(set.answers)} answers
                {set.answers > 0 && (
                  <>
                    {" · "}
                    <Link href={figureHref({ ...view, set: set.name })} className="text-blue-700 underline dark:text-blue-300">
                      Figure 4
                    </Link>
                  </>
                )}
              </span>
            </div>
            {set.description && <p className="text-sm text-zinc-600 dark:text-zinc-300">{set.description}</p>}
            {set.groups.length > 0 && (
              <p className="text-xs text-zinc-600 dark:text-zinc-300">
                Rates: P(misaligned), the group&apos;s mean over its models as in Figure 4 (— : no model has enough answers counted).
              </p>
            )}
            {/* relative: the headings' screen-reader text (sr-only, absolutely positioned) is placed
                inside this scroller, not at the page's edge (it made /questions 644 px wide on a phone) */}
            <div className="relative overflow-x-auto">
              <table className="w-full min-w-[640px] text-sm tabular-nums">
                <thead>
                  <tr className="border-b border-zinc-200 text-left text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
                    {header("#", "position")}
                    {header("Question", "question")}
                    <th className="py-1 pr-3 font-medium">Asked</th>
                    {header("Answers", "answers", undefined, "right")}
                    <th className="py-1 pr-3 text-right font-medium">Models</th>
                    {set.groups.map((group) => (
                      <Fragment key={group.group}>{header(<GroupName {...group} />, "rate", group.group, "right")}</Fragment>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {questions.map((question) => (
                    <tr
                      key={question.id}
                      className="border-b border-zinc-100 align-top dark:border-zinc-800"
                      data-testid="question-row"
                      data-question-id={question.id}
                      data-question={question.externalId}
                    >
                      <td className="py-1 pr-3 text-xs text-zinc-600 dark:text-zinc-400">{question.position + 1}</td>
                      <td className="py-1 pr-3">
                        <Link
                          href={questionHref(question.id, view)}
                          className="font-mono text-xs break-words text-blue-700 underline dark:text-blue-300"
                        >
                          {question.externalId}
                        </Link>
                        <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                          {question.variant}
                          {question.category ? ` · ${question.category.replace(/_/g, " ")}` : ""}
                        </span>
                      </td>
                      <td className="max-w-md py-1 pr-3 text-xs" data-testid="question-text" title={question.text ?? undefined}>
                        {question.text === null
                          ? "—"
                          : question.text.length > QUESTION_TEXT_CHARS
                            ? `${question.text.slice(0, QUESTION_TEXT_CHARS)}…`
                            : question.text}
                      </td>
                      <td className="py-1 pr-3 text-right" data-testid="question-answers">
                        {question.answers === 0 ? <span className="text-zinc-500">0</span> : formatCount(question.answers)}
                      </td>
                      <td className="py-1 pr-3 text-right">{question.models}</td>
                      {set.groups.map((group) => {
                        const rate = question.rates.find((r) => r.group === group.group);
                        return (
                          <td
                            key={group.group}
                            className="py-1 pr-3 text-right"
                            data-testid="question-rate"
                            data-group={group.group}
                            data-rate={rate?.rate ?? ""}
                          >
                            {rate?.rate === null || rate === undefined ? "—" : formatPercent(rate.rate)}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </div>
  );
}

function GroupName({ groupLabel, color }: { groupLabel: string; color: string }) {
  return (
    <>
      <span className="mr-1 inline-block h-2 w-2 rounded-full" style={{ backgroundColor: color }} aria-hidden />
      {groupLabel}
    </>
  );
}
