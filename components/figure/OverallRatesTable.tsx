// The overall rates (whole set, per variant, per category) as a table, with a CSV per section.
import { overallPartLabel, type OverallSection } from "@/lib/figure/layout";
import { formatPercent } from "@/lib/format";
import { overallPointKey, shiftText } from "@/lib/domain/score-source";
import { FILE_JUDGE_LABEL } from "@/lib/domain/judges";

const cell = "px-2 py-1 text-right tabular-nums";
const SECTION_TITLE = { set: "whole set", variant: "by variant", category: "by category" } as const;

export default function OverallRatesTable({
  sections,
  csvHref,
  baseline,
  baselineLabel,
}: {
  sections: OverallSection[];
  /** CSV link of one section */
  csvHref: (by: OverallSection["by"]) => string;
  /** with a non-default score source: the default source's overall rate per row (overallPointKey), shown beside each rate */
  baseline?: Record<string, number | null>;
  /** the default source's name for that note ("gpt-4o") */
  baselineLabel?: string;
}) {
  return (
    <div className="space-y-2" data-testid="overall-table-section">
      <p className="flex flex-wrap gap-3 text-sm">
        {sections.map((section) => (
          <a
            key={section.by}
            href={csvHref(section.by)}
            download
            className="text-blue-700 underline dark:text-blue-300"
            data-testid={`overall-csv-${section.by}`}
          >
            CSV {SECTION_TITLE[section.by]}
          </a>
        ))}
      </p>
      <div className="overflow-x-auto rounded border border-zinc-200 dark:border-zinc-800">
        <table className="w-full min-w-[36rem] border-collapse text-sm" data-testid="overall-table">
          <thead className="bg-zinc-100 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-300">
            <tr>
              <th scope="col" className="px-2 py-1 text-left">
                Questions
              </th>
              <th scope="col" className="px-2 py-1 text-left">
                Group
              </th>
              <th scope="col" className={cell}>
                P(misaligned)
              </th>
              <th scope="col" className={cell}>
                95% CI
              </th>
              <th scope="col" className={cell}>
                Models
              </th>
              <th scope="col" className={cell} title="questions every model in the mean has a rate on, of those any of them has">
                Questions pooled
              </th>
              <th scope="col" className={cell}>
                Answers counted
              </th>
              <th scope="col" className={cell}>
                Misaligned
              </th>
            </tr>
          </thead>
          <tbody>
            {sections.flatMap((section) =>
              section.rows.map((row) => (
                <tr
                  key={`${section.by}/${row.part}/${row.group}`}
                  data-testid="overall-row"
                  data-by={section.by}
                  data-part={row.part ?? ""}
                  data-group={row.group}
                  data-rate={row.rate}
                  data-questions={row.questions}
                  data-questions-answered={row.questionsAnswered}
                  className="border-t border-zinc-200 dark:border-zinc-800"
                >
                  <td className="px-2 py-1">{overallPartLabel(section.by, row.part)}</td>
                  <td className="px-2 py-1 whitespace-nowrap">
                    <span className="mr-1.5 inline-block h-2.5 w-2.5 rounded-full" style={{ backgroundColor: row.color }} aria-hidden />
                    {row.groupLabel}
                  </td>
                  <td className={cell} data-testid="overall-cell-rate">
                    {formatPercent(row.rate)}
                    {baseline && (
                      <span className="block text-xs text-zinc-500 dark:text-zinc-400" data-testid="overall-shift">
                        (
                        {shiftText(row.rate, baseline[overallPointKey(section.by, row.part, row.group)], baselineLabel ?? FILE_JUDGE_LABEL)}
                        )
                      </span>
                    )}
                  </td>
                  <td className={cell}>
                    {row.ciLow === null || row.ciHigh === null ? "—" : `${formatPercent(row.ciLow)} – ${formatPercent(row.ciHigh)}`}
                  </td>
                  <td className={cell}>{row.models}</td>
                  <td className={cell}>
                    {row.questions === row.questionsAnswered ? row.questions : `${row.questions} of ${row.questionsAnswered}`}
                  </td>
                  <td className={cell}>{row.answers}</td>
                  <td className={cell}>{row.misaligned}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
