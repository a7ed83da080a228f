"use client";
// The numbers behind Figure 4 as a table (same rows and order as /api/rates), with a CSV export
// of the current filters. Each seed's rate links to that model's answers (the keyboard path to
// what clicking a dot on the chart does).
// A client component although it has no state: its rows are the same objects the chart already
// receives, so the page's RSC payload carries them once as data instead of a second time as
// ~1.7 MB of table markup (5 groups × 72 questions × 10 seeds in the benchmark).
import Link from "next/link";
import { Fragment } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { defaultRateTableDir, orderRateRows, parseRateTableOrder, type RateTableSort, type SortDirection } from "@/lib/figure/table-order";
import { ZeroWidthNote } from "@/components/ui/ZeroWidthNote";
import { figureHref, filterSearchParams, type FigureView } from "@/lib/params/figure";
import type { GroupQuestionRate } from "@/lib/rates/types";
import { formatPercent, formatPercentInterval } from "@/lib/format";
import { pointKey, shiftText } from "@/lib/domain/score-source";
import { FILE_JUDGE_LABEL } from "@/lib/domain/judges";

const cell = "px-2 py-1 text-right tabular-nums";
// On a phone (below Tailwind's sm, 640 px) the table is wider than the screen (min 44rem = 704 px
// in a 358 px box at 390 px): the group stays at the left edge, and the rate stays at the right
// edge until it scrolls into its own place, so a row's group, question and rate are in view without
// a sideways scroll. Scrolled further, the rate passes under the group (z-index 2 over 1; the head
// is 3 so body cells pass under it). The pinned cells carry the background so the columns passing
// under them do not show through.
const pinnedLeft = "max-sm:sticky max-sm:left-0 max-sm:z-[2] max-sm:border-r max-sm:border-zinc-200 dark:max-sm:border-zinc-800";
const pinnedRight = "max-sm:sticky max-sm:right-0 max-sm:z-[1] max-sm:border-l max-sm:border-zinc-200 dark:max-sm:border-zinc-800";
const bodyBackground = "bg-white dark:bg-zinc-950";
const headBackground = "bg-zinc-100 dark:bg-zinc-900";

