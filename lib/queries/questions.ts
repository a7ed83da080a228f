// One question: what was asked (paraphrases, system prompt, judge), every group's Figure-4 rate on
// it, its score distributions per group, and its worst answers. Counting and binning in SQL.
// Everything is within one base-model scope (lib/queries/scope.ts) and over evaluation answers
// only: the group rates are getGroupQuestionRates' rows (the numbers of Figure 4), the
// distributions and worst answers leave curated example answers out.
import "server-only";
import { cachedPerDataVersion } from "@/lib/cache/data-version";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { keysetCards } from "./answer-list";
import { int4, queryRow, queryRows } from "@/lib/db/rows";
import { evaluationAnswerSql } from "@/lib/db/rate-rule";
import { scoredAnswersSql } from "@/lib/db/score-source";
import { judgeScoresOf, type ScoreSource } from "@/lib/domain/score-source";
import { histogramFromCounts } from "@/lib/stats/histogram";
import type { RateMethod } from "@/lib/stats/method";
import type { MethodView } from "@/lib/params/method";
import { answerPairCountsSql } from "@/lib/db/score-histogram";
import { getMetricHistograms, scoreBinSql, type ScoreColumn } from "./histograms";
import { exampleCountsSql } from "./models";
import { getGroupQuestionRates } from "./rates";
import type { GroupQuestionRate } from "@/lib/rates/types";
import { modelInScopeSql, resolveScope } from "./scope";
import type { BaseScope } from "@/lib/scope/types";
import type {
  QuestionListRate,
  QuestionSetWithQuestions,
  QuestionDetail,
  GroupHistogram,
  WorstAnswer,
  QuestionView,
} from "@/lib/questions/types";

const questionOfSetRow = z.strictObject({
  setId: int4,
  setName: z.string(),
  description: z.string().nullable(),
  isDemo: z.boolean(),
  id: int4,
  externalId: z.string(),
  variant: z.string(),
  category: z.string().nullable(),
  position: int4,
  text: z.string().nullable(),
  answers: int4,
  models: int4,
});

const questionCountsRow = z.strictObject({ answers: int4, models: int4, examples: int4 });

const scopeCountsRow = z.strictObject({ answers: int4, models: int4 });

const groupBinRow = z.strictObject({ group: z.string(), groupLabel: z.string(), color: z.string(), bin: int4.nullable(), count: int4 });

/**
 * Every set with its questions (file order) and evaluation-answer counts of the scope's models
 * (every model when no scope is given): real sets first.
 */
export const listQuestionsBySet = cachedPerDataVersion(
  "listQuestionsBySet",
  async function listQuestionsBySet(prisma: PrismaClient, { scope }: { scope?: BaseScope } = {}): Promise<QuestionSetWithQuestions[]> {
    const counts = scope
      ? Prisma.sql`(SELECT pc.question_id, pc.model_id, pc.answers FROM ${answerPairCountsSql} pc
                    JOIN model m ON m.id = pc.model_id WHERE ${modelInScopeSql(scope)})`
      : answerPairCountsSql;
    const rows = await queryRows(
      prisma,
      "listQuestionsBySet",
      questionOfSetRow,
      Prisma.sql`
    SELECT s.id AS "setId", s.name AS "setName", s.description, s.is_demo AS "isDemo",
           q.id, q.external_id AS "externalId", q.variant::text AS variant, q.category, q.position, q.paraphrases[1] AS text,
           coalesce(sum(pc.answers), 0)::int AS answers, count(pc.model_id)::int AS models
      FROM question_set s
      JOIN question q ON q.set_id = s.id
      LEFT JOIN ${counts} pc ON pc.question_id = q.id
     GROUP BY s.id, q.id
     ORDER BY s.is_demo, s.id, q.position, q.external_id`,
    );
    const sets = new Map<number, QuestionSetWithQuestions>();
    for (const { setId, setName, description, isDemo, ...question } of rows) {
      let set = sets.get(setId);
      if (!set) {
        set = { id: setId, name: setName, description, isDemo, answers: 0, questions: [], groups: [] };
        sets.set(setId, set);
      }
      set.answers += question.answers;
      set.questions.push({ ...question, rates: [] });
    }
    return [...sets.values()];
  },
);

/**
 * listQuestionsBySet plus every group's Figure-4 rate on each question: getGroupQuestionRates' rows
 * (the same numbers as Figure 4 and the question page), one query per set that has answers.
 */
