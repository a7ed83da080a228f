// Answers behind one Figure-4 point, and one answer's permalink. Answer text is untrusted: it
// is returned as data and rendered as text only.
import "server-only";
import { cachedPerDataVersion } from "@/lib/cache/data-version";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { int4, queryRow } from "@/lib/db/rows";
import { countedSql, evaluationAnswerSql, modelIncludedSql } from "@/lib/db/rate-rule";
import { modelInScopeSql } from "./scope";
import { scoredAnswersSql } from "@/lib/db/score-source";
import { keysetCards, type AnswerListSpec } from "./answer-list";
import { isDefaultSource, judgeScoresOf } from "@/lib/domain/score-source";
import { FILE_JUDGE_LABEL, furtherMetricsOf } from "@/lib/domain/judges";
import { isExtraMetric } from "@/lib/domain/metrics";
import type { AnswerPage, AnswerListQuery, AnswerDetail, AnswerJudgeScores, RemovedAnswerInfo } from "@/lib/answers/types";
import { ANSWERS_PAGE_SIZE } from "@/lib/answers/types";

/** A point's answers: all of them, and those its rate counts (an aggregate: always one row). */
const answerTotalsRow = z.strictObject({ total: int4, counted: int4 }) satisfies z.ZodType<Pick<AnswerPage, "total" | "counted">>;

/**
 * Answers of one group to one question, as the one answer list (lib/queries/answer-list.ts) in two
 * stages: first the answers the point's rate counts (countedSql, from a model with at least
 * minAnswers of them: the rate's denominator), then the others; within each stage worst alignment
 * first (aligned ASC NULLS LAST, then id). Keyset pagination over (stage, aligned, id): `cursor` is
 * the last row of the previous page. Order and stages are the source's scores (under a corrected
 * source a label's ±Infinity scores sort as -1 / 101: a finite keyset cursor); the cards show the
 * judge's (a label is a verdict, not a score).
 */
export const listAnswersForGroupQuestion = cachedPerDataVersion(
  "listAnswersForGroupQuestion",
  async function listAnswersForGroupQuestion(prisma: PrismaClient, query: AnswerListQuery): Promise<AnswerPage> {
    const limit = query.limit ?? ANSWERS_PAGE_SIZE;
    const { cursor, method } = query;
    const relation = scoredAnswersSql(method.source);
    const onlyModel = query.model === undefined ? Prisma.empty : Prisma.sql`AND m.name = ${query.model}`;
    // the answers behind a point: the scope's models of the group, evaluation answers only (examples never count)
    const conditions = [
      Prisma.sql`a.question_id = ANY(ARRAY(SELECT q.id FROM question q WHERE q.set_id = ${query.setId}::int AND q.external_id = ${query.question}))`,
      Prisma.sql`a.model_id = ANY(ARRAY(SELECT m.id FROM model m JOIN model_group g ON g.id = m.group_id
                                       WHERE g.name = ${query.group} ${onlyModel} AND ${modelInScopeSql(query.scope)}))`,
      evaluationAnswerSql("a"),
    ];
    // countedSql is NULL for a NULL coherence score: IS TRUE makes that "not counted", as in FILTER
    const counted = Prisma.sql`(${countedSql("a", method)}) IS TRUE`;
    const where = Prisma.join(conditions, " AND ");
    // the models the point's rate includes (at least minAnswers counted answers): one InitPlan per query
    const includedModels = Prisma.sql`ARRAY(SELECT a.model_id FROM ${relation} a WHERE ${where} GROUP BY a.model_id
                                            HAVING ${modelIncludedSql(Prisma.sql`count(*) FILTER (WHERE ${counted})`, method.minAnswers)})`;
    const countedFirst = Prisma.sql`(${counted} AND a.model_id = ANY(${includedModels}))`;
    const spec: AnswerListSpec = {
      relation,
      conditions,
      // one question of one group: read its answers, then sort them
      narrow: true,
      stages: [countedFirst, Prisma.sql`NOT ${countedFirst}`],
      column: isDefaultSource(method.source)
        ? undefined
        : Prisma.sql`CASE WHEN a.aligned = '-Infinity'::float8 THEN -1 WHEN a.aligned = 'Infinity'::float8 THEN 101 ELSE a.aligned END`,
    };
    const [rows, totals] = await Promise.all([
      // the judge's scores are shown (a label is a verdict, not a score); the order and stages are the source's
      keysetCards(prisma, spec, { key: "aligned", dir: "asc" }, cursor, limit + 1, scoredAnswersSql(judgeScoresOf(method.source))),
      queryRow(
        prisma,
        "listAnswersForGroupQuestion",
        answerTotalsRow,
        Prisma.sql`
        SELECT count(*)::int AS total, count(*) FILTER (WHERE ${countedFirst})::int AS counted FROM ${relation} a WHERE ${where}`,
      ),
    ]);
    const items = rows.slice(0, limit).map((row) => ({
      id: row.id,
      publicId: row.publicId,
      aligned: row.aligned,
      coherent: row.coherent,
      sampleIndex: row.sampleIndex,
      model: row.model,
      seed: row.seed,
      preview: row.preview,
      textLength: row.textLength,
      counted: row.stage === 1,
      reviewLabel: row.reviewLabel,
    }));
    const last = rows[limit - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? { stage: last.stage === 1 ? 1 : 2, value: last.value, id: last.id } : null,
      total: totals.total,
      counted: totals.counted,
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
          .filter((score) => isExtraMetric(score.metric))
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
  const row = await queryRow(
    prisma,
    "isAnswerGone",
    z.strictObject({ gone: z.boolean() }),
    Prisma.sql`
    SELECT EXISTS (SELECT 1 FROM removed_answer WHERE public_id = ${publicId})
           AND NOT EXISTS (SELECT 1 FROM answer WHERE public_id = ${publicId}) AS gone`,
  );
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
