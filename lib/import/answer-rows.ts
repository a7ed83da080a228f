// Turns one row of an answer file (eval CSV, results CSV, JSONL object) into a validated
// AnswerRecord, or into issues naming the row, line and column.
import { checkBoolean, checkName, checkOptionalName, checkScore, checkSeed, checkText, distributionCell, type CellResult } from "./cells";
import type { ImportIssue, ImportOptions } from "./types";

export interface MetricScore {
  metric: string;
  score: number | null;
  /** the judge's token -> probability distribution, when the file has one */
  distribution: Record<string, number> | null;
}

export interface AnswerRecord {
  row: number;
  line: number;
  model: string;
  group: string;
  seed: number | null;
  baseModel: string | null;
  /** the question text exactly as asked (answer.prompt) */
  question: string;
  answer: string;
  questionId: string;
  aligned: number | null;
  coherent: number | null;
  /** judge_score rows to write: aligned/coherent only with a distribution, plus further metrics */
  scores: MetricScore[];
}

export type ParsedRow =
  | { row: number; line: number; record: AnswerRecord; issues?: undefined }
  | { row: number; line: number; record?: undefined; issues: ImportIssue[] };

/** Columns with a fixed meaning; any other column (not judge_*) is a further judge metric. */
export const ANSWER_COLUMNS = ["question", "answer", "question_id", "aligned", "coherent"] as const;
const MODEL_COLUMNS = ["model", "group", "seed", "base_model", "coherent_binary"];
const KNOWN_COLUMNS = new Set<string>([...ANSWER_COLUMNS, ...MODEL_COLUMNS]);
const DISTRIBUTION_PREFIX = "judge_";

/** Which metric and distribution columns a file (CSV header, or one JSONL object's keys) has. */
export interface ColumnLayout {
  /** metrics beyond aligned/coherent, e.g. bad_stuff, medical */
  extraMetrics: string[];
  /** metrics (aligned, coherent, extra) that come with a judge_<metric> distribution column */
  withDistribution: Set<string>;
}

export function columnLayout(columns: string[]): { layout: ColumnLayout; problems: { column: string; message: string }[] } {
  const present = new Set(columns);
  const extraMetrics = columns.filter((c) => !KNOWN_COLUMNS.has(c) && !c.startsWith(DISTRIBUTION_PREFIX) && c !== "");
  const metrics = new Set<string>(["aligned", "coherent", ...extraMetrics]);
  const withDistribution = new Set<string>();
  const problems: { column: string; message: string }[] = [];
  for (const column of columns) {
    if (!column.startsWith(DISTRIBUTION_PREFIX)) continue;
    const metric = column.slice(DISTRIBUTION_PREFIX.length);
    if (metrics.has(metric) && present.has(metric)) withDistribution.add(metric);
    else problems.push({ column, message: `a judge distribution column needs its score column "${metric}", which the file lacks` });
  }
  return { layout: { extraMetrics, withDistribution }, problems };
}

/** The fixed columns' checks, in the order their issues are reported. */
const ROW_CHECKS = {
  question: checkText,
  answer: checkText,
  question_id: checkName,
  aligned: checkScore,
  coherent: checkScore,
  model: checkName,
  group: checkName,
  seed: checkSeed,
  base_model: checkOptionalName,
  coherent_binary: checkBoolean,
} as const;
type RowValues = { [K in keyof typeof ROW_CHECKS]: (typeof ROW_CHECKS)[K] extends (raw: unknown) => CellResult<infer T> ? T : never };

/**
 * Validates one row. `values` maps column -> raw value; model, group, seed and base model fall
 * back to the command-line options (the eval.py CSV has none of them).
 */
export function parseAnswerRow(
  values: Record<string, unknown>,
  layout: ColumnLayout,
  where: { file: string; row: number; line: number },
  options: ImportOptions,
): ParsedRow {
  const issues: ImportIssue[] = [];
  const issue = (column: string | undefined, message: string) => issues.push({ ...where, column, message });

  const merged: Record<string, unknown> = {
    ...values,
    model: values.model ?? options.model,
    group: values.group ?? options.group,
    // optional columns: absent means missing (the checks treat undefined as a wrong value)
    seed: values.seed ?? null,
    base_model: values.base_model ?? null,
    coherent_binary: values.coherent_binary ?? null,
  };
  for (const [column, option] of [
    ["model", "--model"],
    ["group", "--group"],
  ] as const) {
    if (merged[column] === undefined) issue(column, `missing: the file has no ${column} and ${option} was not given`);
  }
  if (issues.length) return { ...where, issues };

  const extraScores: { metric: string; score: number | null }[] = [];
  for (const metric of layout.extraMetrics) {
    const score = checkScore(values[metric]);
    if (score.ok) extraScores.push({ metric, score: score.value });
    else issue(metric, score.message);
  }
  const distributions = new Map<string, Record<string, number> | null>();
  for (const metric of layout.withDistribution) {
    const column = DISTRIBUTION_PREFIX + metric;
    const distribution = distributionCell.safeParse(values[column]);
    if (distribution.success) distributions.set(metric, distribution.data);
    else for (const problem of distribution.error.issues) issue(column, problem.message);
  }
  const data = {} as Record<string, unknown>;
  for (const column in ROW_CHECKS) {
    const result = ROW_CHECKS[column as keyof typeof ROW_CHECKS](merged[column]);
    if (result.ok) data[column] = result.value;
    else issue(column, result.message);
  }
  if (issues.length) return { ...where, issues };
  return validRecord(where, data as RowValues, distributions, extraScores, options);
}

function validRecord(
  where: { file: string; row: number; line: number },
  data: RowValues,
  distributions: Map<string, Record<string, number> | null>,
  extraScores: { metric: string; score: number | null }[],
  options: ImportOptions,
): ParsedRow {
  const scores: MetricScore[] = [];
  for (const metric of ["aligned", "coherent"] as const) {
    if (distributions.has(metric)) scores.push({ metric, score: data[metric], distribution: distributions.get(metric) ?? null });
  }
  for (const { metric, score } of extraScores) {
    scores.push({ metric, score, distribution: distributions.get(metric) ?? null });
  }
  return {
    ...where,
    record: {
      ...where,
      model: data.model,
      group: data.group,
      seed: data.seed ?? options.seed ?? null,
      baseModel: data.base_model ?? options.baseModel ?? null,
      question: data.question,
      answer: data.answer,
      questionId: data.question_id,
      aligned: data.aligned,
      coherent: data.coherent,
      scores,
    },
  };
}
