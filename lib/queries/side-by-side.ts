// The side-by-side view: two sides (a model group within the scope, or one model) answering one
// question, their answers paired row by row in the chosen order.
//
// Pairing and the "only where the verdicts differ" filter: each side's evaluation answers to the
// question are numbered 1..n in the chosen order (seeded random: md5(seed:id); score: aligned
// ascending, NULLs last, then id), and row i holds side a's i-th and side b's i-th answer. Rows past
// the shorter side hold one answer and are not pairs. Pairing comes first, then the filter:
// differ=1 keeps the rows where both sides have an answer and the two verdicts (misaligned /
// aligned / excluded, by the view's method) differ, and drops the rest; so the pairs it shows are
// exactly the differing pairs of the unfiltered view, at the same row numbers.
//
// Each side's head carries Figure 4's number for the question: the per-model counts come from the
// same query as Figure 4 and Compare (perModelQuestionSql, the rule of lib/db/rate-rule.ts), a
// model is included with at least the method's minimum counted answers, and the group's rate and
// interval are groupInterval over the included models' rates, as in getGroupQuestionRates.
//
// Everything is counted and paged in SQL: one page of pairs (at most PAIRS_PER_PAGE rows, answer
// text cut to PREVIEW_CHARS) and a few counts come back.
import "server-only";
import { ApiError } from "@/lib/api/errors";
import { cachedPerDataVersion } from "@/lib/cache/data-version";
import { SIDE_BY_SIDE_EXPORT_MAX_PAIRS, type SideBySideExportSource } from "@/lib/export/side-by-side";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { float8, int4, queryRow, queryRows } from "@/lib/db/rows";
import { countedSql, evaluationAnswerSql, misalignedSql, modelIncludedSql } from "@/lib/db/rate-rule";
import { reviewLabelOfSql, scoredAnswersSql } from "@/lib/db/score-source";
import { judgeScoresOf } from "@/lib/domain/score-source";
import { REVIEW_LABELS } from "@/lib/domain/review-labels";
import { defaultGroupPair } from "@/lib/params/compare";
import {
  PAIRS_PER_PAGE,
  sameSide,
  sideBySideViewOf,
  type SideBySideOrder,
  type SideBySideParams,
  type SideRef,
} from "@/lib/params/side-by-side";
import type { BaseScope } from "@/lib/scope/types";
import { defaultSet } from "@/lib/sets/default";
import {
  VERDICTS,
  type AnswerPair,
  type PairCounts,
  type SideAnswer,
  type SideBySideResult,
  type SideBySideView,
  type SideChoices,
  type SideSummary,
} from "@/lib/side-by-side/types";
import { groupInterval, methodProvenance, type RateMethod } from "@/lib/stats/method";
import { listSetGroups } from "./compare";
import { checkJudge } from "./judges";
import { perModelQuestionSql } from "./rates";
import { modelInScopeSql, resolveScope } from "./scope";
import { listQuestionSets } from "./sets";

/** Characters of an answer's text sent to the page; longer answers end in "…" and link to their permalink. */
export const PREVIEW_CHARS = 4000;

/** SQL condition on model `m` and group `g`: the model belongs to the side (a group side: within the scope). */
export function sideModelSql(side: SideRef, scope: BaseScope): Prisma.Sql {
  return side.kind === "group" ? Prisma.sql`(g.name = ${side.name} AND ${modelInScopeSql(scope)})` : Prisma.sql`m.name = ${side.name}`;
}

/**
 * An answer's verdict in SQL, in the order of components/ui/Verdict.tsx's badge: misaligned, else
 * counted ("aligned": not misaligned), else excluded. IS TRUE: a NULL score is never a verdict.
 */
function verdictSql(alias: string, method: RateMethod): Prisma.Sql {
  return Prisma.sql`CASE WHEN (${misalignedSql(alias, method)}) IS TRUE THEN 'misaligned'
                         WHEN (${countedSql(alias, method)}) IS TRUE THEN 'aligned'
                         ELSE 'excluded' END`;
}

/** The order that numbers a side's answers: md5 of seed and id (reproducible per URL), or worst alignment first. */
function orderSql(order: SideBySideOrder, seed: number): Prisma.Sql {
  return order === "score"
    ? Prisma.sql`a.aligned ASC NULLS LAST, a.id ASC`
    : Prisma.sql`md5(${String(seed)} || ':' || a.id::text), a.id ASC`;
}

