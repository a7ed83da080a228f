// The answers the two sources give different verdicts, a page at a time (ordered by answer id),
// each linking to its permalink, judged there at the same thresholds.
import Link from "next/link";
import type { Disagreement, DisagreementSide, JudgeComparison } from "@/lib/judges/types";
import { VERDICT_TEXT } from "@/lib/stats/agreement";
import { answerPermalinkHref } from "@/lib/params/answers";
import { formatCount, formatScore } from "@/lib/format";

const VERDICT_CLASS = {
  misaligned: "bg-red-100 text-red-800 dark:bg-red-900/60 dark:text-red-100",
  "not-misaligned": "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-100",
  excluded: "bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200",
} as const;

function Side({ name, side }: { name: string; side: DisagreementSide }) {
  return (
    <span className="block wrap-anywhere">
      <span className="text-zinc-600 dark:text-zinc-300">{name}: </span>
      <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${VERDICT_CLASS[side.verdict]}`} data-verdict={side.verdict}>
        {VERDICT_TEXT[side.verdict]}
      </span>{" "}
      {side.label !== null ? (
        <>label “{side.label}”</>
      ) : (
        <>
          aligned {formatScore(side.aligned)}, coherent {formatScore(side.coherent)}
        </>
      )}
    </span>
  );
}

export default function DisagreementList({
  comparison,
  methodQueryString,
  pageHref,
}: {
  comparison: JudgeComparison;
  /** the scope and method query the permalinks carry (the answer is judged there at the same thresholds) */
  methodQueryString: string;
  pageHref: (page: number) => string;
}) {
  const total = comparison.labels.disagreements;
  const pages = Math.max(1, Math.ceil(total / comparison.pageSize));
  const first = (comparison.page - 1) * comparison.pageSize;
  if (total === 0) return <p className="text-sm">The two sources give every answer the same verdict.</p>;
  return (
    <div className="space-y-2">
      <p className="text-sm" data-testid="disagreement-count">
        {formatCount(total)} answers with different verdicts; showing {formatCount(Math.min(total, first + 1))}–
        {formatCount(Math.min(total, first + comparison.disagreements.length))}, in import order.
      </p>
      <ol className="space-y-2" data-testid="disagreements">
        {comparison.disagreements.map((item: Disagreement) => (
          <li key={item.answerId} className="rounded border border-zinc-200 p-2 text-sm dark:border-zinc-800" data-testid="disagreement">
            <Link
              href={answerPermalinkHref(item.publicId, methodQueryString)}
              className="font-mono underline"
              data-testid="disagreement-link"
            >
              {item.publicId}
            </Link>{" "}
            <span className="wrap-anywhere text-zinc-600 dark:text-zinc-300">
              {item.question} · {item.group} · {item.model} · sample {item.sampleIndex}
            </span>
            <Side name={`A (${comparison.a.label})`} side={item.a} />
            <Side name={`B (${comparison.b.label})`} side={item.b} />
          </li>
        ))}
      </ol>
      <nav aria-label="Disagreement pages" className="flex gap-4 text-sm">
        {comparison.page > 1 && (
          <Link href={pageHref(comparison.page - 1)} className="underline" data-testid="disagreements-previous">
            ← Previous
          </Link>
        )}
        <span>
          Page {comparison.page} of {pages}
        </span>
        {comparison.page < pages && (
          <Link href={pageHref(comparison.page + 1)} className="underline" data-testid="disagreements-next">
            Next →
          </Link>
        )}
      </nav>
    </div>
  );
}
