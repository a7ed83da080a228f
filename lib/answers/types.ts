// The shapes of answers as pages show them (lib/queries/answers.ts, lib/queries/answer-browser.ts fetch them); browser-safe.
import type { AnswerCursor } from "@/lib/params";
import type { AnswerFilters, AnswerSort, KeysetCursor } from "@/lib/params/answers";
import type { TextSegment } from "@/lib/render/highlight";
import type { BaseScope } from "@/lib/scope/types";
import type { RateMethod } from "@/lib/stats/method";
import type { ReviewLabel } from "@/lib/domain/review-labels";

/** Answers per page under a Figure-4 point. */
export const ANSWERS_PAGE_SIZE = 50;

export interface AnswerListItem {
  id: number;
  /** its permalink id (lib/answers/public-id.ts) */
  publicId: string;
  aligned: number | null;
  coherent: number | null;
  sampleIndex: number;
  model: string;
  seed: number | null;
  preview: string;
  textLength: number;
  /** in the point's rate: counted by the method and its model included (the list's first part) */
  counted: boolean;
  /** the newest review label that is not "unsure" (it decides the verdict under "corrected by reviewers"), else null */
  reviewLabel: ReviewLabel | null;
}

export interface AnswerPage {
  items: AnswerListItem[];
  /** cursor of the next page, null on the last page */
  nextCursor: AnswerCursor | null;
  /** all answers of this group and question (and model, when filtered) */
  total: number;
  /** the answers the point's rate counts: its denominator (`answers` in /api/rates) */
  counted: number;
}

export interface AnswerListQuery {
  setId: number;
  group: string;
  question: string;
  /** the figure's base-model scope */
  scope: BaseScope;
  /** the view's rule (thresholds, denominator) and minimum answers per model: what the rate counts */
  method: Pick<RateMethod, "aligned" | "coherent" | "denominator" | "minAnswers" | "source">;
  /** only this model's answers (a seed dot of Figure 4 was clicked) */
  model?: string;
  cursor?: AnswerCursor;
  limit?: number;
}

export interface JudgeScoreDetail {
  metric: string;
  score: number | null;
  judgeModel: string | null;
  /** token → probability as imported, highest first; empty when the file had none */
  distribution: { token: string; probability: number }[];
}

/** One judge's scores on one answer, as its permalink lists them. */
export interface AnswerJudgeScores {
  /** the further judge's name; null: the default judge (the answer's own columns) */
  judge: string | null;
  /** the judge's display name: the default judge's is the one its question file names */
  name: string;
  aligned: number | null;
  coherent: number | null;
  /** the judge's metrics beyond aligned / coherent (medical, bad_stuff, ...), by name */
  metrics: { metric: string; score: number | null }[];
  /** the import that brought these scores (the answers' own for the default judge) */
  batchId: number;
}

export interface AnswerDetail {
  id: number;
  /** its permalink id: derived from its content, the same in every instance (lib/answers/public-id.ts) */
  publicId: string;
  prompt: string;
  text: string;
  aligned: number | null;
  coherent: number | null;
  sampleIndex: number;
  set: { name: string; isDemo: boolean };
  question: { id: number; externalId: string; systemPrompt: string | null };
  model: { id: number; name: string; seed: number | null; baseModel: string | null };
  group: { name: string; label: string; color: string };
  batchFileName: string;
  /** the import format of its batch (eval-csv, inspect-eval, ...) */
  batchFormat: string;
  batchId: number;
  /** its own id in that file, when the format has one (an Inspect sample uuid); see lib/answers/source-ref.ts */
  sourceRef: string | null;
  /** from a curated examples file: never counted */
  example: boolean;
  judgeScores: JudgeScoreDetail[];
  /** every judge's scores on this answer: the default judge first, then further judges by name */
  judges: AnswerJudgeScores[];
}

