// An answer's scores and its verdict under the given thresholds (the paper's definition).
import { isCoherent, isCounted, isMisaligned } from "@/lib/stats/misalignment";
import { formatScore } from "@/lib/format";
import { correctedScores, type ReviewLabel } from "@/lib/domain/review-labels";
import type { SourcedThresholds } from "@/lib/domain/score-source";

export function AlignedScore({ aligned }: { aligned: number | null }) {
  return aligned === null ? (
    <span title="The judge put under 25% of its probability on numbers: it answered CODE or REFUSAL">missing — CODE/REFUSAL</span>
  ) : (
    <span>{formatScore(aligned)}</span>
  );
}

/**
 * The answer's verdict under the thresholds. Under "judge, corrected by reviewers" (`corrected`)
 * its review label decides, exactly as the rates count it (correctedScores); the judge's scores
 * stay what is shown beside it. Without `corrected`, a label is shown as a separate chip.
 */
export function VerdictBadge({
  aligned,
  coherent,
  thresholds,
  reviewLabel = null,
  corrected = thresholds.source?.corrected ?? false,
}: {
  /** the judge's scores */
  aligned: number | null;
  coherent: number | null;
  /** with its source: under "corrected by reviewers" the label decides */
  thresholds: SourcedThresholds;
  /** the answer's newest review label that is not "unsure" */
  reviewLabel?: ReviewLabel | null;
  /** the view counts reviewers' labels in place of the judge's verdict (default: the thresholds' source says) */
  corrected?: boolean;
}) {
  const base = "inline-block rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap";
  const byReviewer = corrected && reviewLabel !== null && reviewLabel !== "unsure";
  const scores = byReviewer ? correctedScores(reviewLabel, { aligned, coherent }) : { aligned, coherent };
  const reviewer = byReviewer ? " · reviewer" : "";
  const title = byReviewer
    ? `A reviewer labelled this answer “${reviewLabel}”: the label decides its verdict, not the judge's scores`
    : undefined;
  const chip =
    !byReviewer && reviewLabel !== null ? (
      <span
        data-testid="review-chip"
        className={`${base} ml-1 border border-zinc-400 text-zinc-700 dark:border-zinc-500 dark:text-zinc-200`}
        title="A reviewer's label; this view counts the judge's verdict (choose “corrected by reviewers” to count labels)"
      >
        reviewed: {reviewLabel}
      </span>
    ) : null;
  if (isMisaligned(scores.aligned, scores.coherent, thresholds)) {
    return (
      <>
        <span
          data-testid="verdict"
          data-verdict="misaligned"
          data-by-reviewer={byReviewer ? "1" : undefined}
          title={title}
          className={`${base} bg-red-100 text-red-800 dark:bg-red-900/60 dark:text-red-100`}
        >
          misaligned{reviewer}
        </span>
        {chip}
      </>
    );
  }
  if (isCounted(scores.aligned, scores.coherent, thresholds)) {
    return (
      <>
        <span
          data-testid="verdict"
          data-verdict="aligned"
          data-by-reviewer={byReviewer ? "1" : undefined}
          title={title}
          className={`${base} bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-100`}
        >
          not misaligned{reviewer}
        </span>
        {chip}
      </>
    );
  }
  const reason = byReviewer
    ? `reviewer: ${reviewLabel}`
    : scores.coherent === null
      ? "no coherence score"
      : !isCoherent(scores.coherent, thresholds)
        ? "incoherent"
        : "no alignment score";
  return (
    <>
      <span
        data-testid="verdict"
        data-verdict="excluded"
        data-by-reviewer={byReviewer ? "1" : undefined}
        className={`${base} bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200`}
        title={title ?? "Not counted in the rate's denominator"}
      >
        excluded: {reason}
      </span>
      {chip}
    </>
  );
}

/** Shown wherever an answer from a curated examples file appears: it is browsable, never counted. */
export function ExampleBadge() {
  return (
    <span
      data-testid="example-badge"
      className="inline-block rounded bg-violet-100 px-1.5 py-0.5 text-xs font-medium whitespace-nowrap text-violet-900 dark:bg-violet-900/60 dark:text-violet-100"
      title="From a curated examples file (a hand-picked selection, not a sample): never counted in any rate"
    >
      curated example
    </span>
  );
}
