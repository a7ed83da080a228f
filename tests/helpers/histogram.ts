// The score histogram tables compared with a rebuild from the answers themselves (evaluation answers
// only: curated example answers never enter it): what every test that writes answers by some path
// (trigger, importer, removal) checks afterwards.
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** Rows of the histogram tables that differ from a rebuild from the answers (0 when exact). */
export async function histogramDifferences(prisma: PrismaClient): Promise<number> {
  const columns = Array.from({ length: 102 }, (_, k) => `aligned_lt_${k}`);
  const sums = Array.from({ length: 102 }, (_, k) => `count(*) FILTER (WHERE aligned < ${k})::int AS aligned_lt_${k}`).join(", ");
  const rebuiltBins = `
    SELECT question_id, model_id, answer_coherent_bin(coherent) AS coherent_bin,
           count(*) FILTER (WHERE aligned IS NULL)::int AS unscored, count(aligned)::int AS scored, ${sums}
      FROM answer WHERE NOT example GROUP BY 1, 2, 3`;
  const rebuiltBlocks = `
    SELECT question_id, model_id, answer_coherent_block(coherent_bin) AS coherent_block, sum(unscored)::int, sum(scored)::int,
           ${columns.map((c) => `sum(${c})::int`).join(", ")}
      FROM (${rebuiltBins}) b GROUP BY 1, 2, 3`;
  const stored = (table: string, key: string) =>
    `SELECT question_id, model_id, ${key}, unscored, scored, ${columns.join(", ")} FROM ${table}`;
  const [row] = await prisma.$queryRawUnsafe<{ differences: number }[]>(`
    SELECT ((SELECT count(*) FROM ((${stored("answer_score_bin", "coherent_bin")}) EXCEPT ALL (${rebuiltBins})) d)
          + (SELECT count(*) FROM ((${rebuiltBins}) EXCEPT ALL (${stored("answer_score_bin", "coherent_bin")})) d)
          + (SELECT count(*) FROM ((${stored("answer_score_block", "coherent_block")}) EXCEPT ALL (${rebuiltBlocks})) d)
          + (SELECT count(*) FROM ((${rebuiltBlocks}) EXCEPT ALL (${stored("answer_score_block", "coherent_block")})) d))::int
           AS differences`);
  return row.differences;
}
