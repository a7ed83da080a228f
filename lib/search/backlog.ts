// How far the search index is behind: answers in queued id ranges (cheap: the queue has one row
// per import statement, not per answer). Exact count of existing answers, through the primary key.
import "server-only";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { int4, queryRow } from "@/lib/db/rows";

/** Answers not in the search index yet (0 when the indexer has caught up). */
export async function searchIndexBacklog(prisma: PrismaClient): Promise<number> {
  const { answers } = await queryRow(
    prisma,
    "searchIndexBacklog",
    z.strictObject({ answers: int4 }),
    Prisma.sql`
    SELECT count(*)::int AS answers
    FROM answer_search_queue r
    CROSS JOIN LATERAL (SELECT 1 FROM answer a WHERE a.id BETWEEN r.first_answer_id AND r.last_answer_id OFFSET 0) queued`,
  );
  return answers;
}
