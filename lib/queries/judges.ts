// The judges a view can read scores from (issue 11, item 1): the default judge (the question
// file's, the answers' own columns) and every judge with rows in answer_judge_score.
import "server-only";
import { cachedPerDataVersion } from "@/lib/cache/data-version";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { queryRow } from "@/lib/db/rows";
import { defaultJudgeLabel } from "@/lib/domain/judges";
import { unknownJudgeOf, type ScoreSource } from "@/lib/domain/score-source";
import type { JudgeChoices } from "@/lib/domain/score-source";

/** A view asked for a judge that has no scores in the database. */
export class UnknownJudgeError extends Error {
  constructor(
    readonly judge: string,
    readonly known: string[],
  ) {
    super(
      `Unknown judge "${judge}": no scores by it are imported` +
        (known.length
          ? ` (further judges: ${known.join(", ")}; leave judge out for the question file's judge)`
          : " (only the question file's judge has scores)"),
    );
    this.name = "UnknownJudgeError";
  }
}

/**
 * Every judge with rows in answer_judge_score, once each, in name order (a query's rows: `judge`).
 * A loose index scan: the primary key (judge, answer_public_id) leads with the judge, so each step
 * jumps to the next judge's first key instead of reading every score row as SELECT DISTINCT did.
 * Measured on 201,600 score rows of 2 judges (100,800 answers, PostgreSQL 15, EXPLAIN ANALYZE,
 * 6 runs each): SELECT DISTINCT 113-153 ms, this 0.41-0.62 ms; it reads a few index pages per judge.
 */
export const judgesWithScoresSql = Prisma.sql`
  WITH RECURSIVE judges AS (
    (SELECT s.judge FROM answer_judge_score s ORDER BY s.judge LIMIT 1)
    UNION ALL
    SELECT (SELECT s.judge FROM answer_judge_score s WHERE s.judge > judges.judge ORDER BY s.judge LIMIT 1)
      FROM judges WHERE judges.judge IS NOT NULL
  )
  SELECT judge FROM judges WHERE judge IS NOT NULL`;

/** The default judge's name (of `set`'s questions, else of all questions) and the further judges. */
export const listJudges = cachedPerDataVersion(
  "listJudges",
  async function listJudges(prisma: PrismaClient, set?: string): Promise<JudgeChoices> {
    const row = await queryRow(
      prisma,
      "listJudges",
      z.strictObject({ defaults: z.array(z.string().nullable()), others: z.array(z.string()) }),
      Prisma.sql`
      SELECT coalesce((SELECT array_agg(DISTINCT q.judge_model) FROM question q
                        WHERE ${set ?? null}::text IS NULL OR q.set_id IN (SELECT id FROM question_set WHERE name = ${set ?? null}::text)), '{}') AS defaults,
             coalesce((SELECT array_agg(j.judge ORDER BY j.judge) FROM (${judgesWithScoresSql}) j), '{}') AS others`,
    );
    return { defaultJudge: defaultJudgeLabel(row.defaults), others: row.others };
  },
);

/**
 * Throws UnknownJudgeError when the source names a judge without scores. Without a named judge it
 * asks the database nothing: a request for the default judge must not wait for a pool connection
 * before its own query (tests/integration/search-busy.test.ts: under a fully busy pool that wait
 * has no deadline, and the search's "busy, try again" never came).
 */
export async function checkJudge(prisma: PrismaClient, source: ScoreSource | undefined): Promise<void> {
  if (!source?.judge) return;
  const judges = await listJudges(prisma);
  const unknown = unknownJudgeOf(judges, source);
  if (unknown) throw new UnknownJudgeError(unknown, judges.others);
}
