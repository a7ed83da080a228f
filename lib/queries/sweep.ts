// The sweep view: a value per model (Figure 4's misalignment rate, a mean score, or a metric's share
// above a threshold) against a numeric model attribute (LoRA rank, size, epochs, checkpoint step),
// one line per group or base model, within one base-model scope and question set.
// Per (model, question) in SQL: for P(misaligned) exactly Figure 4's counts (perModelQuestionSql:
// the score histogram with the rule of lib/db/rate-rule.ts and the method's thresholds and
// denominator) and its inclusion rule (modelIncludedSql: at least `min` answers in the
// denominator); for scores and metrics the same shape counted from the answers. Then, still in SQL,
// each model's value is the mean over the questions every model of its line has a value on — the
// pooling rule of Figure 4's overall rate (getGroupOverallRates), with the line in place of the
// group. One row per model comes back; the points (mean and interval over the few models at one x)
// are made in lib/sweep/points.ts.
import "server-only";
import { cachedPerDataVersion } from "@/lib/cache/data-version";
import { ApiError } from "@/lib/api/errors";
import { attributeAxisLabel, attributeInfo, KNOWN_ATTRIBUTES } from "@/lib/domain/attributes";
import { groupStyle } from "@/lib/domain/groups";
import { evaluationAnswerSql, modelIncludedSql } from "@/lib/db/rate-rule";
import { answerPairCountsSql } from "@/lib/db/score-histogram";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { float8, int4, queryRows } from "@/lib/db/rows";
import { sweepViewOf, type SweepBy, type SweepParams, type SweepY } from "@/lib/params/sweep";
import type { ResolvedScope, BaseScope } from "@/lib/scope/types";
import type { QuestionSetSummary } from "@/lib/sets/types";
import { defaultSet } from "@/lib/sets/default";
import { methodProvenance, type PresetId, type RateMethod } from "@/lib/stats/method";
import { buildSweepLines, describeSweepValues, sweepYLabel } from "@/lib/sweep/points";
import type { NumericAttributeKey, SweepModelRow, SweepResponse } from "@/lib/sweep/types";
import { perModelQuestionSql } from "./rates";
import { checkJudge } from "./judges";
import { scoredAnswersSql } from "@/lib/db/score-source";
import { judgeScoresOf } from "@/lib/domain/score-source";
import { modelInScopeSql, resolveScope } from "./scope";
import { listQuestionSets } from "./sets";

const attributeKeyRow = z.strictObject({ key: z.string(), models: int4, values: int4 });

const metricRow = z.strictObject({ metric: z.string() });

const sweepModelRow = z.strictObject({
  model: z.string(),
  seed: int4.nullable(),
  line: z.string(),
  groupLabel: z.string(),
  groupColor: z.string(),
  lineOrder: int4,
  x: float8.nullable(),
  value: float8.nullable(),
  questions: int4,
  answers: int4,
});

/** The line label of models without a base model (by=base). */
export const UNKNOWN_BASE_LABEL = "base model unknown";

const modelHasAnswersInSetSql = (setId: number) => Prisma.sql`EXISTS (
  SELECT 1 FROM ${answerPairCountsSql} pc JOIN question q ON q.id = pc.question_id
   WHERE pc.model_id = m.id AND q.set_id = ${setId}::int)`;

/**
 * Numeric attribute keys of the scope's models with answers in the set: the keys with most distinct
 * values first (a key with one value is no sweep), then the known keys' order, then by name.
 */
