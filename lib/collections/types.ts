// The shapes of collections as pages, the API and the exports show them (lib/collections/store.ts
// reads them); browser-safe. Dates travel as ISO strings: the same value in a page, a JSON body
// and a cached result.
import type { AnswerMetricScore } from "@/lib/answers/types";
import type { ReviewLabel } from "@/lib/domain/review-labels";
import { answerPermalinkHref } from "@/lib/params/answers";

export interface CollectionSummary {
  slug: string;
  name: string;
  description: string;
  /** answers in it, removed ones included */
  items: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A collected answer as it is now; null in an item whose answer's import batch was removed. */
export interface CollectedAnswer {
  id: number;
  /** its permalink's id, derived from its content (lib/answers/public-id.ts) */
  publicId: string;
  set: string;
  isDemo: boolean;
  questionId: number;
  question: string;
  prompt: string;
  text: string;
  modelId: number;
  model: string;
  seed: number | null;
  baseModel: string | null;
  group: string;
  groupLabel: string;
  groupColor: string;
  sampleIndex: number;
  aligned: number | null;
  coherent: number | null;
  /** from a curated examples file: shown, never counted */
  example: boolean;
  batchFileName: string;
  /** judge metrics beyond aligned and coherent (medical, bad_stuff…), by name */
  metrics: AnswerMetricScore[];
  /** further judges' scores on it (answer_judge_score), by judge name; the fields above are the default judge's */
  furtherJudges: { judge: string; aligned: number | null; coherent: number | null; metrics: AnswerMetricScore[] }[];
}

/** An item's review: its answer's effective label (the newest that is not "unsure"), kept when the answer is removed. */
export interface CollectedReview {
  label: ReviewLabel;
  reviewer: string;
  reason: string | null;
  createdAt: string;
}

export interface CollectionItemView {
  answerId: number;
  note: string | null;
  addedBy: string;
  addedAt: string;
  /** null: the answer is gone (its import batch was removed); the item stays and says so */
  answer: CollectedAnswer | null;
  /** null: no reviewer labelled it (or only "unsure") */
  review: CollectedReview | null;
}

export interface CollectionDetail {
  collection: CollectionSummary;
  /** in the order they were added */
  entries: CollectionItemView[];
}

/** What an add reports: added now, or it was there already (nothing changed). */
export interface AddItemResult {
  added: boolean;
  collection: CollectionSummary;
}

/**
 * An item's permalink: the answer's public-id link while it is present; a removed answer's old
 * numeric link, which says "no such answer" (items keep the serial id they were added with).
 */
export function collectedAnswerPath(entry: { answerId: number; answer: { publicId: string } | null }): string {
  return entry.answer ? answerPermalinkHref(entry.answer.publicId) : `/answers/${entry.answerId}`;
}

export function collectionPath(slug: string): string {
  return `/collections/${slug}`;
}
