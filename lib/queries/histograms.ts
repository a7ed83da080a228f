// SQL twin of lib/stats/histogram.ts binIndex: the bin of a score column, NULL when the score is
// missing (PostgreSQL's least/greatest ignore NULLs, so the CASE keeps a missing score missing).
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { binCount } from "@/lib/stats/histogram";

export type ScoreColumn = "aligned" | "coherent";

/** `a.<column>`'s bin for the given width; the width is an integer that divides 100. */
export function scoreBinSql(column: ScoreColumn, width: number): Prisma.Sql {
  const last = binCount(width) - 1;
  const ref = Prisma.raw(`a.${column === "aligned" ? "aligned" : "coherent"}`);
  return Prisma.sql`CASE WHEN ${ref} IS NULL THEN NULL
                         ELSE least(greatest(floor(${ref} / ${width}::int)::int, 0), ${last}::int) END`;
}