export async function listNumericAttributeKeys(prisma: PrismaClient, setId: number, scope: BaseScope): Promise<NumericAttributeKey[]> {
  const rows = await queryRows(
    prisma,
    "listNumericAttributeKeys",
    attributeKeyRow,
    Prisma.sql`
    SELECT a.key, count(DISTINCT a.model_id)::int AS models, count(DISTINCT a.num_value)::int AS values
      FROM model_attribute a
      JOIN model m ON m.id = a.model_id
     WHERE a.num_value IS NOT NULL AND ${modelInScopeSql(scope)} AND ${modelHasAnswersInSetSql(setId)}
     GROUP BY a.key`,
  );
  const known = Object.keys(KNOWN_ATTRIBUTES);
  const rank = (key: string) => (known.includes(key) ? known.indexOf(key) : known.length);
  return rows
    .sort((a, b) => b.values - a.values || rank(a.key) - rank(b.key) || a.key.localeCompare(b.key))
    .map((row) => ({ ...row, label: attributeInfo(row.key).label }));
}

/**
 * Judge metrics beyond aligned and coherent (y=metric:<name>), by name. A loose index scan (one
 * probe of judge_score's metric index per distinct metric) instead of SELECT DISTINCT, which reads
 * every judge_score row — a few per answer — on each page load.
 */
export async function listJudgeMetrics(prisma: PrismaClient): Promise<string[]> {
  const rows = await queryRows(
    prisma,
    "listJudgeMetrics",
    metricRow,
    Prisma.sql`
    WITH RECURSIVE metrics AS (
      (SELECT metric FROM judge_score ORDER BY metric LIMIT 1)
      UNION ALL
      SELECT (SELECT s.metric FROM judge_score s WHERE s.metric > metrics.metric ORDER BY s.metric LIMIT 1)
        FROM metrics WHERE metrics.metric IS NOT NULL
    )
    SELECT metric FROM metrics WHERE metric IS NOT NULL AND metric NOT IN ('aligned', 'coherent') ORDER BY metric`,
  );
  return rows.map((row) => row.metric);
}

/**
 * One row per (model, question) of the set with evaluation answers: `value_sum` / `n` is the
 * model's value on the question, `n` the answers in its denominator (what `min` is checked on).
 */
function perModelQuestionValueSql(setId: number, y: SweepY, method: RateMethod): Prisma.Sql {
  // means of scores read the source's judge; a reviewer's label is a verdict, not a score, so it
  // corrects P(misaligned) only (its ±Infinity would make a mean infinite)
  const judged = scoredAnswersSql(judgeScoresOf(method.source));
  const answersOfSet = Prisma.sql`FROM ${judged} a JOIN question q ON q.id = a.question_id
     WHERE q.set_id = ${setId}::int AND ${evaluationAnswerSql("a")}`;
  switch (y.kind) {
    case "misaligned":
      return Prisma.sql`SELECT pm.model_id, pm.question_id, pm.misaligned::float8 AS value_sum, pm.answers AS n
        FROM (${perModelQuestionSql(setId, method)}) pm`;
    case "coherence":
    case "alignment": {
      const column = Prisma.raw(y.kind === "coherence" ? "a.coherent" : "a.aligned");
      return Prisma.sql`SELECT a.model_id, a.question_id, sum(${column}) AS value_sum, count(${column})::int AS n
        ${answersOfSet} GROUP BY a.model_id, a.question_id`;
    }
    case "metric":
      // the threshold travels as text, as in lib/db/rate-rule.ts (Prisma rounds some doubles)
      return Prisma.sql`SELECT a.model_id, a.question_id,
               (count(*) FILTER (WHERE s.score > ${String(y.above)}::float8))::float8 AS value_sum,
               count(s.score)::int AS n
          FROM ${judged} a
          JOIN question q ON q.id = a.question_id
          JOIN judge_score s ON s.answer_id = a.id AND s.metric = ${y.metric}
         WHERE q.set_id = ${setId}::int AND ${evaluationAnswerSql("a")}
         GROUP BY a.model_id, a.question_id`;
  }
}

/**
 * Every model of the scope with answers in the set: its line, its x value (null without the
 * attribute) and its value (null without a pooled question), in line order, x, seed.
 */
