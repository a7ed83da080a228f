// The Compare view: two model groups of one question set, within one base-model scope, per
// question and overall: the difference of their misalignment rates with Welch's 95% interval, the
// bootstrap 95% interval of the difference and a permutation p-value over seeds
// (lib/stats/compare.ts). The per-model rates are Figure 4's: the same histogram counts
// (perModelQuestionSql) with the same rule (lib/db/rate-rule.ts, through the method), the same
// minimum answers per model and question, restricted to the scope (modelInScopeSql). Counting
// happens in SQL: one row per (model, question) of the two groups comes back — a few dozen to a
// few hundred seed-level rates — and only those go through the statistics in TypeScript.
import { ApiError } from "@/lib/api/errors";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { RatesProvenance } from "@/lib/stats/method";
import { compareViewOf, defaultGroupPair, type CompareParams, type CompareSort } from "@/lib/params/compare";
import { compareSeedRates, type IntervalMethod, type PermutationTest } from "@/lib/stats/compare";
import type { BootstrapMethod } from "@/lib/stats/bootstrap";
import { methodProvenance, type PresetId, type RateMethod } from "@/lib/stats/method";
import { answerPairCountsSql } from "@/lib/db/score-histogram";
import { perModelQuestionSql } from "./rates";
import { modelInScopeSql, resolveScope, type BaseScope, type ResolvedScope } from "./scope";
import { listQuestionSets, listSetQuestions, type QuestionSetSummary } from "./sets";

/** Differences with p below this are marked significant (two-sided, no multiple-comparison correction). */
export const SIGNIFICANCE_LEVEL = 0.05;

export interface SetGroup {
  name: string;
  label: string;
  color: string;
  displayOrder: number;
  /** models of the group in the scope with evaluation answers in the set */
  models: number;
  /** their evaluation answers in the set */
  answers: number;
}

/** Groups with evaluation answers in a set from models of the scope, in display order. */
export async function listSetGroups(prisma: PrismaClient, setId: number, scope: BaseScope): Promise<SetGroup[]> {
  return prisma.$queryRaw<SetGroup[]>`
    SELECT g.name, g.label, g.color, g.display_order AS "displayOrder",
           count(DISTINCT pc.model_id)::int AS models,
           sum(pc.answers)::int AS answers
      FROM ${answerPairCountsSql} pc
      JOIN question q ON q.id = pc.question_id
      JOIN model m ON m.id = pc.model_id
      JOIN model_group g ON g.id = m.group_id
     WHERE q.set_id = ${setId}::int AND ${modelInScopeSql(scope)}
     GROUP BY g.id
     ORDER BY g.display_order, g.name`;
}

export interface ModelQuestionRate {
  group: string;
  model: string;
  seed: number | null;
  question: string;
  questionId: number;
  /** misaligned / answers; null when no answer is in the denominator */
  rate: number | null;
  /** answers in the method's denominator (kept answers, by default) */
  answers: number;
  misaligned: number;
  /** every evaluation answer of the model to the question, counted or not */
  totalAnswers: number;
  /** the model enters this question's comparison: answers >= the method's minAnswers (and > 0) */
  included: boolean;
  /** the cell enters the overall comparison: included, on a question every included model of both groups has a rate on */
  pooled: boolean;
  /** the model's mean rate over its pooled questions; null when it has none */
  overallRate: number | null;
  overallQuestions: number;
  /** denominator answers over its pooled questions */
  overallAnswers: number;
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
  return prisma.$queryRaw<ModelQuestionRate[]>`
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
     ORDER BY g.name, m.seed NULLS LAST, m.name, q.position, q.id`;
}

export interface SeedRate {
  model: string;
  seed: number | null;
  rate: number;
}

export interface ComparisonRow {
  /** the question's external id; null for the overall row */
  question: string | null;
  questionPosition: number | null;
  /** mean of group a's seed-level rates; null when no model of a is included */
  rateA: number | null;
  rateB: number | null;
  /** rateA − rateB */
  difference: number | null;
  /** Welch's 95% interval of the difference (see intervalMethod) */
  ciLow: number | null;
  ciHigh: number | null;
  /** Welch–Satterthwaite degrees of freedom (n − 1 of the other group when one group is fixed) */
  df: number | null;
  /** how Welch's interval was obtained: welch, fixed-a / fixed-b (a one-model group fixed), none */
  intervalMethod: IntervalMethod;
  /** the bootstrap 95% interval of the difference over seeds; null when there is none */
  bootstrapCiLow: number | null;
  bootstrapCiHigh: number | null;
  /** exact (every resample pair weighed) or monte-carlo; null when there is no bootstrap interval */
  bootstrapMethod: BootstrapMethod | null;
  /** resamples drawn (monte-carlo only) */
  bootstrapDraws: number | null;
  pValue: number | null;
  pMethod: PermutationTest["method"];
  /** relabellings enumerated (exact) or drawn (Monte Carlo) */
  relabelings: number;
  significant: boolean;
  /** models whose rate enters each mean (the test's n_a and n_b) */
  modelsA: number;
  modelsB: number;
  /** models with answers there left out by the minimum-answers rule (overall: included on no pooled question) */
  excludedModelsA: number;
  excludedModelsB: number;
  /** answers in the denominator, summed over the included models (overall: over the pooled questions) */
  answersA: number;
  answersB: number;
  seedRatesA: SeedRate[];
  seedRatesB: SeedRate[];
}

