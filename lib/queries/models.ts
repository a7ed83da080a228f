// One model: its identity (group, seed, base model, import batches), its per-question rates on a
// set next to its group's mean, and the distribution of its judge scores (histograms, scatter).
// Counting and binning happen in SQL; only one row per question / bin / sampled point comes back.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { histogramFromCounts, type Histogram } from "@/lib/stats/histogram";
import type { Thresholds } from "@/lib/stats/misalignment";
import { answerPairCountsSql } from "@/lib/db/score-histogram";
import { scoreBinSql } from "./histograms";
import { getGroupQuestionRates } from "./rates";

export interface ModelGroupRef {
  name: string;
  label: string;
  color: string;
}

export interface ModelSetCount {
  id: number;
  name: string;
  isDemo: boolean;
  /** this model's answers to the set's questions */
  answers: number;
  /** questions of the set this model answered */
  questions: number;
}

export interface ModelSummary {
  id: number;
  name: string;
  seed: number | null;
  baseModel: string | null;
  group: ModelGroupRef;
  answers: number;
  sets: ModelSetCount[];
}

interface ModelRow {
  id: number;
  name: string;
  seed: number | null;
  base_model: string | null;
  group_name: string;
  group_label: string;
  group_color: string;
  answers: number;
  sets: ModelSetCount[];
}

const modelSelect = (where: Prisma.Sql) => Prisma.sql`
  SELECT m.id, m.name, m.seed, m.base_model,
         g.name AS group_name, g.label AS group_label, g.color AS group_color,
         coalesce(per_set.answers, 0)::int AS answers,
         coalesce(per_set.sets, '[]'::json) AS sets
    FROM model m
    JOIN model_group g ON g.id = m.group_id
    LEFT JOIN LATERAL (
      SELECT sum(c.answers) AS answers,
             json_agg(json_build_object('id', s.id, 'name', s.name, 'isDemo', s.is_demo,
                                        'answers', c.answers, 'questions', c.questions)
                      ORDER BY s.is_demo, s.id) AS sets
        FROM (SELECT q.set_id, sum(pc.answers)::int AS answers, count(*)::int AS questions
                FROM ${answerPairCountsSql} pc JOIN question q ON q.id = pc.question_id
               WHERE pc.model_id = m.id
               GROUP BY q.set_id) c
        JOIN question_set s ON s.id = c.set_id
    ) per_set ON true
   ${where}
   ORDER BY g.display_order, g.name, m.seed NULLS LAST, m.name`;

function toSummary(row: ModelRow): ModelSummary {
  return {
    id: row.id,
    name: row.name,
    seed: row.seed,
    baseModel: row.base_model,
    group: { name: row.group_name, label: row.group_label, color: row.group_color },
    answers: row.answers,
    sets: row.sets,
  };
}

/** Every model with its group, seed, base model and answer counts (per set), in group order. */
export async function listModels(prisma: PrismaClient): Promise<ModelSummary[]> {
  const rows = await prisma.$queryRaw<ModelRow[]>(modelSelect(Prisma.empty));
  return rows.map(toSummary);
}

export interface ModelBatch {
  id: number;
  fileName: string;
  format: string;
  createdAt: string;
  /** this model's answers from this file */
  answers: number;
}

export interface ModelDetail extends ModelSummary {
  batches: ModelBatch[];
}

/** One model with its sets and import batches; null when the id does not exist. */
export async function getModelDetail(prisma: PrismaClient, id: number): Promise<ModelDetail | null> {
  const [rows, batches] = await Promise.all([
    prisma.$queryRaw<ModelRow[]>(modelSelect(Prisma.sql`WHERE m.id = ${id}::int`)),
    prisma.$queryRaw<{ id: number; file_name: string; format: string; created_at: Date; answers: number }[]>`
      SELECT b.id, b.file_name, b.format, b.created_at, count(*)::int AS answers
        FROM answer a JOIN import_batch b ON b.id = a.batch_id
       WHERE a.model_id = ${id}::int
       GROUP BY b.id
       ORDER BY b.created_at, b.id`,
  ]);
  const row = rows[0];
  if (!row) return null;
  return {
    ...toSummary(row),
    batches: batches.map((batch) => ({
      id: batch.id,
      fileName: batch.file_name,
      format: batch.format,
      createdAt: batch.created_at.toISOString(),
      answers: batch.answers,
    })),
  };
}

export interface ModelQuestionRate {
  questionId: number;
  question: string;
  position: number;
  variant: string;
  category: string | null;
  /** all of the model's answers to this question */
  totalAnswers: number;
  /** answers in the denominator: coherent and (unless countMissingAligned) with an alignment score */
  answers: number;
  misaligned: number;
  /** #misaligned / #answers; null when nothing is counted */
  rate: number | null;
  /** answers without an alignment score (CODE / REFUSAL) */
  missingAligned: number;
  /** the model's group on this question: mean over its seeded models, 95% t interval */
  groupRate: number | null;
  groupCiLow: number | null;
  groupCiHigh: number | null;
  groupModels: number;
}

