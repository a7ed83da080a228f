// Answers behind one Figure-4 point, and one answer's permalink. Answer text is untrusted: it
// is returned as data and rendered as text only.
import "server-only";
import { cachedPerDataVersion } from "@/lib/cache/data-version";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { countedSql, evaluationAnswerSql, modelIncludedSql } from "@/lib/db/rate-rule";
import { modelInScopeSql } from "./scope";
import { reviewLabelOfSql, scoredAnswersSql } from "@/lib/db/score-source";
import { isDefaultSource, judgeScoresOf } from "@/lib/domain/score-source";
import type { ReviewLabel } from "@/lib/domain/review-labels";
import { FILE_JUDGE_LABEL, HEADLINE_METRICS, furtherMetricsOf } from "@/lib/domain/judges";
import type { AnswerPage, AnswerListQuery, AnswerDetail, AnswerJudgeScores, RemovedAnswerInfo } from "@/lib/answers/types";
import { ANSWERS_PAGE_SIZE } from "@/lib/answers/types";

export const PREVIEW_CHARS = 400;

/**
 * Answers of one group to one question in two parts: first the answers the point's rate counts
 * (countedSql, from a model with at least minAnswers of them: the rate's denominator), then the
 * others; within each part worst alignment first (aligned ASC NULLS LAST, then id). Keyset
 * pagination over (stage, aligned, id): `cursor` is the last row of the previous page.
 */
export const listAnswersForGroupQuestion = cachedPerDataVersion(
  "listAnswersForGroupQuestion",
  async function listAnswersForGroupQuestion(prisma: PrismaClient, query: AnswerListQuery): Promise<AnswerPage> {
    const limit = query.limit ?? ANSWERS_PAGE_SIZE;
    const { cursor, method } = query;
    const onlyModel = query.model === undefined ? Prisma.empty : Prisma.sql`AND m.name = ${query.model}`;
    // the answers behind a point: the scope's models, evaluation answers only (examples never count)
    const scoped = Prisma.sql`AND ${modelInScopeSql(query.scope)} AND ${evaluationAnswerSql("a")}`;
    // countedSql is NULL for a NULL coherence score: IS TRUE makes that "not counted", as in FILTER
    // under a corrected source a label's ±Infinity scores sort as -1 / 101: a finite keyset cursor
    const sortAligned = isDefaultSource(method.source)
      ? Prisma.sql`a.aligned`
      : Prisma.sql`CASE WHEN a.aligned = '-Infinity'::float8 THEN -1 WHEN a.aligned = 'Infinity'::float8 THEN 101 ELSE a.aligned END`;
    const staged = Prisma.sql`
    WITH point AS (
      SELECT a.id, ${sortAligned} AS aligned, a.model_id, (${countedSql("a", method)}) IS TRUE AS counted
      FROM ${scoredAnswersSql(method.source)} a
      JOIN question q ON q.id = a.question_id
      JOIN model m ON m.id = a.model_id
      JOIN model_group g ON g.id = m.group_id
      WHERE q.set_id = ${query.setId} AND q.external_id = ${query.question} AND g.name = ${query.group}
      ${onlyModel}
      ${scoped}
    ),
    per_model AS (
      SELECT model_id, count(*) FILTER (WHERE counted) AS counted FROM point GROUP BY model_id
    ),
    staged AS (
      SELECT p.id, p.aligned,
             CASE WHEN p.counted AND ${modelIncludedSql(Prisma.sql`pm.counted`, method.minAnswers)} THEN 1 ELSE 2 END AS stage
      FROM point p JOIN per_model pm ON pm.model_id = p.model_id
    )`;
    const within = !cursor
      ? Prisma.empty
      : cursor.value === null
        ? Prisma.sql`s.aligned IS NULL AND s.id > ${cursor.id}`
        : // The score travels as text: adapter-pg sends JS numbers with 15 significant digits, which
          // is not the stored double, so the cursor row itself would compare as "after" the cursor.
          Prisma.sql`(s.aligned > ${String(cursor.value)}::double precision
                    OR (s.aligned = ${String(cursor.value)}::double precision AND s.id > ${cursor.id})
                    OR s.aligned IS NULL)`;
    const after = !cursor
      ? Prisma.empty
      : Prisma.sql`WHERE s.stage > ${cursor.stage}::int OR (s.stage = ${cursor.stage}::int AND ${within})`;

    const [rows, totals] = await Promise.all([
      prisma.$queryRaw<
        {
          id: number;
          public_id: string;
          aligned: number | null;
          coherent: number | null;
          sample_index: number;
          model: string;
          seed: number | null;
          preview: string;
          text_length: number;
          stage: number;
          sort_aligned: number | null;
          review_label: ReviewLabel | null;
        }[]
      >`
      ${staged}
      SELECT a.id, a.public_id, a.aligned, a.coherent, a.sample_index, m.name AS model, m.seed, s.stage, s.aligned AS sort_aligned,
             left(a.text, ${PREVIEW_CHARS}::int) AS preview, length(a.text) AS text_length,
             ${reviewLabelOfSql(Prisma.sql`a.public_id`)} AS review_label
      FROM (SELECT s.id, s.stage, s.aligned FROM staged s ${after}
            ORDER BY s.stage ASC, s.aligned ASC NULLS LAST, s.id ASC
            LIMIT ${limit + 1}::int) s
      -- the judge's scores are shown (a label is a verdict, not a score); the order and stages above are the source's
      JOIN ${scoredAnswersSql(judgeScoresOf(method.source))} a ON a.id = s.id
      JOIN model m ON m.id = a.model_id
      ORDER BY s.stage ASC, s.aligned ASC NULLS LAST, s.id ASC`,
      prisma.$queryRaw<{ total: bigint; counted: bigint }[]>`
      ${staged}
      SELECT count(*) AS total, count(*) FILTER (WHERE stage = 1) AS counted FROM staged`,
    ]);

    const sortValue = new Map(rows.map((row) => [row.id, row.sort_aligned]));
    const items = rows.slice(0, limit).map((row) => ({
      id: row.id,
      publicId: row.public_id,
      aligned: row.aligned,
      coherent: row.coherent,
      sampleIndex: row.sample_index,
      model: row.model,
      seed: row.seed,
      preview: row.preview,
      textLength: Number(row.text_length),
      counted: row.stage === 1,
      reviewLabel: row.review_label,
    }));
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? { stage: last.counted ? 1 : 2, value: sortValue.get(last.id) ?? null, id: last.id } : null,
      total: Number(totals[0]?.total ?? 0),
      counted: Number(totals[0]?.counted ?? 0),
    };
  },
);