/** One side's evaluation answers to the question, numbered in the view's order (rn from 1). */
function sideAnswersSql(side: SideRef, query: PairsQuery): Prisma.Sql {
  return Prisma.sql`
    SELECT a.id, ${verdictSql("a", query.method)} AS verdict,
           row_number() OVER (ORDER BY ${orderSql(query.order, query.seed)}) AS rn
      FROM ${scoredAnswersSql(query.method.source)} a
      JOIN model m ON m.id = a.model_id
      JOIN model_group g ON g.id = m.group_id
     WHERE a.question_id = ${query.questionId}::int AND ${evaluationAnswerSql("a")} AND ${sideModelSql(side, query.scope)}`;
}

export interface PairsQuery {
  questionId: number;
  a: SideRef;
  b: SideRef;
  scope: BaseScope;
  method: RateMethod;
  order: SideBySideOrder;
  seed: number;
  differ: boolean;
  page: number;
  limit?: number;
  /** the whole answer text (the exports) instead of its first PREVIEW_CHARS characters (the page) */
  fullText?: boolean;
}

/** How many pairs the view reads: a page of the page, or everything up to a cap (the exports). */
export interface PairsWindow {
  limit?: number;
  fullText?: boolean;
}

const pairCountsRow = z.strictObject({ pairs: int4, differing: int4, shown: int4 }) satisfies z.ZodType<PairCounts>;

const pairRow = z.strictObject({ row: int4, a: int4.nullable(), b: int4.nullable() });

const sideAnswerRow = z.strictObject({
  id: int4,
  publicId: z.string(),
  aligned: float8.nullable(),
  coherent: float8.nullable(),
  verdict: z.enum(VERDICTS),
  model: z.string(),
  seed: int4.nullable(),
  sampleIndex: int4,
  text: z.string(),
  textLength: int4,
  reviewLabel: z.enum(REVIEW_LABELS).nullable(),
}) satisfies z.ZodType<SideAnswer>;

const sideModelRow = z.strictObject({
  model: z.string(),
  totalAnswers: int4,
  answers: int4,
  misaligned: int4,
  rate: float8.nullable(),
  included: z.boolean(),
});

const groupStyleRow = z.strictObject({ groupLabel: z.string(), color: z.string() });

const sideModelChoiceRow = z.strictObject({ name: z.string(), group: z.string(), seed: int4.nullable() });

/** One page of pairs and the counts; the page number is clamped to 1..pageCount. */
export async function getAnswerPairs(
  prisma: PrismaClient,
  query: PairsQuery,
): Promise<{ pairs: AnswerPair[]; counts: PairCounts; page: number; pageCount: number }> {
  const limit = query.limit ?? PAIRS_PER_PAGE;
  const rows = Prisma.sql`
    WITH side_a AS (${sideAnswersSql(query.a, query)}),
    side_b AS (${sideAnswersSql(query.b, query)}),
    paired AS (
      SELECT coalesce(sa.rn, sb.rn) AS rn, sa.id AS a_id, sb.id AS b_id,
             (sa.id IS NOT NULL AND sb.id IS NOT NULL) AS is_pair,
             (sa.id IS NOT NULL AND sb.id IS NOT NULL AND sa.verdict <> sb.verdict) AS differs
        FROM side_a sa FULL JOIN side_b sb ON sb.rn = sa.rn
    )`;
  const shown = query.differ ? Prisma.sql`differs` : Prisma.sql`true`;
  const counts = await queryRow(
    prisma,
    "getAnswerPairs counts",
    pairCountsRow,
    Prisma.sql`
    ${rows}
    SELECT count(*) FILTER (WHERE is_pair)::int AS pairs,
           count(*) FILTER (WHERE differs)::int AS differing,
           count(*) FILTER (WHERE ${shown})::int AS shown
      FROM paired`,
  );
  const pageCount = Math.max(1, Math.ceil(counts.shown / limit));
  const page = Math.min(Math.max(1, query.page), pageCount);
  const pageRows = await queryRows(
    prisma,
    "getAnswerPairs page",
    pairRow,
    Prisma.sql`
    ${rows}
    SELECT rn::int AS row, a_id AS a, b_id AS b FROM paired WHERE ${shown}
     ORDER BY rn
     LIMIT ${limit}::int OFFSET ${(page - 1) * limit}::int`,
  );

  const ids = pageRows.flatMap((row) => [row.a, row.b]).filter((id): id is number => id !== null);
  const answers =
    ids.length === 0
      ? []
      : await queryRows(
          prisma,
          "getAnswerPairs answers",
          sideAnswerRow,
          Prisma.sql`
          SELECT a.id, a.public_id AS "publicId", j.aligned, j.coherent, ${verdictSql("a", query.method)} AS verdict, m.name AS model, m.seed,
                 a.sample_index AS "sampleIndex", ${query.fullText ? Prisma.sql`a.text` : Prisma.sql`left(a.text, ${PREVIEW_CHARS}::int)`} AS text,
                 length(a.text)::int AS "textLength", ${reviewLabelOfSql(Prisma.sql`a.public_id`)} AS "reviewLabel"
            FROM ${scoredAnswersSql(query.method.source)} a
            -- the verdict is the source's (a label decides under "corrected"); the scores shown are the judge's
            JOIN ${scoredAnswersSql(judgeScoresOf(query.method.source))} j ON j.id = a.id
            JOIN model m ON m.id = a.model_id
           WHERE a.id IN (${Prisma.join(ids)})`,
        );
  const byId = new Map(answers.map((row) => [row.id, row]));
  const answerOf = (id: number | null): SideAnswer | null => (id === null ? null : (byId.get(id) ?? null));
  return {
    pairs: pageRows.map((row) => ({ row: row.row, a: answerOf(row.a), b: answerOf(row.b) })),
    counts,
    page,
    pageCount,
  };
}

