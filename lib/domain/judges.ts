// Judges (issue 11, item 1): a score belongs to (answer, metric, judge).
//
// The default judge is the one the question file names (question.judge_model, e.g. "gpt-4o"): its
// scores are the answer's own columns, which every fast path reads. Any other judge's headline
// scores come from a judge-scores import (`npm run import -- --judge-scores --judge NAME FILE`,
// lib/import/judge-scores.ts) into answer_judge_score. Shared by the importer, the URL codecs and the
// controls, so it holds no database code.
import { z } from "zod";

/** What the default judge is called where the question file names none. */
export const FILE_JUDGE_LABEL = "file's judge";

/**
 * A further judge's name, as a URL parameter and a CLI flag carry it: model-name characters only
 * (gpt-4o-mini, claude-3-5-sonnet@20241022, meta-llama/Llama-3.1-70B), at most 100 of them.
 */
export const JUDGE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,99}$/;

export const judgeNameSchema = z
  .string()
  .trim()
  .regex(JUDGE_NAME_PATTERN, "must be a judge's name: letters, digits and . _ : / @ + - (at most 100, starting with a letter or digit)");

/**
 * answer_judge_score.metrics (a further judge's metric -> score or null, lib/import/judge-scores.ts)
 * as a list by metric name; anything but a finite number reads as no score.
 */
export function furtherMetricsOf(value: unknown): { metric: string; score: number | null }[] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value)
    .map(([metric, score]) => ({ metric, score: typeof score === "number" && Number.isFinite(score) ? score : null }))
    .sort((a, b) => a.metric.localeCompare(b.metric));
}

/** The default judge's display name: the question file's judge model, else "file's judge". */
export function defaultJudgeLabel(questionJudgeModels: readonly (string | null)[]): string {
  const named = [...new Set(questionJudgeModels.filter((name): name is string => !!name))].sort();
  return named.length ? named.join(" / ") : FILE_JUDGE_LABEL;
}
