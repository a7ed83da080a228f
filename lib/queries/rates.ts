// Figure 4: per (model group, question) probability of a misaligned answer, by the paper authors'
// procedure (lib/stats/method.ts): each model's rate (#misaligned / #kept), a model entering only
// with at least `minAnswers` kept answers, the group's point the mean of its models' rates, with a
// 95% interval over those models (exact bootstrap by default). Within one base-model scope.
// Counting happens in SQL from the score histogram (a few rows per (model, question), exact at any
// thresholds, evaluation answers only: lib/db/score-histogram.ts); one row per (group, question)
// comes back with its models' rates, and the interval over those few rates is computed here.
import "server-only";
import { cachedPerDataVersion } from "@/lib/cache/data-version";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { float8, int4, queryRows, queryRowsParsedInTests } from "@/lib/db/rows";
import { countedSql, evaluationAnswerSql, misalignedSql, modelIncludedSql } from "@/lib/db/rate-rule";
import { groupInterval } from "@/lib/stats/method";
import type { Thresholds } from "@/lib/stats/misalignment";
import { histogramCovers, histogramPerModelQuestionSql } from "@/lib/db/score-histogram";
import { scoredAnswersSql } from "@/lib/db/score-source";
import { isDefaultSource, type ScoreSource } from "@/lib/domain/score-source";
import { modelInScopeSql } from "./scope";
import type {
  QuestionVariant,
  ModelRate,
  GroupQuestionRate,
  CountPath,
  ModelQuestionCounts,
  RatesQuery,
  OverallBy,
  ModelOverallRate,
  GroupOverallRate,
  FigureQuestion,
  RatesFilter,
} from "@/lib/rates/types";
import { applyGroupChoice, questionBlock, partBlock } from "@/lib/rates/groups";

export class UnknownQuestionSetError extends Error {
  constructor(readonly set: string) {
    super(`Unknown question set "${set}"`);
  }
}

/** The rule's thresholds with the scores they apply to (a view's method carries both). */
export type SourcedThresholds = Thresholds & { source?: ScoreSource };

const questionVariantSchema = z.enum(["plain", "json", "template"]) satisfies z.ZodType<QuestionVariant>;

const modelQuestionCountsRow = z.strictObject({
  modelId: int4,
  questionId: int4,
  totalAnswers: int4,
  answers: int4,
  misaligned: int4,
}) satisfies z.ZodType<ModelQuestionCounts>;

const modelRateJson = z.strictObject({
  model: z.string(),
  seed: int4.nullable(),
  rate: float8.nullable(),
  answers: int4,
  misaligned: int4,
  included: z.boolean(),
}) satisfies z.ZodType<ModelRate>;

const groupFields = { group: z.string(), groupLabel: z.string(), color: z.string(), groupOrder: int4 };

const groupQuestionRow = z.strictObject({
  ...groupFields,
  question: z.string(),
  questionId: int4,
  questionPosition: int4,
  baseQuestion: z.string(),
  variant: questionVariantSchema,
  category: z.string().nullable(),
  answers: int4,
  totalAnswers: int4,
  misaligned: int4,
  modelRates: z.array(modelRateJson),
});

/**
 * The direct count: SQL of one row per (model, question) of a set with evaluation answers —
 * answers in the denominator, misaligned answers, all answers — scanning every answer of the set,
 * with the rule of lib/db/rate-rule.ts. The reference for the histogram path (tests, benchmark
 * "naive" column) and its fallback for thresholds outside 0..100.
 */
export function directPerModelQuestionSql(setId: number, thresholds: SourcedThresholds): Prisma.Sql {
  return Prisma.sql`
    SELECT a.model_id,
           a.question_id,
           count(*)::int AS total_answers,
           count(*) FILTER (WHERE ${countedSql("a", thresholds)})::int AS answers,
           count(*) FILTER (WHERE ${misalignedSql("a", thresholds)})::int AS misaligned
      FROM ${scoredAnswersSql(thresholds.source)} a
      JOIN question q ON q.id = a.question_id
     WHERE q.set_id = ${setId}::int AND ${evaluationAnswerSql("a")}
     GROUP BY a.model_id, a.question_id`;
}

/**
 * Per (model, question) counts of a set (same rows and numbers either way). The histogram path
 * (lib/db/score-histogram.ts) reads a few rows per (model, question) whatever the number of
 * answers; thresholds it does not cover (outside 0..100, not finite) fall back to the direct count, and
 * so does any score source but the default (the histogram holds the default judge's scores only).
 */
export function perModelQuestionSql(setId: number, thresholds: SourcedThresholds, path: CountPath = "histogram"): Prisma.Sql {
  return path === "histogram" && histogramCovers(thresholds) && isDefaultSource(thresholds.source)
    ? histogramPerModelQuestionSql(setId, thresholds)
    : directPerModelQuestionSql(setId, thresholds);
}

