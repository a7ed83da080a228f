// The Compare view's table: overall row first, then every question of the set in the view's sort
// order. Both 95% intervals of the difference are shown, each named in its header: the bootstrap
// interval over seeds (the paper's kind) and Welch's t interval. Column headers that sort are
// links (the sort lives in the URL like all view state).
import Link from "next/link";
import { compareHref, type CompareSort, type CompareViewState } from "@/lib/params/compare";
import { figureHref } from "@/lib/params/figure";
import { groupSides, sideBySideHref } from "@/lib/params/side-by-side";
import type { Comparison, CompareBaseline, ComparisonRow } from "@/lib/compare/types";
import { formatCount, formatP, formatPercent, formatPoints, formatPointsInterval } from "@/lib/format";
import { differenceShiftText } from "@/lib/domain/score-source";

function SortHeader({
  sort,
  current,
  view,
  children,
  className = "",
}: {
  sort: CompareSort;
  current: CompareSort;
  view: CompareViewState;
  children: React.ReactNode;
  className?: string;
}) {
  const active = sort === current;
  return (
    <th scope="col" aria-sort={active ? (sort === "effect" ? "descending" : "ascending") : undefined} className={className}>
      <Link
        href={compareHref("/compare", { ...view, sort })}
        scroll={false}
        className="underline decoration-dotted underline-offset-2 hover:decoration-solid"
      >
        {children}
        {active ? " ▾" : ""}
      </Link>
    </th>
  );
}

/** "2" or "2 (+1 left out)": models in the mean, and those the minimum-answers rule left out. */
function ModelCount({ included, excluded, minAnswers }: { included: number; excluded: number; minAnswers: number }) {
  if (excluded === 0) return <>{included}</>;
  return (
    <span title={`${excluded} more model${excluded === 1 ? "" : "s"} with fewer than ${minAnswers} counted answers left out`}>
      {included}
      <span className="ml-1 text-xs font-normal text-zinc-500 dark:text-zinc-400" data-testid="left-out">
        +{excluded} out
      </span>
    </span>
  );
}

/** The bootstrap interval; Monte-Carlo ones are marked (≈), exact ones are not. */
function BootstrapCell({ row }: { row: ComparisonRow }) {
  if (row.difference !== null && row.bootstrapCiLow === null) return <span title="both groups have one model">none</span>;
  const text = formatPointsInterval(row.bootstrapCiLow, row.bootstrapCiHigh);
  if (row.bootstrapMethod === "monte-carlo") {
    return (
      <span title={`seeded Monte Carlo, ${row.bootstrapDraws === null ? "?" : formatCount(row.bootstrapDraws)} resamples`}>≈ {text}</span>
    );
  }
  return <span title={row.bootstrapMethod === "exact" ? "exact: every resample weighed" : undefined}>{text}</span>;
}

/** Figure 4 with this group's point on the question selected: the answers behind the rate. */
type AnswersHref = (group: "a" | "b", question: string) => string;

function answersHrefOf(comparison: Comparison, view: CompareViewState): AnswersHref {
  const groups = { a: comparison.groupA.name, b: comparison.groupB.name };
  return (group, question) =>
    figureHref({
      preset: view.preset,
      method: view.method,
      base: view.base,
      set: comparison.set,
      group: groups[group],
      question,
      hash: "answers",
    });
}

/** The two groups' answers to a question, paired in the side-by-side view (same scope and method). */
type SideBySideHref = (question: string) => string;

function sideBySideHrefOf(comparison: Comparison, view: CompareViewState): SideBySideHref {
  const sides = groupSides(comparison.groupA.name, comparison.groupB.name);
  return (question) =>
    sideBySideHref({
      preset: view.preset,
      method: view.method,
      base: view.base,
      attributes: view.attributes,
      set: comparison.set,
      ...sides,
      question,
    });
}

/** A rate; on a question row, a link to the answers behind it. */
function RateCell({
  rate,
  question,
  group,
  answersHref,
}: {
  rate: number | null;
  question: string | null;
  group: "a" | "b";
  answersHref: AnswersHref;
}) {
  if (question === null || rate === null) return <>{formatPercent(rate)}</>;
  return (
    <Link
      href={answersHref(group, question)}
      className="underline decoration-zinc-400 hover:decoration-current"
      data-testid={`rate-answers-${group}`}
    >
      {formatPercent(rate)}
    </Link>
  );
}

