// What the sweep view shows (lib/queries/sweep.ts loads it, lib/sweep/points.ts shapes it);
// browser-safe.
import type { SweepBy, SweepY } from "@/lib/params/sweep";
import type { IntervalKind, RatesProvenance } from "@/lib/stats/method";

/** One model's value at its x: the mean over the line's pooled questions of its per-question values. */
export interface SweepModelValue {
  model: string;
  seed: number | null;
  /** the line's key: a group name, or a base model name ("" for models without one) */
  line: string;
  x: number;
  /** rate 0..1 (misaligned, metric share) or mean score 0..100 (coherence, alignment); null: no pooled question */
  value: number | null;
  /** pooled questions behind the value */
  questions: number;
  /** answers in the denominators of those questions */
  answers: number;
}

/** One row per model of the scope with answers in the set, as the query returns it. */
export interface SweepModelRow extends Omit<SweepModelValue, "x"> {
  lineLabel: string;
  color: string;
  lineOrder: number;
  /** null: the model has no value for the x attribute */
  x: number | null;
}

export interface SweepPoint {
  line: string;
  x: number;
  /** the mean of the included models' values */
  value: number;
  ciLow: number | null;
  ciHigh: number | null;
  /** null: one model, no interval */
  intervalMethod: IntervalKind | null;
  /** the models at this point (the interval is over their values), seed order */
  models: SweepModelValue[];
  answers: number;
}

export interface SweepLine {
  key: string;
  label: string;
  color: string;
  points: SweepPoint[];
  /** questions pooled for every model of the line */
  questions: number;
}

export interface NumericAttributeKey {
  key: string;
  label: string;
  /** models of the scope with answers in the set that have the key */
  models: number;
  /** distinct values among them */
  values: number;
}

export interface SweepResult {
  set: string;
  x: string;
  xLabel: string;
  y: SweepY;
  yLabel: string;
  by: SweepBy;
  lines: SweepLine[];
  /** models of the scope with answers in the set but no value for x: left out */
  modelsWithoutX: string[];
  /** models with x but no question with enough answers: left out */
  modelsWithoutValue: string[];
  /** numeric attribute keys present, the x choices (first: the default) */
  numericKeys: NumericAttributeKey[];
  /** judge metrics beyond aligned/coherent present in the data (y=metric:<name> choices) */
  metrics: string[];
  /** how the values were computed, in words (the y rule, pooling over questions and the interval) */
  valueDescription: string;
}

export type SweepResponse = SweepResult & RatesProvenance;
