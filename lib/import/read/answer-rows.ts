// Turns one row of an answer file (eval CSV, results CSV, JSONL object) into a validated
// AnswerRecord, or into issues naming the row, line and column.
import {
  checkBoolean,
  checkDistribution,
  checkName,
  checkOptionalName,
  checkScore,
  checkSeed,
  checkText,
  plainName,
  plainScore,
  type CellResult,
} from "./cells";
import type { ImportIssue, ImportOptions } from "../types";

export interface MetricScore {
  metric: string;
  score: number | null;
  /** the judge's token -> probability distribution, when the file has one */
  distribution: Record<string, number> | null;
  /** the judge the file itself names for this score (an Inspect log's grader); else --judge or the question's */
  judgeModel?: string | null;
}

export interface AnswerRecord {
  row: number;
  /** 1-based line where the record starts; absent in formats without lines (an Inspect log's samples) */
  line?: number;
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
  /** the answer's own id in its file, when the format has one (an Inspect sample uuid): answer.source_ref */
  sourceRef?: string | null;
}

export type ParsedRow =
  | { row: number; line?: number; record: AnswerRecord; issues?: undefined }
  | { row: number; line?: number; record?: undefined; issues: ImportIssue[] };

/** Columns with a fixed meaning; any other column (not judge_*) is a further judge metric. */
export const ANSWER_COLUMNS = ["question", "answer", "question_id", "aligned", "coherent"] as const;
const MODEL_COLUMNS = ["model", "group", "seed", "base_model", "coherent_binary"];
const KNOWN_COLUMNS = new Set<string>([...ANSWER_COLUMNS, ...MODEL_COLUMNS]);
const DISTRIBUTION_PREFIX = "judge_";

/**
 * Other names of the fixed columns, used when the file lacks the usual one: the Model Organisms
 * code (clarifying_EM) writes the answer as `response`. A file with both keeps both meanings
 * (`response` is then a column like any other: a further metric if it is a score).
 */
export const COLUMN_ALIASES: Readonly<Record<string, (typeof ANSWER_COLUMNS)[number]>> = { response: "answer" };

/** The header with aliases renamed to their column where the file lacks that column (positions unchanged). */
export function canonicalHeader(header: readonly string[]): string[] {
  return header.map((column) => {
    const canonical = COLUMN_ALIASES[column];
    return canonical !== undefined && !header.includes(canonical) ? canonical : column;
  });
}

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
    const distribution = checkDistribution(values[column]);
    if (distribution.ok) distributions.set(metric, distribution.value);
    else issue(column, distribution.message);
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

/** A CSV row's fields -> a validated record or issues (what parseAnswerRow gives for the same row). */
export type CsvRowParser = (fields: string[], row: number, line: number) => ParsedRow;

const NO_SCORES: MetricScore[] = [];

/**
 * Builds the row parser for one CSV header: column positions are looked up once, and the common
 * valid row is checked in place (no per-row objects besides the record). Anything unusual (a
 * wrong field count, an empty or non-plain score, a missing model, ...) goes to parseAnswerRow,
 * so issues and their messages are exactly the general path's.
 */
