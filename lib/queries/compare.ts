// The Compare view: two model groups of one question set, within one base-model scope, per
// question and overall: the difference of their misalignment rates with Welch's 95% interval, the
// bootstrap 95% interval of the difference and a permutation p-value over seeds
// (lib/stats/compare.ts). The per-model rates are Figure 4's: the same histogram counts
// (perModelQuestionSql) with the same rule (lib/db/rate-rule.ts, through the method), the same
// minimum answers per model and question, restricted to the scope (modelInScopeSql). Counting
// happens in SQL: one row per (model, question) of the two groups comes back — a few dozen to a
// few hundred seed-level rates — and only those go through the statistics in TypeScript.
import "server-only";
import { cachedPerDataVersion } from "@/lib/cache/data-version";
import { ApiError } from "@/lib/api/errors";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { float8, int4, queryRows } from "@/lib/db/rows";
import { compareViewOf, defaultGroupPair, type CompareParams, type CompareSort } from "@/lib/params/compare";
import { compareSeedRates } from "@/lib/stats/compare";
import { methodProvenance, type PresetId, type RateMethod } from "@/lib/stats/method";
import { answerPairCountsSql } from "@/lib/db/score-histogram";
import { perModelQuestionSql } from "./rates";
import { checkJudge } from "./judges";
import { modelInScopeSql, resolveScope } from "./scope";
import type { BaseScope, ResolvedScope } from "@/lib/scope/types";
import { listQuestionSets, listSetQuestions } from "./sets";
import type { QuestionSetSummary } from "@/lib/sets/types";
import type {
  SetGroup,
  ModelQuestionRate,
  SeedRate,
  ComparisonRow,
  OverallPool,
  Comparison,
  CompareContext,
  CompareView,
} from "@/lib/compare/types";
import { sortComparisonRows } from "@/lib/compare/rows";

/** Differences with p below this are marked significant (two-sided, no multiple-comparison correction). */
export const SIGNIFICANCE_LEVEL = 0.05;

const setGroupRow = z.strictObject({
  name: z.string(),
  label: z.string(),
  color: z.string(),
  displayOrder: int4,
  models: int4,
  answers: int4,
}) satisfies z.ZodType<SetGroup>;

const modelQuestionRateRow = z.strictObject({
  group: z.string(),
  model: z.string(),
  seed: int4.nullable(),
  question: z.string(),
  questionId: int4,
  rate: float8.nullable(),
  answers: int4,
  misaligned: int4,
  totalAnswers: int4,
  included: z.boolean(),
  pooled: z.boolean(),
  overallRate: float8.nullable(),
  overallQuestions: int4,
  overallAnswers: int4,
}) satisfies z.ZodType<ModelQuestionRate>;

/** Groups with evaluation answers in a set from models of the scope, in display order. */
export async function listSetGroups(prisma: PrismaClient, setId: number, scope: BaseScope): Promise<SetGroup[]> {
  return queryRows(
    prisma,
    "listSetGroups",
    setGroupRow,
    Prisma.sql`
    SELECT g.name, g.label, g.color, g.display_order AS "displayOrder",
           count(DISTINCT pc.model_id)::int AS models,
           sum(pc.answers)::int AS answers
      FROM ${answerPairCountsSql} pc
      JOIN question q ON q.id = pc.question_id
      JOIN model m ON m.id = pc.model_id
      JOIN model_group g ON g.id = m.group_id
     WHERE q.set_id = ${setId}::int AND ${modelInScopeSql(scope)}
     GROUP BY g.id
     ORDER BY g.display_order, g.name`,
  );
}

/**
 * One row per (model, question) for the models of `groups` in the scope with evaluation answers to
 * questions of the set. The counts are the Figure-4 query's (perModelQuestionSql: the score
 * histogram, with the method's thresholds and denominator), so both pages show the same numbers,
 * and a model is included on a question exactly as there (answers >= minAnswers). The overall
 * comparison pools only the questions that every included model of BOTH groups has a rate on (a
 * model covering other questions would otherwise average other things, and the two groups would
 * be compared on different questions); each row carries its model's mean over those questions (a
 * window, so each question weighs the same, as in getGroupOverallRates).
 */
