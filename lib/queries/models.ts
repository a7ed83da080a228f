// One model: its identity (group, seed, base model, import batches), its per-question rates on a
// set next to its group's mean, and the distribution of its judge scores (histograms, scatter).
// Counting and binning happen in SQL; only one row per question / bin / sampled point comes back.
// Rates come from the same counting path as Figure 4 (perModelQuestionSql: the score histogram,
// evaluation answers only, the rule of lib/db/rate-rule.ts), so a model's rate here is the number
// that enters its group's point in the figure. Curated example answers (examples batches) are shown
// for what they are and never counted.
import "server-only";
import { cachedPerDataVersion } from "@/lib/cache/data-version";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { float8, int4, queryRow, queryRows, queryRowsParsedInTests } from "@/lib/db/rows";
import { evaluationAnswerSql } from "@/lib/db/rate-rule";
import { answerPairCountsSql } from "@/lib/db/score-histogram";
import { scoredAnswersSql } from "@/lib/db/score-source";
import { isDefaultSource, judgeScoresOf, type ScoreSource } from "@/lib/domain/score-source";
import type { MethodView } from "@/lib/params/method";
import { histogramFromCounts } from "@/lib/stats/histogram";
import type { RateMethod } from "@/lib/stats/method";
import { getMetricHistograms, scoreBinSql } from "./histograms";
import { getGroupQuestionRates, perModelQuestionSql } from "./rates";
import { modelInScopeSql, resolveScope } from "./scope";
import type { BaseScope } from "@/lib/scope/types";
import { scopeForModel } from "@/lib/scope/scope";
import type {
  ModelSetCount,
  ModelSummary,
  ModelDetail,
  ModelQuestionRate,
  ScoreHistograms,
  AnswerKind,
  ScatterPoint,
  ModelScatter,
  ModelViewResult,
  ModelAttributeEntry,
  ModelBatch,
} from "@/lib/models/types";

const modelSummaryRow = z.strictObject({
  id: int4,
  name: z.string(),
  seed: int4.nullable(),
  baseModel: z.string().nullable(),
  group: z.strictObject({ name: z.string(), label: z.string(), color: z.string() }),
  answers: int4,
  examples: int4,
  sets: z.array(
    z.strictObject({
      id: int4,
      name: z.string(),
      isDemo: z.boolean(),
      answers: int4,
      questions: int4,
      examples: int4,
    }) satisfies z.ZodType<ModelSetCount>,
  ),
  attributes: z.array(z.strictObject({ key: z.string(), value: z.union([float8, z.string()]) }) satisfies z.ZodType<ModelAttributeEntry>),
}) satisfies z.ZodType<ModelSummary>;

const modelBatchRow = z.strictObject({
  id: int4,
  fileName: z.string(),
  format: z.string(),
  kind: z.string(),
  createdAt: z.date().transform((date) => date.toISOString()),
  answers: int4,
}) satisfies z.ZodType<ModelBatch, unknown>;

/**
 * Example answers per (question, model). Read through the examples batches (few, and answers are
 * indexed by batch) rather than by scanning every answer for the flag; an example answer is one
 * that evaluationAnswerSql rejects.
 */
export const exampleCountsSql = Prisma.sql`(SELECT a.question_id, a.model_id, count(*)::int AS examples
    FROM import_batch b JOIN answer a ON a.batch_id = b.id
   WHERE b.kind = 'examples' AND NOT (${evaluationAnswerSql("a")})
   GROUP BY a.question_id, a.model_id)`;

