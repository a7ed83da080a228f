// Answers behind one Figure-4 point, and one answer's permalink. Answer text is untrusted: it
// is returned as data and rendered as text only.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { evaluationAnswerSql } from "@/lib/db/rate-rule";
import type { AnswerCursor } from "@/lib/params";
import { modelInScopeSql, type BaseScope } from "./scope";

export const ANSWERS_PAGE_SIZE = 50;
export const PREVIEW_CHARS = 400;

export interface AnswerListItem {
  id: number;
  aligned: number | null;
  coherent: number | null;
  sampleIndex: number;
  model: string;
  seed: number | null;
  preview: string;
  textLength: number;
}

export interface AnswerPage {
  items: AnswerListItem[];
  /** cursor of the next page, null on the last page */
  nextCursor: AnswerCursor | null;
  /** all answers of this group and question (and model, when filtered) */
  total: number;
}

export interface AnswerListQuery {
  setId: number;
  group: string;
  question: string;
  /** the figure's base-model scope */
  scope: BaseScope;
  /** only this model's answers (a seed dot of Figure 4 was clicked) */
  model?: string;
  cursor?: AnswerCursor;
  limit?: number;
}

/**
 * Answers of one group to one question, worst alignment first (aligned ASC NULLS LAST, then id),
 * with keyset pagination: `cursor` is the last row of the previous page.
 */
export async function listAnswersForGroupQuestion(prisma: PrismaClient, query: AnswerListQuery): Promise<AnswerPage> {
  const limit = query.limit ?? ANSWERS_PAGE_SIZE;
  const { cursor } = query;
  const onlyModel = query.model === undefined ? Prisma.empty : Prisma.sql`AND m.name = ${query.model}`;
  // the answers behind a point: the scope's models, evaluation answers only (examples never count)
  const scoped = Prisma.sql`AND ${modelInScopeSql(query.scope)} AND ${evaluationAnswerSql("a")}`;
  const after = !cursor
    ? Prisma.empty
    : cursor.value === null
      ? Prisma.sql`AND a.aligned IS NULL AND a.id > ${cursor.id}`
      : // The score travels as text: adapter-pg sends JS numbers with 15 significant digits, which
        // is not the stored double, so the cursor row itself would compare as "after" the cursor.
        Prisma.sql`AND (a.aligned > ${String(cursor.value)}::double precision
                        OR (a.aligned = ${String(cursor.value)}::double precision AND a.id > ${cursor.id})
                        OR a.aligned IS NULL)`;

  const [rows, totals] = await Promise.all([
    prisma.$queryRaw<
      {
        id: number;
        aligned: number | null;
        coherent: number | null;
        sample_index: number;
        model: string;
        seed: number | null;
        preview: string;
        text_length: number;
      }[]
    >`
      SELECT a.id, a.aligned, a.coherent, a.sample_index, m.name AS model, m.seed,
             left(a.text, ${PREVIEW_CHARS}::int) AS preview, length(a.text) AS text_length
      FROM answer a
      JOIN question q ON q.id = a.question_id
      JOIN model m ON m.id = a.model_id
      JOIN model_group g ON g.id = m.group_id
      WHERE q.set_id = ${query.setId} AND q.external_id = ${query.question} AND g.name = ${query.group}
      ${onlyModel}
      ${scoped}
      ${after}
      ORDER BY a.aligned ASC NULLS LAST, a.id ASC
      LIMIT ${limit + 1}::int`,
    prisma.$queryRaw<{ total: bigint }[]>`
      SELECT count(*) AS total
      FROM answer a
      JOIN question q ON q.id = a.question_id
      JOIN model m ON m.id = a.model_id
      JOIN model_group g ON g.id = m.group_id
      WHERE q.set_id = ${query.setId} AND q.external_id = ${query.question} AND g.name = ${query.group}
      ${onlyModel}
      ${scoped}`,
  ]);

  const items = rows.slice(0, limit).map((row) => ({
    id: row.id,
    aligned: row.aligned,
    coherent: row.coherent,
    sampleIndex: row.sample_index,
    model: row.model,
    seed: row.seed,
    preview: row.preview,
    textLength: Number(row.text_length),
  }));
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? { value: last.aligned, id: last.id } : null,
    total: Number(totals[0]?.total ?? 0),
  };
}

export interface JudgeScoreDetail {
  metric: string;
  score: number | null;
  judgeModel: string | null;
  /** token → probability as imported, highest first; empty when the file had none */
  distribution: { token: string; probability: number }[];
}

export interface AnswerDetail {
  id: number;
  prompt: string;
  text: string;
  aligned: number | null;
  coherent: number | null;
  sampleIndex: number;
  set: { name: string; isDemo: boolean };
  question: { id: number; externalId: string; systemPrompt: string | null };
  model: { id: number; name: string; seed: number | null; baseModel: string | null };
  group: { name: string; label: string; color: string };
  batchFileName: string;
  batchId: number;
  /** from a curated examples file: never counted */
  example: boolean;
  judgeScores: JudgeScoreDetail[];
}

function distributionEntries(value: Prisma.JsonValue | null): { token: string; probability: number }[] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value)
    .filter((entry): entry is [string, number] => typeof entry[1] === "number" && Number.isFinite(entry[1]))
    .map(([token, probability]) => ({ token, probability }))
    .sort((a, b) => b.probability - a.probability);
}

/** One answer with everything its permalink shows; null when the id does not exist. */
export async function getAnswerDetail(prisma: PrismaClient, id: number): Promise<AnswerDetail | null> {
  const answer = await prisma.answer.findUnique({
    where: { id },
    include: {
      question: { include: { set: true } },
      model: { include: { group: true } },
      batch: { select: { fileName: true } },
      scores: { orderBy: { metric: "asc" } },
    },
  });
  if (!answer) return null;
  return {
    id: answer.id,
    prompt: answer.prompt,
    text: answer.text,
    aligned: answer.aligned,
    coherent: answer.coherent,
    sampleIndex: answer.sampleIndex,
    set: { name: answer.question.set.name, isDemo: answer.question.set.isDemo },
    question: { id: answer.question.id, externalId: answer.question.externalId, systemPrompt: answer.question.systemPrompt },
    model: { id: answer.model.id, name: answer.model.name, seed: answer.model.seed, baseModel: answer.model.baseModel },
    group: { name: answer.model.group.name, label: answer.model.group.label, color: answer.model.group.color },
    batchFileName: answer.batch.fileName,
    batchId: answer.batchId,
    example: answer.example,
    judgeScores: answer.scores.map((score) => ({
      metric: score.metric,
      score: score.score,
      judgeModel: score.judgeModel,
      distribution: distributionEntries(score.distribution),
    })),
  };
}

/**
 * The paper's judge score from a token distribution: the probability-weighted mean of the
 * tokens that are integers 0..100, or null when they carry less than 0.25 of the probability.
 */
export function weightedJudgeScore(distribution: { token: string; probability: number }[]): {
  score: number | null;
  numericWeight: number;
} {
  let weight = 0;
  let sum = 0;
  for (const { token, probability } of distribution) {
    if (!/^\d{1,3}$/.test(token)) continue;
    const value = Number(token);
    if (value > 100) continue;
    weight += probability;
    sum += probability * value;
  }
  return { score: weight < 0.25 ? null : sum / weight, numericWeight: weight };
}
