// GET /api/imports/csv: the import batches table as CSV (same rows and order as /imports).
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { listImportBatches } from "@/lib/queries/batches";
import { BATCH_CSV_COLUMNS } from "@/lib/export/batches";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const batches = await listImportBatches(getPrisma());
  return csvResponse("import-batches.csv", toCsv(batches, BATCH_CSV_COLUMNS));
}