export const listQuestionsWithRates = cachedPerDataVersion(
  "listQuestionsWithRates",
  async function listQuestionsWithRates(
    prisma: PrismaClient,
    { scope, method }: { scope: BaseScope; method: RateMethod },
  ): Promise<QuestionSetWithQuestions[]> {
    // new objects: listQuestionsBySet's result is cached and frozen (lib/cache/data-version.ts)
    const listed = await listQuestionsBySet(prisma, { scope });
    const sets: QuestionSetWithQuestions[] = [];
    for (const set of listed) {
      if (set.answers === 0) {
        sets.push(set);
        continue;
      }
      const rates = await getGroupQuestionRates(prisma, { set: set.name, method, scope });
      const byQuestion = new Map<number, QuestionListRate[]>();
      const groups = new Map<string, QuestionListSetGroup>();
      for (const rate of [...rates].sort((a, b) => a.groupOrder - b.groupOrder || a.group.localeCompare(b.group))) {
        groups.set(rate.group, { group: rate.group, groupLabel: rate.groupLabel, color: rate.color });
        const list = byQuestion.get(rate.questionId) ?? [];
        list.push({
          group: rate.group,
          groupLabel: rate.groupLabel,
          color: rate.color,
          rate: rate.rate,
          ciLow: rate.ciLow,
          ciHigh: rate.ciHigh,
          models: rate.models,
        });
        byQuestion.set(rate.questionId, list);
      }
      sets.push({
        ...set,
        groups: [...groups.values()],
        questions: set.questions.map((question) => ({ ...question, rates: byQuestion.get(question.id) ?? [] })),
      });
    }
    return sets;
  },
);

type QuestionListSetGroup = QuestionSetWithQuestions["groups"][number];

function judgePromptEntries(value: unknown): { metric: string; prompt: string }[] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>)
    .filter((entry): entry is [string, string] => typeof entry[1] === "string")
    .map(([metric, prompt]) => ({ metric, prompt }));
}

/** One question with its set, variants and answer counts; null when the id does not exist. */
export const getQuestionDetail = cachedPerDataVersion(
  "getQuestionDetail",
  async function getQuestionDetail(prisma: PrismaClient, id: number): Promise<QuestionDetail | null> {
    const question = await prisma.question.findUnique({ where: { id }, include: { set: true } });
    if (!question) return null;
    const [variants, counts] = await Promise.all([
      prisma.question.findMany({
        where: { setId: question.setId, baseExternalId: question.baseExternalId, id: { not: question.id } },
        select: { id: true, externalId: true, variant: true },
        orderBy: [{ position: "asc" }, { id: "asc" }],
      }),
      // the histogram holds evaluation answers only; examples are read through their batches
      queryRow(
        prisma,
        "getQuestionDetail counts",
        questionCountsRow,
        Prisma.sql`
      SELECT (SELECT coalesce(sum(h.unscored + h.scored), 0)::int FROM answer_score_block h WHERE h.question_id = ${id}::int) AS answers,
             (SELECT count(DISTINCT h.model_id)::int FROM answer_score_block h WHERE h.question_id = ${id}::int) AS models,
             (SELECT coalesce(sum(ex.examples), 0)::int FROM ${exampleCountsSql} ex WHERE ex.question_id = ${id}::int) AS examples`,
      ),
    ]);
    return {
      id: question.id,
      externalId: question.externalId,
      baseExternalId: question.baseExternalId,
      variant: question.variant,
      category: question.category,
      type: question.type,
      samplesPerParaphrase: question.samplesPerParaphrase,
      paraphrases: question.paraphrases,
      systemPrompt: question.systemPrompt,
      judgeModel: question.judgeModel,
      judgePrompts: judgePromptEntries(question.judgePrompts),
      set: { id: question.set.id, name: question.set.name, isDemo: question.set.isDemo },
      variants: variants.map((variant) => ({ id: variant.id, externalId: variant.externalId, variant: variant.variant })),
      answers: counts.answers,
      models: counts.models,
      examples: counts.examples,
    };
  },
);

/** Evaluation answers to the question from the scope's models, and how many models gave them. */
export async function getQuestionScopeCounts(
  prisma: PrismaClient,
  { questionId, scope }: { questionId: number; scope: BaseScope },
): Promise<{ answers: number; models: number }> {
  return queryRow(
    prisma,
    "getQuestionScopeCounts",
    scopeCountsRow,
    Prisma.sql`
    SELECT coalesce(sum(h.unscored + h.scored), 0)::int AS answers, count(DISTINCT h.model_id)::int AS models
      FROM answer_score_block h JOIN model m ON m.id = h.model_id
     WHERE h.question_id = ${questionId}::int AND ${modelInScopeSql(scope)}`,
  );
}

/**
 * Every group's Figure-4 value on this question for the scope and method: exactly
 * getGroupQuestionRates' rows for it (each model's rate, its answers and whether the
 * minimum-answers rule lets it in are in `modelRates`).
 */
export async function getQuestionGroupRates(
  prisma: PrismaClient,
  { question, method, scope }: { question: Pick<QuestionDetail, "id" | "set">; method: RateMethod; scope: BaseScope },
): Promise<GroupQuestionRate[]> {
  const rates = await getGroupQuestionRates(prisma, { set: question.set.name, method, scope });
  return rates.filter((rate) => rate.questionId === question.id);
}

/**
 * Histograms of one score of this question's evaluation answers from the scope's models, one per
 * group (group display order), scored by the source's judge (judgeScoresOf: labels are not scores).
 */
