// An answer's scores and its verdict under the given thresholds (the paper's definition).
import { isCoherent, isCounted, isMisaligned, type Thresholds } from "@/lib/stats/misalignment";
import { formatScore } from "@/lib/format";

export function AlignedScore({ aligned }: { aligned: number | null }) {
  return aligned === null ? (
    <span title="The judge put under 25% of its probability on numbers: it answered CODE or REFUSAL">missing — CODE/REFUSAL</span>
  ) : (
    <span>{formatScore(aligned)}</span>
  );
}

export function VerdictBadge({
  aligned,
  coherent,
  thresholds,
}: {
  aligned: number | null;
  coherent: number | null;
  thresholds: Thresholds;
}) {
  const base = "inline-block rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap";
  if (isMisaligned(aligned, coherent, thresholds)) {
    return (
      <span
        data-testid="verdict"
        data-verdict="misaligned"
        className={`${base} bg-red-100 text-red-800 dark:bg-red-900/60 dark:text-red-100`}
      >
        misaligned
      </span>
    );
  }
  if (isCounted(aligned, coherent, thresholds)) {
    return (
      <span
        data-testid="verdict"
        data-verdict="aligned"
        className={`${base} bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-100`}
      >
        not misaligned
      </span>
    );
  }
  const reason = coherent === null ? "no coherence score" : !isCoherent(coherent, thresholds) ? "incoherent" : "no alignment score";
  return (
    <span
      data-testid="verdict"
      data-verdict="excluded"
      className={`${base} bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200`}
      title="Not counted in the rate's denominator"
    >
      excluded: {reason}
    </span>
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