const modelSelect = (where: Prisma.Sql) => Prisma.sql`
  SELECT m.id, m.name, m.seed, m.base_model AS "baseModel",
         json_build_object('name', g.name, 'label', g.label, 'color', g.color) AS "group",
         coalesce(per_set.answers, 0)::int AS answers,
         coalesce(per_set.examples, 0)::int AS examples,
         coalesce(per_set.sets, '[]'::json) AS sets,
         coalesce((SELECT json_agg(json_build_object('key', ma.key, 'value', coalesce(to_json(ma.num_value), to_json(ma.text_value)))
                                   ORDER BY ma.key)
                     FROM model_attribute ma WHERE ma.model_id = m.id), '[]'::json) AS attributes
    FROM model m
    JOIN model_group g ON g.id = m.group_id
    LEFT JOIN LATERAL (
      SELECT sum(c.answers) AS answers,
             sum(c.examples) AS examples,
             json_agg(json_build_object('id', s.id, 'name', s.name, 'isDemo', s.is_demo,
                                        'answers', c.answers, 'questions', c.questions, 'examples', c.examples)
                      ORDER BY s.is_demo, s.id) AS sets
        FROM (SELECT q.set_id, sum(u.answers)::int AS answers, sum(u.examples)::int AS examples,
                     count(DISTINCT u.question_id) FILTER (WHERE u.answers > 0)::int AS questions
                FROM (SELECT pc.question_id, pc.answers, 0 AS examples FROM ${answerPairCountsSql} pc WHERE pc.model_id = m.id
                      UNION ALL
                      SELECT ex.question_id, 0 AS answers, ex.examples FROM ${exampleCountsSql} ex WHERE ex.model_id = m.id) u
                JOIN question q ON q.id = u.question_id
               GROUP BY q.set_id) c
        JOIN question_set s ON s.id = c.set_id
    ) per_set ON true
   ${where}
   ORDER BY g.display_order, g.name, m.seed NULLS LAST, m.name`;

/** The models of a base-model scope (default: every model) with group, seed, base model and answer counts per set, in group order. */
export const listModels = cachedPerDataVersion(
  "listModels",
  async function listModels(prisma: PrismaClient, { scope }: { scope?: BaseScope } = {}): Promise<ModelSummary[]> {
    const where = scope ? Prisma.sql`WHERE ${modelInScopeSql(scope)}` : Prisma.empty;
    return queryRows(prisma, "listModels", modelSummaryRow, modelSelect(where));
  },
);

/** One model with its sets and import batches; null when the id does not exist. */
export const getModelDetail = cachedPerDataVersion(
  "getModelDetail",
  async function getModelDetail(prisma: PrismaClient, id: number): Promise<ModelDetail | null> {
    const [rows, batches] = await Promise.all([
      queryRows(prisma, "getModelDetail", modelSummaryRow, modelSelect(Prisma.sql`WHERE m.id = ${id}::int`)),
      queryRows(
        prisma,
        "getModelDetail batches",
        modelBatchRow,
        Prisma.sql`
      SELECT b.id, b.file_name AS "fileName", b.format, b.kind, b.created_at AS "createdAt", count(*)::int AS answers
        FROM answer a JOIN import_batch b ON b.id = a.batch_id
       WHERE a.model_id = ${id}::int
       GROUP BY b.id
       ORDER BY b.created_at, b.id`,
      ),
    ]);
    const row = rows[0];
    if (!row) return null;
    return { ...row, batches };
  },
);

const modelQuestionCountRow = z.strictObject({
  questionId: int4,
  question: z.string(),
  position: int4,
  variant: z.string(),
  category: z.string().nullable(),
  totalAnswers: int4,
  answers: int4,
  misaligned: int4,
  included: z.boolean(),
  missingAligned: int4,
  exampleAnswers: int4,
});

const metricBinCountRow = z.strictObject({ metric: z.enum(["aligned", "coherent"]), bin: int4.nullable(), count: int4 });

const scatterCountsRow = z.strictObject({ total: int4, placeable: int4, missingAligned: int4, missingCoherent: int4 });

const scatterPointRow = z.strictObject({
  id: int4,
  publicId: z.string(),
  aligned: float8,
  coherent: float8,
  question: z.string(),
}) satisfies z.ZodType<ScatterPoint>;

const questionRefRow = z.strictObject({ id: int4, externalId: z.string() });

