// An answer's label history (who, when, what, why), newest first, and the reviewers' verdict:
// server-rendered on the permalink from lib/review answerReview.
import type { AnswerReview } from "@/lib/review/types";
import { LabelBadge } from "./LabelBadge";

const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** `removed`: on a removed answer's page, which shows no scores (the verdict's note about them is left out). */
export default function LabelHistory({ review, removed = false }: { review: AnswerReview; removed?: boolean }) {
  if (review.history.length === 0) {
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="label-history-empty">
        No reviewer has labelled this answer yet.
      </p>
    );
  }
  return (
    <div className="space-y-2">
      <p className="text-sm" data-testid="review-verdict">
        Reviewers’ verdict:{" "}
        {review.verdict ? (
          <>
            <LabelBadge label={review.verdict.label} /> ({review.verdict.reviewer}, {when(review.verdict.createdAt)}; the newest label that
            is not “unsure”)
          </>
        ) : (
          "none (every label is “unsure”)"
        )}
        .{removed ? "" : " The judge’s scores above are never changed by a label."}
      </p>
      <div className="overflow-x-auto">
        <table className="min-w-full text-left text-sm" data-testid="label-history">
          <caption className="sr-only">Label history, newest first</caption>
          <thead className="border-b border-zinc-300 dark:border-zinc-700">
            <tr>
              <th className="py-1 pr-3 font-medium">When</th>
              <th className="py-1 pr-3 font-medium">Reviewer</th>
              <th className="py-1 pr-3 font-medium">Label</th>
              <th className="py-1 font-medium">Reason</th>
            </tr>
          </thead>
          <tbody>
            {review.history.map((entry) => (
              <tr key={entry.id} className="border-b border-zinc-200 align-top dark:border-zinc-800" data-testid="label-history-row">
                <td className="py-1 pr-3 whitespace-nowrap">
                  <time dateTime={entry.createdAt}>{when(entry.createdAt)}</time>
                </td>
                <td className="py-1 pr-3" data-testid="label-history-reviewer">
                  {entry.reviewer}
                </td>
                <td className="py-1 pr-3" data-testid="label-history-label">
                  <LabelBadge label={entry.label} />
                </td>
                <td className="max-w-xl py-1 [overflow-wrap:anywhere] whitespace-pre-line" data-testid="label-history-reason">
                  {entry.reason ?? <span className="text-zinc-500 dark:text-zinc-400">no reason given</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
