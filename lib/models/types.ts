// The shapes of the model pages (lib/queries/models.ts fetches them); browser-safe.
import type { ModelScope } from "@/lib/scope/types";
import type { MetricInfo } from "@/lib/domain/metrics";
import type { Histogram } from "@/lib/stats/histogram";
import type { IntervalKind, PresetId, RateMethod } from "@/lib/stats/method";

export interface ModelGroupRef {
  name: string;
  label: string;
  color: string;
}

export interface ModelSetCount {
  id: number;
  name: string;
  isDemo: boolean;
  /** this model's evaluation answers to the set's questions (what rates are computed from) */
  answers: number;
  /** questions of the set this model has evaluation answers to */
  questions: number;
  /** this model's curated example answers in the set: shown, never counted */
  examples: number;
}

export interface ModelSummary {
  id: number;
  name: string;
  seed: number | null;
  /** null: the import did not say (the model is then in the "base model unknown" scope) */
  baseModel: string | null;
  group: ModelGroupRef;
  /** evaluation answers */
  answers: number;
  /** curated example answers (never counted) */
  examples: number;
  sets: ModelSetCount[];
  /** typed key-values (lib/domain/attributes.ts), by key */
  attributes: ModelAttributeEntry[];
}

/** One model attribute: a number (lora_rank 4) or a text (training_data bad_medical_advice). */
export interface ModelAttributeEntry {
  key: string;
  value: number | string;
}

export interface ModelBatch {
  id: number;
  fileName: string;
  format: string;
  /** evaluation (counted) or examples (a curated selection, never counted) */
  kind: string;
  createdAt: string;
  /** this model's answers from this file */
  answers: number;
}

export interface ModelDetail extends ModelSummary {
  batches: ModelBatch[];
}

export interface ModelQuestionRate {
  questionId: number;
  question: string;
  position: number;
  variant: string;
  category: string | null;
  /** the model's evaluation answers to this question */
  totalAnswers: number;
  /** answers in the denominator (by default: kept answers, coherent >= C with an alignment score) */
  answers: number;
  misaligned: number;
  /** #misaligned / #answers; null when nothing is in the denominator */
  rate: number | null;
  /** whether this rate enters the group's mean (Figure 4): answers >= minAnswers (and > 0) */
  included: boolean;
  /** evaluation answers without an alignment score (CODE / REFUSAL) */
  missingAligned: number;
  /** curated example answers to this question: never counted */
  exampleAnswers: number;
  /** the model's group on this question (Figure 4's point): mean over its included models */
  groupRate: number | null;
  groupCiLow: number | null;
  groupCiHigh: number | null;
  groupIntervalMethod: IntervalKind | null;
  groupModels: number;
  /** the group's models with answers to the question left out by the minimum-answers rule */
  groupExcludedModels: number;
}

/** The histogram of one extra judge metric, with the judge model(s) that scored it. */
export interface MetricHistogram extends MetricInfo {
  /** `missing`: answers the judge scored for this metric without a number */
  histogram: Histogram;
}

export interface ScoreHistograms {
  aligned: Histogram;
  coherent: Histogram;
}

/** Which of a model's answers a chart shows: its evaluation answers (counted), or its curated examples. */
export type AnswerKind = "evaluation" | "examples";

export interface ScatterPoint {
  id: number;
  /** its permalink id (lib/answers/public-id.ts) */
  publicId: string;
  aligned: number;
  coherent: number;
  question: string;
}

export interface ModelScatter {
  points: ScatterPoint[];
  /** answers with both scores (all could be placed; `points` may be a sample of them) */
  placeable: number;
  /** all answers in the selection */
  total: number;
  /** answers without an alignment score (CODE / REFUSAL) */
  missingAligned: number;
  /** answers without a coherence score */
  missingCoherent: number;
  /** true when `points` is a sample */
  sampled: boolean;
}

export interface ModelView {
  model: ModelDetail;
  set: ModelSetCount;
  /** the questions of the set this model answered (evaluation or examples), for the question filter */
  questions: { id: number; externalId: string }[];
  /** the question filter, when the URL names one */
  question: { id: number; externalId: string } | null;
  preset: PresetId;
  method: RateMethod;
  scope: ModelScope;
  binWidth: number;
  rates: ModelQuestionRate[];
  /** evaluation answers only */
  histograms: ScoreHistograms;
  /** extra judge metrics (medical, bad_stuff…) of the same evaluation answers, by metric */
  metricHistograms: MetricHistogram[];
  /** evaluation answers only */
  scatter: ModelScatter;
  /** the model's curated example answers in this selection; their points only when it has no evaluation answers here */
  examples: { answers: number; scatter: ModelScatter | null };
}

export type ModelViewResult =
  | { kind: "ok"; view: ModelView }
  | { kind: "not-found" }
  | { kind: "no-answers"; model: ModelDetail }
  | { kind: "unknown-set"; model: ModelDetail; set: string }
  | { kind: "unknown-question"; model: ModelDetail; set: ModelSetCount; question: string };
