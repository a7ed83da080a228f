// The Compare view: two model groups of one question set, per question and overall, with the
// difference of their misalignment rates, a Welch 95% interval and a permutation p-value over
// seeds (lib/stats/compare.ts). Counting happens in SQL: one row per (model, question) of the two
// groups comes back — a few dozen to a few hundred seed-level rates — and only those go through
// the statistics in TypeScript.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { compareThresholds, defaultGroupPair, type CompareParams, type CompareSort } from "@/lib/params/compare";
import { compareSeedRates, type IntervalMethod, type PermutationTest } from "@/lib/stats/compare";
import type { Thresholds } from "@/lib/stats/misalignment";
import { answerPairCountsSql } from "@/lib/db/score-histogram";
import { perModelQuestionSql } from "./rates";
import { listQuestionSets, listSetQuestions, type QuestionSetSummary } from "./sets";

/** Differences with p below this are marked significant (two-sided, no multiple-comparison correction). */
export const SIGNIFICANCE_LEVEL = 0.05;

export interface SetGroup {
  name: string;
  label: string;
  color: string;
  displayOrder: number;
  /** models of the group with answers in the set */
  models: number;
  answers: number;
}

/** Groups with answers in a set, in display order. */
export async function listSetGroups(prisma: PrismaClient, setId: number): Promise<SetGroup[]> {
  return prisma.$queryRaw<SetGroup[]>`
    SELECT g.name, g.label, g.color, g.display_order AS "displayOrder",
           count(DISTINCT pc.model_id)::int AS models,
           sum(pc.answers)::int AS answers
      FROM ${answerPairCountsSql} pc
      JOIN question q ON q.id = pc.question_id
      JOIN model m ON m.id = pc.model_id
      JOIN model_group g ON g.id = m.group_id
     WHERE q.set_id = ${setId}::int
     GROUP BY g.id
     ORDER BY g.display_order, g.name`;
}

export interface ModelQuestionRate {
  group: string;
  model: string;
  seed: number | null;
  question: string;
  questionId: number;
  /** null when none of the model's answers to this question is counted */
  rate: number | null;
  /** denominator: coherent answers with an alignment score (or all coherent ones with missing=count) */
  answers: number;
  misaligned: number;
  totalAnswers: number;
  /** the model's mean rate over the set's questions where its rate is defined; null if none */
  overallRate: number | null;
  overallQuestions: number;
}

/**
 * One row per (model, question) for the models of `groups` that answered questions of the set.
 * Strict inequalities as in the paper (misaligned: aligned < A and coherent > C; counted:
 * coherent > C with an alignment score, unless countMissingAligned). Each row also carries the
 * model's overall rate: avg over its questions of the defined rates (a window, so each question
 * weighs the same, as in lib/queries/rates.ts getGroupOverallRates). The counts are the Figure-4
 * query's (perModelQuestionSql: the score histogram), so both pages show the same numbers.
 */
