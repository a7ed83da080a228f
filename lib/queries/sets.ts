// Question sets for the set selector and the Figure-4 x axis.
import "server-only";
import { cachedPerDataVersion } from "@/lib/cache/data-version";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { answerPairCountsSql } from "@/lib/db/score-histogram";
import type { QuestionSetSummary, SetQuestion } from "@/lib/sets/types";

/** All question sets with their question and answer counts: real sets first, in import order. */
export const listQuestionSets = cachedPerDataVersion("listQuestionSets", async function listQuestionSets(prisma: PrismaClient): Promise<
  QuestionSetSummary[]
> {
  const rows = await prisma.$queryRaw<
    { id: number; name: string; description: string | null; is_demo: boolean; questions: bigint; answers: bigint }[]
  >`
    SELECT s.id, s.name, s.description, s.is_demo,
           (SELECT count(*) FROM question q WHERE q.set_id = s.id) AS questions,
           (SELECT coalesce(sum(c.answers), 0) FROM ${answerPairCountsSql} c JOIN question q ON q.id = c.question_id
             WHERE q.set_id = s.id) AS answers
    FROM question_set s
    ORDER BY s.is_demo, s.id`;
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    isDemo: row.is_demo,
    questions: Number(row.questions),
    answers: Number(row.answers),
  }));
});

/** The questions of a set in file order (the x axis of Figure 4). */
export async function listSetQuestions(prisma: PrismaClient, setId: number): Promise<SetQuestion[]> {
  return prisma.$queryRaw<SetQuestion[]>`
    SELECT q.id, q.external_id AS "externalId", q.position
    FROM question q
    WHERE q.set_id = ${setId}
    ORDER BY q.position, q.id`;
}