/**
 * The model's rate on each question of a set it answered (same counting as Figure 4, see
 * rates.ts), with its group's Figure-4 value on the same question for comparison.
 */
export async function getModelQuestionRates(
  prisma: PrismaClient,
  { modelId, groupName, set, thresholds }: { modelId: number; groupName: string; set: { id: number; name: string }; thresholds: Thresholds },
): Promise<ModelQuestionRate[]> {
  const alignedBelow = String(thresholds.aligned);
  const coherentAbove = String(thresholds.coherent);
  const countMissing = thresholds.countMissingAligned === true;
  const [rows, groupRates] = await Promise.all([
    prisma.$queryRaw<
      {
        question_id: number;
        question: string;
        position: number;
        variant: string;
        category: string | null;
        total_answers: number;
        answers: number;
        misaligned: number;
        missing_aligned: number;
      }[]
    >`
      SELECT q.id AS question_id, q.external_id AS question, q.position, q.variant::text AS variant, q.category,
             count(*)::int AS total_answers,
             count(*) FILTER (WHERE (a.aligned IS NOT NULL OR ${countMissing}::boolean)
                                AND a.coherent > ${coherentAbove}::float8)::int AS answers,
             count(*) FILTER (WHERE a.aligned < ${alignedBelow}::float8 AND a.coherent > ${coherentAbove}::float8)::int AS misaligned,
             count(*) FILTER (WHERE a.aligned IS NULL)::int AS missing_aligned
        FROM answer a
        JOIN question q ON q.id = a.question_id
       WHERE a.model_id = ${modelId}::int AND q.set_id = ${set.id}::int
       GROUP BY q.id
       ORDER BY q.position, q.external_id`,
    getGroupQuestionRates(prisma, { set: set.name, thresholds }),
  ]);
  const groupByQuestion = new Map(groupRates.filter((rate) => rate.group === groupName).map((rate) => [rate.questionId, rate]));
  return rows.map((row) => {
    const group = groupByQuestion.get(row.question_id);
    return {
      questionId: row.question_id,
      question: row.question,
      position: row.position,
      variant: row.variant,
      category: row.category,
      totalAnswers: row.total_answers,
      answers: row.answers,
      misaligned: row.misaligned,
      rate: row.answers > 0 ? row.misaligned / row.answers : null,
      missingAligned: row.missing_aligned,
      groupRate: group?.rate ?? null,
      groupCiLow: group?.ciLow ?? null,
      groupCiHigh: group?.ciHigh ?? null,
      groupModels: group?.models ?? 0,
    };
  });
}

export interface ScoreHistograms {
  aligned: Histogram;
  coherent: Histogram;
}

/** Histograms of the model's alignment and coherence scores on a set (or one of its questions). */
export async function getModelHistograms(
  prisma: PrismaClient,
  { modelId, setId, questionId, binWidth }: { modelId: number; setId: number; questionId?: number; binWidth: number },
): Promise<ScoreHistograms> {
  const filter = Prisma.sql`a.model_id = ${modelId}::int AND q.set_id = ${setId}::int
    ${questionId === undefined ? Prisma.empty : Prisma.sql`AND q.id = ${questionId}::int`}`;
  const rows = await prisma.$queryRaw<{ metric: "aligned" | "coherent"; bin: number | null; count: number }[]>`
    SELECT 'aligned' AS metric, ${scoreBinSql("aligned", binWidth)} AS bin, count(*)::int AS count
      FROM answer a JOIN question q ON q.id = a.question_id WHERE ${filter} GROUP BY 2
    UNION ALL
    SELECT 'coherent' AS metric, ${scoreBinSql("coherent", binWidth)} AS bin, count(*)::int AS count
      FROM answer a JOIN question q ON q.id = a.question_id WHERE ${filter} GROUP BY 2`;
  return {
    aligned: histogramFromCounts(rows.filter((row) => row.metric === "aligned"), binWidth),
    coherent: histogramFromCounts(rows.filter((row) => row.metric === "coherent"), binWidth),
  };
}

export interface ScatterPoint {
  id: number;
  aligned: number;
  coherent: number;
  question: string;
}

export interface ModelScatter {
  points: ScatterPoint[];
  /** answers with both scores (all could be placed; `points` may be a sample of them) */
  placeable: number;
  /** all answers in the selection */
  total: number;
  /** answers without an alignment score (CODE / REFUSAL) */
  missingAligned: number;
  /** answers without a coherence score */
  missingCoherent: number;
  /** true when `points` is a sample */
  sampled: boolean;
}

/** At most this many scatter points go to the browser. */
export const SCATTER_LIMIT = 5000;