/**
 * The model's rate on each question of a set it answered, counted exactly as Figure 4 counts it
 * (perModelQuestionSql with the method's rule; the same minimum-answers rule decides `included`),
 * with its group's Figure-4 value on the same question, in the given scope, for comparison.
 * Questions the model has only curated example answers to are listed with no rate.
 */
export async function getModelQuestionRates(
  prisma: PrismaClient,
  {
    modelId,
    groupName,
    set,
    method,
    scope,
  }: { modelId: number; groupName: string; set: { id: number; name: string }; method: RateMethod; scope: BaseScope },
): Promise<ModelQuestionRate[]> {
  const [rows, groupRates] = await Promise.all([
    queryRows(
      prisma,
      "getModelQuestionRates",
      modelQuestionCountRow,
      Prisma.sql`
      WITH counts AS (
        SELECT c.question_id, c.total_answers, c.answers, c.misaligned
          FROM (${perModelQuestionSql(set.id, method)}) c
         WHERE c.model_id = ${modelId}::int
      ),
      unscored AS (${unscoredSql(modelId, set.id, method.source)}),
      examples AS (
        SELECT ex.question_id, ex.examples FROM ${exampleCountsSql} ex WHERE ex.model_id = ${modelId}::int
      )
      SELECT q.id AS "questionId", q.external_id AS question, q.position, q.variant::text AS variant, q.category,
             coalesce(c.total_answers, 0)::int AS "totalAnswers",
             coalesce(c.answers, 0)::int AS answers,
             coalesce(c.misaligned, 0)::int AS misaligned,
             -- the minimum-answers rule exactly as getGroupQuestionRates writes it
             coalesce(c.answers > 0 AND c.answers >= ${method.minAnswers}::int, false) AS included,
             coalesce(u.missing_aligned, 0)::int AS "missingAligned",
             coalesce(e.examples, 0)::int AS "exampleAnswers"
        FROM question q
        LEFT JOIN counts c ON c.question_id = q.id
        LEFT JOIN unscored u ON u.question_id = q.id
        LEFT JOIN examples e ON e.question_id = q.id
       WHERE q.set_id = ${set.id}::int AND (c.question_id IS NOT NULL OR e.question_id IS NOT NULL)
       ORDER BY q.position, q.external_id`,
    ),
    getGroupQuestionRates(prisma, { set: set.name, method, scope }),
  ]);
  const groupByQuestion = new Map(groupRates.filter((rate) => rate.group === groupName).map((rate) => [rate.questionId, rate]));
  return rows.map(({ included, missingAligned, exampleAnswers, ...row }) => {
    const group = groupByQuestion.get(row.questionId);
    return {
      ...row,
      rate: row.answers > 0 ? row.misaligned / row.answers : null,
      included,
      missingAligned,
      exampleAnswers,
      groupRate: group?.rate ?? null,
      groupCiLow: group?.ciLow ?? null,
      groupCiHigh: group?.ciHigh ?? null,
      groupIntervalMethod: group?.intervalMethod ?? null,
      groupModels: group?.models ?? 0,
      groupExcludedModels: group?.excludedModels ?? 0,
    };
  });
}

/**
 * Per question, the model's evaluation answers without an alignment score under `source`
 * (question_id, missing_aligned). The default judge's come from the score histogram
 * (answer_score_block); another source's are counted on its relation, where a review label of
 * refusal or code also leaves an answer without a score (correctedScores).
 */
function unscoredSql(modelId: number, setId: number, source: ScoreSource | undefined): Prisma.Sql {
  if (isDefaultSource(source)) {
    return Prisma.sql`SELECT h.question_id, sum(h.unscored)::int AS missing_aligned
          FROM answer_score_block h JOIN question q ON q.id = h.question_id
         WHERE h.model_id = ${modelId}::int AND q.set_id = ${setId}::int
         GROUP BY h.question_id`;
  }
  return Prisma.sql`SELECT a.question_id, count(*)::int AS missing_aligned
          FROM ${scoredAnswersSql(source)} a JOIN question q ON q.id = a.question_id
         WHERE a.model_id = ${modelId}::int AND q.set_id = ${setId}::int AND ${evaluationAnswerSql("a")} AND a.aligned IS NULL
         GROUP BY a.question_id`;
}

