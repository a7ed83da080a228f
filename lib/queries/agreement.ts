// The judge comparison (/judges, /api/judges): two score sources on the same evaluation answers of
// one question set and base-model scope (optionally one group, one question). Every count and sum
// is made in SQL over the answers both sources scored — coverage, Σx, Σy, Σxy, Σx², Σy², Σ|x−y|
// on the raw scores and on their average ranks (Spearman), the 10×10 bins, the 3×3 verdict
// confusion counts, per (model, question) counted / misaligned answers under each source, one page
// of disagreements — and only the formulas run in TypeScript (lib/stats/agreement.ts,
// lib/judges/group-rates.ts). Verdicts use the one misalignment rule (lib/db/rate-rule.ts).
import "server-only";
import { cachedPerDataVersion } from "@/lib/cache/data-version";
import { ApiError } from "@/lib/api/errors";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { float8, int4, queryRow, queryRows } from "@/lib/db/rows";
import { countedSql, evaluationAnswerSql, misalignedSql } from "@/lib/db/rate-rule";
import { correctedAlignedSql, correctedCoherentSql, effectiveLabelSql, scoredAnswersSql } from "@/lib/db/score-source";
import { DEFAULT_SOURCE } from "@/lib/domain/score-source";
import {
  judgesViewOf,
  defaultSourcePair,
  sameSource,
  sourceLabel,
  sourceParam,
  type JudgesParams,
  type ScoreSourceRef,
} from "@/lib/params/judges";
import {
  confusionMatrix,
  histogramMatrix,
  labelKappa,
  meanAbsoluteDifference,
  pearsonFromSums,
  SCORE_BINS,
  spearmanFromRankSums,
  VERDICTS,
} from "@/lib/stats/agreement";
import type { Thresholds } from "@/lib/stats/misalignment";
import { methodProvenance, type RateMethod } from "@/lib/stats/method";
import type { BaseScope } from "@/lib/scope/types";
import type { QuestionSetSummary } from "@/lib/sets/types";
import { groupRate, type ModelQuestionCell } from "@/lib/judges/group-rates";
import {
  DISAGREEMENTS_PER_PAGE,
  type AvailableSources,
  type Coverage,
  type Disagreement,
  type GroupRatePair,
  type JudgeComparison,
  type JudgesContext,
  type JudgesView,
  type LabelAgreement,
  type ScoreAgreement,
  type SourceInfo,
} from "@/lib/judges/types";
import { listSetGroups } from "./compare";
import { modelInScopeSql, resolveScope } from "./scope";
import { listQuestionSets, listSetQuestions } from "./sets";

/**
 * The comparison's view of a score source: rows (answer_id, aligned, coherent, label), one per
 * answer the source scored, built from the one definition of score sources (lib/db/score-source.ts).
 *   default   — the judge the question file names: the answer's own aligned / coherent columns;
 *               every answer is in it (NULL scores are CODE / REFUSAL verdicts, not absences).
 *   judge:N   — the answers judge N scored, with N's scores (scoredAnswersSql of that judge).
 *   reviewers — answers with a label that is not "unsure": the newest such label by any reviewer
 *               (effectiveLabelSql), as scores by correctedScores' SQL twin applied to the default
 *               judge's scores, so the one misalignment rule gives the label's verdict. Unlike the
 *               "corrected" source of the other views, answers without a label are not in it.
 * `label` is the reviewers' label (NULL for judges), shown in the disagreement list.
 */
export function sourceScoresSql(source: ScoreSourceRef): Prisma.Sql {
  switch (source.kind) {
    case "default":
    case "judge": {
      const answers = scoredAnswersSql(source.kind === "default" ? DEFAULT_SOURCE : { judge: source.name, corrected: false });
      return Prisma.sql`SELECT a.id AS answer_id, a.aligned, a.coherent, NULL::text AS label FROM ${answers} a`;
    }
    case "reviewers": {
      const label = Prisma.sql`l.label`;
      return Prisma.sql`
        SELECT a.id AS answer_id, ${correctedAlignedSql(label, Prisma.sql`a.aligned`)} AS aligned,
               ${correctedCoherentSql(label, Prisma.sql`a.coherent`)} AS coherent, l.label
          FROM ${effectiveLabelSql} l
          JOIN answer a ON a.public_id = l.answer_public_id`;
    }
  }
}