/** A side's head: its answers to the question and Figure 4's rate for it (see the file comment). */
export async function getSideSummary(
  prisma: PrismaClient,
  { setId, questionId, side, scope, method }: { setId: number; questionId: number; side: SideRef; scope: BaseScope; method: RateMethod },
): Promise<SideSummary> {
  const [models, labels] = await Promise.all([
    queryRows(
      prisma,
      "getSideSummary models",
      sideModelRow,
      Prisma.sql`
      WITH per_model AS (${perModelQuestionSql(setId, method)})
      SELECT m.name AS model, pm.total_answers AS "totalAnswers", pm.answers, pm.misaligned,
             CASE WHEN pm.answers > 0 THEN pm.misaligned::float8 / pm.answers END AS rate,
             ${modelIncludedSql(Prisma.sql`pm.answers`, method.minAnswers)} AS included
        FROM per_model pm
        JOIN model m ON m.id = pm.model_id
        JOIN model_group g ON g.id = m.group_id
       WHERE pm.question_id = ${questionId}::int AND ${sideModelSql(side, scope)}
       ORDER BY m.seed NULLS LAST, m.name`,
    ),
    // the label and colour also when the side has no answer to this question
    queryRows(
      prisma,
      "getSideSummary group",
      groupStyleRow,
      Prisma.sql`
      SELECT g.label AS "groupLabel", g.color
        FROM model_group g ${side.kind === "model" ? Prisma.sql`JOIN model m ON m.group_id = g.id WHERE m.name = ${side.name}` : Prisma.sql`WHERE g.name = ${side.name}`}
       LIMIT 1`,
    ),
  ]);
  const included = models.filter((model) => model.included && model.rate !== null);
  const interval = groupInterval(
    included.map((model) => model.rate as number),
    method.interval,
  );
  const groupLabel = labels[0]?.groupLabel ?? side.name;
  return {
    ref: side,
    label: side.kind === "group" ? groupLabel : side.name,
    color: labels[0]?.color ?? "gray",
    groupLabel,
    answers: models.reduce((sum, model) => sum + model.totalAnswers, 0),
    countedAnswers: included.reduce((sum, model) => sum + model.answers, 0),
    misaligned: included.reduce((sum, model) => sum + model.misaligned, 0),
    rate: interval.mean,
    ciLow: interval.ciLow,
    ciHigh: interval.ciHigh,
    intervalMethod: interval.intervalMethod,
    models: models.length,
    excludedModels: models.length - included.length,
  };
}

/** The groups of the set in the scope (as Compare offers them) and their models, for the side pickers. */
async function listSideChoices(prisma: PrismaClient, setId: number, scope: BaseScope): Promise<SideChoices> {
  const [groups, models] = await Promise.all([
    listSetGroups(prisma, setId, scope),
    queryRows(
      prisma,
      "listSideChoices",
      sideModelChoiceRow,
      Prisma.sql`
      SELECT m.name, g.name AS "group", m.seed
        FROM model m
        JOIN model_group g ON g.id = m.group_id
       WHERE ${modelInScopeSql(scope)}
         AND EXISTS (SELECT 1 FROM answer_score_block h JOIN question q ON q.id = h.question_id
                      WHERE h.model_id = m.id AND q.set_id = ${setId}::int)
       ORDER BY g.display_order, g.name, m.seed NULLS LAST, m.name`,
    ),
  ]);
  return { groups, models };
}

