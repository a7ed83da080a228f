// The permalink of an answer removed with its import batch (removed_answer, written by
// lib/import/batches/remove.ts): when and with which file, and its review labels, which are keyed by the
// public id and outlive the batch. app/answers/[id]/page.tsx renders it; proxy.ts answers the
// request 410 Gone.
import AnswerElsewhereLinks from "@/components/answers/AnswerElsewhereLinks";
import LabelHistory from "@/components/review/LabelHistory";
import type { RemovedAnswerInfo } from "@/lib/answers/types";
import type { AnswerReview } from "@/lib/review/types";

/** "2026-12-02 07:50 UTC": the same text for every reader (a shared link is read anywhere). */
function removalTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export default function RemovedAnswer({ removed, review }: { removed: RemovedAnswerInfo; review: AnswerReview }) {
  return (
    <div className="space-y-6">
      <section className="space-y-2" data-testid="not-found">
        <h1 className="text-xl font-semibold">Answer removed</h1>
        <p data-testid="answer-removed">
          This answer was removed on <time dateTime={removed.removedAt}>{removalTime(removed.removedAt)}</time> with the import of{" "}
          <span className="font-mono wrap-anywhere">{removed.batchFileName}</span> (batch #{removed.batchId}). Importing that file again
          brings it back at this link.
        </p>
        <AnswerElsewhereLinks />
      </section>
      <section
        className="space-y-3 rounded border border-zinc-300 p-3 dark:border-zinc-700"
        aria-labelledby="review-heading"
        data-testid="review"
      >
        <h2 id="review-heading" className="font-semibold">
          Review
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          The labels reviewers gave this answer before it was removed (they are kept with its link; no new label can be added while it is
          gone).
        </p>
        <LabelHistory review={review} removed />
      </section>
    </div>
  );
}
