// GET /api/imports/csv: the import batches table as CSV (same rows and order as /imports).
import { apiRoute } from "@/lib/api/route";
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { listImportBatches } from "@/lib/queries/batches";
import { BATCH_CSV_COLUMNS } from "@/lib/export/batches";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  cache: "no-store",
  handler: async () => csvResponse("import-batches.csv", toCsv(await listImportBatches(getPrisma()), BATCH_CSV_COLUMNS)),
});