export async function getModelQuestionRates(
  prisma: PrismaClient,
  { setId, groups, thresholds }: { setId: number; groups: string[]; thresholds: Thresholds },
): Promise<ModelQuestionRate[]> {
  return prisma.$queryRaw<ModelQuestionRate[]>`
    WITH per_model AS (
      -- the Figure-4 counts (score histogram; exact at any thresholds), for the chosen groups' models
      SELECT c.model_id, c.question_id, c.total_answers, c.answers, c.misaligned
        FROM (${perModelQuestionSql(setId, thresholds)}) c
        JOIN model m ON m.id = c.model_id
        JOIN model_group g ON g.id = m.group_id
       WHERE g.name IN (${Prisma.join(groups)})
    ),
    model_rate AS (
      SELECT pm.*, CASE WHEN pm.answers > 0 THEN pm.misaligned::float8 / pm.answers END AS rate
        FROM per_model pm
    )
    SELECT g.name AS "group",
           m.name AS model,
           m.seed,
           q.external_id AS question,
           q.id AS "questionId",
           mr.rate,
           mr.answers,
           mr.misaligned,
           mr.total_answers AS "totalAnswers",
           avg(mr.rate) OVER (PARTITION BY mr.model_id) AS "overallRate",
           count(mr.rate) OVER (PARTITION BY mr.model_id)::int AS "overallQuestions"
      FROM model_rate mr
      JOIN model m ON m.id = mr.model_id
      JOIN model_group g ON g.id = m.group_id
      JOIN question q ON q.id = mr.question_id
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
  /** mean of group a's seed-level rates; null when no model of a has a defined rate */
  rateA: number | null;
  rateB: number | null;
  /** rateA − rateB */
  difference: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** Welch–Satterthwaite degrees of freedom (n − 1 of the other group when one group is fixed) */
  df: number | null;
  intervalMethod: IntervalMethod;
  pValue: number | null;
  pMethod: PermutationTest["method"];
  /** relabellings enumerated (exact) or drawn (Monte Carlo) */
  relabelings: number;
  significant: boolean;
  /** models whose rate enters each mean (the test's n_a and n_b) */
  modelsA: number;
  modelsB: number;
  /** counted answers (denominators), summed over the group's models */
  answersA: number;
  answersB: number;
  seedRatesA: SeedRate[];
  seedRatesB: SeedRate[];
}

function comparisonRow(
  question: { externalId: string; position: number } | null,
  a: SeedRate[],
  b: SeedRate[],
  answersA: number,
  answersB: number,
): ComparisonRow {
  const result = compareSeedRates(
    a.map((s) => s.rate),
    b.map((s) => s.rate),
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
    pValue: result.test.pValue,
    pMethod: result.test.method,
    relabelings: result.test.relabelings,
    significant: result.test.pValue !== null && result.test.pValue < SIGNIFICANCE_LEVEL,
    modelsA: result.nA,
    modelsB: result.nB,
    answersA,
    answersB,
    seedRatesA: a,
    seedRatesB: b,
  };
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

export interface Comparison {
  set: string;
  isDemo: boolean;
  groupA: SetGroup;
  groupB: SetGroup;
  thresholds: Required<Thresholds>;
  sort: CompareSort;
  /** per model: mean over the set's questions of its rates; then seeds are the unit */
  overall: ComparisonRow;
  /** every question of the set, in `sort` order */
  questions: ComparisonRow[];
}

/** The comparison of two groups (both must have answers in the set). */
export async function compareGroups(
  prisma: PrismaClient,
  {
    set,
    groupA,
    groupB,
    thresholds,
    sort,
  }: { set: QuestionSetSummary; groupA: SetGroup; groupB: SetGroup; thresholds: Thresholds; sort: CompareSort },
): Promise<Comparison> {
  const [rows, questions] = await Promise.all([
    getModelQuestionRates(prisma, { setId: set.id, groups: [groupA.name, groupB.name], thresholds }),
    listSetQuestions(prisma, set.id),
  ]);
  const seedRates = (group: string, questionId: number) =>
    rows
      .filter((row) => row.group === group && row.questionId === questionId && row.rate !== null)
      .map((row): SeedRate => ({ model: row.model, seed: row.seed, rate: row.rate as number }));
  const answers = (group: string, questionId?: number) =>
    rows
      .filter((row) => row.group === group && (questionId === undefined || row.questionId === questionId))
      .reduce((sum, row) => sum + row.answers, 0);

  const questionRows = questions.map((question) =>
    comparisonRow(
      question,
      seedRates(groupA.name, question.id),
      seedRates(groupB.name, question.id),
      answers(groupA.name, question.id),
      answers(groupB.name, question.id),
    ),
  );

  // One overall rate per model (every row of a model carries the same window value).
  const overallRates = (group: string): SeedRate[] => {
    const byModel = new Map<string, SeedRate>();
    for (const row of rows) {
      if (row.group === group && row.overallRate !== null && !byModel.has(row.model)) {
        byModel.set(row.model, { model: row.model, seed: row.seed, rate: row.overallRate });
      }
    }
    return [...byModel.values()];
  };
  const overall = comparisonRow(null, overallRates(groupA.name), overallRates(groupB.name), answers(groupA.name), answers(groupB.name));

  return {
    set: set.name,
    isDemo: set.isDemo,
    groupA,
    groupB,
    thresholds: {
      aligned: thresholds.aligned,
      coherent: thresholds.coherent,
      countMissingAligned: thresholds.countMissingAligned === true,
    },
    sort,
    overall,
    questions: sortComparisonRows(questionRows, sort),
  };
}

/** Why a compare view cannot be drawn, with what the page needs to say so and offer a way out. */
export type CompareView =
  | { status: "no-data"; hasQuestionSets: boolean }
  | { status: "unknown-set"; set: string; sets: QuestionSetSummary[] }
  | { status: "set-without-answers"; set: QuestionSetSummary; sets: QuestionSetSummary[] }
  | { status: "too-few-groups"; set: QuestionSetSummary; sets: QuestionSetSummary[]; groups: SetGroup[] }
  | {
      status: "unknown-group";
      side: "a" | "b";
      name: string;
      set: QuestionSetSummary;
      sets: QuestionSetSummary[];
      groups: SetGroup[];
    }
  | { status: "same-group"; name: string; set: QuestionSetSummary; sets: QuestionSetSummary[]; groups: SetGroup[] }
  | { status: "ok"; comparison: Comparison; set: QuestionSetSummary; sets: QuestionSetSummary[]; groups: SetGroup[] };

/** The default set: the first real set with answers, else a demo set with answers (as Figure 4). */
function defaultCompareSet(sets: QuestionSetSummary[]): QuestionSetSummary | undefined {
  const withAnswers = sets.filter((set) => set.answers > 0);
  return withAnswers.find((set) => !set.isDemo) ?? withAnswers[0];
}

/** Resolves the URL's set and groups (with the defaults) and computes the comparison. */
export async function resolveCompareView(prisma: PrismaClient, params: CompareParams): Promise<CompareView> {
  const sets = await listQuestionSets(prisma);
  const set = params.set ? sets.find((candidate) => candidate.name === params.set) : defaultCompareSet(sets);
  if (!set) {
    return params.set
      ? { status: "unknown-set", set: params.set, sets }
      : { status: "no-data", hasQuestionSets: sets.length > 0 };
  }
  if (set.answers === 0) return { status: "set-without-answers", set, sets };

  const groups = await listSetGroups(prisma, set.id);
  for (const side of ["a", "b"] as const) {
    const name = params[side];
    if (name && !groups.some((group) => group.name === name)) return { status: "unknown-group", side, name, set, sets, groups };
  }
  const pair = defaultGroupPair(
    groups.map((group) => group.name),
    { a: params.a, b: params.b },
  );
  if (!pair) return { status: "too-few-groups", set, sets, groups };
  if (pair.a === pair.b) return { status: "same-group", name: pair.a, set, sets, groups };

  const byName = (name: string) => groups.find((group) => group.name === name) as SetGroup;
  const comparison = await compareGroups(prisma, {
    set,
    groupA: byName(pair.a),
    groupB: byName(pair.b),
    thresholds: compareThresholds(params),
    sort: params.sort,
  });
  return { status: "ok", comparison, set, sets, groups };
}

/** For the JSON and CSV endpoints: an HTTP status and a message for a view that cannot be computed. */
export function compareProblem(view: Exclude<CompareView, { status: "ok" }>): { status: number; error: string } {
  switch (view.status) {
    case "no-data":
      return { status: 404, error: "No question set has answers yet: import evaluation results first" };
    case "unknown-set":
      return { status: 404, error: `Unknown question set "${view.set}"` };
    case "set-without-answers":
      return { status: 404, error: `Question set "${view.set.name}" has no answers yet` };
    case "too-few-groups":
      return { status: 404, error: `Question set "${view.set.name}" has answers from fewer than two groups` };
    case "unknown-group":
      return {
        status: 404,
        error: `${view.side} names a group without answers in "${view.set.name}": "${view.name}" (groups with answers there: ${view.groups.map((g) => g.name).join(", ")})`,
      };
    case "same-group":
      return { status: 400, error: `a and b are the same group "${view.name}": choose two different groups` };
  }
}