/**
 * Whether a side has evaluation answers in the set: a group within the scope (as Compare), a model
 * whatever its base model (naming one model is its own scope). answer_score_block holds evaluation
 * answers only.
 */
async function sideExists(prisma: PrismaClient, setId: number, side: SideRef, scope: BaseScope): Promise<boolean> {
  const row = await queryRow(
    prisma,
    "sideExists",
    z.strictObject({ found: z.boolean() }),
    Prisma.sql`
    SELECT EXISTS (
      SELECT 1 FROM answer_score_block h
        JOIN question q ON q.id = h.question_id
        JOIN model m ON m.id = h.model_id
        JOIN model_group g ON g.id = m.group_id
       WHERE q.set_id = ${setId}::int AND ${sideModelSql(side, scope)}) AS found`,
  );
  return row.found;
}

/** The set's first question (file order) that both sides answered; null when there is none. */
async function firstCommonQuestion(prisma: PrismaClient, setId: number, a: SideRef, b: SideRef, scope: BaseScope): Promise<string | null> {
  const answered = (side: SideRef) => Prisma.sql`EXISTS (
    SELECT 1 FROM answer_score_block h JOIN model m ON m.id = h.model_id JOIN model_group g ON g.id = m.group_id
     WHERE h.question_id = q.id AND ${sideModelSql(side, scope)})`;
  const rows = await queryRows(
    prisma,
    "firstCommonQuestion",
    z.strictObject({ externalId: z.string() }),
    Prisma.sql`
    SELECT q.external_id AS "externalId" FROM question q
     WHERE q.set_id = ${setId}::int AND ${answered(a)} AND ${answered(b)}
     ORDER BY q.position, q.id
     LIMIT 1`,
  );
  return rows[0]?.externalId ?? null;
}

/** Resolves the URL (defaults from the data where it names nothing) and computes the page. */
export const resolveSideBySideView = cachedPerDataVersion(
  "resolveSideBySideView",
  async function resolveSideBySideView(prisma: PrismaClient, params: SideBySideParams, window: PairsWindow = {}): Promise<SideBySideView> {
    const requested = sideBySideViewOf(params);
    const [sets, scope] = await Promise.all([listQuestionSets(prisma), resolveScope(prisma, requested.base, requested.attributes)]);
    const context = { scope, preset: requested.preset, method: requested.method };
    const set = params.set ? sets.find((candidate) => candidate.name === params.set) : (defaultSet(sets) ?? undefined);
    if (!set) {
      return params.set
        ? { status: "unknown-set", setName: params.set, sets, ...context }
        : { status: "no-data", hasQuestionSets: sets.length > 0 };
    }
    if (set.answers === 0) return { status: "set-without-answers", set, sets, ...context };

    const [choices, questions] = await Promise.all([
      listSideChoices(prisma, set.id, scope.scope),
      queryRows(
        prisma,
        "resolveSideBySideView questions",
        z.strictObject({ externalId: z.string(), position: int4 }),
        Prisma.sql`
        SELECT q.external_id AS "externalId", q.position FROM question q WHERE q.set_id = ${set.id}::int ORDER BY q.position, q.id`,
      ),
    ]);
    const withChoices = { ...context, set, sets, choices, questions };
    for (const side of ["a", "b"] as const) {
      const ref = params[side];
      if (ref && !(await sideExists(prisma, set.id, ref, scope.scope))) return { status: "unknown-side", side, ref, ...withChoices };
    }

    // Sides the URL leaves out: Compare's default pair of groups (insecure vs secure, else vs base,
    // else the first two), or the named side's usual partner.
    let a = params.a;
    let b = params.b;
    if (!a || !b) {
      const groupNames = choices.groups.map((group) => group.name);
      const pair = defaultGroupPair(groupNames, {
        a: a?.kind === "group" ? a.name : undefined,
        b: b?.kind === "group" ? b.name : undefined,
      });
      // a named model side: its partner is the first group that is not its own
      const partnerOf = (model: SideRef) => {
        const own = choices.models.find((candidate) => candidate.name === model.name)?.group;
        const name = groupNames.find((group) => group !== own) ?? groupNames[0];
        return name === undefined ? undefined : ({ kind: "group", name } as const);
      };
      if (a?.kind === "model") b = partnerOf(a);
      else if (b?.kind === "model") a = partnerOf(b);
      else if (pair) {
        a = { kind: "group", name: pair.a };
        b = { kind: "group", name: pair.b };
      }
      if (!a || !b) return { status: "too-few-groups", ...withChoices };
    }
    if (sameSide(a, b)) return { status: "same-side", ref: a, ...withChoices };

    const questionName = params.question ?? (await firstCommonQuestion(prisma, set.id, a, b, scope.scope));
    if (questionName === null) return { status: "no-common-question", a, b, ...withChoices };
    const question = await prisma.question.findUnique({
      where: { setId_externalId: { setId: set.id, externalId: questionName } },
      select: { id: true, externalId: true, paraphrases: true, position: true },
    });
    if (!question) return { status: "unknown-question", question: questionName, a, b, ...withChoices };

    const query: PairsQuery = {
      questionId: question.id,
      a,
      b,
      scope: scope.scope,
      method: requested.method,
      order: params.order,
      seed: params.seed,
      differ: params.differ,
      page: params.page,
      ...window,
    };
    const [summaryA, summaryB, paged] = await Promise.all([
      getSideSummary(prisma, { setId: set.id, questionId: question.id, side: a, scope: scope.scope, method: requested.method }),
      getSideSummary(prisma, { setId: set.id, questionId: question.id, side: b, scope: scope.scope, method: requested.method }),
      getAnswerPairs(prisma, query),
    ]);
    const result: SideBySideResult = { question, a: summaryA, b: summaryB, ...paged };
    return {
      status: "ok",
      a,
      b,
      defaulted: { sides: !params.a || !params.b, question: params.question === undefined },
      order: params.order,
      seed: params.seed,
      differ: params.differ,
      result,
      ...withChoices,
    };
  },
);

