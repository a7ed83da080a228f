// Every point of the sweep as a table row: line, x, value, 95% interval (or "one model: no
// interval"), the models behind it (each a link to its answers), answers counted. The accessible
// path to every number the chart draws, and what the browser tests read.
import { pointKey, shiftText } from "@/lib/domain/score-source";
import Link from "next/link";
import { formatCount } from "@/lib/format";
import type { SweepLine } from "@/lib/sweep/types";
import { formatSweepInterval, formatSweepValue } from "@/lib/sweep/format";

export default function SweepTable({
  lines,
  xLabel,
  yLabel,
  scores,
  hrefOf,
  baseline,
}: {
  lines: SweepLine[];
  xLabel: string;
  yLabel: string;
  scores: boolean;
  /** a model's answers */
  hrefOf: (model: string) => string;
  /** under a non-default score source: the default judge's value of each point (pointKey(line, x)), shown with the shift */
  baseline?: { label: string; values: Record<string, number> };
}) {
  const cell = "px-2 py-1.5 align-top";
  return (
    // focusable: a phone scrolls this region sideways, and a keyboard user must be able to as well
    <div className="w-full overflow-x-auto" tabIndex={0} role="region" aria-label="Every point of the sweep (scrolls sideways)">
      <table className="w-full min-w-[36rem] border-collapse text-sm" data-testid="sweep-table">
        <caption className="sr-only">
          {yLabel} per line and {xLabel}
        </caption>
        <thead>
          <tr className="border-b border-zinc-300 text-left dark:border-zinc-700">
            <th scope="col" className={cell}>
              Line
            </th>
            <th scope="col" className={`${cell} text-right`}>
              {xLabel}
            </th>
            <th scope="col" className={`${cell} text-right`}>
              {yLabel}
            </th>
            <th scope="col" className={cell}>
              95% interval
            </th>
            <th scope="col" className={`${cell} text-right`}>
              Models
            </th>
            <th scope="col" className={cell}>
              Answers of
            </th>
            <th scope="col" className={`${cell} text-right`}>
              Answers counted
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.flatMap((line) =>
            line.points.map((point) => (
              <tr
                key={`${line.key}|${point.x}`}
                className="border-b border-zinc-200 dark:border-zinc-800"
                data-testid="sweep-row"
                data-line={line.key}
                data-x={String(point.x)}
                data-value={String(point.value)}
                data-models={String(point.models.length)}
              >
                <th scope="row" className={`${cell} text-left font-normal`}>
                  <span className="mr-1.5 inline-block h-2.5 w-2.5 rounded-full" style={{ backgroundColor: line.color }} aria-hidden />
                  {line.label}
                </th>
                <td className={`${cell} text-right tabular-nums`}>{point.x}</td>
                <td className={`${cell} text-right tabular-nums`} data-testid="sweep-value">
                  {formatSweepValue(point.value, scores)}
                  {baseline && (
                    <span className="block text-xs text-zinc-600 dark:text-zinc-300" data-testid="sweep-shift">
                      ({shiftText(point.value, baseline.values[pointKey(line.key, String(point.x))], baseline.label)})
                    </span>
                  )}
                </td>
                <td className={cell} data-testid="sweep-interval">
                  {point.ciLow === null ? (
                    <span className="text-zinc-600 dark:text-zinc-300">one model: no interval</span>
                  ) : (
                    <>
                      {point.intervalMethod === "bootstrap-monte-carlo" ? "≈ " : ""}
                      {formatSweepInterval(point, scores)}
                    </>
                  )}
                </td>
                <td className={`${cell} text-right tabular-nums`}>{point.models.length}</td>
                <td className={cell}>
                  <ul className="space-y-0.5">
                    {point.models.map((model) => (
                      <li key={model.model}>
                        <Link
                          href={hrefOf(model.model)}
                          className="font-mono text-xs wrap-anywhere underline"
                          data-testid="sweep-model-link"
                          data-model={model.model}
                        >
                          {model.model}
                        </Link>
                        {point.models.length > 1 && (
                          <span className="text-xs text-zinc-600 dark:text-zinc-300"> {formatSweepValue(model.value, scores)}</span>
                        )}
                      </li>
                    ))}
                  </ul>
                </td>
                <td className={`${cell} text-right tabular-nums`}>{formatCount(point.answers)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}