export async function getModelQuestionRates(
  prisma: PrismaClient,
  { setId, groups, method, scope }: { setId: number; groups: string[]; method: RateMethod; scope: BaseScope },
): Promise<ModelQuestionRate[]> {
  return queryRows(
    prisma,
    "getModelQuestionRates",
    modelQuestionRateRow,
    Prisma.sql`
    WITH per_model AS (${perModelQuestionSql(setId, method)}),
    model_rate AS (
      -- the chosen groups' models of the scope, with Figure 4's inclusion rule
      SELECT pm.model_id, pm.question_id, pm.total_answers, pm.answers, pm.misaligned,
             CASE WHEN pm.answers > 0 THEN pm.misaligned::float8 / pm.answers END AS rate,
             (pm.answers > 0 AND pm.answers >= ${method.minAnswers}::int) AS included
        FROM per_model pm
        JOIN model m ON m.id = pm.model_id
        JOIN model_group g ON g.id = m.group_id
       WHERE g.name IN (${Prisma.join(groups)}) AND ${modelInScopeSql(scope)}
    ),
    common AS (
      -- questions on which every model included anywhere (either group) is included
      SELECT question_id
        FROM model_rate
       WHERE included
       GROUP BY question_id
      HAVING count(*) = (SELECT count(DISTINCT model_id) FROM model_rate WHERE included)
    ),
    flagged AS (
      SELECT mr.*, (mr.included AND mr.question_id IN (SELECT question_id FROM common)) AS pooled
        FROM model_rate mr
    )
    SELECT g.name AS "group",
           m.name AS model,
           m.seed,
           q.external_id AS question,
           q.id AS "questionId",
           f.rate,
           f.answers,
           f.misaligned,
           f.total_answers AS "totalAnswers",
           f.included,
           f.pooled,
           avg(f.rate) FILTER (WHERE f.pooled) OVER per_model_window AS "overallRate",
           (count(*) FILTER (WHERE f.pooled) OVER per_model_window)::int AS "overallQuestions",
           coalesce(sum(f.answers) FILTER (WHERE f.pooled) OVER per_model_window, 0)::int AS "overallAnswers"
      FROM flagged f
      JOIN model m ON m.id = f.model_id
      JOIN model_group g ON g.id = m.group_id
      JOIN question q ON q.id = f.question_id
    WINDOW per_model_window AS (PARTITION BY f.model_id)
     ORDER BY g.name, m.seed NULLS LAST, m.name, q.position, q.id`,
  );
}

function comparisonRow(question: { externalId: string; position: number } | null, side: { a: SideRates; b: SideRates }): ComparisonRow {
  const { a, b } = side;
  const result = compareSeedRates(
    a.seeds.map((s) => s.rate),
    b.seeds.map((s) => s.rate),
  );
  return {
    question: question?.externalId ?? null,
    questionPosition: question?.position ?? null,
    rateA: result.meanA,
    rateB: result.meanB,
    difference: result.difference,
    ciLow: result.ciLow,
    ciHigh: result.ciHigh,
    df: result.df,
    intervalMethod: result.method,
    bootstrapCiLow: result.bootstrap?.low ?? null,
    bootstrapCiHigh: result.bootstrap?.high ?? null,
    bootstrapMethod: result.bootstrap?.method ?? null,
    bootstrapDraws: result.bootstrap?.draws ?? null,
    pValue: result.test.pValue,
    pMethod: result.test.method,
    relabelings: result.test.relabelings,
    significant: result.test.pValue !== null && result.test.pValue < SIGNIFICANCE_LEVEL,
    modelsA: result.nA,
    modelsB: result.nB,
    excludedModelsA: a.excluded,
    excludedModelsB: b.excluded,
    answersA: a.answers,
    answersB: b.answers,
    seedRatesA: a.seeds,
    seedRatesB: b.seeds,
  };
}

/** One group's side of a row: the included models' rates, how many were left out, their answers. */
interface SideRates {
  seeds: SeedRate[];
  excluded: number;
  answers: number;
}

/** The comparison of two groups (both must have answers in the set and the scope). */
export async function compareGroups(
  prisma: PrismaClient,
  {
    set,
    groupA,
    groupB,
    preset,
    method,
    scope,
    sort,
  }: {
    set: QuestionSetSummary;
    groupA: SetGroup;
    groupB: SetGroup;
    preset: PresetId;
    method: RateMethod;
    scope: Pick<ResolvedScope, "scope" | "param" | "label">;
    sort: CompareSort;
  },
): Promise<Comparison> {
  const [rows, questions] = await Promise.all([
    getModelQuestionRates(prisma, { setId: set.id, groups: [groupA.name, groupB.name], method, scope: scope.scope }),
    listSetQuestions(prisma, set.id),
  ]);
  const seedOf = (row: ModelQuestionRate, rate: number): SeedRate => ({ model: row.model, seed: row.seed, rate });
  const questionSide = (group: string, questionId: number): SideRates => {
    const cells = rows.filter((row) => row.group === group && row.questionId === questionId);
    const included = cells.filter((row) => row.included);
    return {
      seeds: included.map((row) => seedOf(row, row.rate as number)),
      excluded: cells.length - included.length,
      answers: included.reduce((sum, row) => sum + row.answers, 0),
    };
  };
  const questionRows = questions.map((question) =>
    comparisonRow(question, { a: questionSide(groupA.name, question.id), b: questionSide(groupB.name, question.id) }),
  );

  // One overall rate per model (every row of a model carries the same window values); a model
  // with no pooled question is left out of the overall row.
  const overallSide = (group: string): SideRates => {
    const byModel = new Map<string, ModelQuestionRate>();
    for (const row of rows) if (row.group === group && !byModel.has(row.model)) byModel.set(row.model, row);
    const pooled = [...byModel.values()].filter((row) => row.overallRate !== null);
    return {
      seeds: pooled.map((row) => seedOf(row, row.overallRate as number)),
      excluded: byModel.size - pooled.length,
      answers: pooled.reduce((sum, row) => sum + row.overallAnswers, 0),
    };
  };
  const overall = comparisonRow(null, { a: overallSide(groupA.name), b: overallSide(groupB.name) });
  const overallPool: OverallPool = {
    questions: new Set(rows.filter((row) => row.pooled).map((row) => row.questionId)).size,
    questionsWithRates: new Set(rows.filter((row) => row.included).map((row) => row.questionId)).size,
    setQuestions: questions.length,
  };

  return {
    set: set.name,
    isDemo: set.isDemo,
    groupA,
    groupB,
    ...methodProvenance({ preset, method }, scope),
    scopeLabel: scope.label,
    sort,
    overall,
    overallPool,
    questions: sortComparisonRows(questionRows, sort),
  };
}