function Row({
  row,
  overallLabel,
  minAnswers,
  answersHref,
  sideBySide,
  baseline,
}: {
  row: ComparisonRow;
  overallLabel: string;
  minAnswers: number;
  answersHref: AnswersHref;
  sideBySide: SideBySideHref;
  baseline?: CompareBaseline;
}) {
  const isOverall = row.question === null;
  return (
    <tr
      data-testid={isOverall ? "compare-overall-row" : "compare-row"}
      data-question={row.question ?? ""}
      className={`border-t border-zinc-200 dark:border-zinc-800 ${isOverall ? "bg-zinc-50 font-semibold dark:bg-zinc-900" : ""}`}
    >
      <th scope="row" className="px-2 py-1.5 text-left font-mono text-xs font-normal whitespace-nowrap sm:text-sm">
        {isOverall ? <span className="font-sans font-semibold">{overallLabel}</span> : row.question}
      </th>
      <td className="px-2 py-1.5 text-right tabular-nums" data-testid="cell-rate-a">
        <RateCell rate={row.rateA} question={row.question} group="a" answersHref={answersHref} />
      </td>
      <td className="px-2 py-1.5 text-right tabular-nums" data-testid="cell-rate-b">
        <RateCell rate={row.rateB} question={row.question} group="b" answersHref={answersHref} />
      </td>
      <td className="px-2 py-1.5 text-right tabular-nums" data-testid="cell-difference">
        {formatPoints(row.difference)}
        {baseline && (
          <span className="block text-xs font-normal text-zinc-500 dark:text-zinc-400" data-testid="difference-shift">
            ({differenceShiftText(row.difference, baseline.differences[row.question ?? ""], baseline.label)})
          </span>
        )}
      </td>
      <td
        className="px-2 py-1.5 text-right whitespace-nowrap tabular-nums"
        data-testid="cell-bootstrap-ci"
        data-method={row.bootstrapMethod ?? ""}
      >
        <BootstrapCell row={row} />
      </td>
      <td className="px-2 py-1.5 text-right whitespace-nowrap tabular-nums" data-testid="cell-ci">
        {row.difference !== null && row.ciLow === null ? (
          <span title="both groups have one model">none</span>
        ) : (
          formatPointsInterval(row.ciLow, row.ciHigh)
        )}
      </td>
      <td className="px-2 py-1.5 text-right whitespace-nowrap tabular-nums" data-testid="cell-p">
        {formatP(row.pValue)}
        {row.significant && (
          <span
            className="ml-1 rounded bg-amber-100 px-1 text-xs font-semibold text-amber-900 dark:bg-amber-900 dark:text-amber-100"
            title="p < 0.05"
          >
            *
          </span>
        )}
      </td>
      <td
        className="px-2 py-1.5 text-right whitespace-nowrap tabular-nums"
        data-testid="cell-n-a"
        data-models={row.modelsA}
        data-excluded={row.excludedModelsA}
      >
        <ModelCount included={row.modelsA} excluded={row.excludedModelsA} minAnswers={minAnswers} />
      </td>
      <td
        className="px-2 py-1.5 text-right whitespace-nowrap tabular-nums"
        data-testid="cell-n-b"
        data-models={row.modelsB}
        data-excluded={row.excludedModelsB}
      >
        <ModelCount included={row.modelsB} excluded={row.excludedModelsB} minAnswers={minAnswers} />
      </td>
      <td className="px-2 py-1.5 text-right whitespace-nowrap">
        {row.question !== null && (
          <Link
            href={sideBySide(row.question)}
            className="inline-block py-0.5 underline decoration-zinc-400 hover:decoration-current"
            data-testid="side-by-side-link"
          >
            side by side
          </Link>
        )}
      </td>
    </tr>
  );
}