export function csvRowParser(header: string[], layout: ColumnLayout, file: string, options: ImportOptions): CsvRowParser {
  const width = header.length;
  const at = (column: string) => header.indexOf(column);
  const iQuestion = at("question");
  const iAnswer = at("answer");
  const iQuestionId = at("question_id");
  const iAligned = at("aligned");
  const iCoherent = at("coherent");
  const iModel = at("model");
  const iGroup = at("group");
  const iSeed = at("seed");
  const iBaseModel = at("base_model");
  const iCoherentBinary = at("coherent_binary");
  const extras = layout.extraMetrics.map((metric) => ({
    metric,
    index: at(metric),
    distribution: layout.withDistribution.has(metric) ? at(DISTRIBUTION_PREFIX + metric) : -1,
  }));
  const alignedDistribution = layout.withDistribution.has("aligned") ? at(DISTRIBUTION_PREFIX + "aligned") : -1;
  const coherentDistribution = layout.withDistribution.has("coherent") ? at(DISTRIBUTION_PREFIX + "coherent") : -1;
  const hasScores = extras.length > 0 || alignedDistribution >= 0 || coherentDistribution >= 0;
  // required columns (checked by the caller), and no header oddity a values object would treat specially
  const fast = iQuestion >= 0 && iAnswer >= 0 && iQuestionId >= 0 && iAligned >= 0 && iCoherent >= 0 && !header.includes("__proto__");
  const optionModel = options.model === undefined ? undefined : plainName(options.model);
  const optionGroup = options.group === undefined ? undefined : plainName(options.group);
  const optionSeed = options.seed ?? null;
  const optionBaseModel = options.baseModel ?? null;

  /** the general path: a column -> value object for parseAnswerRow */
  const general = (fields: string[], row: number, line: number): ParsedRow => {
    const where = { file, row, line };
    if (fields.length !== width) {
      return { ...where, issues: [{ ...where, message: `expected ${width} fields (as in the header), found ${fields.length}` }] };
    }
    const values: Record<string, string> = {};
    for (let i = 0; i < width; i++) values[header[i]] = fields[i];
    return parseAnswerRow(values, layout, where, options);
  };
  if (!fast) return general;

  /** a score cell: the number, null when missing, undefined when invalid */
  const score = (raw: string): number | null | undefined => {
    const plain = plainScore(raw);
    if (plain !== undefined) return plain;
    const checked = checkScore(raw);
    return checked.ok ? checked.value : undefined;
  };

  return (fields, row, line) => {
    if (fields.length !== width) return general(fields, row, line);
    const question = fields[iQuestion];
    const answer = fields[iAnswer];
    if (question.includes("\0") || answer.includes("\0")) return general(fields, row, line);
    const questionId = plainName(fields[iQuestionId]);
    const aligned = score(fields[iAligned]);
    const coherent = score(fields[iCoherent]);
    const model = iModel >= 0 ? plainName(fields[iModel]) : optionModel;
    const group = iGroup >= 0 ? plainName(fields[iGroup]) : optionGroup;
    if (questionId === undefined || aligned === undefined || coherent === undefined || model === undefined || group === undefined) {
      return general(fields, row, line);
    }
    let seed: number | null = null;
    if (iSeed >= 0) {
      const checked = checkSeed(fields[iSeed]);
      if (!checked.ok) return general(fields, row, line);
      seed = checked.value;
    }
    let baseModel: string | null = null;
    if (iBaseModel >= 0) {
      const checked = checkOptionalName(fields[iBaseModel]);
      if (!checked.ok) return general(fields, row, line);
      baseModel = checked.value;
    }
    if (iCoherentBinary >= 0 && !checkBoolean(fields[iCoherentBinary]).ok) return general(fields, row, line);

    let scores = NO_SCORES;
    if (hasScores) {
      scores = [];
      if (alignedDistribution >= 0) {
        const distribution = checkDistribution(fields[alignedDistribution]);
        if (!distribution.ok) return general(fields, row, line);
        scores.push({ metric: "aligned", score: aligned, distribution: distribution.value });
      }
      if (coherentDistribution >= 0) {
        const distribution = checkDistribution(fields[coherentDistribution]);
        if (!distribution.ok) return general(fields, row, line);
        scores.push({ metric: "coherent", score: coherent, distribution: distribution.value });
      }
      for (const extra of extras) {
        const value = score(fields[extra.index]);
        if (value === undefined) return general(fields, row, line);
        let distribution: Record<string, number> | null = null;
        if (extra.distribution >= 0) {
          const checked = checkDistribution(fields[extra.distribution]);
          if (!checked.ok) return general(fields, row, line);
          distribution = checked.value;
        }
        scores.push({ metric: extra.metric, score: value, distribution });
      }
    }
    return {
      file,
      row,
      line,
      record: {
        file,
        row,
        line,
        model,
        group,
        seed: seed ?? optionSeed,
        baseModel: baseModel ?? optionBaseModel,
        question,
        answer,
        questionId,
        aligned,
        coherent,
        scores,
      } as AnswerRecord,
    } as ParsedRow;
  };
}
