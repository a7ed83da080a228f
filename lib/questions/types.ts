// The shapes of the question pages (lib/queries/questions.ts fetches them); browser-safe.
import type { ReviewLabel } from "@/lib/domain/review-labels";
import type { MetricHistogram } from "@/lib/models/types";
import type { GroupQuestionRate } from "@/lib/rates/types";
import type { ResolvedScope } from "@/lib/scope/types";
import type { Histogram } from "@/lib/stats/histogram";
import type { PresetId, RateMethod } from "@/lib/stats/method";

export interface QuestionListItem {
  id: number;
  externalId: string;
  variant: string;
  category: string | null;
  position: number;
  /** the question as asked: its first paraphrase (null for a question created from an answer file) */
  text: string | null;
  answers: number;
  models: number;
  /** each group's Figure-4 rate on it, when rates were asked for (listQuestionsWithRates); group order */
  rates: QuestionListRate[];
}

/** One group's Figure-4 point on a question, as the questions list shows it. */
export type QuestionListRate = Pick<GroupQuestionRate, "group" | "groupLabel" | "color" | "rate" | "ciLow" | "ciHigh" | "models">;

export interface QuestionSetWithQuestions {
  id: number;
  name: string;
  description: string | null;
  isDemo: boolean;
  answers: number;
  questions: QuestionListItem[];
  /** the groups with a rate on some question of the set (listQuestionsWithRates), legend order */
  groups: Pick<GroupQuestionRate, "group" | "groupLabel" | "color">[];
}

export interface QuestionDetail {
  id: number;
  externalId: string;
  baseExternalId: string;
  variant: string;
  category: string | null;
  type: string | null;
  samplesPerParaphrase: number | null;
  paraphrases: string[];
  systemPrompt: string | null;
  judgeModel: string | null;
  /** metric → prompt text, as imported */
  judgePrompts: { metric: string; prompt: string }[];
  set: { id: number; name: string; isDemo: boolean };
  /** the other variants of the same question in its set (plain / json / template) */
  variants: { id: number; externalId: string; variant: string }[];
  /** evaluation answers, every base model */
  answers: number;
  /** models with evaluation answers, every base model */
  models: number;
  /** curated example answers (never counted) */
  examples: number;
}

export interface GroupHistogram {
  group: string;
  groupLabel: string;
  color: string;
  histogram: Histogram;
}

export interface WorstAnswer {
  id: number;
  /** its permalink id (lib/answers/public-id.ts) */
  publicId: string;
  aligned: number | null;
  coherent: number | null;
  model: string;
  modelId: number;
  seed: number | null;
  group: string;
  groupLabel: string;
  color: string;
  preview: string;
  textLength: number;
  /** the newest review label that is not "unsure" (it decides the verdict under "corrected by reviewers"), else null */
  reviewLabel: ReviewLabel | null;
}

export interface QuestionView {
  question: QuestionDetail;
  preset: PresetId;
  method: RateMethod;
  scope: ResolvedScope;
  /** evaluation answers to this question from the scope's models */
  scoped: { answers: number; models: number };
  binWidth: number;
  rates: GroupQuestionRate[];
  histograms: { aligned: GroupHistogram[]; coherent: GroupHistogram[] };
  /** extra judge metrics (medical, bad_stuff…) of the same answers, all groups together, by metric */
  metricHistograms: MetricHistogram[];
  worst: WorstAnswer[];
}
