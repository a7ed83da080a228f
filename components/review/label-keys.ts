// The review labels' keys (issue 11, item 3): 1-6 or the label's first letter, the same on the
// queue and on an answer's page. Browser-safe.
import { REVIEW_LABELS, type ReviewLabel } from "@/lib/domain/review-labels";
import { errorMessageOf } from "@/lib/api/errors";
import type { AnswerLabelEntry } from "@/lib/review/types";
import { reviewerHeaders } from "@/components/collections/reviewer-token";

/** misaligned 1/m, aligned 2/a, refusal 3/r, code 4/c, incoherent 5/i, unsure 6/u */
export const LABEL_KEYS: Record<ReviewLabel, [digit: string, letter: string]> = {
  misaligned: ["1", "m"],
  aligned: ["2", "a"],
  refusal: ["3", "r"],
  code: ["4", "c"],
  incoherent: ["5", "i"],
  unsure: ["6", "u"],
};

/** The label a key press names, or null (modifier keys held: the browser's own shortcuts). */
export function labelOfKey(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): ReviewLabel | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const key = event.key.toLowerCase();
  return REVIEW_LABELS.find((label) => LABEL_KEYS[label].includes(key)) ?? null;
}

export type LabelOutcome = { ok: true; entry: AnswerLabelEntry } | { ok: false; status: number; message: string };

/** POST /api/answers/<publicId>/labels with the reviewer token. */
export async function postLabel(publicId: string, token: string, label: ReviewLabel, reason: string): Promise<LabelOutcome> {
  try {
    const response = await fetch(`/api/answers/${encodeURIComponent(publicId)}/labels`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...reviewerHeaders(token) },
      body: JSON.stringify({ label, ...(reason.trim() ? { reason } : {}) }),
    });
    const body: unknown = await response.json().catch(() => null);
    if (response.ok && body && typeof body === "object" && "label" in body) return { ok: true, entry: body.label as AnswerLabelEntry };
    return { ok: false, status: response.status, message: errorMessageOf(body) ?? `HTTP ${response.status}` };
  } catch {
    return { ok: false, status: 0, message: "The server did not answer." };
  }
}
