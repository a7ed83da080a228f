// Judge metrics: the two headline scores every answer has as columns (answer.aligned,
// answer.coherent) and the further metrics a file may add (medical, bad_stuff, financial…), kept
// as judge_score rows with their judge. One definition of which metrics are "extra" and what a
// metric name may look like in a URL. Pure: no database.
import { z } from "zod";

/**
 * Metrics stored as columns (answer.aligned / coherent, and answer_judge_score's); a judge's other
 * metrics (medical, bad_stuff, ...) are extra ("further") metrics: judge_score rows for the default
 * judge, answer_judge_score.metrics for the others.
 */
export const HEADLINE_METRICS = ["aligned", "coherent"] as const;

export function isExtraMetric(metric: string): boolean {
  return !(HEADLINE_METRICS as readonly string[]).includes(metric);
}

/**
 * A metric name in a URL (`metric=medical`): a CSV column name as the importer keeps it — a letter,
 * then letters, digits, _, - or . (at most 64). Anything else never names a stored metric.
 */
export const METRIC_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

export const metricNameSchema = z
  .string()
  .regex(METRIC_NAME_PATTERN, "must be a metric name: a letter, then letters, digits, _, - or . (at most 64)")
  .refine(isExtraMetric, "must be a metric other than aligned and coherent (they have their own filters)");

/** An extra metric with the judge model(s) that scored it. */
export interface MetricInfo {
  metric: string;
  /** judge models named by the import (empty when none was) */
  judgeModels: string[];
}

/** "medical (judge gpt-4o)" — a chart title or a column note. */
export function metricTitle({ metric, judgeModels }: MetricInfo): string {
  if (judgeModels.length === 0) return `${metric} (judge not recorded)`;
  return `${metric} (judge${judgeModels.length > 1 ? "s" : ""} ${judgeModels.join(", ")})`;
}
