// Figure 4: per (model group, question) probability of a misaligned answer, by the paper authors'
// procedure (lib/stats/method.ts): each model's rate (#misaligned / #kept), a model entering only
// with at least `minAnswers` kept answers, the group's point the mean of its models' rates, with a
// 95% interval over those models (exact bootstrap by default). Within one base-model scope.
// Counting happens in SQL from the score histogram (a few rows per (model, question), exact at any
// thresholds, evaluation answers only: lib/db/score-histogram.ts); one row per (group, question)
// comes back with its models' rates, and the interval over those few rates is computed here.
import "server-only";
import { cachedPerDataVersion } from "@/lib/cache/data-version";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
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

interface GroupQuestionRow {
  group: string;
  group_label: string;
  color: string;
  group_order: number;
  question: string;
  question_id: number;
  question_position: number;
  base_question: string;
  variant: QuestionVariant;
  category: string | null;
  answers: number;
  total_answers: number;
  misaligned: number;
  model_rates: ModelRate[];
}

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
  return prisma.$queryRaw<ModelQuestionCounts[]>`
    SELECT c.model_id AS "modelId", c.question_id AS "questionId", c.total_answers AS "totalAnswers",
           c.answers, c.misaligned
      FROM (${perModelQuestionSql(setId, thresholds, path)}) c
     ORDER BY c.model_id, c.question_id`;
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
  const rows = await prisma.$queryRaw<GroupQuestionRow[]>`
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
           g.label AS group_label,
           g.color,
           g.display_order AS group_order,
           q.external_id AS question,
           q.id AS question_id,
           q.position AS question_position,
           q.base_external_id AS base_question,
           q.variant::text AS variant,
           q.category,
           coalesce(sum(mr.answers) FILTER (WHERE mr.included), 0)::int AS answers,
           sum(mr.total_answers)::int AS total_answers,
           coalesce(sum(mr.misaligned) FILTER (WHERE mr.included), 0)::int AS misaligned,
           json_agg(json_build_object(
             'model', mr.model, 'seed', mr.seed, 'rate', mr.rate,
             'answers', mr.answers, 'misaligned', mr.misaligned, 'included', mr.included
           ) ORDER BY mr.seed NULLS LAST, mr.model) AS model_rates
      FROM model_rate mr
      JOIN model_group g ON g.id = mr.group_id
      JOIN question q ON q.id = mr.question_id
     GROUP BY g.id, q.id
     ORDER BY q.position, q.external_id, g.display_order, g.name`;

  return rows.map((row) => {
    const rates = includedRates(row.model_rates);
    const interval = groupInterval(rates, method.interval);
    return {
      group: row.group,
      groupLabel: row.group_label,
      color: row.color,
      groupOrder: row.group_order,
      question: row.question,
      questionId: row.question_id,
      questionPosition: row.question_position,
      baseQuestion: row.base_question,
      variant: row.variant,
      category: row.category,
      rate: interval.mean,
      ciLow: interval.ciLow,
      ciHigh: interval.ciHigh,
      intervalMethod: interval.intervalMethod,
      models: rates.length,
      excludedModels: row.model_rates.length - rates.length,
      answers: row.answers,
      totalAnswers: row.total_answers,
      misaligned: row.misaligned,
      modelRates: row.model_rates,
    };
  });
}

interface GroupOverallRow {
  group: string;
  group_label: string;
  color: string;
  group_order: number;
  part: string | null;
  questions: number;
  questions_answered: number;
  answers: number;
  misaligned: number;
  model_rates: ModelOverallRate[];
}

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
  const rows = await prisma.$queryRaw<GroupOverallRow[]>`
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
           g.label AS group_label,
           g.color,
           g.display_order AS group_order,
           mm.part,
           max(mm.questions)::int AS questions,
           max(gm.questions_answered)::int AS questions_answered,
           sum(mm.answers)::int AS answers,
           sum(mm.misaligned)::int AS misaligned,
           json_agg(json_build_object('model', m.name, 'seed', m.seed, 'rate', mm.rate, 'questions', mm.questions)
                    ORDER BY m.seed NULLS LAST, m.name) AS model_rates
      FROM model_mean mm
      JOIN model m ON m.id = mm.model_id
      JOIN model_group g ON g.id = mm.group_id
      JOIN group_models gm ON gm.group_id = mm.group_id AND gm.part IS NOT DISTINCT FROM mm.part
     GROUP BY g.id, mm.part
     ORDER BY mm.part NULLS FIRST, g.display_order, g.name`;

  return rows.map((row) => {
    const interval = groupInterval(
      row.model_rates.map((model) => model.rate),
      method.interval,
    );
    return {
      group: row.group,
      groupLabel: row.group_label,
      color: row.color,
      groupOrder: row.group_order,
      part: row.part,
      rate: interval.mean as number,
      ciLow: interval.ciLow,
      ciHigh: interval.ciHigh,
      intervalMethod: interval.intervalMethod,
      models: row.model_rates.length,
      questions: row.questions,
      questionsAnswered: row.questions_answered,
      answers: row.answers,
      misaligned: row.misaligned,
      modelRates: row.model_rates,
    };
  });
}

/** The questions of a set in file order, with their variant and category (answers or not). */
export async function listFigureQuestions(prisma: PrismaClient, set: string): Promise<FigureQuestion[]> {
  const setId = await questionSetId(prisma, set);
  return prisma.$queryRaw<FigureQuestion[]>`
    SELECT q.external_id AS "externalId", q.base_external_id AS "baseExternalId", q.variant::text AS variant,
           q.category, q.position
      FROM question q
     WHERE q.set_id = ${setId}::int
     ORDER BY q.position, q.id`;
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
