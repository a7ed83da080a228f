// SQL twin of lib/stats/histogram.ts binIndex: the bin of a score column, NULL when the score is
// missing (PostgreSQL's least/greatest ignore NULLs, so the CASE keeps a missing score missing).
// Also the extra judge metrics (judge_score rows beyond aligned/coherent: medical, bad_stuff…):
// which exist, and their histograms in the same bins, counted in SQL.
import "server-only";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { int4, queryRows } from "@/lib/db/rows";
import { evaluationAnswerSql } from "@/lib/db/rate-rule";
import { HEADLINE_METRICS } from "@/lib/domain/metrics";
import type { MetricHistogram } from "@/lib/models/types";
import type { BaseScope } from "@/lib/scope/types";
import { binCount, histogramFromCounts } from "@/lib/stats/histogram";
import { modelInScopeSql } from "./scope";

export type ScoreColumn = "aligned" | "coherent";

const metricRow = z.strictObject({ metric: z.string() });

const metricBinRow = z.strictObject({
  metric: z.string(),
  bin: int4.nullable(),
  count: int4,
  judgeModels: z.array(z.string()).nullable(),
});

/** The bin of a score expression for the given width (an integer that divides 100); NULL stays NULL. */
function binOfSql(ref: Prisma.Sql, width: number): Prisma.Sql {
  const last = binCount(width) - 1;
  return Prisma.sql`CASE WHEN ${ref} IS NULL THEN NULL
                         ELSE least(greatest(floor(${ref} / ${width}::int)::int, 0), ${last}::int) END`;
}

/** `a.<column>`'s bin for the given width; the width is an integer that divides 100. */
export function scoreBinSql(column: ScoreColumn, width: number): Prisma.Sql {
  return binOfSql(Prisma.raw(`a.${column === "aligned" ? "aligned" : "coherent"}`), width);
}

/** SQL list of the headline metrics, for `metric NOT IN (...)`. */
export const headlineMetricsSql = Prisma.join(HEADLINE_METRICS.map((metric) => Prisma.sql`${metric}`));

/**
 * Every extra metric in the database, by name. A loose index scan of judge_score(metric): one
 * index probe per distinct metric, where DISTINCT reads every row of the index (judge_score holds
 * a row per answer for aligned and coherent when the file has their distributions).
 */
export async function listExtraMetrics(prisma: PrismaClient): Promise<string[]> {
  const rows = await queryRows(
    prisma,
    "listExtraMetrics",
    metricRow,
    Prisma.sql`
    WITH RECURSIVE metrics AS (
      (SELECT j.metric FROM judge_score j ORDER BY j.metric LIMIT 1)
      UNION ALL
      SELECT (SELECT j.metric FROM judge_score j WHERE j.metric > metrics.metric ORDER BY j.metric LIMIT 1)
        FROM metrics WHERE metrics.metric IS NOT NULL
    )
    SELECT metric FROM metrics WHERE metric IS NOT NULL AND metric NOT IN (${headlineMetricsSql}) ORDER BY metric`,
  );
  return rows.map((row) => row.metric);
}

/** Which evaluation answers a metric histogram counts: a model's, a set's, a question's, a scope's models' (all given must hold). */
export interface MetricSelection {
  modelId?: number;
  setId?: number;
  questionId?: number;
  scope?: BaseScope;
}

/**
 * Histograms of every extra metric of the selected evaluation answers (by metric name), in the
 * bins of the aligned/coherent histograms. `metric NOT IN (aligned, coherent)` is the predicate of
 * the partial index judge_score_extra_metric_idx (migration 20261202120000_judge_score_extra_metrics:
 * 16-20 ms instead of 240-290 ms for a question's histogram at 192,000 answers). An answer counts for a metric when it has a judge_score
 * row for it (its file had the column); a row without a number is "missing". Answers of files
 * without the column are not in that metric's histogram at all.
 */
export async function getMetricHistograms(
  prisma: PrismaClient,
  { selection, binWidth }: { selection: MetricSelection; binWidth: number },
): Promise<MetricHistogram[]> {
  const conditions: Prisma.Sql[] = [evaluationAnswerSql("a"), Prisma.sql`j.metric NOT IN (${headlineMetricsSql})`];
  if (selection.modelId !== undefined) conditions.push(Prisma.sql`a.model_id = ${selection.modelId}::int`);
  if (selection.questionId !== undefined) conditions.push(Prisma.sql`a.question_id = ${selection.questionId}::int`);
  if (selection.setId !== undefined) conditions.push(Prisma.sql`q.set_id = ${selection.setId}::int`);
  if (selection.scope !== undefined) conditions.push(modelInScopeSql(selection.scope));
  const rows = await queryRows(
    prisma,
    "getMetricHistograms",
    metricBinRow,
    Prisma.sql`
    SELECT j.metric, ${binOfSql(Prisma.sql`j.score`, binWidth)} AS bin, count(*)::int AS count,
           array_agg(DISTINCT j.judge_model) FILTER (WHERE j.judge_model IS NOT NULL) AS "judgeModels"
      FROM answer a
      JOIN question q ON q.id = a.question_id
      JOIN model m ON m.id = a.model_id
      JOIN judge_score j ON j.answer_id = a.id
     WHERE ${Prisma.join(conditions, " AND ")}
     GROUP BY j.metric, 2
     ORDER BY j.metric`,
  );
  const byMetric = new Map<string, { rows: { bin: number | null; count: number }[]; judges: Set<string> }>();
  for (const row of rows) {
    let entry = byMetric.get(row.metric);
    if (!entry) byMetric.set(row.metric, (entry = { rows: [], judges: new Set() }));
    entry.rows.push({ bin: row.bin, count: row.count });
    for (const judge of row.judgeModels ?? []) entry.judges.add(judge);
  }
  return [...byMetric].map(([metric, entry]) => ({
    metric,
    judgeModels: [...entry.judges].sort(),
    histogram: histogramFromCounts(entry.rows, binWidth),
  }));
}