export interface BrowserAnswer {
  id: number;
  /** its permalink id (lib/answers/public-id.ts) */
  publicId: string;
  set: string;
  question: string;
  group: string;
  groupLabel: string;
  groupColor: string;
  model: string;
  seed: number | null;
  sampleIndex: number;
  aligned: number | null;
  coherent: number | null;
  /** from a curated examples file: shown, never counted */
  example: boolean;
  /** the first characters of the answer */
  preview: string;
  textLength: number;
  /** its extra judge metrics (medical, bad_stuff…), by metric name; empty when its file had none */
  metrics: AnswerMetricScore[];
  /** the newest review label that is not "unsure" (it decides the verdict under "corrected by reviewers"), else null */
  reviewLabel: ReviewLabel | null;
}

/**
 * What an answer card shows (components/answers/AnswerCard.tsx): every list's items have these
 * fields; the optional ones are shown when the list has them (BrowserAnswer, AnswerListItem and
 * WorstAnswer are each one).
 */
export interface AnswerCardItem {
  id: number;
  aligned: number | null;
  coherent: number | null;
  reviewLabel: ReviewLabel | null;
  model: string;
  seed: number | null;
  /** the first characters of the answer */
  preview: string;
  textLength: number;
  sampleIndex?: number;
  question?: string;
  set?: string;
  example?: boolean;
  metrics?: AnswerMetricScore[];
}

/**
 * A search's passages of some answers (a page's, answerSnippets), matches marked, by answer id. An
 * answer without an entry (removed since its page was read) shows its preview.
 */
export type AnswerSnippets = Readonly<Record<number, TextSegment[]>>;

/** An answer's score in one extra judge metric; null: the judge's cell was empty. */
export interface AnswerMetricScore {
  metric: string;
  score: number | null;
}

export interface BrowserPage {
  items: BrowserAnswer[];
  /** cursor for the page after this one (the last row), null on the last page */
  nextCursor: KeysetCursor | null;
  /** cursor for the page before this one (the first row), null on the first page */
  prevCursor: KeysetCursor | null;
}

export interface BrowseQuery {
  filters: AnswerFilters;
  sort: AnswerSort;
  /** rows after this one */
  after?: KeysetCursor;
  /** rows before this one (previous page) */
  before?: KeysetCursor;
  limit?: number;
  /** plan threshold override (tests force either plan); default NARROW_FILTER_ROWS */
  narrowFilterRows?: number;
}

/** Options of the list queries besides filters and sort. */
export interface ListOptions {
  /** plan threshold override (tests force either plan); default NARROW_FILTER_ROWS */
  narrowFilterRows?: number;
}

export interface ExportAnswer {
  id: number;
  set: string;
  question: string;
  group: string;
  model: string;
  seed: number | null;
  sampleIndex: number;
  aligned: number | null;
  coherent: number | null;
  prompt: string;
  text: string;
  /** from a curated examples file: never counted */
  example: boolean;
  baseModel: string | null;
  /** its permalink id (lib/answers/public-id.ts) */
  publicId: string;
  /** its extra judge metrics, by metric name */
  metrics: AnswerMetricScore[];
}

/** Values for the answer filter form's selects (answerFilterOptions in lib/queries/answer-browser.ts). */
export interface AnswerFilterOptions {
  sets: { name: string; isDemo: boolean }[];
  questions: string[];
  groups: { name: string; label: string }[];
  models: string[];
  seeds: number[];
  baseModels: string[];
  hasUnknownBaseModel: boolean;
  /** extra judge metrics in the database (medical, bad_stuff…), for the metric filter */
  metrics: string[];
}

/** A permalink's answer that was removed with its import batch (removed_answer). */
export interface RemovedAnswerInfo {
  publicId: string;
  batchId: number;
  batchFileName: string;
  /** ISO 8601 */
  removedAt: string;
}

/** The public ids of the answers before and after one in a keyset-ordered list (null at either end). */
export interface AnswerNeighbourIds {
  previous: string | null;
  next: string | null;
}
