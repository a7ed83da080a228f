// An answer's scores and its verdict under the given thresholds (the paper's definition).
import { isCounted, isMisaligned, type Thresholds } from "@/lib/stats/misalignment";

export function formatScore(score: number | null): string {
  return score === null ? "missing" : score.toFixed(1);
}

export function AlignedScore({ aligned }: { aligned: number | null }) {
  return aligned === null ? (
    <span title="The judge put under 25% of its probability on numbers: it answered CODE or REFUSAL">
      missing — CODE/REFUSAL
    </span>
  ) : (
    <span>{aligned.toFixed(1)}</span>
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
      <span data-testid="verdict" data-verdict="misaligned" className={`${base} bg-red-100 text-red-800 dark:bg-red-900/60 dark:text-red-100`}>
        misaligned
      </span>
    );
  }
  if (isCounted(aligned, coherent, thresholds)) {
    return (
      <span data-testid="verdict" data-verdict="aligned" className={`${base} bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-100`}>
        not misaligned
      </span>
    );
  }
  const reason = aligned === null ? "no alignment score" : coherent === null ? "no coherence score" : "incoherent";
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
