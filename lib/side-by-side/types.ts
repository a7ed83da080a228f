// The shapes of the side-by-side view (lib/queries/side-by-side.ts computes them); browser-safe.
import type { ReviewLabel } from "@/lib/domain/review-labels";
import type { SetGroup } from "@/lib/compare/types";
import type { SideBySideOrder, SideRef } from "@/lib/params/side-by-side";
import type { ResolvedScope } from "@/lib/scope/types";
import type { QuestionSetSummary } from "@/lib/sets/types";
import type { IntervalKind, PresetId, RateMethod } from "@/lib/stats/method";

/** An answer's verdict under the view's method: the three badges of components/ui/Verdict.tsx. */
export const VERDICTS = ["misaligned", "aligned", "excluded"] as const;
export type SideVerdict = (typeof VERDICTS)[number];

/** One side's head: who it is and its Figure-4 number on the question under the view's method. */
export interface SideSummary {
  ref: SideRef;
  /** the group's label, or the model's name */
  label: string;
  /** the group's colour (a model side: its group's) */
  color: string;
  /** a model side: its group's label */
  groupLabel: string;
  /** evaluation answers of the side to the question: the answers paired */
  answers: number;
  /** the rate's denominator: counted answers of the models the rate includes (min answers per model) */
  countedAnswers: number;
  misaligned: number;
  /** Figure 4's point (a group: mean of its included models' rates); null when no model is included */
  rate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  intervalMethod: IntervalKind | null;
  /** models with answers to the question, and how many of them the minimum-answers rule left out */
  models: number;
  excludedModels: number;
}

export interface SideAnswer {
  id: number;
  /** its permalink's id (lib/answers/public-id.ts) */
  publicId: string;
  aligned: number | null;
  coherent: number | null;
  verdict: SideVerdict;
  model: string;
  seed: number | null;
  sampleIndex: number;
  /** the answer's first PREVIEW characters (untrusted text) */
  text: string;
  textLength: number;
  /** the newest review label that is not "unsure" (it decides the verdict under "corrected by reviewers"), else null */
  reviewLabel: ReviewLabel | null;
}

/** Row `row` of the view: side a's row-th answer beside side b's (null past the end of the shorter side). */
export interface AnswerPair {
  row: number;
  a: SideAnswer | null;
  b: SideAnswer | null;
}

export interface PairCounts {
  /** rows with an answer on both sides: min(answers a, answers b) */
  pairs: number;
  /** of those, the pairs whose verdicts differ */
  differing: number;
  /** rows shown by the current filter (all rows incl. unpaired ones; with differ=1 the differing pairs) */
  shown: number;
}

export interface SideBySideResult {
  question: { id: number; externalId: string; paraphrases: string[]; position: number };
  a: SideSummary;
  b: SideSummary;
  counts: PairCounts;
  pairs: AnswerPair[];
  page: number;
  pageCount: number;
}

/** What the side pickers offer: the set's groups in the scope, and their models. */
export interface SideChoices {
  groups: SetGroup[];
  models: { name: string; group: string; seed: number | null }[];
}

interface Context {
  scope: ResolvedScope;
  preset: PresetId;
  method: RateMethod;
}

interface WithSet extends Context {
  set: QuestionSetSummary;
  sets: QuestionSetSummary[];
}

interface WithChoices extends WithSet {
  choices: SideChoices;
  questions: { externalId: string; position: number }[];
}

export type SideBySideView =
  | { status: "no-data"; hasQuestionSets: boolean }
  | ({ status: "unknown-set"; setName: string; sets: QuestionSetSummary[] } & Context)
  | ({ status: "set-without-answers" } & WithSet)
  | ({ status: "too-few-groups" } & WithChoices)
  | ({ status: "unknown-side"; side: "a" | "b"; ref: SideRef } & WithChoices)
  | ({ status: "same-side"; ref: SideRef } & WithChoices)
  | ({ status: "unknown-question"; question: string } & WithChoices & { a: SideRef; b: SideRef })
  | ({ status: "no-common-question" } & WithChoices & { a: SideRef; b: SideRef })
  | ({
      status: "ok";
      a: SideRef;
      b: SideRef;
      /** which parts the page chose because the URL named none: said in the UI */
      defaulted: { sides: boolean; question: boolean };
      order: SideBySideOrder;
      seed: number;
      differ: boolean;
      result: SideBySideResult;
    } & WithChoices);
