// Human review labels and the review queue (issue 11, item 3): the shapes the store returns, the
// label request body, and the verdict rule over a history. Browser-safe (zod and types only): the
// review controls check a reason with the same schema before they send it.
import { z } from "zod";
import { REVIEW_LABELS, type ReviewLabel } from "@/lib/domain/review-labels";

export const LABEL_REASON_MAX = 2_000;

// control characters other than line breaks would garble the pages and the history
function printable(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    if (control && char !== "\n" && char !== "\r" && char !== "\t") return false;
  }
  return true;
}

/** POST /api/answers/<publicId>/labels; an empty reason is no reason */
export const addLabelBodySchema = z.strictObject({
  label: z.enum(REVIEW_LABELS, { error: `must be one of ${REVIEW_LABELS.join(", ")}` }),
  reason: z
    .string()
    .trim()
    .max(LABEL_REASON_MAX, `at most ${LABEL_REASON_MAX} characters`)
    .refine(printable, "no control characters")
    .optional()
    .transform((reason) => (reason ? reason : null)),
});
export type AddLabelBody = z.output<typeof addLabelBodySchema>;

/** One label as written: who, when, what, why. */
export interface AnswerLabelEntry {
  id: number;
  answerPublicId: string;
  label: ReviewLabel;
  reason: string | null;
  reviewer: string;
  /** ISO 8601 */
  createdAt: string;
}

/** Everything reviewers said about one answer. */
export interface AnswerReview {
  /** every label, newest first */
  history: AnswerLabelEntry[];
  /** each reviewer's newest label, by reviewer name */
  current: AnswerLabelEntry[];
  /** the newest label that is not "unsure", by any reviewer (lib/domain/review-labels.ts); null: none */
  verdict: AnswerLabelEntry | null;
}

/** Newest first by time, then by id (two labels in the same millisecond keep their insert order). */
function newestFirst(a: AnswerLabelEntry, b: AnswerLabelEntry): number {
  return b.createdAt.localeCompare(a.createdAt) || b.id - a.id;
}

/** The review of one answer from its labels in any order. */
export function reviewOf(labels: AnswerLabelEntry[]): AnswerReview {
  const history = [...labels].sort(newestFirst);
  const current: AnswerLabelEntry[] = [];
  const seen = new Set<string>();
  for (const entry of history) {
    if (seen.has(entry.reviewer)) continue;
    seen.add(entry.reviewer);
    current.push(entry);
  }
  current.sort((a, b) => a.reviewer.localeCompare(b.reviewer));
  return { history, current, verdict: history.find((entry) => entry.label !== "unsure") ?? null };
}

/** Why an answer is in the review queue; each holds alone, the priority adds them up. */
export interface QueueReasons {
  /** |aligned - A| when under QUEUE_NEAR_POINTS */
  alignedDistance: number | null;
  /** |coherent - C| when under QUEUE_NEAR_POINTS */
  coherentDistance: number | null;
  /** the larger judge entropy (aligned or coherent metric) when at least QUEUE_ENTROPY_BITS */
  entropyBits: number | null;
  entropyMetric: string | null;
  /** two reviewers' current (non-unsure) labels differ */
  reviewersDisagree: boolean;
  /** another judge's verdict differs from the default judge's, at the queue's thresholds */
  judgesDisagree: string[];
}

/** One answer of the queue. */
export interface QueueItem {
  id: number;
  publicId: string;
  aligned: number | null;
  coherent: number | null;
  question: string;
  set: string;
  model: string;
  group: string;
  groupLabel: string;
  groupColor: string;
  /** the first characters of the answer (untrusted model output: rendered as text only) */
  preview: string;
  priority: number;
  reasons: QueueReasons;
  /** how many labels the answer has, who gave them (names, sorted), and the reviewers' verdict */
  labels: number;
  reviewers: string[];
  verdict: ReviewLabel | null;
}

export interface QueuePage {
  items: QueueItem[];
  /** the next page's cursor (priority:id), null on the last page */
  nextCursor: { value: number; id: number } | null;
}

/** A threshold is "near" below this many points (aligned and coherent alike). */
export const QUEUE_NEAR_POINTS = 5;
/** Judge entropy from here on is a reason: 1 bit = an even split between two tokens. */
export const QUEUE_ENTROPY_BITS = 1;
export const QUEUE_PAGE_SIZE = 25;
