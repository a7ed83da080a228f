"use client";
// Labelling one answer on its permalink (issue 11, item 3): six label buttons and an optional
// reason. Needs the reviewer token of this browser (the same store as
// collections); without one, or with a refused one, it shows the token form. After a label the
// server-rendered history below is refreshed.
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { REVIEW_LABELS, type ReviewLabel } from "@/lib/domain/review-labels";
import { LABEL_REASON_MAX } from "@/lib/review/types";
import { useReviewerToken } from "@/components/collections/reviewer-token";
import ReviewerTokenForm, { buttonClass, useReviewerIdentity } from "@/components/collections/ReviewerTokenForm";
import { postLabel } from "./label-keys";

const field = "w-full max-w-xl rounded border border-zinc-400 bg-white px-2 py-1 dark:border-zinc-500 dark:bg-zinc-900";

export default function AnswerReviewForm({ publicId }: { publicId: string }) {
  const token = useReviewerToken();
  const identity = useReviewerIdentity(token);
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ kind: "done" | "error"; text: string } | null>(null);
  const [, startTransition] = useTransition();
  const reasonId = useId();

  const label = async (chosen: ReviewLabel) => {
    setBusy(true);
    setStatus(null);
    const outcome = await postLabel(publicId, token, chosen, reason);
    setBusy(false);
    if (!outcome.ok) return setStatus({ kind: "error", text: outcome.message });
    setReason("");
    setStatus({ kind: "done", text: `Labelled ${chosen}.` });
    startTransition(() => router.refresh());
  };

  if (!token || identity?.state === "refused") {
    return (
      <div className="space-y-2" data-testid="review-needs-token">
        <p className="text-sm">
          Labelling needs a reviewer token. An administrator creates one with <code>npm run reviewer -- add NAME</code>.
        </p>
        <ReviewerTokenForm compact />
      </div>
    );
  }
  return (
    <div className="space-y-2" data-testid="review-form">
      {identity?.state === "signed-in" && (
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          Labelling as <strong data-testid="review-signed-in">{identity.name}</strong>.
        </p>
      )}
      <div className="flex flex-col gap-1">
        <label htmlFor={reasonId} className="text-sm font-medium">
          Reason (optional)
        </label>
        <textarea
          id={reasonId}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          maxLength={LABEL_REASON_MAX}
          rows={2}
          className={field}
          data-testid="review-reason"
        />
      </div>
      <div className="flex flex-wrap gap-2" role="group" aria-label="Label this answer">
        {REVIEW_LABELS.map((option) => (
          <button
            key={option}
            type="button"
            className={buttonClass}
            disabled={busy}
            onClick={() => void label(option)}
            data-testid={`review-label-${option}`}
          >
            {option}
          </button>
        ))}
      </div>
      <p role="status" aria-live="polite" className="min-h-5 text-sm" data-testid="review-status">
        {status?.kind === "done" && status.text}
        {status?.kind === "error" && <span className="text-red-800 dark:text-red-200">{status.text}</span>}
      </p>
    </div>
  );
}