export async function getSweepModelRows(
  prisma: PrismaClient,
  { setId, x, y, by, method, scope }: { setId: number; x: string; y: SweepY; by: SweepBy; method: RateMethod; scope: BaseScope },
): Promise<SweepModelRow[]> {
  const line = by === "group" ? Prisma.sql`g.name` : Prisma.sql`coalesce(m.base_model, '')`;
  const rows = await queryRows(
    prisma,
    "getSweepModelRows",
    sweepModelRow,
    Prisma.sql`
    WITH per_mq AS (${perModelQuestionValueSql(setId, y, method)}),
    scoped AS (
      SELECT m.id AS model_id, m.name AS model, m.seed, ${line} AS line, g.label AS group_label, g.color AS group_color,
             ${by === "group" ? Prisma.sql`g.display_order` : Prisma.sql`0`} AS line_order, attr.num_value AS x
        FROM model m
        JOIN model_group g ON g.id = m.group_id
        LEFT JOIN model_attribute attr ON attr.model_id = m.id AND attr.key = ${x} AND attr.num_value IS NOT NULL
       WHERE ${modelInScopeSql(scope)} AND ${modelHasAnswersInSetSql(setId)}
    ),
    included AS (
      SELECT pm.model_id, pm.question_id, s.line, pm.value_sum / pm.n AS value, pm.n
        FROM per_mq pm
        JOIN scoped s ON s.model_id = pm.model_id
       WHERE s.x IS NOT NULL AND ${modelIncludedSql(Prisma.sql`pm.n`, method.minAnswers)}
    ),
    line_models AS (
      SELECT line, count(DISTINCT model_id) AS models FROM included GROUP BY line
    ),
    common AS (
      -- the questions every model of the line (with x and a value somewhere) has a value on
      SELECT i.line, i.question_id
        FROM included i
        JOIN line_models lm ON lm.line = i.line
       GROUP BY i.line, i.question_id, lm.models
      HAVING count(*) = lm.models
    ),
    model_mean AS (
      SELECT i.model_id, avg(i.value) AS value, count(*)::int AS questions, sum(i.n)::int AS answers
        FROM included i
        JOIN common c ON c.line = i.line AND c.question_id = i.question_id
       GROUP BY i.model_id
    )
    SELECT s.model, s.seed, s.line, s.group_label AS "groupLabel", s.group_color AS "groupColor", s.line_order AS "lineOrder", s.x,
           mm.value, coalesce(mm.questions, 0) AS questions, coalesce(mm.answers, 0) AS answers
      FROM scoped s
      LEFT JOIN model_mean mm ON mm.model_id = s.model_id
     ORDER BY s.line_order, s.line, s.x NULLS LAST, s.seed NULLS LAST, s.model`,
  );
  return rows.map(({ groupLabel, groupColor, ...row }) => ({
    ...row,
    lineLabel: by === "group" ? groupLabel : row.line === "" ? UNKNOWN_BASE_LABEL : row.line,
    color: by === "group" ? groupColor : groupStyle(row.line === "" ? "unknown" : row.line).color,
  }));
}

interface SweepContext {
  sets: QuestionSetSummary[];
  scope: ResolvedScope;
  preset: PresetId;
  method: RateMethod;
}

export type SweepView =
  | { status: "no-data"; hasQuestionSets: boolean }
  | ({ status: "unknown-set"; set: string } & SweepContext)
  | ({ status: "set-without-answers"; set: QuestionSetSummary } & SweepContext)
  | ({ status: "no-numeric-attributes"; set: QuestionSetSummary; metrics: string[] } & SweepContext)
  | ({ status: "unknown-x"; x: string; set: QuestionSetSummary; numericKeys: NumericAttributeKey[]; metrics: string[] } & SweepContext)
  | ({
      status: "unknown-metric";
      metric: string;
      set: QuestionSetSummary;
      numericKeys: NumericAttributeKey[];
      metrics: string[];
    } & SweepContext)
  | ({ status: "ok"; set: QuestionSetSummary; sweep: SweepResponse } & SweepContext);

