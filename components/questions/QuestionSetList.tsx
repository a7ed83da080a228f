// Every question set with its questions and how many evaluation answers each has (from the models
// of the page's scope); links keep the page's scope and method.
import Link from "next/link";
import { formatCount } from "@/components/charts/format";
import { figureHref } from "@/lib/params/figure";
import type { MethodView } from "@/lib/params/method";
import { questionHref } from "@/lib/params/questions";
import type { QuestionSetWithQuestions } from "@/lib/queries/questions";

export default function QuestionSetList({ sets, view = {} }: { sets: QuestionSetWithQuestions[]; view?: Partial<MethodView> }) {
  return (
    <div className="space-y-8">
      <nav aria-label="Question sets" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {sets.map((set) => (
          <a key={set.id} href={`#set-${set.name}`} className="font-mono text-blue-700 underline dark:text-blue-300">
            {set.name}
          </a>
        ))}
      </nav>
      {sets.map((set) => (
        <section key={set.id} id={`set-${set.name}`} className="space-y-2" data-testid="question-set" data-set={set.name}>
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 className="font-mono text-lg font-semibold">
              {set.name}
              {set.isDemo && <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs font-normal text-amber-900 dark:bg-amber-900 dark:text-amber-100">synthetic demo</span>}
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
          <div className="overflow-x-auto">
            <table className="w-full min-w-[520px] text-sm tabular-nums">
              <thead>
                <tr className="border-b border-zinc-200 text-left text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
                  <th className="py-1 pr-3 font-medium">Question</th>
                  <th className="py-1 pr-3 font-medium">Variant</th>
                  <th className="py-1 pr-3 font-medium">Category</th>
                  <th className="py-1 pr-3 text-right font-medium">Answers</th>
                  <th className="py-1 text-right font-medium">Models</th>
                </tr>
              </thead>
              <tbody>
                {set.questions.map((question) => (
                  <tr key={question.id} className="border-b border-zinc-100 dark:border-zinc-800" data-testid="question-row" data-question-id={question.id}>
                    <td className="py-1 pr-3">
                      <Link href={questionHref(question.id, view)} className="break-all font-mono text-xs text-blue-700 underline dark:text-blue-300">
                        {question.externalId}
                      </Link>
                    </td>
                    <td className="py-1 pr-3">{question.variant}</td>
                    <td className="py-1 pr-3">{question.category ?? "—"}</td>
                    <td className="py-1 pr-3 text-right" data-testid="question-answers">
                      {question.answers === 0 ? <span className="text-zinc-400">0</span> : formatCount(question.answers)}
                    </td>
                    <td className="py-1 text-right">{question.models}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}
