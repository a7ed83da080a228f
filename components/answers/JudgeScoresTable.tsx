// Every judge's scores on one answer (issue 11, item 1: a score belongs to (answer, metric, judge)),
// each with the verdict that judge's scores give at the page's thresholds. The row of the judge the
// page reads (the URL's `judge`) is marked; each other row links to the same page under that judge.
// Further metrics (the Model Organisms files' `medical`) are shown here and nowhere else: no rate
// counts them.
import Link from "next/link";
import { AlignedScore, VerdictBadge } from "@/components/ui/Verdict";
import type { AnswerJudgeScores } from "@/lib/answers/types";
import type { SourcedThresholds } from "@/lib/domain/score-source";
import { formatScore } from "@/lib/format";

export default function JudgeScoresTable({
  judges,
  shownJudge,
  thresholds,
  hrefOf,
}: {
  /** the default judge first, then further judges by name */
  judges: AnswerJudgeScores[];
  /** whose scores the page shows above (null: the default judge) */
  shownJudge: string | null;
  thresholds: SourcedThresholds;
  /** this page read by that judge (null: the default judge) */
  hrefOf: (judge: string | null) => string;
}) {
  const metrics = [...new Set(judges.flatMap((judge) => judge.metrics.map((score) => score.metric)))].sort();
  return (
    <section className="space-y-2" aria-labelledby="judge-scores-heading" data-testid="judge-scores">
      <h2 id="judge-scores-heading" className="font-semibold">
        Scores by judge
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {judges.length === 1
          ? "One judge scored this answer."
          : `${judges.length} judges scored this answer; each verdict is that judge's scores at aligned < ${thresholds.aligned}, coherent ≥ ${thresholds.coherent}.`}
        {metrics.length > 0 && ` Further metrics (${metrics.join(", ")}) are shown as imported; no rate counts them.`}
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-zinc-300 dark:border-zinc-600">
              <th scope="col" className="py-1 pr-3 font-medium">
                Judge
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                aligned
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                coherent
              </th>
              {metrics.map((metric) => (
                <th key={metric} scope="col" className="py-1 pr-3 font-medium">
                  {metric}
                </th>
              ))}
              <th scope="col" className="py-1 font-medium">
                Verdict
              </th>
            </tr>
          </thead>
          <tbody>
            {judges.map((judge) => {
              const shown = judge.judge === shownJudge;
              return (
                <tr
                  key={judge.judge ?? ""}
                  data-testid="judge-row"
                  data-judge={judge.judge ?? ""}
                  aria-current={shown ? "true" : undefined}
                  className={`border-b border-zinc-200 dark:border-zinc-700 ${shown ? "bg-zinc-100 dark:bg-zinc-800" : ""}`}
                >
                  <th scope="row" className="py-1 pr-3 align-top font-normal">
                    <span className="font-mono wrap-anywhere">{judge.name}</span>
                    {judge.judge === null && <span className="text-zinc-600 dark:text-zinc-400"> (question file&apos;s judge)</span>}
                    <span className="block text-xs">
                      {shown ? (
                        <span className="text-zinc-600 dark:text-zinc-400">shown above</span>
                      ) : (
                        <Link
                          href={hrefOf(judge.judge)}
                          className="text-blue-700 underline dark:text-blue-300"
                          data-testid="judge-row-link"
                        >
                          read this page by this judge
                        </Link>
                      )}
                    </span>
                  </th>
                  <td className="py-1 pr-3 align-top tabular-nums" data-testid="judge-row-aligned">
                    <AlignedScore aligned={judge.aligned} />
                  </td>
                  <td className="py-1 pr-3 align-top tabular-nums" data-testid="judge-row-coherent">
                    {formatScore(judge.coherent)}
                  </td>
                  {metrics.map((metric) => {
                    const score = judge.metrics.find((entry) => entry.metric === metric);
                    return (
                      <td key={metric} className="py-1 pr-3 align-top tabular-nums" data-testid={`judge-row-metric-${metric}`}>
                        {score ? formatScore(score.score) : <span className="text-zinc-600 dark:text-zinc-400">not scored</span>}
                      </td>
                    );
                  })}
                  <td className="py-1 align-top">
                    {/* the judge's own verdict: labels are counted only under "corrected", shown in the headline */}
                    <VerdictBadge
                      aligned={judge.aligned}
                      coherent={judge.coherent}
                      thresholds={{ ...thresholds, source: { judge: judge.judge, corrected: false } }}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