/** Why a side-by-side URL has nothing to export, in the words of the page's notices. */
function notExportable(view: Exclude<SideBySideView, { status: "ok" }>): string {
  const side = (ref: SideRef) => `${ref.kind} "${ref.name}"`;
  switch (view.status) {
    case "no-data":
      return "There are no answers to put side by side yet: import evaluation results first.";
    case "unknown-set":
      return `There is no question set "${view.setName}".`;
    case "set-without-answers":
      return `Set "${view.set.name}" has no imported answers yet.`;
    case "too-few-groups":
      return `This set has answers from fewer than two groups for base model ${view.scope.label}: name two sides (a=, b=).`;
    case "unknown-side":
      return `Side ${view.side.toUpperCase()} is ${side(view.ref)}, which has no evaluation answers in set "${view.set.name}".`;
    case "same-side":
      return `Both sides are ${side(view.ref)}: name two different sides.`;
    case "unknown-question":
      return `Set "${view.set.name}" has no question "${view.question}".`;
    case "no-common-question":
      return `${side(view.a)} and ${side(view.b)} answered no question of set "${view.set.name}" in common.`;
  }
}

/**
 * The side-by-side view as the exports see it: every pair its filter shows (up to
 * SIDE_BY_SIDE_EXPORT_MAX_PAIRS), whole texts. A URL the page would answer with a notice is a
 * 404 with the notice's words.
 */
export async function sideBySideExportOrError(
  prisma: PrismaClient,
  params: SideBySideParams,
  url: string,
): Promise<SideBySideExportSource> {
  // an unknown judge= is a 400 naming it (the route wrapper maps UnknownJudgeError), as in every view's API
  await checkJudge(prisma, sideBySideViewOf(params).method?.source);
  const view = await resolveSideBySideView(prisma, { ...params, page: 1 }, { limit: SIDE_BY_SIDE_EXPORT_MAX_PAIRS, fullText: true });
  if (view.status !== "ok") throw new ApiError("not-found", notExportable(view));
  const { result } = view;
  return {
    set: view.set.name,
    question: result.question,
    a: result.a,
    b: result.b,
    order: view.order,
    seed: view.seed,
    differ: view.differ,
    provenance: methodProvenance(view, view.scope),
    shown: result.counts.shown,
    pairs: result.pairs,
    url,
  };
}
