// Question sets for the set selector and the Figure-4 x axis.
import "server-only";
import { cachedPerDataVersion } from "@/lib/cache/data-version";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { int4, queryRows } from "@/lib/db/rows";
import { answerPairCountsSql } from "@/lib/db/score-histogram";
import type { QuestionSetSummary, SetQuestion } from "@/lib/sets/types";

const questionSetSummaryRow = z.strictObject({
  id: int4,
  name: z.string(),
  description: z.string().nullable(),
  isDemo: z.boolean(),
  questions: int4,
  answers: int4,
}) satisfies z.ZodType<QuestionSetSummary>;

const setQuestionRow = z.strictObject({
  id: int4,
  externalId: z.string(),
  position: int4,
}) satisfies z.ZodType<SetQuestion>;

/** All question sets with their question and answer counts: real sets first, in import order. */
export const listQuestionSets = cachedPerDataVersion("listQuestionSets", async function listQuestionSets(prisma: PrismaClient): Promise<
  QuestionSetSummary[]
> {
  return queryRows(
    prisma,
    "listQuestionSets",
    questionSetSummaryRow,
    Prisma.sql`
    SELECT s.id, s.name, s.description, s.is_demo AS "isDemo",
           (SELECT count(*)::int FROM question q WHERE q.set_id = s.id) AS questions,
           (SELECT coalesce(sum(c.answers), 0)::int FROM ${answerPairCountsSql} c JOIN question q ON q.id = c.question_id
             WHERE q.set_id = s.id) AS answers
    FROM question_set s
    ORDER BY s.is_demo, s.id`,
  );
});

/** The questions of a set in file order (the x axis of Figure 4). */
export async function listSetQuestions(prisma: PrismaClient, setId: number): Promise<SetQuestion[]> {
  return queryRows(
    prisma,
    "listSetQuestions",
    setQuestionRow,
    Prisma.sql`
    SELECT q.id, q.external_id AS "externalId", q.position
    FROM question q
    WHERE q.set_id = ${setId}
    ORDER BY q.position, q.id`,
  );
}