export async function getQuestionGroupHistograms(
  prisma: PrismaClient,
  {
    questionId,
    metric,
    binWidth,
    scope,
    source,
  }: { questionId: number; metric: ScoreColumn; binWidth: number; scope: BaseScope; source?: ScoreSource },
): Promise<GroupHistogram[]> {
  const rows = await queryRows(
    prisma,
    "getQuestionGroupHistograms",
    groupBinRow,
    Prisma.sql`
    SELECT g.name AS "group", g.label AS "groupLabel", g.color, ${scoreBinSql(metric, binWidth)} AS bin, count(*)::int AS count
      FROM ${scoredAnswersSql(judgeScoresOf(source))} a
      JOIN model m ON m.id = a.model_id
      JOIN model_group g ON g.id = m.group_id
     WHERE a.question_id = ${questionId}::int AND ${evaluationAnswerSql("a")} AND ${modelInScopeSql(scope)}
     GROUP BY g.id, 4
     ORDER BY g.display_order, g.name`,
  );
  const groups = new Map<string, { group: string; groupLabel: string; color: string; rows: { bin: number | null; count: number }[] }>();
  for (const row of rows) {
    let entry = groups.get(row.group);
    if (!entry) {
      entry = { group: row.group, groupLabel: row.groupLabel, color: row.color, rows: [] };
      groups.set(row.group, entry);
    }
    entry.rows.push({ bin: row.bin, count: row.count });
  }
  return [...groups.values()].map((entry) => ({
    group: entry.group,
    groupLabel: entry.groupLabel,
    color: entry.color,
    histogram: histogramFromCounts(entry.rows, binWidth),
  }));
}

export const WORST_ANSWERS = 20;

/**
 * The question's evaluation answers from the scope's models with the lowest alignment score by the
 * source's judge (missing scores last), then by id. Scores are the judge's (judgeScoresOf): a
 * reviewer's label changes the rates, not the scores this list is ordered by.
 */
export async function getWorstAnswers(
  prisma: PrismaClient,
  { questionId, scope, limit = WORST_ANSWERS, source }: { questionId: number; scope: BaseScope; limit?: number; source?: ScoreSource },
): Promise<WorstAnswer[]> {
  // the first page of the one answer list (lib/queries/answer-list.ts), alignment ascending
  const relation = scoredAnswersSql(judgeScoresOf(source));
  const rows = await keysetCards(
    prisma,
    {
      relation,
      conditions: [
        Prisma.sql`a.question_id = ${questionId}::int`,
        Prisma.sql`a.model_id = ANY(ARRAY(SELECT m.id FROM model m WHERE ${modelInScopeSql(scope)}))`,
        evaluationAnswerSql("a"),
      ],
      // one question: read its answers, then sort them
      narrow: true,
    },
    { key: "aligned", dir: "asc" },
    undefined,
    limit,
    relation,
  );
  return rows.map((row) => ({
    id: row.id,
    publicId: row.publicId,
    aligned: row.aligned,
    coherent: row.coherent,
    model: row.model,
    modelId: row.modelId,
    seed: row.seed,
    group: row.group,
    groupLabel: row.groupLabel,
    color: row.groupColor,
    preview: row.preview,
    textLength: row.textLength,
    reviewLabel: row.reviewLabel,
  }));
}

/** Everything the question page and /api/questions/[id] show; null when the id does not exist. */
export const loadQuestionView = cachedPerDataVersion(
  "loadQuestionView",
  async function loadQuestionView(
    prisma: PrismaClient,
    id: number,
    { view, binWidth }: { view: MethodView; binWidth: number },
  ): Promise<QuestionView | null> {
    const [question, scope] = await Promise.all([getQuestionDetail(prisma, id), resolveScope(prisma, view.base, view.attributes)]);
    if (!question) return null;
    const base = { question, preset: view.preset, method: view.method, scope, binWidth };
    const scoped =
      question.answers === 0 ? { answers: 0, models: 0 } : await getQuestionScopeCounts(prisma, { questionId: id, scope: scope.scope });
    if (scoped.answers === 0) {
      return { ...base, scoped, rates: [], histograms: { aligned: [], coherent: [] }, metricHistograms: [], worst: [] };
    }
    const [rates, aligned, coherent, metricHistograms, worst] = await Promise.all([
      getQuestionGroupRates(prisma, { question, method: view.method, scope: scope.scope }),
      getQuestionGroupHistograms(prisma, { questionId: id, metric: "aligned", binWidth, scope: scope.scope, source: view.method.source }),
      getQuestionGroupHistograms(prisma, { questionId: id, metric: "coherent", binWidth, scope: scope.scope, source: view.method.source }),
      getMetricHistograms(prisma, { selection: { questionId: id, scope: scope.scope }, binWidth }),
      getWorstAnswers(prisma, { questionId: id, scope: scope.scope, source: view.method.source }),
    ]);
    return { ...base, scoped, rates, histograms: { aligned, coherent }, metricHistograms, worst };
  },
);
