// The shapes of a two-group comparison (lib/queries/compare.ts computes it); browser-safe.
import type { CompareSort } from "@/lib/params/compare";
import type { ResolvedScope } from "@/lib/scope/types";
import type { QuestionSetSummary } from "@/lib/sets/types";
import type { BootstrapMethod } from "@/lib/stats/bootstrap";
import type { IntervalMethod, PermutationTest } from "@/lib/stats/compare";
import type { PresetId, RateMethod, RatesProvenance } from "@/lib/stats/method";

export interface SetGroup {
  name: string;
  label: string;
  color: string;
  displayOrder: number;
  /** models of the group in the scope with evaluation answers in the set */
  models: number;
  /** their evaluation answers in the set */
  answers: number;
}

export interface ModelQuestionRate {
  group: string;
  model: string;
  seed: number | null;
  question: string;
  questionId: number;
  /** misaligned / answers; null when no answer is in the denominator */
  rate: number | null;
  /** answers in the method's denominator (kept answers, by default) */
  answers: number;
  misaligned: number;
  /** every evaluation answer of the model to the question, counted or not */
  totalAnswers: number;
  /** the model enters this question's comparison: answers >= the method's minAnswers (and > 0) */
  included: boolean;
  /** the cell enters the overall comparison: included, on a question every included model of both groups has a rate on */
  pooled: boolean;
  /** the model's mean rate over its pooled questions; null when it has none */
  overallRate: number | null;
  overallQuestions: number;
  /** denominator answers over its pooled questions */
  overallAnswers: number;
}

export interface SeedRate {
  model: string;
  seed: number | null;
  rate: number;
}

export interface ComparisonRow {
  /** the question's external id; null for the overall row */
  question: string | null;
  questionPosition: number | null;
  /** mean of group a's seed-level rates; null when no model of a is included */
  rateA: number | null;
  rateB: number | null;
  /** rateA − rateB */
  difference: number | null;
  /** Welch's 95% interval of the difference (see intervalMethod) */
  ciLow: number | null;
  ciHigh: number | null;
  /** Welch–Satterthwaite degrees of freedom (n − 1 of the other group when one group is fixed) */
  df: number | null;
  /** how Welch's interval was obtained: welch, fixed-a / fixed-b (a one-model group fixed), none */
  intervalMethod: IntervalMethod;
  /** the bootstrap 95% interval of the difference over seeds; null when there is none */
  bootstrapCiLow: number | null;
  bootstrapCiHigh: number | null;
  /** exact (every resample pair weighed) or monte-carlo; null when there is no bootstrap interval */
  bootstrapMethod: BootstrapMethod | null;
  /** resamples drawn (monte-carlo only) */
  bootstrapDraws: number | null;
  pValue: number | null;
  pMethod: PermutationTest["method"];
  /** relabellings enumerated (exact) or drawn (Monte Carlo) */
  relabelings: number;
  significant: boolean;
  /** models whose rate enters each mean (the test's n_a and n_b) */
  modelsA: number;
  modelsB: number;
  /** models with answers there left out by the minimum-answers rule (overall: included on no pooled question) */
  excludedModelsA: number;
  excludedModelsB: number;
  /** answers in the denominator, summed over the included models (overall: over the pooled questions) */
  answersA: number;
  answersB: number;
  seedRatesA: SeedRate[];
  seedRatesB: SeedRate[];
}

/** How many questions the overall row pools, and out of what. */
export interface OverallPool {
  /** questions every included model of both groups has a rate on: the overall row's questions */
  questions: number;
  /** questions at least one included model of either group has a rate on */
  questionsWithRates: number;
  /** questions of the set */
  setQuestions: number;
}

/** A comparison, with how its numbers were computed (preset, methodLabel, method, baseModel, methodDescription). */
export interface Comparison extends RatesProvenance {
  set: string;
  isDemo: boolean;
  groupA: SetGroup;
  groupB: SetGroup;
  /** words for the scope: a base model's name, "all base models (pooled)" or "base model unknown" */
  scopeLabel: string;
  sort: CompareSort;
  /** per model: mean of its rates over the pooled questions; then seeds are the unit */
  overall: ComparisonRow;
  overallPool: OverallPool;
  /** every question of the set, in `sort` order */
  questions: ComparisonRow[];
}

/** What every compare view knows, drawable or not: the scope and method it was asked for. */
export interface CompareContext {
  scope: ResolvedScope;
  preset: PresetId;
  method: RateMethod;
}

/** Why a compare view cannot be drawn, with what the page needs to say so and offer a way out. */
export type CompareView =
  | { status: "no-data"; hasQuestionSets: boolean }
  | ({ status: "unknown-set"; set: string; sets: QuestionSetSummary[] } & CompareContext)
  | ({ status: "set-without-answers"; set: QuestionSetSummary; sets: QuestionSetSummary[] } & CompareContext)
  | ({ status: "too-few-groups"; set: QuestionSetSummary; sets: QuestionSetSummary[]; groups: SetGroup[] } & CompareContext)
  | ({
      status: "unknown-group";
      side: "a" | "b";
      name: string;
      set: QuestionSetSummary;
      sets: QuestionSetSummary[];
      groups: SetGroup[];
    } & CompareContext)
  | ({ status: "same-group"; name: string; set: QuestionSetSummary; sets: QuestionSetSummary[]; groups: SetGroup[] } & CompareContext)
  | ({ status: "ok"; comparison: Comparison; set: QuestionSetSummary; sets: QuestionSetSummary[]; groups: SetGroup[] } & CompareContext);

/**
 * With a non-default score source: each row's difference under the default source (the question
 * file's judge, uncorrected), by question ("" for the overall row), and that judge's name; shown
 * beside the source's differences as the shift.
 */
export interface CompareBaseline {
  label: string;
  differences: Record<string, number | null>;
}
