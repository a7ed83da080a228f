// Shared by the importer's integration tests: independent reading of the real CSVs and
// counting every table, to prove what an import did (or did not) write; uploading a file to
// POST /api/import as the browser does.
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import { importErrorBodySchema, importResponseSchema } from "@/lib/api/contracts";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ImportResponse } from "@/lib/import/responses";
import { contractBody } from "../helpers/routes";

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

/**
 * POST /api/import as the browser sends it (the route handler called in process): the file streamed
 * as the raw body, the options as query parameters (fileName: the file's own name unless given).
 * The answer is parsed with its contracts: the report at 200, the import's error body otherwise.
 */
export async function uploadFile(
  file: string,
  params: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; body: ImportResponse }> {
  const { POST } = await import("@/app/api/import/route");
  const query = new URLSearchParams({ fileName: path.basename(file), ...params });
  const request = new Request(`http://localhost/api/import?${query.toString()}`, {
    method: "POST",
    headers: { "Content-Type": "application/octet-stream", ...headers },
    body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>,
    duplex: "half",
  } as RequestInit);
  return contractBody(await POST(request), importResponseSchema, importErrorBodySchema);
}