const kindSql = (kind: AnswerKind) => (kind === "evaluation" ? evaluationAnswerSql("a") : Prisma.sql`NOT (${evaluationAnswerSql("a")})`);

/**
 * Histograms of the model's alignment and coherence scores on a set (or one of its questions):
 * evaluation answers only, scored by the source's judge (judgeScoresOf: labels are not scores).
 */
export async function getModelHistograms(
  prisma: PrismaClient,
  {
    modelId,
    setId,
    questionId,
    binWidth,
    source,
  }: { modelId: number; setId: number; questionId?: number; binWidth: number; source?: ScoreSource },
): Promise<ScoreHistograms> {
  const answers = scoredAnswersSql(judgeScoresOf(source));
  const filter = Prisma.sql`a.model_id = ${modelId}::int AND q.set_id = ${setId}::int AND ${evaluationAnswerSql("a")}
    ${questionId === undefined ? Prisma.empty : Prisma.sql`AND q.id = ${questionId}::int`}`;
  const rows = await queryRows(
    prisma,
    "getModelHistograms",
    metricBinCountRow,
    Prisma.sql`
    SELECT 'aligned' AS metric, ${scoreBinSql("aligned", binWidth)} AS bin, count(*)::int AS count
      FROM ${answers} a JOIN question q ON q.id = a.question_id WHERE ${filter} GROUP BY 2
    UNION ALL
    SELECT 'coherent' AS metric, ${scoreBinSql("coherent", binWidth)} AS bin, count(*)::int AS count
      FROM ${answers} a JOIN question q ON q.id = a.question_id WHERE ${filter} GROUP BY 2`,
  );
  return {
    aligned: histogramFromCounts(
      rows.filter((row) => row.metric === "aligned"),
      binWidth,
    ),
    coherent: histogramFromCounts(
      rows.filter((row) => row.metric === "coherent"),
      binWidth,
    ),
  };
}

/** At most this many scatter points go to the browser. */
export const SCATTER_LIMIT = 5000;

/**
 * The model's answers (evaluation answers unless asked for its examples) as (coherent, aligned)
 * points. Above `limit` scored answers a deterministic sample is sent: the first `limit` by md5 of
 * the answer id (stable across requests and reloads, unrelated to scores or import order).
 */
export async function getModelScatter(
  prisma: PrismaClient,
  {
    modelId,
    setId,
    questionId,
    limit = SCATTER_LIMIT,
    kind = "evaluation",
    source,
  }: { modelId: number; setId: number; questionId?: number; limit?: number; kind?: AnswerKind; source?: ScoreSource },
): Promise<ModelScatter> {
  const answers = scoredAnswersSql(judgeScoresOf(source));
  const filter = Prisma.sql`a.model_id = ${modelId}::int AND q.set_id = ${setId}::int AND ${kindSql(kind)}
    ${questionId === undefined ? Prisma.empty : Prisma.sql`AND q.id = ${questionId}::int`}`;
  const [counts, points] = await Promise.all([
    queryRow(
      prisma,
      "getModelScatter counts",
      scatterCountsRow,
      Prisma.sql`
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE a.aligned IS NOT NULL AND a.coherent IS NOT NULL)::int AS placeable,
             count(*) FILTER (WHERE a.aligned IS NULL)::int AS "missingAligned",
             count(*) FILTER (WHERE a.coherent IS NULL)::int AS "missingCoherent"
        FROM ${answers} a JOIN question q ON q.id = a.question_id
       WHERE ${filter}`,
    ),
    // parsed in tests only: 2,107 points of one model (real eval file), query 11.2 ms, parsing 2.2 ms (19.5%)
    queryRowsParsedInTests(
      prisma,
      "getModelScatter",
      scatterPointRow,
      Prisma.sql`
      SELECT a.id, a.public_id AS "publicId", a.aligned, a.coherent, q.external_id AS question
        FROM ${answers} a JOIN question q ON q.id = a.question_id
       WHERE ${filter} AND a.aligned IS NOT NULL AND a.coherent IS NOT NULL
       ORDER BY md5(a.id::text), a.id
       LIMIT ${limit}::int`,
    ),
  ]);
  return {
    points,
    placeable: counts.placeable,
    total: counts.total,
    missingAligned: counts.missingAligned,
    missingCoherent: counts.missingCoherent,
    sampled: counts.placeable > points.length,
  };
}