/** The default set: the first real set with answers, else a demo set with answers (as Figure 4). */
function defaultCompareSet(sets: QuestionSetSummary[]): QuestionSetSummary | undefined {
  const withAnswers = sets.filter((set) => set.answers > 0);
  return withAnswers.find((set) => !set.isDemo) ?? withAnswers[0];
}

/** Resolves the URL's set, scope, method and groups (with the defaults) and computes the comparison. */
export const resolveCompareView = cachedPerDataVersion(
  "resolveCompareView",
  async function resolveCompareView(prisma: PrismaClient, params: CompareParams): Promise<CompareView> {
    const requested = compareViewOf(params);
    await checkJudge(prisma, requested.method.source);
    const [sets, scope] = await Promise.all([listQuestionSets(prisma), resolveScope(prisma, requested.base, requested.attributes)]);
    const context: CompareContext = { scope, preset: requested.preset, method: requested.method };
    const set = params.set ? sets.find((candidate) => candidate.name === params.set) : defaultCompareSet(sets);
    if (!set) {
      return params.set
        ? { status: "unknown-set", set: params.set, sets, ...context }
        : { status: "no-data", hasQuestionSets: sets.length > 0 };
    }
    if (set.answers === 0) return { status: "set-without-answers", set, sets, ...context };

    // Groups within the scope: a group whose models all belong to another base model is not offered.
    const groups = await listSetGroups(prisma, set.id, scope.scope);
    for (const side of ["a", "b"] as const) {
      const name = params[side];
      if (name && !groups.some((group) => group.name === name))
        return { status: "unknown-group", side, name, set, sets, groups, ...context };
    }
    const pair = defaultGroupPair(
      groups.map((group) => group.name),
      { a: params.a, b: params.b },
    );
    if (!pair) return { status: "too-few-groups", set, sets, groups, ...context };
    if (pair.a === pair.b) return { status: "same-group", name: pair.a, set, sets, groups, ...context };

    const byName = (name: string) => groups.find((group) => group.name === name) as SetGroup;
    const comparison = await compareGroups(prisma, {
      set,
      groupA: byName(pair.a),
      groupB: byName(pair.b),
      preset: requested.preset,
      method: requested.method,
      scope,
      sort: params.sort,
    });
    return { status: "ok", comparison, set, sets, groups, ...context };
  },
);

/** "base model Qwen2.5-Coder-7B-Instruct" / "all base models (pooled)" / "base model unknown", for messages. */
function scopeWords(scope: ResolvedScope): string {
  return scope.scope.kind === "named" ? `base model "${scope.label}"` : scope.label;
}

/** The comparison of a request's params, for the JSON and CSV endpoints; throws the ApiError of a view that cannot be computed. */
export const comparisonOrError = cachedPerDataVersion(
  "comparisonOrError",
  async function comparisonOrError(prisma: PrismaClient, params: CompareParams): Promise<Comparison> {
    const view = await resolveCompareView(prisma, params);
    if (view.status !== "ok") throw compareProblem(view);
    return view.comparison;
  },
);

/** For the JSON and CSV endpoints: the error (its code gives the HTTP status) for a view that cannot be computed. */
function compareProblem(view: Exclude<CompareView, { status: "ok" }>): ApiError {
  switch (view.status) {
    case "no-data":
      return new ApiError("not-found", "No question set has answers yet: import evaluation results first");
    case "unknown-set":
      return new ApiError("not-found", `Unknown question set "${view.set}"`);
    case "set-without-answers":
      return new ApiError("not-found", `Question set "${view.set.name}" has no answers yet`);
    case "too-few-groups":
      return new ApiError(
        "not-found",
        view.scope.unknownParam
          ? `No model with evaluation answers has the base model "${view.scope.unknownParam}"`
          : `Question set "${view.set.name}" has answers from fewer than two groups of ${scopeWords(view.scope)}`,
      );
    case "unknown-group":
      return new ApiError(
        "not-found",
        `${view.side} names a group without answers in "${view.set.name}" for ${scopeWords(view.scope)}: "${view.name}" (groups with answers there: ${view.groups.map((g) => g.name).join(", ") || "none"})`,
      );
    case "same-group": {
      const message = `a and b are the same group "${view.name}": choose two different groups`;
      return new ApiError("invalid-parameter", message, {
        issues: [{ parameter: "b", message: `is the same group as a ("${view.name}"): choose two different groups` }],
      });
    }
  }
}
