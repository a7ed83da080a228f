// The shapes of Figure 4's rates (lib/queries/rates.ts computes them); browser-safe, no database.
import type { IntervalKind, RateMethod } from "@/lib/stats/method";
import type { BaseScope } from "@/lib/scope/types";

export type QuestionVariant = "plain" | "json" | "template";

export interface ModelRate {
  model: string;
  seed: number | null;
  /** #misaligned / #answers; null when no answer is in the denominator */
  rate: number | null;
  /** answers in the denominator (kept answers, by default) */
  answers: number;
  misaligned: number;
  /** whether the model enters the group's mean: answers >= minAnswers (and > 0) */
  included: boolean;
}

export interface GroupQuestionRate {
  group: string;
  groupLabel: string;
  color: string;
  groupOrder: number;
  /** the question's external id, e.g. quick_buck */
  question: string;
  questionId: number;
  questionPosition: number;
  /** the id its variants share, e.g. quick_buck for quick_buck_json */
  baseQuestion: string;
  variant: QuestionVariant;
  category: string | null;
  /** mean over the group's included models of each model's rate; null when no model is included */
  rate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** how the interval was computed; null when there is none (fewer than two models) */
  intervalMethod: IntervalKind | null;
  /** models whose rate enters the mean (at least minAnswers answers in the denominator) */
  models: number;
  /** models with answers to the question left out by the minimum-answers rule */
  excludedModels: number;
  /** denominator answers of the included models, summed */
  answers: number;
  /** all answers of the group to this question, counted or not */
  totalAnswers: number;
  misaligned: number;
  modelRates: ModelRate[];
}

/** How per (model, question) counts are obtained: the score histogram, or a scan of the answers. */
export type CountPath = "histogram" | "direct";

export interface ModelQuestionCounts {
  modelId: number;
  questionId: number;
  totalAnswers: number;
  answers: number;
  misaligned: number;
}

/** What every rate query takes: the set, the method (rule, minimum answers, interval) and the scope. */
export interface RatesQuery {
  set: string;
  method: RateMethod;
  scope: BaseScope;
}

/** How questions are pooled into one overall rate. */
export type OverallBy = "set" | "category" | "variant";

export interface ModelOverallRate {
  model: string;
  seed: number | null;
  /** mean over the questions where this model has a defined rate */
  rate: number;
  questions: number;
}

export interface GroupOverallRate {
  group: string;
  groupLabel: string;
  color: string;
  groupOrder: number;
  /** the category or variant pooled over; null when pooling the whole set */
  part: string | null;
  /** mean over the group's models of each model's mean rate over the pooled questions */
  rate: number;
  ciLow: number | null;
  ciHigh: number | null;
  intervalMethod: IntervalKind | null;
  models: number;
  /** questions pooled: those every included model of the group has a rate on */
  questions: number;
  /** questions at least one of the group's models has a rate on (more than `questions`: coverage differs) */
  questionsAnswered: number;
  /** denominator answers over the pooled questions, summed */
  answers: number;
  misaligned: number;
  modelRates: ModelOverallRate[];
}

/** A question of a set as the figure's x axis needs it. */
export interface FigureQuestion {
  externalId: string;
  baseExternalId: string;
  variant: QuestionVariant;
  category: string | null;
  position: number;
}

/** A model group that has rates in a set, for the legend and the group chooser. */
export interface RateGroup {
  name: string;
  label: string;
  color: string;
  order: number;
}

/** The filters every rates endpoint and the figure share. */
export interface RatesFilter extends RatesQuery {
  /** groups to keep, in this order; undefined = all, in display order */
  groups?: readonly string[];
}
