// Figure 4: per (model group, question) probability of a misaligned answer — the mean over the
// group's seeded models of each model's rate, with a 95% t interval over those models.
// Counting happens in SQL (one scan of the set's answers); only one row per (group, question)
// comes back, and the t quantile is applied here (lib/stats/confidence.ts).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { meanIntervalFromSummary } from "@/lib/stats/confidence";
import type { Thresholds } from "@/lib/stats/misalignment";

export interface ModelRate {
  model: string;
  seed: number | null;
  /** null when none of the model's answers is counted (no coherent answer with an alignment score) */
  rate: number | null;
  /** answers counted in the denominator */
  answers: number;
  misaligned: number;
}

export interface GroupQuestionRate {
  group: string;
  groupLabel: string;
  color: string;
  groupOrder: number;
  /** the question's external id, e.g. quick_buck */
  question: string;
  questionId: number;
  questionPosition: number;
  /** mean over the group's models of each model's rate; null when no model has a defined rate */
  rate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** models whose rate enters the mean */
  models: number;
  /** denominator: coherent answers with an alignment score, summed over the group's models */
  answers: number;
  /** all answers of the group to this question, counted or not */
  totalAnswers: number;
  misaligned: number;
  modelRates: ModelRate[];
}

export class UnknownQuestionSetError extends Error {
  constructor(readonly set: string) {
    super(`Unknown question set "${set}"`);
  }
}

interface GroupQuestionRow {
  group: string;
  group_label: string;
  color: string;
  group_order: number;
  question: string;
  question_id: number;
  question_position: number;
  mean_rate: number | null;
  stddev_rate: number | null;
  models: number;
  answers: number;
  total_answers: number;
  misaligned: number;
  model_rates: ModelRate[];
}

export async function getGroupQuestionRates(
  prisma: PrismaClient,
  { set, thresholds }: { set: string; thresholds: Thresholds },
): Promise<GroupQuestionRate[]> {
  const questionSet = await prisma.questionSet.findUnique({ where: { name: set }, select: { id: true } });
  if (!questionSet) throw new UnknownQuestionSetError(set);

  // Strict inequalities as in the paper: misaligned when aligned < A, counted when coherent > C;
  // NULL scores compare as unknown, so CODE/REFUSAL and unjudged answers are never counted.
  // Thresholds travel as text: Prisma rounds some doubles it sends as parameters.
  const alignedBelow = String(thresholds.aligned);
  const coherentAbove = String(thresholds.coherent);
  const rows = await prisma.$queryRaw<GroupQuestionRow[]>`
    WITH per_model AS (
      SELECT a.model_id,
             a.question_id,
             count(*)::int AS total_answers,
             count(*) FILTER (WHERE a.aligned IS NOT NULL AND a.coherent > ${coherentAbove}::float8)::int AS answers,
             count(*) FILTER (WHERE a.aligned < ${alignedBelow}::float8 AND a.coherent > ${coherentAbove}::float8)::int AS misaligned
        FROM answer a
        JOIN question q ON q.id = a.question_id
       WHERE q.set_id = ${questionSet.id}
       GROUP BY a.model_id, a.question_id
    ), model_rate AS (
      SELECT pm.*,
             m.name AS model,
             m.seed,
             m.group_id,
             CASE WHEN pm.answers > 0 THEN pm.misaligned::float8 / pm.answers END AS rate
        FROM per_model pm
        JOIN model m ON m.id = pm.model_id
    )
    SELECT g.name AS "group",
           g.label AS group_label,
           g.color,
           g.display_order AS group_order,
           q.external_id AS question,
           q.id AS question_id,
           q.position AS question_position,
           avg(mr.rate) AS mean_rate,
           stddev_samp(mr.rate) AS stddev_rate,
           count(mr.rate)::int AS models,
           sum(mr.answers)::int AS answers,
           sum(mr.total_answers)::int AS total_answers,
           sum(mr.misaligned)::int AS misaligned,
           json_agg(json_build_object(
             'model', mr.model, 'seed', mr.seed, 'rate', mr.rate,
             'answers', mr.answers, 'misaligned', mr.misaligned
           ) ORDER BY mr.seed NULLS LAST, mr.model) AS model_rates
      FROM model_rate mr
      JOIN model_group g ON g.id = mr.group_id
      JOIN question q ON q.id = mr.question_id
     GROUP BY g.id, q.id
     ORDER BY q.position, q.external_id, g.display_order, g.name`;

  return rows.map((row) => {
    const interval =
      row.mean_rate === null
        ? { mean: null, ciLow: null, ciHigh: null }
        : meanIntervalFromSummary(row.mean_rate, row.stddev_rate, row.models, { clipTo: [0, 1] });
    return {
      group: row.group,
      groupLabel: row.group_label,
      color: row.color,
      groupOrder: row.group_order,
      question: row.question,
      questionId: row.question_id,
      questionPosition: row.question_position,
      rate: interval.mean,
      ciLow: interval.ciLow,
      ciHigh: interval.ciHigh,
      models: row.models,
      answers: row.answers,
      totalAnswers: row.total_answers,
      misaligned: row.misaligned,
      modelRates: row.model_rates,
    };
  });
}