/** Resolves the URL's set, scope, method, x and y (with the defaults) and computes the sweep. */
export const resolveSweepView = cachedPerDataVersion(
  "resolveSweepView",
  async function resolveSweepView(prisma: PrismaClient, params: SweepParams): Promise<SweepView> {
    const view = sweepViewOf(params);
    await checkJudge(prisma, view.method.source);
    const [sets, scope] = await Promise.all([listQuestionSets(prisma), resolveScope(prisma, view.base, view.attributes)]);
    const context: SweepContext = { sets, scope, preset: view.preset, method: view.method };
    const set = params.set ? sets.find((candidate) => candidate.name === params.set) : defaultSet(sets);
    if (!set) {
      return params.set ? { status: "unknown-set", set: params.set, ...context } : { status: "no-data", hasQuestionSets: sets.length > 0 };
    }
    if (set.answers === 0) return { status: "set-without-answers", set, ...context };
    const [numericKeys, metrics] = await Promise.all([listNumericAttributeKeys(prisma, set.id, scope.scope), listJudgeMetrics(prisma)]);
    if (view.y.kind === "metric" && !metrics.includes(view.y.metric)) {
      return { status: "unknown-metric", metric: view.y.metric, set, numericKeys, metrics, ...context };
    }
    if (view.x !== undefined && !numericKeys.some((key) => key.key === view.x)) {
      return { status: "unknown-x", x: view.x, set, numericKeys, metrics, ...context };
    }
    if (numericKeys.length === 0) return { status: "no-numeric-attributes", set, metrics, ...context };
    const x = view.x ?? numericKeys[0].key;
    const rows = await getSweepModelRows(prisma, { setId: set.id, x, y: view.y, by: view.by, method: view.method, scope: scope.scope });
    const built = buildSweepLines(rows, view.y, view.method.interval);
    return {
      status: "ok",
      set,
      ...context,
      sweep: {
        set: set.name,
        x,
        xLabel: attributeAxisLabel(x),
        y: view.y,
        yLabel: sweepYLabel(view.y),
        by: view.by,
        ...built,
        numericKeys,
        metrics,
        valueDescription: describeSweepValues(view.y, view.method),
        ...methodProvenance(view, scope),
      },
    };
  },
);

function scopeWords(scope: ResolvedScope): string {
  return scope.scope.kind === "named" ? `base model "${scope.label}"` : scope.label;
}

/** The sweep of a request's params, for the JSON endpoint; throws the ApiError of a view that cannot be computed. */
export const sweepOrError = cachedPerDataVersion(
  "sweepOrError",
  async function sweepOrError(prisma: PrismaClient, params: SweepParams): Promise<SweepResponse> {
    const view = await resolveSweepView(prisma, params);
    switch (view.status) {
      case "ok":
        return view.sweep;
      case "no-data":
        throw new ApiError("not-found", "No question set has answers yet: import evaluation results first");
      case "unknown-set":
        throw new ApiError("not-found", `Unknown question set "${view.set}"`);
      case "set-without-answers":
        throw new ApiError("not-found", `Question set "${view.set.name}" has no answers yet`);
      case "no-numeric-attributes":
        throw new ApiError(
          "not-found",
          `No model of ${scopeWords(view.scope)} with answers in "${view.set.name}" has a numeric attribute (lora_rank, size_b, ...): import its files with attributes`,
        );
      case "unknown-x": {
        const known = view.numericKeys.map((key) => key.key).join(", ") || "none";
        throw new ApiError(
          "invalid-parameter",
          `x "${view.x}" is no numeric attribute of the models of ${scopeWords(view.scope)} (known: ${known})`,
          {
            issues: [{ parameter: "x", message: `is no numeric attribute of these models (known: ${known})` }],
          },
        );
      }
      case "unknown-metric": {
        const known = view.metrics.join(", ") || "none";
        throw new ApiError("invalid-parameter", `y names the judge metric "${view.metric}", which no answer has (known: ${known})`, {
          issues: [{ parameter: "y", message: `names a judge metric no answer has (known: ${known})` }],
        });
      }
    }
  },
);