function distributionEntries(value: Prisma.JsonValue | null): { token: string; probability: number }[] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value)
    .filter((entry): entry is [string, number] => typeof entry[1] === "number" && Number.isFinite(entry[1]))
    .map(([token, probability]) => ({ token, probability }))
    .sort((a, b) => b.probability - a.probability);
}

/** One answer with everything its permalink shows, by its public id; null when there is none. */
export const getAnswerDetail = cachedPerDataVersion(
  "getAnswerDetail",
  async function getAnswerDetail(prisma: PrismaClient, publicId: string): Promise<AnswerDetail | null> {
    const answer = await prisma.answer.findUnique({
      where: { publicId },
      include: {
        question: { include: { set: true } },
        model: { include: { group: true } },
        batch: { select: { fileName: true, format: true } },
        scores: { orderBy: { metric: "asc" } },
      },
    });
    if (!answer) return null;
    const furtherJudges = await prisma.answerJudgeScore.findMany({ where: { answerPublicId: publicId }, orderBy: { judge: "asc" } });
    const judges: AnswerJudgeScores[] = [
      {
        judge: null,
        name: answer.question.judgeModel ?? FILE_JUDGE_LABEL,
        aligned: answer.aligned,
        coherent: answer.coherent,
        metrics: answer.scores
          .filter((score) => !HEADLINE_METRICS.has(score.metric))
          .map((score) => ({ metric: score.metric, score: score.score })),
        batchId: answer.batchId,
      },
      ...furtherJudges.map((row) => ({
        judge: row.judge,
        name: row.judge,
        aligned: row.aligned,
        coherent: row.coherent,
        metrics: furtherMetricsOf(row.metrics),
        batchId: row.batchId,
      })),
    ];
    return {
      id: answer.id,
      publicId: answer.publicId,
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
      batchFormat: answer.batch.format,
      batchId: answer.batchId,
      sourceRef: answer.sourceRef,
      example: answer.example,
      judgeScores: answer.scores.map((score) => ({
        metric: score.metric,
        score: score.score,
        judgeModel: score.judgeModel,
        distribution: distributionEntries(score.distribution),
      })),
      judges,
    };
  },
);

/** The public id of the answer with this serial id (what an old /answers/<id> link redirects to); null when none. */
export const answerPublicIdOf = cachedPerDataVersion(
  "answerPublicIdOf",
  async function answerPublicIdOf(prisma: PrismaClient, id: number): Promise<string | null> {
    const answer = await prisma.answer.findUnique({ where: { id }, select: { publicId: true } });
    return answer?.publicId ?? null;
  },
);

/** When and with which import an answer that is gone was removed (lib/import/batches/remove.ts); null when never. */
/**
 * Whether the answer with this public id was removed and is not here again (importing its file
 * again brings it back): proxy.ts answers its permalink 410 Gone. Not cached per data version: one
 * lookup on two primary keys costs what reading the data version would.
 */
export async function isAnswerGone(prisma: PrismaClient, publicId: string): Promise<boolean> {
  const [row] = await prisma.$queryRaw<{ gone: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM removed_answer WHERE public_id = ${publicId})
           AND NOT EXISTS (SELECT 1 FROM answer WHERE public_id = ${publicId}) AS gone`;
  return row.gone;
}

export const findRemovedAnswer = cachedPerDataVersion(
  "findRemovedAnswer",
  async function findRemovedAnswer(prisma: PrismaClient, publicId: string): Promise<RemovedAnswerInfo | null> {
    const removed = await prisma.removedAnswer.findUnique({ where: { publicId } });
    return (
      removed && { publicId, batchId: removed.batchId, batchFileName: removed.batchFileName, removedAt: removed.removedAt.toISOString() }
    );
  },
);