/** An answer's verdict under the source aliased `alias`: the SQL twin of verdictOf (lib/stats/agreement.ts). */
function verdictSql(alias: string, thresholds: Thresholds): Prisma.Sql {
  return Prisma.sql`CASE WHEN ${misalignedSql(alias, thresholds)} THEN 'misaligned'
                         WHEN ${countedSql(alias, thresholds)} THEN 'not-misaligned'
                         ELSE 'excluded' END`;
}

/** What every query of one comparison shares: which answers, which two sources. */
interface Selection {
  setId: number;
  scope: BaseScope;
  groupName: string | null;
  questionId: number | null;
  a: ScoreSourceRef;
  b: ScoreSourceRef;
}

/** The evaluation answers the filters select (alias s: id, model_id, question_id, group_id, sample_index, public_id). */
function scopedAnswersSql(selection: Selection): Prisma.Sql {
  return Prisma.sql`
    SELECT a.id, a.model_id, a.question_id, m.group_id, a.sample_index, a.public_id
      FROM answer a
      JOIN question q ON q.id = a.question_id
      JOIN model m ON m.id = a.model_id
      JOIN model_group g ON g.id = m.group_id
     WHERE q.set_id = ${selection.setId}::int
       AND ${evaluationAnswerSql("a")}
       AND ${modelInScopeSql(selection.scope)}
       ${selection.groupName === null ? Prisma.empty : Prisma.sql`AND g.name = ${selection.groupName}`}
       ${selection.questionId === null ? Prisma.empty : Prisma.sql`AND a.question_id = ${selection.questionId}::int`}`;
}

/** FROM clause of the matched answers: s (the answer), sa and sb (its scores under A and B). */
function matchedSql(selection: Selection): Prisma.Sql {
  return Prisma.sql`(${scopedAnswersSql(selection)}) s
    JOIN (${sourceScoresSql(selection.a)}) sa ON sa.answer_id = s.id
    JOIN (${sourceScoresSql(selection.b)}) sb ON sb.answer_id = s.id`;
}

const coverageRow = z.strictObject({ answers: int4, scoredByA: int4, scoredByB: int4, scoredByBoth: int4 }) satisfies z.ZodType<Coverage>;

/** Sums over the pairs of scores (null: no pair); float8 (a reviewers' ±Infinity would make them infinite). */
const sumsRow = z.strictObject({
  n: int4,
  sumX: float8.nullable(),
  sumY: float8.nullable(),
  sumXY: float8.nullable(),
  sumXX: float8.nullable(),
  sumYY: float8.nullable(),
  sumAbsDiff: float8.nullable(),
  rankX: float8.nullable(),
  rankY: float8.nullable(),
  rankXY: float8.nullable(),
  rankXX: float8.nullable(),
  rankYY: float8.nullable(),
});

const binPairRow = z.strictObject({ binA: int4, binB: int4, count: int4 });

const verdictSchema = z.enum(VERDICTS);

const verdictPairRow = z.strictObject({ verdictA: verdictSchema, verdictB: verdictSchema, count: int4 });

const groupCountsRow = z.strictObject({
  group: z.string(),
  groupLabel: z.string(),
  color: z.string(),
  modelId: int4,
  questionId: int4,
  answersA: int4,
  misalignedA: int4,
  answersB: int4,
  misalignedB: int4,
});

const disagreementRow = z.strictObject({
  answerId: int4,
  publicId: z.string(),
  sampleIndex: int4,
  question: z.string(),
  model: z.string(),
  group: z.string(),
  verdictA: verdictSchema,
  verdictB: verdictSchema,
  alignedA: float8.nullable(),
  coherentA: float8.nullable(),
  labelA: z.string().nullable(),
  alignedB: float8.nullable(),
  coherentB: float8.nullable(),
  labelB: z.string().nullable(),
});

async function getCoverage(prisma: PrismaClient, selection: Selection): Promise<Coverage> {
  return queryRow(
    prisma,
    "getCoverage",
    coverageRow,
    Prisma.sql`
    SELECT count(*)::int AS answers,
           count(sa.answer_id)::int AS "scoredByA",
           count(sb.answer_id)::int AS "scoredByB",
           count(*) FILTER (WHERE sa.answer_id IS NOT NULL AND sb.answer_id IS NOT NULL)::int AS "scoredByBoth"
      FROM (${scopedAnswersSql(selection)}) s
      LEFT JOIN (${sourceScoresSql(selection.a)}) sa ON sa.answer_id = s.id
      LEFT JOIN (${sourceScoresSql(selection.b)}) sb ON sb.answer_id = s.id`,
  );
}