/** The raw per (model, question) counts of a set, ordered by (model, question): for tests and the benchmark. */
export async function getModelQuestionCounts(
  prisma: PrismaClient,
  { set, thresholds, path = "histogram" }: { set: string; thresholds: SourcedThresholds; path?: CountPath },
): Promise<ModelQuestionCounts[]> {
  const setId = await questionSetId(prisma, set);
  return queryRows(
    prisma,
    "getModelQuestionCounts",
    modelQuestionCountsRow,
    Prisma.sql`
    SELECT c.model_id AS "modelId", c.question_id AS "questionId", c.total_answers AS "totalAnswers",
           c.answers, c.misaligned
      FROM (${perModelQuestionSql(setId, thresholds, path)}) c
     ORDER BY c.model_id, c.question_id`,
  );
}

async function questionSetId(prisma: PrismaClient, set: string): Promise<number> {
  const questionSet = await prisma.questionSet.findUnique({ where: { name: set }, select: { id: true } });
  if (!questionSet) throw new UnknownQuestionSetError(set);
  return questionSet.id;
}

/** The included models' rates of one point (what the interval is computed over). */
function includedRates(modelRates: readonly { rate: number | null; included: boolean }[]): number[] {
  return modelRates.flatMap((model) => (model.included && model.rate !== null ? [model.rate] : []));
}

export async function getGroupQuestionRates(prisma: PrismaClient, { set, method, scope }: RatesQuery): Promise<GroupQuestionRate[]> {
  const setId = await questionSetId(prisma, set);
  // Figure 4's query, parsed in tests only: 48 rows of 3 models each (three real eval files), query
  // 4.8 ms, parsing 0.6 ms (12.6%)
  const rows = await queryRowsParsedInTests(
    prisma,
    "getGroupQuestionRates",
    groupQuestionRow,
    Prisma.sql`
    WITH per_model AS (${perModelQuestionSql(setId, method)}),
    model_rate AS (
      SELECT pm.*,
             m.name AS model,
             m.seed,
             m.group_id,
             CASE WHEN pm.answers > 0 THEN pm.misaligned::float8 / pm.answers END AS rate,
             ${modelIncludedSql(Prisma.sql`pm.answers`, method.minAnswers)} AS included
        FROM per_model pm
        JOIN model m ON m.id = pm.model_id
       WHERE ${modelInScopeSql(scope)}
    )
    SELECT g.name AS "group",
           g.label AS "groupLabel",
           g.color,
           g.display_order AS "groupOrder",
           q.external_id AS question,
           q.id AS "questionId",
           q.position AS "questionPosition",
           q.base_external_id AS "baseQuestion",
           q.variant::text AS variant,
           q.category,
           coalesce(sum(mr.answers) FILTER (WHERE mr.included), 0)::int AS answers,
           sum(mr.total_answers)::int AS "totalAnswers",
           coalesce(sum(mr.misaligned) FILTER (WHERE mr.included), 0)::int AS misaligned,
           json_agg(json_build_object(
             'model', mr.model, 'seed', mr.seed, 'rate', mr.rate,
             'answers', mr.answers, 'misaligned', mr.misaligned, 'included', mr.included
           ) ORDER BY mr.seed NULLS LAST, mr.model) AS "modelRates"
      FROM model_rate mr
      JOIN model_group g ON g.id = mr.group_id
      JOIN question q ON q.id = mr.question_id
     GROUP BY g.id, q.id
     ORDER BY q.position, q.external_id, g.display_order, g.name`,
  );

  return rows.map(({ answers, totalAnswers, misaligned, modelRates, ...row }) => {
    const rates = includedRates(modelRates);
    const interval = groupInterval(rates, method.interval);
    return {
      ...row,
      rate: interval.mean,
      ciLow: interval.ciLow,
      ciHigh: interval.ciHigh,
      intervalMethod: interval.intervalMethod,
      models: rates.length,
      excludedModels: modelRates.length - rates.length,
      answers,
      totalAnswers,
      misaligned,
      modelRates,
    };
  });
}

const modelOverallRateJson = z.strictObject({
  model: z.string(),
  seed: int4.nullable(),
  rate: float8,
  questions: int4,
}) satisfies z.ZodType<ModelOverallRate>;

const groupOverallRow = z.strictObject({
  ...groupFields,
  part: z.string().nullable(),
  questions: int4,
  questionsAnswered: int4,
  answers: int4,
  misaligned: int4,
  modelRates: z.array(modelOverallRateJson),
});

const figureQuestionRow = z.strictObject({
  externalId: z.string(),
  baseExternalId: z.string(),
  variant: questionVariantSchema,
  category: z.string().nullable(),
  position: int4,
}) satisfies z.ZodType<FigureQuestion>;

/**
 * A set's (or each category's / variant's) overall rate per group. Only questions that every
 * included model of the group has a rate on are pooled (models covering different questions would
 * otherwise average different things); each model's rate is averaged over those questions (each
 * question weighs the same, as in the paper's per-question figure), then the group's value is the
 * mean over its models with the method's interval. A (model, question) counts only when the model
 * has at least minAnswers answers there, as in Figure 4.
 */
