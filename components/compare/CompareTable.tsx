// The Compare view's table: overall row first, then every question of the set in the view's sort
// order. Column headers that sort are links (the sort lives in the URL like all view state).
import Link from "next/link";
import { compareHref, type CompareParams, type CompareSort } from "@/lib/params/compare";
import type { Comparison, ComparisonRow } from "@/lib/queries/compare";
import { formatInterval, formatP, formatPoints, formatRate } from "./format";

function SortHeader({
  sort,
  current,
  view,
  children,
  className = "",
}: {
  sort: CompareSort;
  current: CompareSort;
  view: Partial<CompareParams>;
  children: React.ReactNode;
  className?: string;
}) {
  const active = sort === current;
  return (
    <th scope="col" aria-sort={active ? (sort === "effect" ? "descending" : "ascending") : undefined} className={className}>
      <Link href={compareHref("/compare", { ...view, sort })} scroll={false} className="underline decoration-dotted underline-offset-2 hover:decoration-solid">
        {children}
        {active ? " ▾" : ""}
      </Link>
    </th>
  );
}

function Row({ row, overallLabel }: { row: ComparisonRow; overallLabel: string }) {
  const isOverall = row.question === null;
  return (
    <tr
      data-testid={isOverall ? "compare-overall-row" : "compare-row"}
      data-question={row.question ?? ""}
      className={`border-t border-zinc-200 dark:border-zinc-800 ${isOverall ? "bg-zinc-50 font-semibold dark:bg-zinc-900" : ""}`}
    >
      <th scope="row" className="whitespace-nowrap px-2 py-1.5 text-left font-mono text-xs font-normal sm:text-sm">
        {isOverall ? <span className="font-sans font-semibold">{overallLabel}</span> : row.question}
      </th>
      <td className="px-2 py-1.5 text-right tabular-nums" data-testid="cell-rate-a">{formatRate(row.rateA)}</td>
      <td className="px-2 py-1.5 text-right tabular-nums" data-testid="cell-rate-b">{formatRate(row.rateB)}</td>
      <td className="px-2 py-1.5 text-right tabular-nums" data-testid="cell-difference">
        {formatPoints(row.difference)}
      </td>
      <td className="whitespace-nowrap px-2 py-1.5 text-right tabular-nums" data-testid="cell-ci">
        {row.difference !== null && row.ciLow === null ? <span title="both groups have one model">none</span> : formatInterval(row.ciLow, row.ciHigh)}
      </td>
      <td className="whitespace-nowrap px-2 py-1.5 text-right tabular-nums" data-testid="cell-p">
        {formatP(row.pValue)}
        {row.significant && (
          <span className="ml-1 rounded bg-amber-100 px-1 text-xs font-semibold text-amber-900 dark:bg-amber-900 dark:text-amber-100" title="p < 0.05">
            *
          </span>
        )}
      </td>
      <td className="px-2 py-1.5 text-right tabular-nums" data-testid="cell-n-a">{row.modelsA}</td>
      <td className="px-2 py-1.5 text-right tabular-nums" data-testid="cell-n-b">{row.modelsB}</td>
    </tr>
  );
}

export default function CompareTable({
  comparison,
  view,
  overallLabel,
}: {
  comparison: Comparison;
  view: Partial<CompareParams>;
  overallLabel: string;
}) {
  const { groupA, groupB, sort } = comparison;
  return (
    <div className="w-full overflow-x-auto rounded border border-zinc-200 dark:border-zinc-800">
      <table className="w-full min-w-[40rem] text-sm" data-testid="compare-table">
        <caption className="sr-only">
          Misalignment rate of {groupA.label} and {groupB.label} per question, their difference with a 95% interval
          and a permutation p-value over seeds
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
            <th scope="col" className="text-right">
              95% CI
            </th>
            <SortHeader sort="p" current={sort} view={view} className="text-right">
              p
            </SortHeader>
            <th scope="col" className="text-right" title={`models of ${groupA.label}`}>
              n<sub>a</sub>
            </th>
            <th scope="col" className="text-right" title={`models of ${groupB.label}`}>
              n<sub>b</sub>
            </th>
          </tr>
        </thead>
        <tbody>
          <Row row={comparison.overall} overallLabel={overallLabel} />
          {comparison.questions.map((row) => (
            <Row key={row.question} row={row} overallLabel={overallLabel} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