async function getScoreAgreement(prisma: PrismaClient, selection: Selection, metric: "aligned" | "coherent"): Promise<ScoreAgreement> {
  const x = Prisma.raw(`sa.${metric}`);
  const y = Prisma.raw(`sb.${metric}`);
  const pairs = Prisma.sql`SELECT ${x} AS x, ${y} AS y FROM ${matchedSql(selection)} WHERE ${x} IS NOT NULL AND ${y} IS NOT NULL`;
  // Average ranks for ties: rank() is the lowest rank of a tie; adding (ties − 1) / 2 gives their mean.
  const [sums, bins] = await Promise.all([
    queryRow(
      prisma,
      "getScoreAgreement sums",
      sumsRow,
      Prisma.sql`
      WITH pairs AS (${pairs}),
      ranked AS (
        SELECT x, y,
               (rank() OVER (ORDER BY x) + (count(*) OVER (PARTITION BY x) - 1) / 2.0)::float8 AS rx,
               (rank() OVER (ORDER BY y) + (count(*) OVER (PARTITION BY y) - 1) / 2.0)::float8 AS ry
          FROM pairs
      )
      SELECT count(*)::int AS n,
             sum(x) AS "sumX", sum(y) AS "sumY", sum(x * y) AS "sumXY", sum(x * x) AS "sumXX", sum(y * y) AS "sumYY",
             sum(abs(x - y)) AS "sumAbsDiff",
             sum(rx) AS "rankX", sum(ry) AS "rankY", sum(rx * ry) AS "rankXY", sum(rx * rx) AS "rankXX", sum(ry * ry) AS "rankYY"
        FROM ranked`,
    ),
    queryRows(
      prisma,
      "getScoreAgreement bins",
      binPairRow,
      Prisma.sql`
      SELECT least(greatest(floor(x / 10), 0), ${SCORE_BINS - 1}::int)::int AS "binA",
             least(greatest(floor(y / 10), 0), ${SCORE_BINS - 1}::int)::int AS "binB",
             count(*)::int AS count
        FROM (${pairs}) p
       GROUP BY 1, 2`,
    ),
  ]);
  const n = sums.n;
  const value = (v: number | null) => v ?? 0;
  return {
    metric,
    n,
    pearson: pearsonFromSums({
      n,
      sumX: value(sums.sumX),
      sumY: value(sums.sumY),
      sumXY: value(sums.sumXY),
      sumXX: value(sums.sumXX),
      sumYY: value(sums.sumYY),
    }),
    spearman: spearmanFromRankSums({
      n,
      sumX: value(sums.rankX),
      sumY: value(sums.rankY),
      sumXY: value(sums.rankXY),
      sumXX: value(sums.rankXX),
      sumYY: value(sums.rankYY),
    }),
    meanAbsoluteDifference: meanAbsoluteDifference({ n, sumAbsDiff: value(sums.sumAbsDiff) }),
    meanA: n === 0 ? null : value(sums.sumX) / n,
    meanB: n === 0 ? null : value(sums.sumY) / n,
    histogram: histogramMatrix(bins),
  };
}

async function getLabelAgreement(prisma: PrismaClient, selection: Selection, thresholds: Thresholds): Promise<LabelAgreement> {
  const rows = await queryRows(
    prisma,
    "getLabelAgreement",
    verdictPairRow,
    Prisma.sql`
    SELECT ${verdictSql("sa", thresholds)} AS "verdictA", ${verdictSql("sb", thresholds)} AS "verdictB", count(*)::int AS count
      FROM ${matchedSql(selection)}
     GROUP BY 1, 2`,
  );
  const confusion = confusionMatrix(rows);
  const disagreements = confusion.reduce((sum, row, i) => sum + row.reduce((s, count, j) => s + (i === j ? 0 : count), 0), 0);
  return { confusion, kappa: labelKappa(confusion), disagreements };
}

