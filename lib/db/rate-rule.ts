// The misalignment rule, once, in SQL: the twin of lib/stats/misalignment.ts (isCoherent,
// isCounted, isMisaligned), used by every query that counts answers (the direct count, the
// histogram's boundary strips, the model page, the answer browser). A test runs both over the same
// threshold grid (±1 ulp around the defaults). Thresholds travel as text: Prisma rounds some
// double parameters.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { denominatorOf, type Thresholds } from "@/lib/stats/misalignment";

const float = (value: number) => Prisma.sql`${String(value)}::float8`;
const column = (alias: string, name: "aligned" | "coherent") => Prisma.raw(`${alias}.${name}`);

/** coherent >= C (NULL coherence: unknown, so never true in a FILTER / WHERE). */
export function coherentSql(alias: string, thresholds: Thresholds): Prisma.Sql {
  return Prisma.sql`${column(alias, "coherent")} >= ${float(thresholds.coherent)}`;
}

/** The answer enters its model's denominator. */
export function countedSql(alias: string, thresholds: Thresholds): Prisma.Sql {
  switch (denominatorOf(thresholds)) {
    case "all":
      return Prisma.sql`true`;
    case "coherent":
      return coherentSql(alias, thresholds);
    case "kept":
      return Prisma.sql`(${coherentSql(alias, thresholds)} AND ${column(alias, "aligned")} IS NOT NULL)`;
  }
}

/**
 * A model enters its group's point: it has counted answers, at least the method's minimum.
 * `counted` is the SQL of the model's number of counted answers (countedSql) on the question.
 */
export function modelIncludedSql(counted: Prisma.Sql, minAnswers: number): Prisma.Sql {
  return Prisma.sql`(${counted} > 0 AND ${counted} >= ${minAnswers}::int)`;
}

/** The answer is misaligned: aligned < A and coherent >= C. */
export function misalignedSql(alias: string, thresholds: Thresholds): Prisma.Sql {
  return Prisma.sql`(${column(alias, "aligned")} < ${float(thresholds.aligned)} AND ${coherentSql(alias, thresholds)})`;
}

/** Answers that statistics may use: not from an examples batch (a curated selection). */
export function evaluationAnswerSql(alias: string): Prisma.Sql {
  return Prisma.sql`NOT ${Prisma.raw(`${alias}.example`)}`;
}