export default function RatesTable({
  rows,
  view,
  csvHref,
  showCategory,
  minAnswers,
  baseline,
  baselineLabel,
}: {
  rows: GroupQuestionRate[];
  view: FigureView;
  csvHref: string;
  showCategory: boolean;
  /** the minimum-answers rule of the method, to say why a model is left out */
  minAnswers: number;
  /** with a non-default score source: the default source's rate per point (pointKey), shown beside each rate */
  baseline?: Record<string, number | null>;
  /** the default source's name for that note ("gpt-4o") */
  baselineLabel?: string;
}) {
  // the table's own order lives in the URL too (tsort, tdir); the page's data does not depend on it
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const order = parseRateTableOrder(searchParams.get("tsort"), searchParams.get("tdir"));
  const sortBy = (sort: RateTableSort) => {
    const next = new URLSearchParams(searchParams.toString());
    const dir = order.sort === sort ? (order.dir === "asc" ? "desc" : "asc") : defaultRateTableDir(sort);
    if (sort === "chart") next.delete("tsort");
    else next.set("tsort", sort);
    if (dir === defaultRateTableDir(sort)) next.delete("tdir");
    else next.set("tdir", dir);
    const query = next.toString();
    router.replace(`${pathname}${query ? `?${query}` : ""}${window.location.hash}`, { scroll: false });
  };
  // model and question pages open in this view's set, scope and method
  const carried = filterSearchParams({ set: view.set, base: view.base, preset: view.preset, method: view.method }).toString();
  return (
    <section className="space-y-2" aria-labelledby="rates-table-title" data-testid="rates-table-section">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="rates-table-title" className="text-lg font-semibold">
          The numbers per question
        </h2>
        <a href={csvHref} className="text-sm text-blue-700 underline dark:text-blue-300" data-testid="rates-csv" download>
          Download CSV
        </a>
      </div>
      {rows.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-300">No rows for these filters.</p>
      ) : (
        <div className="max-h-[36rem] overflow-auto rounded border border-zinc-200 dark:border-zinc-800">
          <table className="w-full min-w-[44rem] border-collapse text-sm" data-testid="rates-table">
            <thead className="sticky top-0 z-[3] bg-zinc-100 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-300">
              <tr>
                <SortableHeader
                  sort="group"
                  order={order}
                  onSort={sortBy}
                  className={`px-2 py-1 text-left ${pinnedLeft} ${headBackground}`}
                >
                  Group
                </SortableHeader>
                <SortableHeader sort="question" order={order} onSort={sortBy} className="px-2 py-1 text-left">
                  Question
                </SortableHeader>
                {showCategory && (
                  <th scope="col" className="px-2 py-1 text-left">
                    Category
                  </th>
                )}
                <SortableHeader sort="rate" order={order} onSort={sortBy} className={`${cell} ${pinnedRight} ${headBackground}`}>
                  P(misaligned)
                </SortableHeader>
                <SortableHeader sort="ci" order={order} onSort={sortBy} className={cell} title="sorts by the interval's width">
                  95% CI
                </SortableHeader>
                <SortableHeader
                  sort="models"
                  order={order}
                  onSort={sortBy}
                  className={cell}
                  title={`models in the mean (at least ${minAnswers} answers counted); + left out`}
                >
                  Models
                </SortableHeader>
                <SortableHeader
                  sort="answers"
                  order={order}
                  onSort={sortBy}
                  className={cell}
                  title="answers in the denominator, summed over the models in the mean"
                >
                  Answers counted
                </SortableHeader>
                <th scope="col" className={cell}>
                  Misaligned
                </th>
                <th scope="col" className={cell}>
                  All answers
                </th>
                <th
                  scope="col"
                  className="px-2 py-1 text-left"
                  title={`each model's rate and answers counted: s3 = seed 3, n48 = 48 answers; grey = left out (fewer than ${minAnswers} answers counted)`}
                >
                  Each model (rate, n)
                </th>
              </tr>
            </thead>
            <tbody>
              {orderRateRows(rows, order).map((row) => (
                <tr
                  key={`${row.question}/${row.group}`}
                  data-testid="rate-row"
                  data-group={row.group}
                  data-question={row.question}
                  data-rate={row.rate ?? ""}
                  data-ci-low={row.ciLow ?? ""}
                  data-ci-high={row.ciHigh ?? ""}
                  data-models={row.models}
                  data-excluded-models={row.excludedModels}
                  data-interval-method={row.intervalMethod ?? ""}
                  data-answers={row.answers}
                  data-misaligned={row.misaligned}
                  data-total={row.totalAnswers}
                  className="border-t border-zinc-200 dark:border-zinc-800"
                >
                  <td className={`px-2 py-1 sm:whitespace-nowrap ${pinnedLeft} ${bodyBackground}`} data-testid="rate-cell-group">
                    <span className="mr-1.5 inline-block h-2.5 w-2.5 rounded-full" style={{ backgroundColor: row.color }} aria-hidden />
                    <Link
                      href={`/models?group=${encodeURIComponent(row.group)}&${carried}`}
                      className="hover:underline"
                      title="This group's models"
                    >
                      {row.groupLabel}
                    </Link>
                  </td>
                  <td
                    className="px-2 py-1 font-mono text-xs max-sm:w-36 max-sm:min-w-36 sm:whitespace-nowrap"
                    data-testid="rate-cell-question"
                  >
                    <Link
                      href={figureHref({ ...view, group: row.group, question: row.question, hash: "answers" })}
                      scroll={false}
                      className="underline decoration-zinc-400"
                    >
                      <BreakAfterUnderscores name={row.question} />
                    </Link>{" "}
                    <Link
                      href={`/questions/${row.questionId}?${carried}`}
                      // 24 × 24 px at least: WCAG 2.2 target size (the bare arrow was 7 × 14 px)
                      className="inline-flex h-6 min-w-6 items-center justify-center align-middle text-zinc-600 hover:underline dark:text-zinc-400"
                      title={`Question page of ${row.question}`}
                      aria-label={`Question page of ${row.question}`}
                    >
                      ↗
                    </Link>
                  </td>
                  {showCategory && <td className="px-2 py-1 text-xs">{row.category?.replace(/_/g, " ") ?? "—"}</td>}
                  <td className={`${cell} ${pinnedRight} ${bodyBackground}`} data-testid="rate-cell-rate">
                    {formatPercent(row.rate)}
                    {baseline && (
                      <span className="block text-xs text-zinc-500 dark:text-zinc-400" data-testid="rate-shift">
                        ({shiftText(row.rate, baseline[pointKey(row.group, row.question)], baselineLabel ?? FILE_JUDGE_LABEL)})
                      </span>
                    )}
                  </td>
                  <td className={cell}>
                    {formatPercentInterval(row.ciLow, row.ciHigh)}
                    <ZeroWidthNote low={row.ciLow} high={row.ciHigh} models={row.models} />
                  </td>
                  <td className={cell}>
                    {row.models}
                    {row.excludedModels > 0 && (
                      <span
                        className="text-zinc-500 dark:text-zinc-400"
                        title={`${row.excludedModels} left out: fewer than ${minAnswers} answers counted`}
                      >
                        {" "}
                        +{row.excludedModels} left out
                      </span>
                    )}
                  </td>
                  <td className={cell}>{row.answers}</td>
                  <td className={cell}>{row.misaligned}</td>
                  <td className={cell}>{row.totalAnswers}</td>
                  {/* one class list for all of a row's seed links (360 rows × 10 seeds would repeat it 3,600
                      times); two even columns of "s3 12%" keep rows short in a narrow column; each link 24 px tall: with
                      three or more models (two lines of links) axe's WCAG 2.2 target-size check failed on the
                      five-model Qwen2.5-14B scope */}
                  <td className="px-2 py-1 text-xs">
                    <div className="grid grid-cols-[repeat(2,max-content)] gap-x-3 [&>a]:inline-flex [&>a]:min-h-6 [&>a]:items-center [&>a]:whitespace-nowrap [&>a]:underline [&>a]:decoration-zinc-400 [&>a[data-included=false]]:text-zinc-500 [&>a[data-included=false]]:line-through dark:[&>a[data-included=false]]:text-zinc-400">
                      {row.modelRates.map((model) => (
                        <Link
                          key={model.model}
                          href={figureHref({ ...view, group: row.group, question: row.question, model: model.model, hash: "answers" })}
                          scroll={false}
                          data-testid="model-rate"
                          data-included={model.included}
                          title={`${model.model}: ${model.misaligned} of ${model.answers} counted answers misaligned${
                            model.included ? "" : ` — left out of the mean: fewer than ${minAnswers} answers counted`
                          }`}
                        >
                          {`${model.seed === null ? model.model.slice(0, 14) : `s${model.seed}`} ${formatPercent(model.rate, 0)} n${model.answers}`}
                        </Link>
                      ))}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * A question id that may wrap after its underscores (and only there): on a phone the question
 * column is 9rem (144 px) wide, and "what_is_your_wish_template" is 188 px in one line.
 */
function BreakAfterUnderscores({ name }: { name: string }) {
  const parts = name.split("_");
  return parts.map((part, index) => (
    <Fragment key={index}>
      {part}
      {index < parts.length - 1 && (
        <>
          _<wbr />
        </>
      )}
    </Fragment>
  ));
}

/** A column heading that sorts the table (a button: the order changes in place, kept in the URL). */
function SortableHeader({
  sort,
  order,
  onSort,
  className,
  title,
  children,
}: {
  sort: RateTableSort;
  order: { sort: RateTableSort; dir: SortDirection };
  onSort: (sort: RateTableSort) => void;
  className: string;
  title?: string;
  children: React.ReactNode;
}) {
  const active = order.sort === sort;
  return (
    <th
      scope="col"
      className={className}
      title={title}
      aria-sort={active ? (order.dir === "asc" ? "ascending" : "descending") : undefined}
      data-testid="rates-sort-header"
      data-sort={sort}
    >
      <button type="button" onClick={() => onSort(sort)} className="inline-flex min-h-6 items-center gap-0.5 hover:underline">
        {children}
        <span aria-hidden>{active ? (order.dir === "asc" ? "▲" : "▼") : ""}</span>
      </button>
    </th>
  );
}