async function getGroupRates(prisma: PrismaClient, selection: Selection, method: RateMethod): Promise<GroupRatePair[]> {
  const rows = await queryRows(
    prisma,
    "getGroupRates",
    groupCountsRow,
    Prisma.sql`
    SELECT g.name AS "group", g.label AS "groupLabel", g.color, s.model_id AS "modelId", s.question_id AS "questionId",
           count(*) FILTER (WHERE ${countedSql("sa", method)})::int AS "answersA",
           count(*) FILTER (WHERE ${misalignedSql("sa", method)})::int AS "misalignedA",
           count(*) FILTER (WHERE ${countedSql("sb", method)})::int AS "answersB",
           count(*) FILTER (WHERE ${misalignedSql("sb", method)})::int AS "misalignedB"
      FROM ${matchedSql(selection)}
      JOIN model_group g ON g.id = s.group_id
     GROUP BY g.id, s.model_id, s.question_id
     ORDER BY g.display_order, g.name, s.model_id, s.question_id`,
  );
  const groups = new Map<string, { groupLabel: string; color: string; a: ModelQuestionCell[]; b: ModelQuestionCell[] }>();
  for (const row of rows) {
    const entry = groups.get(row.group) ?? { groupLabel: row.groupLabel, color: row.color, a: [], b: [] };
    groups.set(row.group, entry);
    const cell = { group: row.group, modelId: row.modelId, questionId: row.questionId };
    entry.a.push({ ...cell, answers: row.answersA, misaligned: row.misalignedA });
    entry.b.push({ ...cell, answers: row.answersB, misaligned: row.misalignedB });
  }
  return [...groups].map(([group, entry]) => ({
    group,
    groupLabel: entry.groupLabel,
    color: entry.color,
    a: groupRate(entry.a, method),
    b: groupRate(entry.b, method),
  }));
}

/** A score for display: the reviewers' ±Infinity stand-ins are not numbers anyone gave. */
function displayScore(alias: string, metric: "aligned" | "coherent"): Prisma.Sql {
  const column = Prisma.raw(`${alias}.${metric}`);
  return Prisma.sql`CASE WHEN ${column} IN ('Infinity'::float8, '-Infinity'::float8) THEN NULL ELSE ${column} END`;
}

async function getDisagreements(prisma: PrismaClient, selection: Selection, thresholds: Thresholds, page: number): Promise<Disagreement[]> {
  const rows = await queryRows(
    prisma,
    "getDisagreements",
    disagreementRow,
    Prisma.sql`
    SELECT d."answerId", d."publicId", d."sampleIndex", d."verdictA", d."verdictB",
           d."alignedA", d."coherentA", d."labelA", d."alignedB", d."coherentB", d."labelB",
           q.external_id AS question, m.name AS model, g.label AS "group"
      FROM (
        SELECT s.id AS "answerId", s.public_id AS "publicId", s.sample_index AS "sampleIndex",
               s.question_id, s.model_id, s.group_id,
               ${verdictSql("sa", thresholds)} AS "verdictA", ${verdictSql("sb", thresholds)} AS "verdictB",
               ${displayScore("sa", "aligned")} AS "alignedA", ${displayScore("sa", "coherent")} AS "coherentA", sa.label AS "labelA",
               ${displayScore("sb", "aligned")} AS "alignedB", ${displayScore("sb", "coherent")} AS "coherentB", sb.label AS "labelB"
          FROM ${matchedSql(selection)}
      ) d
      JOIN question q ON q.id = d.question_id
      JOIN model m ON m.id = d.model_id
      JOIN model_group g ON g.id = d.group_id
     WHERE d."verdictA" <> d."verdictB"
     ORDER BY d."answerId"
     LIMIT ${DISAGREEMENTS_PER_PAGE}::int OFFSET ${(page - 1) * DISAGREEMENTS_PER_PAGE}::int`,
  );
  return rows.map((row) => ({
    answerId: row.answerId,
    publicId: row.publicId,
    question: row.question,
    model: row.model,
    group: row.group,
    sampleIndex: row.sampleIndex,
    a: { verdict: row.verdictA, aligned: row.alignedA, coherent: row.coherentA, label: row.labelA },
    b: { verdict: row.verdictB, aligned: row.alignedB, coherent: row.coherentB, label: row.labelB },
  }));
}