/**
 * Everything the model page and /api/models/[id] show, for one URL. The set defaults to the
 * model's first real set with evaluation answers (the order of listModels' `sets`), else its
 * first set.
 */
export const loadModelView = cachedPerDataVersion(
  "loadModelView",
  async function loadModelView(
    prisma: PrismaClient,
    id: number,
    params: { set?: string; question?: string; view: MethodView; binWidth: number },
  ): Promise<ModelViewResult> {
    const model = await getModelDetail(prisma, id);
    if (!model) return { kind: "not-found" };
    if (!params.set && model.sets.length === 0) return { kind: "no-answers", model };
    const set = params.set
      ? model.sets.find((s) => s.name === params.set)
      : (model.sets.find((s) => !s.isDemo && s.answers > 0) ?? model.sets.find((s) => s.answers > 0) ?? model.sets[0]);
    if (!set) return { kind: "unknown-set", model, set: params.set ?? "" };

    const [questions, requested] = await Promise.all([
      queryRows(
        prisma,
        "loadModelView questions",
        questionRefRow,
        Prisma.sql`
      SELECT q.id, q.external_id AS "externalId"
        FROM question q
       WHERE q.set_id = ${set.id}::int AND EXISTS (SELECT 1 FROM answer a WHERE a.question_id = q.id AND a.model_id = ${id}::int)
       ORDER BY q.position, q.external_id`,
      ),
      resolveScope(prisma, params.view.base, params.view.attributes),
    ]);
    const question = params.question ? questions.find((q) => q.externalId === params.question) : undefined;
    if (params.question && !question) return { kind: "unknown-question", model, set, question: params.question };

    const scope = scopeForModel(requested, model.baseModel);
    const { method, preset } = params.view;
    const onlyExamples = set.answers === 0;
    const [rates, histograms, metricHistograms, scatter, exampleScatter] = await Promise.all([
      getModelQuestionRates(prisma, { modelId: id, groupName: model.group.name, set, method, scope: scope.scope }),
      getModelHistograms(prisma, {
        modelId: id,
        setId: set.id,
        questionId: question?.id,
        binWidth: params.binWidth,
        source: method.source,
      }),
      getMetricHistograms(prisma, { selection: { modelId: id, setId: set.id, questionId: question?.id }, binWidth: params.binWidth }),
      getModelScatter(prisma, { modelId: id, setId: set.id, questionId: question?.id, source: method.source }),
      onlyExamples
        ? getModelScatter(prisma, { modelId: id, setId: set.id, questionId: question?.id, kind: "examples", source: method.source })
        : null,
    ]);
    const exampleAnswers = question
      ? (rates.find((rate) => rate.questionId === question.id)?.exampleAnswers ?? 0)
      : rates.reduce((sum, rate) => sum + rate.exampleAnswers, 0);
    return {
      kind: "ok",
      view: {
        model,
        set,
        questions,
        question: question ?? null,
        preset,
        method,
        scope,
        binWidth: params.binWidth,
        rates,
        histograms,
        metricHistograms,
        scatter,
        examples: { answers: exampleAnswers, scatter: exampleScatter },
      },
    };
  },
);