export default function CompareTable({
  comparison,
  view,
  overallLabel,
  baseline,
}: {
  comparison: Comparison;
  view: CompareViewState;
  overallLabel: string;
  /** with a non-default score source: each row's difference under the question file's judge (key: question, "" overall) */
  baseline?: CompareBaseline;
}) {
  const { groupA, groupB, sort, method } = comparison;
  const answersHref = answersHrefOf(comparison, view);
  const sideBySide = sideBySideHrefOf(comparison, view);
  return (
    <>
      <CompareCards
        comparison={comparison}
        overallLabel={overallLabel}
        answersHref={answersHref}
        sideBySide={sideBySide}
        baseline={baseline}
      />
      <div className="hidden w-full overflow-x-auto rounded border border-zinc-200 sm:block dark:border-zinc-800">
        <table className="w-full min-w-[48rem] text-sm" data-testid="compare-table">
          <caption className="sr-only">
            Misalignment rate of {groupA.label} and {groupB.label} per question, their difference with a 95% bootstrap interval and a 95%
            Welch t interval over seeds, and a permutation p-value
          </caption>
          <thead className="bg-zinc-100 text-xs text-zinc-700 dark:bg-zinc-900 dark:text-zinc-300">
            <tr className="[&>th]:px-2 [&>th]:py-2 [&>th]:font-semibold">
              <SortHeader sort="question" current={sort} view={view} className="text-left">
                Question
              </SortHeader>
              <th scope="col" className="text-right">
                <span className="inline-flex items-center gap-1">
                  <span className="inline-block h-2.5 w-2.5 rounded-full" style={{ backgroundColor: groupA.color }} aria-hidden />
                  {groupA.label}
                </span>
              </th>
              <th scope="col" className="text-right">
                <span className="inline-flex items-center gap-1">
                  <span className="inline-block h-2.5 w-2.5 rounded-full" style={{ backgroundColor: groupB.color }} aria-hidden />
                  {groupB.label}
                </span>
              </th>
              <SortHeader sort="effect" current={sort} view={view} className="text-right">
                Difference
              </SortHeader>
              <th
                scope="col"
                className="text-right"
                title="95% bootstrap percentile interval of the difference over seeds (≈: Monte Carlo)"
              >
                95% CI, bootstrap
              </th>
              <th scope="col" className="text-right" title="95% Welch t interval of the difference over seeds">
                95% CI, Welch t
              </th>
              <SortHeader sort="p" current={sort} view={view} className="text-right">
                p
              </SortHeader>
              <th scope="col" className="text-right" title={`models of ${groupA.label} in the mean`}>
                n<sub>a</sub>
              </th>
              <th scope="col" className="text-right" title={`models of ${groupB.label} in the mean`}>
                n<sub>b</sub>
              </th>
              <th scope="col" className="text-right" title="Both groups' answers to the question, paired">
                Answers
              </th>
            </tr>
          </thead>
          <tbody>
            <Row
              row={comparison.overall}
              overallLabel={overallLabel}
              minAnswers={method.minAnswers}
              answersHref={answersHref}
              sideBySide={sideBySide}
              baseline={baseline}
            />
            {comparison.questions.map((row) => (
              <Row
                key={row.question}
                row={row}
                overallLabel={overallLabel}
                minAnswers={method.minAnswers}
                answersHref={answersHref}
                sideBySide={sideBySide}
                baseline={baseline}
              />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/**
 * Phone width (< 640 px): one card per row instead of a 48rem table whose difference, interval and
 * p columns sat off-screen at 390 px. Same numbers, same order, same links.
 */
function CompareCards({
  comparison,
  overallLabel,
  answersHref,
  sideBySide,
  baseline,
}: {
  comparison: Comparison;
  overallLabel: string;
  answersHref: AnswersHref;
  sideBySide: SideBySideHref;
  baseline?: CompareBaseline;
}) {
  const { groupA, groupB } = comparison;
  const rows = [comparison.overall, ...comparison.questions];
  return (
    <ul className="space-y-2 sm:hidden" data-testid="compare-cards" aria-label={`${groupA.label} against ${groupB.label}, per question`}>
      {rows.map((row) => (
        <li
          key={row.question ?? "overall"}
          className="rounded border border-zinc-200 p-2 text-sm dark:border-zinc-800"
          data-testid="compare-card"
          data-question={row.question ?? ""}
        >
          <div className="font-mono text-xs break-words">
            {row.question ?? <span className="font-sans font-semibold">{overallLabel}</span>}
          </div>
          <div className="mt-1 flex flex-wrap items-baseline gap-x-3 tabular-nums">
            <strong data-testid="card-difference">{formatPoints(row.difference)}</strong>
            {baseline && (
              <span className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="card-difference-shift">
                ({differenceShiftText(row.difference, baseline.differences[row.question ?? ""], baseline.label)})
              </span>
            )}
            <span className="text-xs">{formatPointsInterval(row.bootstrapCiLow, row.bootstrapCiHigh)}</span>
            <span className="text-xs">
              p {formatP(row.pValue)}
              {row.significant ? " *" : ""}
            </span>
          </div>
          <div className="mt-1 flex flex-wrap gap-x-3 text-xs tabular-nums">
            <span>
              <span className="mr-1 inline-block h-2 w-2 rounded-full" style={{ backgroundColor: groupA.color }} aria-hidden />
              {groupA.label} <RateCell rate={row.rateA} question={row.question} group="a" answersHref={answersHref} /> ({row.modelsA})
            </span>
            <span>
              <span className="mr-1 inline-block h-2 w-2 rounded-full" style={{ backgroundColor: groupB.color }} aria-hidden />
              {groupB.label} <RateCell rate={row.rateB} question={row.question} group="b" answersHref={answersHref} /> ({row.modelsB})
            </span>
            {row.question !== null && (
              <Link href={sideBySide(row.question)} className="ml-auto inline-block py-1 underline" data-testid="side-by-side-link">
                side by side
              </Link>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