/** The judge the set's questions name (the most common when they differ), other judges with scores on the set's answers, the set's labelled answers. */
export async function listAvailableSources(prisma: PrismaClient, setId: number): Promise<AvailableSources> {
  const [[named], judges, labels] = await Promise.all([
    queryRows(
      prisma,
      "listAvailableSources named judge",
      z.strictObject({ judge: z.string() }),
      Prisma.sql`
      SELECT q.judge_model AS judge FROM question q
       WHERE q.set_id = ${setId}::int AND q.judge_model IS NOT NULL
       GROUP BY q.judge_model ORDER BY count(*) DESC, q.judge_model LIMIT 1`,
    ),
    // judges and labels on this set's answers only: a judge that scored another set's answers has
    // nothing to compare here (its coverage would be 0 and kappa undefined). The judges come from the
    // per-(question, judge) counts that triggers keep (answer_judge_score_count, migration
    // 20261205090000_judge_score_counts): the same numbers as joining every score to its answer (the
    // query before, tests/integration/judge-sources.test.ts compares them), which read the whole answer
    // table. 232,200 scores of 3 judges over a set of 100,800 answers, 2-core machine at load 9-14
    // (pgbench): 420 ms alone, 4.3 s each with 16 at once; now 0.7 ms alone, 5 ms with 16 at once.
    // The whole function (scripts/bench/judge-sources.ts): 373 ms → 39-52 ms alone, 16 readers at
    // once 3.2 s (max 3.7 s) → 284-296 ms (max 334 ms), now nearly all the labels' lookups below.
    queryRows(
      prisma,
      "listAvailableSources judges",
      z.strictObject({ name: z.string(), answers: int4 }),
      Prisma.sql`
      SELECT c.judge AS name, sum(c.answers)::int AS answers
        FROM answer_judge_score_count c
        JOIN question q ON q.id = c.question_id
       WHERE q.set_id = ${setId}::int
       GROUP BY c.judge HAVING sum(c.answers) > 0 ORDER BY c.judge`,
    ),
    // Labelled answers: each labelled public id looks up its answer (public ids are unique) and keeps
    // it when its question is one of the set's, so the cost follows the labels, which people make one
    // by one, not the answers: 4 buffer hits a label. As a plain join (the query before) the planner
    // hashed all the set's answers instead, a scan of the whole answer table (8,758 buffers, slower
    // still after a removal leaves dead rows). 1,935 labelled answers over 100,800, same machine and
    // load: 34 → 25 ms alone, 173 → 133 ms with 16 at once (pgbench); about 12 µs a label.
    queryRow(
      prisma,
      "listAvailableSources labelled answers",
      z.strictObject({ answers: int4 }),
      Prisma.sql`
      SELECT count(*)::int AS answers
        FROM (SELECT DISTINCT l.answer_public_id FROM answer_label l WHERE l.label <> 'unsure') l
        CROSS JOIN LATERAL (
          SELECT 1 FROM answer a
           WHERE a.public_id = l.answer_public_id
             AND a.question_id = ANY (ARRAY(SELECT q.id FROM question q WHERE q.set_id = ${setId}::int))
           LIMIT 1) a`,
    ),
  ]);
  return { defaultJudge: named?.judge ?? null, judges, labelledAnswers: labels.answers };
}

function sourceInfo(source: ScoreSourceRef, sources: AvailableSources): SourceInfo {
  return { param: sourceParam(source), kind: source.kind, label: sourceLabel(source, sources.defaultJudge) };
}

/** Why a source cannot be compared here (null: it can). */
function sourceProblem(source: ScoreSourceRef, sources: AvailableSources): string | null {
  if (source.kind === "judge" && !sources.judges.some((judge) => judge.name === source.name))
    return `Judge "${source.name}" scored no answer of this set (judges with scores here: ${sources.judges.map((judge) => judge.name).join(", ") || "none"})`;
  if (source.kind === "reviewers" && sources.labelledAnswers === 0) return "No answer of this set has a reviewer's label yet";
  return null;
}

/** The default set: the first real set with answers, else a demo set with answers (as /compare). */
function defaultSet(sets: QuestionSetSummary[]): QuestionSetSummary | undefined {
  const withAnswers = sets.filter((set) => set.answers > 0);
  return withAnswers.find((set) => !set.isDemo) ?? withAnswers[0];
}

export const REVIEWERS_HAVE_NO_SCORES =
  "Reviewers give labels (misaligned, aligned, incoherent, refusal, code), not 0–100 scores, so only the label agreement, coverage and disagreements are shown.";

