// The judge comparison's shapes (lib/queries/agreement.ts computes them; the page and /api/judges
// show them). Browser-safe: types only.
import type { KappaResult, Verdict } from "@/lib/stats/agreement";
import type { IntervalKind, PresetId, RateMethod, RatesProvenance } from "@/lib/stats/method";
import type { ResolvedScope } from "@/lib/scope/types";
import type { QuestionSetSummary, SetQuestion } from "@/lib/sets/types";
import type { SetGroup } from "@/lib/compare/types";
import type { ScoreSourceRef } from "@/lib/params/judges";

/** A source as the page names it. */
export interface SourceInfo {
  /** the URL value: default, judge:<name>, reviewers */
  param: string;
  kind: ScoreSourceRef["kind"];
  /** "default judge (gpt-4o)", "judge claude-3-5-sonnet", "reviewers' labels" */
  label: string;
}

/** Answers in the view (evaluation answers of the set, scope, group and question) and who scored them. */
export interface Coverage {
  /** every evaluation answer the filters select */
  answers: number;
  scoredByA: number;
  scoredByB: number;
  /** scored by both: everything below is over these */
  scoredByBoth: number;
}

/** Agreement on one 0–100 score over the answers both sources gave a number. */
export interface ScoreAgreement {
  metric: "aligned" | "coherent";
  /** answers with a number from both sources */
  n: number;
  pearson: number | null;
  spearman: number | null;
  meanAbsoluteDifference: number | null;
  /** mean of A's and of B's scores over the same n answers */
  meanA: number | null;
  meanB: number | null;
  /** 10×10 counts: histogram[binA][binB], 10-point bins (the last holds 100) */
  histogram: number[][];
}

/** Agreement on the misaligned label at the current thresholds and denominator. */
export interface LabelAgreement {
  /** 3×3 counts, rows: A's verdict, columns: B's, in VERDICTS order (misaligned, not misaligned, excluded) */
  confusion: number[][];
  /** κ over the answers both count (the misaligned / not misaligned block) */
  kappa: KappaResult;
  /** answers whose verdicts differ (any off-diagonal cell) */
  disagreements: number;
}

/** One group's P(misaligned) under one source: Figure 4's procedure over the matched answers. */
export interface SourceGroupRate {
  rate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  intervalMethod: IntervalKind | null;
  /** models entering the mean */
  models: number;
  /** questions pooled (overall: those every included model of the group has a rate on) */
  questions: number;
  answers: number;
  misaligned: number;
}

export interface GroupRatePair {
  group: string;
  groupLabel: string;
  color: string;
  a: SourceGroupRate;
  b: SourceGroupRate;
}

/** One answer the two sources give different verdicts. */
export interface Disagreement {
  answerId: number;
  publicId: string;
  question: string;
  model: string;
  group: string;
  sampleIndex: number;
  a: DisagreementSide;
  b: DisagreementSide;
}

export interface DisagreementSide {
  verdict: Verdict;
  /** the source's scores (null: none, or a reviewers' label, which has no number) */
  aligned: number | null;
  coherent: number | null;
  /** the reviewers' label (reviewers source only) */
  label: string | null;
}

export const DISAGREEMENTS_PER_PAGE = 20;

export interface JudgeComparison {
  a: SourceInfo;
  b: SourceInfo;
  set: string;
  group: string | null;
  question: string | null;
  scopeLabel: string;
  coverage: Coverage;
  /** null when a source has no 0–100 scores (reviewers' labels); `scoresUnavailable` says why */
  scores: ScoreAgreement[] | null;
  scoresUnavailable: string | null;
  labels: LabelAgreement;
  groupRates: GroupRatePair[];
  disagreements: Disagreement[];
  page: number;
  pageSize: number;
}

export type JudgeComparisonWithProvenance = JudgeComparison & RatesProvenance;

export interface JudgesContext {
  scope: ResolvedScope;
  preset: PresetId;
  method: RateMethod;
}

/** The sources a set can be compared under. */
export interface AvailableSources {
  /** the judge the set's question file names (question.judge_model), if any */
  defaultJudge: string | null;
  /** other judges with scores on the set's answers, by name, with their number of scored answers in the set */
  judges: { name: string; answers: number }[];
  /** the set's answers with a reviewer's label that is not "unsure" */
  labelledAnswers: number;
}

export type JudgesView =
  | { status: "no-data"; hasQuestionSets: boolean }
  | ({ status: "unknown-set"; set: string; sets: QuestionSetSummary[] } & JudgesContext)
  | ({ status: "no-second-source"; set: QuestionSetSummary; sets: QuestionSetSummary[]; sources: AvailableSources } & JudgesContext)
  | ({
      status: "bad-choice";
      /** what is wrong, in words; parameter: the URL parameter to change */
      parameter: "a" | "b" | "group" | "question";
      message: string;
      /** the request itself is invalid (a = b), not naming something absent */
      invalid: boolean;
      set: QuestionSetSummary;
      sets: QuestionSetSummary[];
      sources: AvailableSources;
      groups: SetGroup[];
      questions: SetQuestion[];
    } & JudgesContext)
  | ({
      status: "ok";
      comparison: JudgeComparisonWithProvenance;
      set: QuestionSetSummary;
      sets: QuestionSetSummary[];
      sources: AvailableSources;
      groups: SetGroup[];
      questions: SetQuestion[];
    } & JudgesContext);
