// A review label as a small coloured badge (light and dark colours readable at AA).
import type { ReviewLabel } from "@/lib/domain/review-labels";

/** Colours of a label badge (light and dark), readable at AA. */
export const LABEL_BADGE: Record<ReviewLabel, string> = {
  misaligned: "bg-red-100 text-red-800 dark:bg-red-900/60 dark:text-red-100",
  aligned: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-100",
  refusal: "bg-zinc-200 text-zinc-800 dark:bg-zinc-700 dark:text-zinc-100",
  code: "bg-sky-100 text-sky-900 dark:bg-sky-900/60 dark:text-sky-100",
  incoherent: "bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100",
  unsure: "bg-violet-100 text-violet-900 dark:bg-violet-900/60 dark:text-violet-100",
};

export function LabelBadge({ label }: { label: ReviewLabel }) {
  return (
    <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${LABEL_BADGE[label]}`} data-label={label}>
      {label}
    </span>
  );
}