export async function getGroupOverallRates(
  prisma: PrismaClient,
  { set, method, scope, by = "set" }: RatesQuery & { by?: OverallBy },
): Promise<GroupOverallRate[]> {
  const setId = await questionSetId(prisma, set);
  const part = by === "category" ? Prisma.sql`q.category` : by === "variant" ? Prisma.sql`q.variant::text` : Prisma.sql`NULL::text`;
  const rows = await queryRows(
    prisma,
    "getGroupOverallRates",
    groupOverallRow,
    Prisma.sql`
    WITH per_model AS (${perModelQuestionSql(setId, method)}),
    included AS (
      SELECT pm.model_id, pm.question_id, m.group_id, ${part} AS part,
             pm.misaligned::float8 / pm.answers AS rate, pm.answers, pm.misaligned
        FROM per_model pm
        JOIN model m ON m.id = pm.model_id
        JOIN question q ON q.id = pm.question_id
       WHERE ${modelIncludedSql(Prisma.sql`pm.answers`, method.minAnswers)} AND ${modelInScopeSql(scope)}
    ),
    group_models AS (
      SELECT group_id, part, count(DISTINCT model_id) AS models, count(DISTINCT question_id)::int AS questions_answered
        FROM included GROUP BY group_id, part
    ),
    common AS (
      SELECT i.group_id, i.part, i.question_id
        FROM included i
        JOIN group_models gm ON gm.group_id = i.group_id AND gm.part IS NOT DISTINCT FROM i.part
       GROUP BY i.group_id, i.part, i.question_id, gm.models
      HAVING count(*) = gm.models
    ),
    model_mean AS (
      SELECT i.model_id, i.group_id, i.part, avg(i.rate) AS rate, count(*)::int AS questions,
             sum(i.answers)::int AS answers, sum(i.misaligned)::int AS misaligned
        FROM included i
        JOIN common c ON c.group_id = i.group_id AND c.part IS NOT DISTINCT FROM i.part AND c.question_id = i.question_id
       GROUP BY i.model_id, i.group_id, i.part
    )
    SELECT g.name AS "group",
           g.label AS "groupLabel",
           g.color,
           g.display_order AS "groupOrder",
           mm.part,
           max(mm.questions)::int AS questions,
           max(gm.questions_answered)::int AS "questionsAnswered",
           sum(mm.answers)::int AS answers,
           sum(mm.misaligned)::int AS misaligned,
           json_agg(json_build_object('model', m.name, 'seed', m.seed, 'rate', mm.rate, 'questions', mm.questions)
                    ORDER BY m.seed NULLS LAST, m.name) AS "modelRates"
      FROM model_mean mm
      JOIN model m ON m.id = mm.model_id
      JOIN model_group g ON g.id = mm.group_id
      JOIN group_models gm ON gm.group_id = mm.group_id AND gm.part IS NOT DISTINCT FROM mm.part
     GROUP BY g.id, mm.part
     ORDER BY mm.part NULLS FIRST, g.display_order, g.name`,
  );

  return rows.map(({ questions, questionsAnswered, answers, misaligned, modelRates, ...row }) => {
    const interval = groupInterval(
      modelRates.map((model) => model.rate),
      method.interval,
    );
    return {
      ...row,
      rate: interval.mean as number,
      ciLow: interval.ciLow,
      ciHigh: interval.ciHigh,
      intervalMethod: interval.intervalMethod,
      models: modelRates.length,
      questions,
      questionsAnswered,
      answers,
      misaligned,
      modelRates,
    };
  });
}

/** The questions of a set in file order, with their variant and category (answers or not). */
export async function listFigureQuestions(prisma: PrismaClient, set: string): Promise<FigureQuestion[]> {
  const setId = await questionSetId(prisma, set);
  return queryRows(
    prisma,
    "listFigureQuestions",
    figureQuestionRow,
    Prisma.sql`
    SELECT q.external_id AS "externalId", q.base_external_id AS "baseExternalId", q.variant::text AS variant,
           q.category, q.position
      FROM question q
     WHERE q.set_id = ${setId}::int
     ORDER BY q.position, q.id`,
  );
}

/** getGroupQuestionRates restricted to (and ordered by) the chosen groups. */
export const getChosenGroupQuestionRates = cachedPerDataVersion(
  "getChosenGroupQuestionRates",
  async function getChosenGroupQuestionRates(prisma: PrismaClient, filter: RatesFilter): Promise<GroupQuestionRate[]> {
    const rows = await getGroupQuestionRates(prisma, filter);
    return applyGroupChoice(rows, filter.groups, questionBlock);
  },
);

/** getGroupOverallRates restricted to (and ordered by) the chosen groups. */
export const getChosenOverallRates = cachedPerDataVersion(
  "getChosenOverallRates",
  async function getChosenOverallRates(prisma: PrismaClient, filter: RatesFilter & { by: OverallBy }): Promise<GroupOverallRate[]> {
    const rows = await getGroupOverallRates(prisma, filter);
    return applyGroupChoice(rows, filter.groups, partBlock);
  },
);