function comparisonRow(
  question: { externalId: string; position: number } | null,
  side: { a: SideRates; b: SideRates },
): ComparisonRow {
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

/** Rows in the chosen order; by effect or p, rows without a difference last; ties in question order. */
export function sortComparisonRows(rows: ComparisonRow[], sort: CompareSort): ComparisonRow[] {
  const position = (row: ComparisonRow) => row.questionPosition ?? -1;
  const key = (row: ComparisonRow): number | null => {
    if (sort === "question") return position(row);
    if (row.difference === null) return null;
    return sort === "effect" ? -Math.abs(row.difference) : row.pValue;
  };
  return [...rows].sort((x, y) => {
    const kx = key(x);
    const ky = key(y);
    if (kx === null || ky === null) {
      if (kx !== ky) return kx === null ? 1 : -1;
    } else if (kx !== ky) return kx - ky;
    // p ties (common with few seeds): larger effect first, then question order
    if (sort === "p" && x.difference !== null && y.difference !== null && Math.abs(y.difference) !== Math.abs(x.difference)) {
      return Math.abs(y.difference) - Math.abs(x.difference);
    }
    return position(x) - position(y) || (x.question ?? "").localeCompare(y.question ?? "");
  });
}

/** How many questions the overall row pools, and out of what. */
export interface OverallPool {
  /** questions every included model of both groups has a rate on: the overall row's questions */
  questions: number;
  /** questions at least one included model of either group has a rate on */
  questionsWithRates: number;
  /** questions of the set */
  setQuestions: number;
}

/** A comparison, with how its numbers were computed (preset, methodLabel, method, baseModel, methodDescription). */
export interface Comparison extends RatesProvenance {
  set: string;
  isDemo: boolean;
  groupA: SetGroup;
  groupB: SetGroup;
  /** words for the scope: a base model's name, "all base models (pooled)" or "base model unknown" */
  scopeLabel: string;
  sort: CompareSort;
  /** per model: mean of its rates over the pooled questions; then seeds are the unit */
  overall: ComparisonRow;
  overallPool: OverallPool;
  /** every question of the set, in `sort` order */
  questions: ComparisonRow[];
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

/** What every compare view knows, drawable or not: the scope and method it was asked for. */
export interface CompareContext {
  scope: ResolvedScope;
  preset: PresetId;
  method: RateMethod;
}

/** Why a compare view cannot be drawn, with what the page needs to say so and offer a way out. */
export type CompareView =
  | { status: "no-data"; hasQuestionSets: boolean }
  | ({ status: "unknown-set"; set: string; sets: QuestionSetSummary[] } & CompareContext)
  | ({ status: "set-without-answers"; set: QuestionSetSummary; sets: QuestionSetSummary[] } & CompareContext)
  | ({ status: "too-few-groups"; set: QuestionSetSummary; sets: QuestionSetSummary[]; groups: SetGroup[] } & CompareContext)
  | ({
      status: "unknown-group";
      side: "a" | "b";
      name: string;
      set: QuestionSetSummary;
      sets: QuestionSetSummary[];
      groups: SetGroup[];
    } & CompareContext)
  | ({ status: "same-group"; name: string; set: QuestionSetSummary; sets: QuestionSetSummary[]; groups: SetGroup[] } & CompareContext)
  | ({ status: "ok"; comparison: Comparison; set: QuestionSetSummary; sets: QuestionSetSummary[]; groups: SetGroup[] } & CompareContext);

/** The default set: the first real set with answers, else a demo set with answers (as Figure 4). */
function defaultCompareSet(sets: QuestionSetSummary[]): QuestionSetSummary | undefined {
  const withAnswers = sets.filter((set) => set.answers > 0);
  return withAnswers.find((set) => !set.isDemo) ?? withAnswers[0];
}

/** Resolves the URL's set, scope, method and groups (with the defaults) and computes the comparison. */
export async function resolveCompareView(prisma: PrismaClient, params: CompareParams): Promise<CompareView> {
  const requested = compareViewOf(params);
  const [sets, scope] = await Promise.all([listQuestionSets(prisma), resolveScope(prisma, requested.base)]);
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
    if (name && !groups.some((group) => group.name === name)) return { status: "unknown-group", side, name, set, sets, groups, ...context };
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
}

/** "base model Qwen2.5-Coder-7B-Instruct" / "all base models (pooled)" / "base model unknown", for messages. */
function scopeWords(scope: ResolvedScope): string {
  return scope.scope.kind === "named" ? `base model "${scope.label}"` : scope.label;
}

/** The comparison of a request's params, for the JSON and CSV endpoints; throws the ApiError of a view that cannot be computed. */
export async function comparisonOrError(prisma: PrismaClient, params: CompareParams): Promise<Comparison> {
  const view = await resolveCompareView(prisma, params);
  if (view.status !== "ok") throw compareProblem(view);
  return view.comparison;
}

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
      return new ApiError("invalid-parameter", message, { issues: [{ parameter: "b", message: `is the same group as a ("${view.name}"): choose two different groups` }] });
    }
  }
}