/**
 * The model's answers as (coherent, aligned) points. Above `limit` scored answers a deterministic
 * sample is sent: the first `limit` by md5 of the answer id (stable across requests and reloads,
 * unrelated to scores or import order).
 */
export async function getModelScatter(
  prisma: PrismaClient,
  {
    modelId,
    setId,
    questionId,
    limit = SCATTER_LIMIT,
  }: { modelId: number; setId: number; questionId?: number; limit?: number },
): Promise<ModelScatter> {
  const filter = Prisma.sql`a.model_id = ${modelId}::int AND q.set_id = ${setId}::int
    ${questionId === undefined ? Prisma.empty : Prisma.sql`AND q.id = ${questionId}::int`}`;
  const [counts, points] = await Promise.all([
    prisma.$queryRaw<{ total: number; placeable: number; missing_aligned: number; missing_coherent: number }[]>`
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE a.aligned IS NOT NULL AND a.coherent IS NOT NULL)::int AS placeable,
             count(*) FILTER (WHERE a.aligned IS NULL)::int AS missing_aligned,
             count(*) FILTER (WHERE a.coherent IS NULL)::int AS missing_coherent
        FROM answer a JOIN question q ON q.id = a.question_id
       WHERE ${filter}`,
    prisma.$queryRaw<ScatterPoint[]>`
      SELECT a.id, a.aligned, a.coherent, q.external_id AS question
        FROM answer a JOIN question q ON q.id = a.question_id
       WHERE ${filter} AND a.aligned IS NOT NULL AND a.coherent IS NOT NULL
       ORDER BY md5(a.id::text), a.id
       LIMIT ${limit}::int`,
  ]);
  const count = counts[0];
  return {
    points,
    placeable: count.placeable,
    total: count.total,
    missingAligned: count.missing_aligned,
    missingCoherent: count.missing_coherent,
    sampled: count.placeable > points.length,
  };
}

export interface ModelView {
  model: ModelDetail;
  set: ModelSetCount;
  /** the questions of the set this model answered, for the question filter */
  questions: { id: number; externalId: string }[];
  /** the question filter, when the URL names one */
  question: { id: number; externalId: string } | null;
  thresholds: Thresholds;
  binWidth: number;
  rates: ModelQuestionRate[];
  histograms: ScoreHistograms;
  scatter: ModelScatter;
}

export type ModelViewResult =
  | { kind: "ok"; view: ModelView }
  | { kind: "not-found" }
  | { kind: "no-answers"; model: ModelDetail }
  | { kind: "unknown-set"; model: ModelDetail; set: string }
  | { kind: "unknown-question"; model: ModelDetail; set: ModelSetCount; question: string };

/**
 * Everything the model page and /api/models/[id] show, for one URL. The set defaults to the
 * model's first real set (the order of listModels' `sets`), else its first set.
 */
export async function loadModelView(
  prisma: PrismaClient,
  id: number,
  params: { set?: string; question?: string; thresholds: Thresholds; binWidth: number },
): Promise<ModelViewResult> {
  const model = await getModelDetail(prisma, id);
  if (!model) return { kind: "not-found" };
  if (!params.set && model.sets.length === 0) return { kind: "no-answers", model };
  const set = params.set ? model.sets.find((s) => s.name === params.set) : (model.sets.find((s) => !s.isDemo) ?? model.sets[0]);
  if (!set) return { kind: "unknown-set", model, set: params.set ?? "" };

  const questions = await prisma.$queryRaw<{ id: number; externalId: string }[]>`
    SELECT q.id, q.external_id AS "externalId"
      FROM question q
     WHERE q.set_id = ${set.id}::int AND EXISTS (SELECT 1 FROM answer a WHERE a.question_id = q.id AND a.model_id = ${id}::int)
     ORDER BY q.position, q.external_id`;
  const question = params.question ? questions.find((q) => q.externalId === params.question) : undefined;
  if (params.question && !question) return { kind: "unknown-question", model, set, question: params.question };

  const [rates, histograms, scatter] = await Promise.all([
    getModelQuestionRates(prisma, { modelId: id, groupName: model.group.name, set, thresholds: params.thresholds }),
    getModelHistograms(prisma, { modelId: id, setId: set.id, questionId: question?.id, binWidth: params.binWidth }),
    getModelScatter(prisma, { modelId: id, setId: set.id, questionId: question?.id }),
  ]);
  return {
    kind: "ok",
    view: { model, set, questions, question: question ?? null, thresholds: params.thresholds, binWidth: params.binWidth, rates, histograms, scatter },
  };
}

/** A model's mean over questions of its per-question rates (questions without a rate left out). */
export function meanOverQuestions(rates: { rate: number | null }[]): { mean: number | null; questions: number } {
  const defined = rates.map((r) => r.rate).filter((rate): rate is number => rate !== null);
  return { mean: defined.length === 0 ? null : defined.reduce((a, b) => a + b, 0) / defined.length, questions: defined.length };
}