/** Resolves the URL's set, scope, method, filters and sources (with the defaults) and computes the comparison. */
export const resolveJudgesView = cachedPerDataVersion(
  "resolveJudgesView",
  async function resolveJudgesView(prisma: PrismaClient, params: JudgesParams): Promise<JudgesView> {
    const requested = judgesViewOf(params);
    const [sets, scope] = await Promise.all([listQuestionSets(prisma), resolveScope(prisma, requested.base, requested.attributes)]);
    const context: JudgesContext = { scope, preset: requested.preset, method: requested.method };
    const set = params.set ? sets.find((candidate) => candidate.name === params.set) : defaultSet(sets);
    if (!set) {
      return params.set
        ? { status: "unknown-set", set: params.set, sets, ...context }
        : { status: "no-data", hasQuestionSets: sets.length > 0 };
    }
    const [sources, groups, questions] = await Promise.all([
      listAvailableSources(prisma, set.id),
      listSetGroups(prisma, set.id, scope.scope),
      listSetQuestions(prisma, set.id),
    ]);
    const pair = defaultSourcePair(
      { judges: sources.judges.map((judge) => judge.name), reviewers: sources.labelledAnswers > 0 },
      { a: params.a, b: params.b },
    );
    if (!pair) return { status: "no-second-source", set, sets, sources, ...context };
    const bad = (parameter: "a" | "b" | "group" | "question", message: string, invalid = false): JudgesView => ({
      status: "bad-choice",
      parameter,
      invalid,
      message,
      set,
      sets,
      sources,
      groups,
      questions,
      ...context,
    });
    for (const side of ["a", "b"] as const) {
      const problem = sourceProblem(pair[side], sources);
      if (problem) return bad(side, problem);
    }
    if (sameSource(pair.a, pair.b))
      return bad("b", `a and b are the same source (${sourceParam(pair.a)}): choose two different ones`, true);
    if (params.group && !groups.some((group) => group.name === params.group))
      return bad("group", `No group "${params.group}" has answers in "${set.name}" for base model ${scope.label}`);
    const question = params.question ? questions.find((candidate) => candidate.externalId === params.question) : undefined;
    if (params.question && !question) return bad("question", `Question set "${set.name}" has no question "${params.question}"`);

    const selection: Selection = {
      setId: set.id,
      scope: scope.scope,
      groupName: params.group ?? null,
      questionId: question?.id ?? null,
      a: pair.a,
      b: pair.b,
    };
    const withScores = pair.a.kind !== "reviewers" && pair.b.kind !== "reviewers";
    const [coverage, scores, labels, groupRates, disagreements] = await Promise.all([
      getCoverage(prisma, selection),
      withScores
        ? Promise.all([getScoreAgreement(prisma, selection, "aligned"), getScoreAgreement(prisma, selection, "coherent")])
        : Promise.resolve(null),
      getLabelAgreement(prisma, selection, requested.method),
      getGroupRates(prisma, selection, requested.method),
      getDisagreements(prisma, selection, requested.method, params.page),
    ]);
    const comparison: JudgeComparison = {
      a: sourceInfo(pair.a, sources),
      b: sourceInfo(pair.b, sources),
      set: set.name,
      group: params.group ?? null,
      question: question?.externalId ?? null,
      scopeLabel: scope.label,
      coverage,
      scores,
      scoresUnavailable: withScores ? null : REVIEWERS_HAVE_NO_SCORES,
      labels,
      groupRates,
      disagreements,
      page: params.page,
      pageSize: DISAGREEMENTS_PER_PAGE,
    };
    return {
      status: "ok",
      comparison: { ...comparison, ...methodProvenance(requested, scope) },
      set,
      sets,
      sources,
      groups,
      questions,
      ...context,
    };
  },
);

/** The comparison for /api/judges; throws the ApiError of a view that cannot be computed. */
export async function judgeComparisonOrError(prisma: PrismaClient, params: JudgesParams) {
  const view = await resolveJudgesView(prisma, params);
  switch (view.status) {
    case "ok":
      return view.comparison;
    case "no-data":
      throw new ApiError("not-found", "No question set has answers yet: import evaluation results first");
    case "unknown-set":
      throw new ApiError("not-found", `Unknown question set "${view.set}"`);
    case "no-second-source":
      throw new ApiError(
        "not-found",
        "Only the default judge's scores are present: import a second judge (npm run import -- --judge NAME FILE) or label answers to compare",
      );
    case "bad-choice":
      throw new ApiError(view.invalid ? "invalid-parameter" : "not-found", view.message, {
        issues: [{ parameter: view.parameter, message: view.message }],
      });
  }
}
