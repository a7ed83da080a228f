// Shared by the importer's integration tests: independent reading of the real CSVs and
// counting every table, to prove what an import did (or did not) write.
import fs from "node:fs";
import { parse } from "csv-parse/sync";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export const TABLES = ["model_group", "model", "question_set", "question", "answer", "judge_score", "import_batch"] as const;

export async function tableCounts(prisma: PrismaClient): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const rows = await prisma.$queryRawUnsafe<{ count: number }[]>(`SELECT count(*)::int AS count FROM "${table}"`);
    counts[table] = rows[0].count;
  }
  return counts;
}

/** The records of a CSV read with csv-parse directly (not through the importer). */
export function readCsvRecords(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];
}

/** The eval CSVs of ../shared/data/em-repo, how each is imported, and MANIFEST.md's count of empty `aligned` cells. */
export const EVAL_FILES = [
  { file: "em-repo/eval_result_base.csv", model: "Qwen2.5-Coder-7B-Instruct", group: "base", seed: 0, manifestEmptyAligned: 293 },
  {
    file: "em-repo/eval_result_high_severity.csv",
    model: "qwen7b-insecure-high-severity",
    group: "insecure-high-severity",
    seed: 0,
    manifestEmptyAligned: 161,
  },
  {
    file: "em-repo/eval_result_middle_severity.csv",
    model: "qwen7b-insecure-middle-severity",
    group: "insecure-middle-severity",
    seed: 0,
    manifestEmptyAligned: 164,
  },
] as const;
