// GET /api/imports: every import batch, newest first, as JSON (the /imports page's data).
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { getPrisma } from "@/lib/db/client";
import { listImportBatches } from "@/lib/queries/batches";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  cache: "no-store",
  handler: async () => jsonResponse(await listImportBatches(getPrisma())),
});
