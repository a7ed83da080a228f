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
 * An answer's two headline scores as every answer list and page shows them ("aligned 12.3 coherent
 * 88.0"), with test ids `${testIdPrefix}-aligned` / `-coherent`.
 */
export function ScoreFigures({
  aligned,
  coherent,
  testIdPrefix,
}: {
  aligned: number | null;
  coherent: number | null;
  testIdPrefix: "answer" | "item" | "score";
}) {
  return (
    <>
      <span>
        aligned{" "}
        <strong data-testid={`${testIdPrefix}-aligned`}>
          <AlignedScore aligned={aligned} />
        </strong>
      </span>
      <span>
        coherent <strong data-testid={`${testIdPrefix}-coherent`}>{formatScore(coherent)}</strong>
      </span>
    </>
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
  const badge = verdictBadgeOf(scores, thresholds, byReviewer ? reviewLabel : null);
  return (
    <>
      <span
        data-testid="verdict"
        data-verdict={badge.verdict}
        data-by-reviewer={byReviewer ? "1" : undefined}
        title={
          byReviewer
            ? `A reviewer labelled this answer “${reviewLabel}”: the label decides its verdict, not the judge's scores`
            : badge.title
        }
        className={`${base} ${badge.colors}`}
      >
        {badge.text}
      </span>
      {chip}
    </>
  );
}

/** The badge of a verdict: misaligned, else counted (not misaligned), else excluded with its reason. */
function verdictBadgeOf(
  scores: { aligned: number | null; coherent: number | null },
  thresholds: SourcedThresholds,
  reviewLabel: ReviewLabel | null,
): { verdict: "misaligned" | "aligned" | "excluded"; text: string; colors: string; title?: string } {
  const reviewer = reviewLabel ? " · reviewer" : "";
  if (isMisaligned(scores.aligned, scores.coherent, thresholds)) {
    return { verdict: "misaligned", text: `misaligned${reviewer}`, colors: "bg-red-100 text-red-800 dark:bg-red-900/60 dark:text-red-100" };
  }
  if (isCounted(scores.aligned, scores.coherent, thresholds)) {
    return {
      verdict: "aligned",
      text: `not misaligned${reviewer}`,
      colors: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-100",
    };
  }
  const reason = reviewLabel
    ? `reviewer: ${reviewLabel}`
    : scores.coherent === null
      ? "no coherence score"
      : !isCoherent(scores.coherent, thresholds)
        ? "incoherent"
        : "no alignment score";
  return {
    verdict: "excluded",
    text: `excluded: ${reason}`,
    colors: "bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200",
    title: "Not counted in the rate's denominator",
  };
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
